"""Case meetings (LSO): the meeting, the clients discussed (only those one may see, of the
meeting's municipality), and decisions that become actions or an escalation, atomically."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.cases.models import (
    Action,
    ActionStatus,
    ClientStatus,
    EscalationLevel,
    EscalationStatus,
)
from lvv.cases.services.meetings import (
    meeting_create,
    meeting_decision_record,
    meeting_discussion_add,
)

from .trajectory_factories import CaseDiscussionFactory, CaseMeetingFactory, EscalationFactory
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


def test_a_coordinator_records_a_meeting_with_its_attendees(world):
    meeting = meeting_create(
        actor=world.actor("coordinator"),
        municipality=world.utrecht,
        held_on=D(2024, 2, 1),
        attendees=[world.ngo, world.dtv, world.ind],
    )
    assert set(meeting.attendees.all()) == {world.ngo, world.dtv, world.ind, world.utrecht_org}
    event = audit_events(object_id=str(meeting.uuid)).get()
    assert set(event.changed_fields) == {"municipality", "held_on", "attendees"}


def test_a_caseworker_records_a_meeting_where_their_organisation_works(world):
    meeting = meeting_create(
        actor=world.actor("caseworker"), municipality=world.utrecht, held_on=D(2024, 2, 1)
    )
    assert list(meeting.attendees.all()) == [world.ngo]


@pytest.mark.parametrize(
    ("who", "municipality", "attendees", "field"),
    [
        ("coordinator", "amsterdam", [], "municipality"),
        ("caseworker", "amsterdam", [], "municipality"),
        ("coordinator", "utrecht", ["ministry"], "attendees"),
    ],
)
def test_a_meeting_refuses_bad_input(world, snapshot, who, municipality, attendees, field):
    _refused(
        lambda: meeting_create(
            actor=world.actor(who),
            municipality=getattr(world, municipality),
            held_on=D(2024, 2, 1),
            attendees=[getattr(world, name) for name in attendees],
        ),
        snapshot,
        field,
    )


@pytest.mark.parametrize("who", ["chain_partner", "programme_manager", "auditor"])
def test_only_file_keepers_record_meetings(world, snapshot, who):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        meeting_create(actor=world.actor(who), municipality=world.utrecht, held_on=D(2024, 2, 1))
    before.assert_unchanged()


def _meeting(world, **kwargs):
    kwargs.setdefault("attendees", [world.utrecht_org, world.ngo, world.dtv])
    return CaseMeetingFactory(municipality=world.utrecht, held_on=D(2024, 2, 1), **kwargs)


def test_adding_a_client_discussed(world):
    meeting = _meeting(world)
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    discussion = meeting_discussion_add(
        actor=world.actor("caseworker"), meeting=meeting, client=client, summary="Voortgang"
    )
    assert (discussion.meeting, discussion.client, discussion.summary) == (
        meeting,
        client,
        "Voortgang",
    )
    assert audit_events(object_id=str(discussion.uuid)).get().subject_id == client.uuid


@pytest.mark.parametrize("case", ["other_ngo", "other_municipality", "twice"])
def test_only_visible_clients_of_the_meetings_municipality_once(world, snapshot, case):
    meeting = _meeting(world)
    if case == "other_ngo":
        client = world.client(partner=world.other_ngo)
    elif case == "other_municipality":
        # Visible to the caseworker (their organisation keeps the file) but of Amsterdam.
        client = world.client(municipality=world.amsterdam)
    else:
        client = world.client()
        CaseDiscussionFactory(meeting=meeting, client=client)
    _refused(
        lambda: meeting_discussion_add(
            actor=world.actor("caseworker"), meeting=meeting, client=client
        ),
        snapshot,
        "client",
    )


def test_a_meeting_outside_ones_scope_cannot_be_written(world, snapshot):
    meeting = CaseMeetingFactory(municipality=world.amsterdam, attendees=[world.amsterdam_org])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        meeting_discussion_add(
            actor=world.actor("coordinator"), meeting=meeting, client=world.client()
        )
    before.assert_unchanged()


def test_a_decision_becomes_actions_with_owners_and_deadlines(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    discussion = CaseDiscussionFactory(meeting=_meeting(world), client=client)
    decision = meeting_decision_record(
        actor=world.actor("coordinator"),
        discussion=discussion,
        text="DT&V vraagt reisdocumenten aan; de NGO bespreekt terugkeer.",
        actions=[
            {
                "description": "Reisdocumenten aanvragen",
                "owner": world.dtv,
                "due_on": D(2024, 3, 1),
            },
            {"description": "Terugkeergesprek", "owner": world.ngo, "due_on": D(2024, 2, 15)},
        ],
    )
    actions = list(Action.objects.filter(decision=decision).order_by("due_on"))
    assert [(a.owner, a.due_on, a.status, a.client) for a in actions] == [
        (world.ngo, D(2024, 2, 15), ActionStatus.OPEN, client),
        (world.dtv, D(2024, 3, 1), ActionStatus.OPEN, client),
    ]
    assert audit_events(subject_id=client.uuid, action="create").count() == 3


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"description": "", "owner": "dtv", "due_on": D(2024, 3, 1)}, "actions.1.description"),
        ({"description": "Iets", "owner": "ministry", "due_on": D(2024, 3, 1)}, "actions.1.owner"),
        ({"description": "Iets", "owner": "dtv", "due_on": D(2024, 1, 1)}, "actions.1.due_on"),
    ],
)
def test_one_bad_action_and_nothing_of_the_decision_is_written(world, snapshot, item, field):
    discussion = CaseDiscussionFactory(
        meeting=_meeting(world), client=world.client(status=ClientStatus.IN_TRAJECTORY)
    )
    good = {"description": "Gesprek", "owner": world.ngo, "due_on": D(2024, 3, 1)}
    bad = {**item, "owner": getattr(world, item["owner"])}
    _refused(
        lambda: meeting_decision_record(
            actor=world.actor("caseworker"),
            discussion=discussion,
            text="Besluit",
            actions=[good, bad],
        ),
        snapshot,
        field,
    )


def test_a_decision_needs_its_text(world, snapshot):
    discussion = CaseDiscussionFactory(meeting=_meeting(world), client=world.client())
    _refused(
        lambda: meeting_decision_record(
            actor=world.actor("caseworker"), discussion=discussion, text=" "
        ),
        snapshot,
        "text",
    )


def test_a_meeting_escalates_a_case_and_later_escalates_it_further(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    discussion = CaseDiscussionFactory(meeting=_meeting(world), client=client)
    meeting_decision_record(
        actor=world.actor("coordinator"),
        discussion=discussion,
        text="Zaak zit vast: naar de stuurgroep",
        escalate=True,
    )
    escalation = client.escalations.get()
    assert (escalation.level, escalation.raised_on, escalation.status) == (
        EscalationLevel.STEERING_GROUP,
        D(2024, 2, 1),
        EscalationStatus.OPEN,
    )
    later = CaseMeetingFactory(
        municipality=world.utrecht, held_on=D(2024, 4, 1), attendees=[world.utrecht_org]
    )
    meeting_decision_record(
        actor=world.actor("coordinator"),
        discussion=CaseDiscussionFactory(meeting=later, client=client),
        text="Nog steeds vast: naar de programmaraad",
        escalate=True,
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ESCALATED
    assert client.escalations.get(status=EscalationStatus.OPEN).level == (
        EscalationLevel.PROGRAMME_COUNCIL
    )


def test_escalation_at_the_top_is_refused_and_nothing_is_written(world, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    EscalationFactory(client=client, level=EscalationLevel.ADMINISTRATIVE, raised_on=D(2024, 1, 1))
    discussion = CaseDiscussionFactory(meeting=_meeting(world), client=client)
    _refused(
        lambda: meeting_decision_record(
            actor=world.actor("coordinator"),
            discussion=discussion,
            text="Hoger kan niet",
            escalate=True,
        ),
        snapshot,
        "escalate",
    )
