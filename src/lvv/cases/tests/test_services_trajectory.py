"""The trajectory: scenario (through the workflow), trajectory start, actions, procedures and
escalations, each refusing bad input with the field named and nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.audit.models import AuditAction
from lvv.cases.models import (
    ActionStatus,
    ClientStatus,
    EscalationLevel,
    EscalationStatus,
    GuidanceScenario,
    ProcedureKind,
    ScenarioKind,
    StatusChange,
    Trajectory,
)
from lvv.cases.services.trajectory import (
    action_cancel,
    action_complete,
    action_create,
    escalation_escalate,
    escalation_raise,
    escalation_resolve,
    procedure_end,
    procedure_start,
    scenario_agree,
    trajectory_start,
)

from .trajectory_factories import (
    ActionFactory,
    CaseDiscussionFactory,
    CaseMeetingFactory,
    EscalationFactory,
    ProcedureFactory,
    ScenarioFactory,
    TrajectoryFactory,
)
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)
from .trajectory_fixtures import audit_events

D = datetime.date


def _refused(call, snapshot, *fields):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        call()
    for field in fields:
        assert field in caught.value.message_dict, caught.value.message_dict
    before.assert_unchanged()
    return caught.value.message_dict


# --- scenario ---------------------------------------------------------------------------------


def test_agreeing_a_scenario_moves_a_client_out_of_the_rest_period(world):
    client = world.client(status=ClientStatus.REST_PERIOD)
    scenario = scenario_agree(
        actor=world.actor("caseworker"),
        client=client,
        kind=ScenarioKind.RETURN,
        agreed_on=D(2024, 2, 1),
        note="Terugkeer met IOM",
    )
    client.refresh_from_db()
    assert (client.status, client.status_since) == (ClientStatus.SCENARIO_AGREED, D(2024, 2, 1))
    assert scenario.kind == ScenarioKind.RETURN
    change = StatusChange.objects.get(client=client)
    assert (change.from_status, change.to_status) == (
        ClientStatus.REST_PERIOD,
        ClientStatus.SCENARIO_AGREED,
    )
    assert audit_events(object_id=str(scenario.uuid)).get().subject_id == client.uuid


def test_a_scenario_is_revised_without_a_status_change_during_the_trajectory(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY, status_since=D(2024, 3, 1))
    ScenarioFactory(client=client, agreed_on=D(2024, 2, 1))
    scenario_agree(
        actor=world.actor("coordinator"),
        client=client,
        kind=ScenarioKind.LEGAL_RESIDENCE,
        agreed_on=D(2024, 5, 1),
    )
    client.refresh_from_db()
    assert client.status == ClientStatus.IN_TRAJECTORY
    assert not StatusChange.objects.filter(client=client).exists()
    assert client.scenarios.order_by("-agreed_on").first().kind == ScenarioKind.LEGAL_RESIDENCE


@pytest.mark.parametrize(
    ("status", "kwargs", "field"),
    [
        (ClientStatus.INTAKE, {}, "client"),
        (ClientStatus.DOSSIER_REQUESTED, {}, "client"),
        (ClientStatus.OUTFLOW, {}, "client"),
        (ClientStatus.REST_PERIOD, {"kind": "world_peace"}, "kind"),
        (ClientStatus.REST_PERIOD, {"agreed_on": D(2023, 12, 31)}, "agreed_on"),
        (ClientStatus.REST_PERIOD, {"agreed_on": D(2999, 1, 1)}, "agreed_on"),
    ],
)
def test_agreeing_a_scenario_refuses_bad_input(world, snapshot, status, kwargs, field):
    client = world.client(status=status)
    arguments = {"kind": ScenarioKind.RETURN, "agreed_on": D(2024, 2, 1), **kwargs}
    _refused(
        lambda: scenario_agree(actor=world.actor("caseworker"), client=client, **arguments),
        snapshot,
        field,
    )
    client.refresh_from_db()
    assert client.status == status


def test_a_revised_scenario_cannot_be_older_than_the_current_one(world, snapshot):
    client = world.client(status=ClientStatus.SCENARIO_AGREED)
    ScenarioFactory(client=client, agreed_on=D(2024, 3, 1))
    _refused(
        lambda: scenario_agree(
            actor=world.actor("caseworker"),
            client=client,
            kind=ScenarioKind.RETURN,
            agreed_on=D(2024, 2, 1),
        ),
        snapshot,
        "agreed_on",
    )


def test_a_scenario_agreed_in_a_meeting_needs_the_client_discussed_there(world, snapshot):
    client = world.client(status=ClientStatus.REST_PERIOD)
    meeting = CaseMeetingFactory(municipality=world.utrecht, held_on=D(2024, 2, 1))
    _refused(
        lambda: scenario_agree(
            actor=world.actor("caseworker"),
            client=client,
            kind=ScenarioKind.RETURN,
            agreed_on=D(2024, 2, 1),
            meeting=meeting,
        ),
        snapshot,
        "meeting",
    )
    CaseDiscussionFactory(meeting=meeting, client=client)
    scenario = scenario_agree(
        actor=world.actor("caseworker"),
        client=client,
        kind=ScenarioKind.RETURN,
        agreed_on=D(2024, 2, 1),
        meeting=meeting,
    )
    assert scenario.meeting == meeting


def test_a_chain_partner_cannot_agree_a_scenario(world, snapshot):
    client = world.client(status=ClientStatus.REST_PERIOD)
    world.share(client)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        scenario_agree(
            actor=world.actor("chain_partner"),
            client=client,
            kind=ScenarioKind.RETURN,
            agreed_on=D(2024, 2, 1),
        )
    before.assert_unchanged()


# --- trajectory -------------------------------------------------------------------------------


def test_starting_the_trajectory(world):
    client = world.client(status=ClientStatus.SCENARIO_AGREED, status_since=D(2024, 2, 1))
    trajectory = trajectory_start(actor=world.actor("caseworker"), client=client, on=D(2024, 2, 15))
    client.refresh_from_db()
    assert client.status == ClientStatus.IN_TRAJECTORY
    assert (trajectory.start, trajectory.end) == (D(2024, 2, 15), None)
    assert audit_events(object_id=str(trajectory.uuid)).get().action == AuditAction.CREATE


@pytest.mark.parametrize(
    ("status", "on", "field"),
    [
        (ClientStatus.REST_PERIOD, D(2024, 2, 15), "client"),
        (ClientStatus.IN_TRAJECTORY, D(2024, 2, 15), "client"),
        (ClientStatus.SCENARIO_AGREED, D(2024, 1, 31), "on"),
        (ClientStatus.SCENARIO_AGREED, D(2999, 1, 1), "on"),
    ],
)
def test_starting_the_trajectory_refuses_bad_input(world, snapshot, status, on, field):
    client = world.client(status=status, status_since=D(2024, 2, 1))
    _refused(
        lambda: trajectory_start(actor=world.actor("caseworker"), client=client, on=on),
        snapshot,
        field,
    )


def test_a_second_open_trajectory_is_refused(world, snapshot):
    client = world.client(status=ClientStatus.SCENARIO_AGREED)
    TrajectoryFactory(client=client, start=D(2023, 1, 1))
    _refused(
        lambda: trajectory_start(actor=world.actor("caseworker"), client=client, on=D(2024, 2, 1)),
        snapshot,
        "client",
    )
    assert Trajectory.objects.filter(client=client).count() == 1


# --- actions ----------------------------------------------------------------------------------


def test_an_action_has_an_owner_organisation_a_due_date_and_a_status(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    action = action_create(
        actor=world.actor("caseworker"),
        client=client,
        description="Reisdocumenten aanvragen",
        owner=world.dtv,
        due_on=D(2024, 6, 1),
    )
    assert (action.owner, action.due_on, action.status) == (world.dtv, D(2024, 6, 1), "open")
    event = audit_events(object_id=str(action.uuid)).get()
    assert event.subject_id == client.uuid


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"description": "  "}, "description"),
        ({"owner": "ministry"}, "owner"),
        ({"owner": "amsterdam_org"}, "owner"),
        ({"due_on": None}, "due_on"),
    ],
)
def test_an_action_refuses_bad_input(world, snapshot, kwargs, field):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    arguments = {"description": "Gesprek", "owner": world.dtv, "due_on": D(2024, 6, 1)}
    arguments.update(kwargs)
    if isinstance(arguments["owner"], str):
        arguments["owner"] = getattr(world, arguments["owner"])
    _refused(
        lambda: action_create(actor=world.actor("caseworker"), client=client, **arguments),
        snapshot,
        field,
    )


def test_an_action_for_a_client_not_in_the_lvv_is_refused(world, snapshot):
    client = world.client(status=ClientStatus.OUTFLOW)
    _refused(
        lambda: action_create(
            actor=world.actor("caseworker"),
            client=client,
            description="Gesprek",
            owner=world.ngo,
            due_on=D(2024, 6, 1),
        ),
        snapshot,
        "client",
    )


def test_completing_and_cancelling_actions(world, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    first = ActionFactory(client=client, owner=world.ngo)
    second = ActionFactory(client=client, owner=world.ngo)
    action_complete(actor=world.actor("caseworker"), action=first, completed_on=D(2024, 5, 1))
    action_cancel(actor=world.actor("coordinator"), action=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.completed_on) == (ActionStatus.DONE, D(2024, 5, 1))
    assert (second.status, second.completed_on) == (ActionStatus.CANCELLED, None)
    # Neither can change again.
    _refused(
        lambda: action_complete(
            actor=world.actor("caseworker"), action=second, completed_on=D(2024, 5, 2)
        ),
        snapshot,
        "status",
    )
    _refused(
        lambda: action_cancel(actor=world.actor("caseworker"), action=first), snapshot, "status"
    )


def test_a_chain_partner_completes_an_action_its_organisation_owns(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(client)
    action = ActionFactory(client=client, owner=world.dtv)
    action_complete(actor=world.actor("chain_partner"), action=action, completed_on=D(2024, 5, 1))
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    event = audit_events(object_id=str(action.uuid)).get()
    assert event.organisation_id == world.dtv.uuid


@pytest.mark.parametrize("case", ["owned_by_other", "not_shared", "cancel"])
def test_a_chain_partner_may_not_touch_other_actions(world, snapshot, case):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    if case != "not_shared":
        world.share(client)
    action = ActionFactory(
        client=client, owner=world.ngo if case == "owned_by_other" else world.dtv
    )
    before = snapshot()
    with pytest.raises(PermissionDenied):
        if case == "cancel":
            action_cancel(actor=world.actor("chain_partner"), action=action)
        else:
            action_complete(
                actor=world.actor("chain_partner"), action=action, completed_on=D(2024, 5, 1)
            )
    before.assert_unchanged()


def test_a_caseworker_of_another_organisation_cannot_complete(world, snapshot):
    action = ActionFactory(client=world.client(status=ClientStatus.IN_TRAJECTORY))
    before = snapshot()
    with pytest.raises(PermissionDenied):
        action_complete(
            actor=world.actor("other_caseworker"), action=action, completed_on=D(2024, 5, 1)
        )
    before.assert_unchanged()


# --- procedures -------------------------------------------------------------------------------


def test_a_procedure_is_started_and_ended_with_its_outcome(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    procedure = procedure_start(
        actor=world.actor("caseworker"),
        client=client,
        kind=ProcedureKind.MEDICAL_POSTPONEMENT,
        started_on=D(2024, 3, 1),
    )
    procedure_end(
        actor=world.actor("caseworker"),
        procedure=procedure,
        ended_on=D(2024, 6, 1),
        outcome="Uitstel verleend",
    )
    procedure.refresh_from_db()
    assert (procedure.kind, procedure.started_on, procedure.ended_on, procedure.outcome) == (
        ProcedureKind.MEDICAL_POSTPONEMENT,
        D(2024, 3, 1),
        D(2024, 6, 1),
        "Uitstel verleend",
    )
    assert [e.action for e in audit_events(object_id=str(procedure.uuid))] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]


def test_a_procedure_refuses_bad_input(world, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    ProcedureFactory(client=client, kind=ProcedureKind.REPEAT_ASYLUM, started_on=D(2024, 2, 1))
    actor = world.actor("caseworker")
    _refused(
        lambda: procedure_start(
            actor=actor, client=client, kind=ProcedureKind.REPEAT_ASYLUM, started_on=D(2024, 3, 1)
        ),
        snapshot,
        "kind",
    )
    _refused(
        lambda: procedure_start(actor=actor, client=client, kind="magic", started_on=D(2024, 3, 1)),
        snapshot,
        "kind",
    )
    running = client.procedures.get()
    _refused(
        lambda: procedure_end(
            actor=actor, procedure=running, ended_on=D(2024, 1, 1), outcome="Afgewezen"
        ),
        snapshot,
        "ended_on",
    )
    _refused(
        lambda: procedure_end(actor=actor, procedure=running, ended_on=D(2024, 5, 1), outcome=""),
        snapshot,
        "outcome",
    )


# --- escalations ------------------------------------------------------------------------------


def test_escalations_go_up_one_level_at_a_time_and_keep_their_status(world, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    actor = world.actor("coordinator")
    first = escalation_raise(
        actor=actor, client=client, reason="Geen voortgang", raised_on=D(2024, 3, 1)
    )
    assert (first.level, first.status) == (EscalationLevel.STEERING_GROUP, EscalationStatus.OPEN)
    second = escalation_escalate(actor=actor, escalation=first, on=D(2024, 4, 1), reason="Nog niet")
    third = escalation_escalate(actor=actor, escalation=second, on=D(2024, 5, 1), reason="Vast")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.closed_on) == (EscalationStatus.ESCALATED, D(2024, 4, 1))
    assert second.level == EscalationLevel.PROGRAMME_COUNCIL
    assert second.status == EscalationStatus.ESCALATED
    assert (third.level, third.status) == (EscalationLevel.ADMINISTRATIVE, EscalationStatus.OPEN)
    _refused(
        lambda: escalation_escalate(actor=actor, escalation=third, on=D(2024, 6, 1), reason="x"),
        snapshot,
        "level",
    )
    escalation_resolve(actor=actor, escalation=third, on=D(2024, 6, 1), outcome="Vergunning")
    third.refresh_from_db()
    assert (third.status, third.outcome) == (EscalationStatus.RESOLVED, "Vergunning")
    _refused(
        lambda: escalation_resolve(actor=actor, escalation=third, on=D(2024, 7, 1), outcome="x"),
        snapshot,
        "status",
    )


def test_raising_while_an_escalation_is_open_is_refused(world, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    EscalationFactory(client=client)
    _refused(
        lambda: escalation_raise(
            actor=world.actor("caseworker"),
            client=client,
            reason="Opnieuw",
            raised_on=D(2024, 4, 1),
        ),
        snapshot,
        "client",
    )


@pytest.mark.parametrize(
    ("on", "text", "field"),
    [(D(2024, 2, 1), "Opgelost", "on"), (D(2024, 4, 1), " ", "outcome")],
)
def test_resolving_refuses_bad_input(world, snapshot, on, text, field):
    escalation = EscalationFactory(client=world.client(status=ClientStatus.IN_TRAJECTORY))
    _refused(
        lambda: escalation_resolve(
            actor=world.actor("caseworker"), escalation=escalation, on=on, outcome=text
        ),
        snapshot,
        field,
    )


def test_scenarios_are_kept_apart_from_outcomes(world):
    # A scenario is a plan: agreeing one records no outflow and leaves the client in the LVV.
    client = world.client(status=ClientStatus.REST_PERIOD)
    scenario_agree(
        actor=world.actor("caseworker"),
        client=client,
        kind=ScenarioKind.RETURN,
        agreed_on=D(2024, 2, 1),
    )
    assert not client.outflows.exists()
    assert GuidanceScenario.objects.filter(client=client).count() == 1
