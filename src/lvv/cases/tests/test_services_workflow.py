"""The workflow: one service, one table of allowed transitions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import ALLOWED_TRANSITIONS, ClientStatus, StatusChange
from lvv.cases.services.workflow import (
    client_transition,
    client_transition_by_hand,
    statuses_by_hand,
)

from .factories import ClientFactory

pytestmark = pytest.mark.django_db
S = ClientStatus
D = datetime.date


def _client(world, status, since=D(2024, 1, 1)):
    return ClientFactory(
        municipality=world.utrecht, partner=world.ngo_a, status=status, status_since=since
    )


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (current, target)
        for current, targets in ALLOWED_TRANSITIONS.items()
        for target in sorted(targets)
    ],
)
def test_every_allowed_transition_is_recorded_and_audited(world, current, target):
    client = _client(world, current)
    result = client_transition(
        actor=world.actor("caseworker_a"), client=client, to_status=target, on=D(2024, 2, 1)
    )
    client.refresh_from_db()
    assert (client.status, client.status_since) == (target, D(2024, 2, 1))
    assert result.status == target
    change = StatusChange.objects.get(client=client)
    assert (change.from_status, change.to_status, change.changed_by) == (
        current,
        target,
        world.caseworker_a.user,
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(client.uuid))
    assert event.changed_fields == ["status", "status_since"]
    assert event.subject_id == client.uuid


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (current, target)
        for current in S.values
        for target in S.values
        if target not in ALLOWED_TRANSITIONS[current]
    ],
)
def test_a_transition_not_in_the_table_is_refused_naming_the_allowed_ones(
    world, assert_refused, current, target
):
    client = _client(world, current)
    messages = assert_refused(
        lambda: client_transition(
            actor=world.actor("caseworker_a"), client=client, to_status=target
        ),
        "to_status",
    )
    for allowed in ALLOWED_TRANSITIONS[current]:
        assert allowed in messages[0]


def test_an_unknown_status_is_refused_at_to_status(world, assert_refused):
    client = _client(world, S.REST_PERIOD)
    messages = assert_refused(
        lambda: client_transition(
            actor=world.actor("caseworker_a"), client=client, to_status="done"
        ),
        "to_status",
    )
    assert S.SCENARIO_AGREED in messages[0]


@pytest.mark.parametrize("on", [D(2023, 12, 31), D(2999, 1, 1)], ids=["before-since", "future"])
def test_the_date_of_a_transition_is_checked(world, assert_refused, on):
    client = _client(world, S.DOSSIER_REQUESTED)
    assert_refused(
        lambda: client_transition(
            actor=world.actor("caseworker_a"), client=client, to_status=S.REST_PERIOD, on=on
        ),
        "on",
    )


def test_a_transition_defaults_to_today(world):
    client = _client(world, S.DOSSIER_REQUESTED)
    client_transition(actor=world.actor("coordinator_a"), client=client, to_status=S.REST_PERIOD)
    client.refresh_from_db()
    assert client.status_since == timezone.localdate()


@pytest.mark.parametrize("role", ["chain_dtv", "caseworker_b", "coordinator_b", "auditor"])
def test_only_keepers_of_the_file_change_the_status(world, snapshot, role):
    client = _client(world, S.DOSSIER_REQUESTED)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_transition(actor=world.actor(role), client=client, to_status=S.REST_PERIOD)
    before.assert_unchanged()


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.INTAKE, S.DOSSIER_REQUESTED),
        (S.INTAKE, S.REFUSED),
        (S.IN_TRAJECTORY, S.OUTFLOW),
        (S.REST_PERIOD, S.OUTFLOW),
        (S.REFUSED, S.INTAKE),
        (S.OUTFLOW, S.INTAKE),
    ],
)
def test_steps_with_their_own_form_are_refused_by_hand(world, assert_refused, current, target):
    client = _client(world, current)
    assert_refused(
        lambda: client_transition_by_hand(
            actor=world.actor("caseworker_a"), client=client, to_status=target
        ),
        "to_status",
    )


def test_by_hand_sets_the_plain_steps(world):
    client = _client(world, S.DOSSIER_REQUESTED)
    assert statuses_by_hand(client) == [S.REST_PERIOD]
    client_transition_by_hand(
        actor=world.actor("caseworker_a"), client=client, to_status=S.REST_PERIOD
    )
    client.refresh_from_db()
    assert client.status == S.REST_PERIOD


@pytest.mark.parametrize(
    ("current", "target", "form"),
    [
        (S.REST_PERIOD, S.SCENARIO_AGREED, "scenario"),
        (S.SCENARIO_AGREED, S.IN_TRAJECTORY, "traject"),
    ],
)
def test_a_scenario_and_a_trajectory_need_their_own_record(
    world, assert_refused, current, target, form
):
    client = _client(world, current)
    assert statuses_by_hand(client) == []
    messages = assert_refused(
        lambda: client_transition_by_hand(
            actor=world.actor("caseworker_a"), client=client, to_status=target
        ),
        "to_status",
    )
    assert form in messages[0].lower()


def test_by_hand_still_names_the_allowed_ones_for_a_step_not_in_the_table(world, assert_refused):
    client = _client(world, S.DOSSIER_REQUESTED)
    messages = assert_refused(
        lambda: client_transition_by_hand(
            actor=world.actor("caseworker_a"), client=client, to_status=S.IN_TRAJECTORY
        ),
        "to_status",
    )
    assert S.REST_PERIOD in messages[0]
