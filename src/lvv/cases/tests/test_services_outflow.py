"""Outflow: one transaction closes the placement and the trajectory, cancels open actions and
moves the client to `outflow`; the group comes from the reason's reference data."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from lvv.audit.models import AuditAction
from lvv.cases.models import (
    ActionStatus,
    ClientStatus,
    OutflowGroup,
    OutflowReason,
    PlacementEndReason,
    StatusChange,
)
from lvv.cases.services.outflow import outflow_record

from .trajectory_factories import ActionFactory, PlacementFactory, TrajectoryFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)
from .trajectory_fixtures import audit_events

D = datetime.date


def _in_trajectory(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY, status_since=D(2024, 2, 1))
    placement = PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 10))
    trajectory = TrajectoryFactory(client=client, start=D(2024, 2, 1))
    return client, placement, trajectory


def test_an_outflow_closes_placement_and_trajectory_in_one_go(world):
    client, placement, trajectory = _in_trajectory(world)
    open_action = ActionFactory(client=client)
    done_action = ActionFactory(client=client, status=ActionStatus.DONE, completed_on=D(2024, 3, 1))
    reason = OutflowReason.objects.get(code="return_iom")
    outflow = outflow_record(
        actor=world.actor("caseworker"),
        client=client,
        left_on=D(2024, 5, 1),
        reason=reason,
        note="Vertrokken naar Ghana",
    )
    for row in (client, placement, trajectory, open_action, done_action):
        row.refresh_from_db()
    assert (placement.end, placement.end_reason) == (D(2024, 5, 1), PlacementEndReason.OUTFLOW)
    assert trajectory.end == D(2024, 5, 1)
    assert (client.status, client.status_since) == (ClientStatus.OUTFLOW, D(2024, 5, 1))
    assert open_action.status == ActionStatus.CANCELLED
    assert done_action.status == ActionStatus.DONE
    assert (outflow.left_on, outflow.reason, outflow.municipality) == (
        D(2024, 5, 1),
        reason,
        world.utrecht,
    )
    assert StatusChange.objects.get(client=client).to_status == ClientStatus.OUTFLOW
    written = {e.object_type for e in audit_events(subject_id=client.uuid)}
    assert written == {
        "cases.placement",
        "cases.trajectory",
        "cases.action",
        "cases.client",
        "cases.outflow",
    }
    assert audit_events(object_id=str(outflow.uuid)).get().action == AuditAction.CREATE


def test_an_admitted_client_without_placement_or_trajectory_can_leave(world):
    client = world.client(status=ClientStatus.REST_PERIOD)
    outflow = outflow_record(
        actor=world.actor("coordinator"),
        client=client,
        left_on=D(2024, 2, 1),
        reason=OutflowReason.objects.get(code="left_unknown"),
    )
    client.refresh_from_db()
    assert client.status == ClientStatus.OUTFLOW
    assert outflow.reason.group == OutflowGroup.NONE


def test_the_group_is_derived_from_the_reason_not_stored(world):
    client, _, _ = _in_trajectory(world)
    reason = OutflowReason.objects.get(code="medical_postponement")
    outflow = outflow_record(
        actor=world.actor("caseworker"), client=client, left_on=D(2024, 5, 1), reason=reason
    )
    assert outflow.reason.group == OutflowGroup.SEMI_DURABLE
    assert "group" not in {field.name for field in type(outflow)._meta.get_fields()}
    OutflowReason.objects.filter(pk=reason.pk).update(group=OutflowGroup.DURABLE)
    outflow.refresh_from_db()
    assert outflow.reason.group == OutflowGroup.DURABLE


@pytest.mark.parametrize(
    ("left_on", "reason", "field"),
    [
        (D(2024, 1, 10), "return_iom", "left_on"),  # the day of placement: nothing in between
        (D(2024, 1, 31), "return_iom", "left_on"),  # before the trajectory started
        (D(2999, 1, 1), "return_iom", "left_on"),
        (None, "return_iom", "left_on"),
        (D(2024, 5, 1), "inactive", "reason"),
        (D(2024, 5, 1), None, "reason"),
    ],
)
def test_an_outflow_refuses_bad_input_and_changes_nothing(world, snapshot, left_on, reason, field):
    client, placement, trajectory = _in_trajectory(world)
    if reason == "inactive":
        OutflowReason.objects.filter(code="other").update(is_active=False)
        reason = "other"
    reason_row = OutflowReason.objects.get(code=reason) if reason else None
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        outflow_record(
            actor=world.actor("caseworker"), client=client, left_on=left_on, reason=reason_row
        )
    assert field in caught.value.message_dict
    before.assert_unchanged()
    placement.refresh_from_db()
    trajectory.refresh_from_db()
    client.refresh_from_db()
    assert (placement.end, trajectory.end, client.status) == (
        None,
        None,
        ClientStatus.IN_TRAJECTORY,
    )


@pytest.mark.parametrize(
    "status", [ClientStatus.INTAKE, ClientStatus.OUTFLOW, ClientStatus.REFUSED]
)
def test_only_a_client_in_the_lvv_can_leave_it(world, snapshot, status):
    client = world.client(status=status)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        outflow_record(
            actor=world.actor("caseworker"),
            client=client,
            left_on=D(2024, 5, 1),
            reason=OutflowReason.objects.get(code="other"),
        )
    assert "client" in caught.value.message_dict
    before.assert_unchanged()


@pytest.mark.parametrize("who", ["chain_partner", "other_caseworker", "analyst"])
def test_no_outflow_outside_ones_scope_or_role(world, snapshot, who):
    client, _, _ = _in_trajectory(world)
    world.share(client)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        outflow_record(
            actor=world.actor(who),
            client=client,
            left_on=D(2024, 5, 1),
            reason=OutflowReason.objects.get(code="other"),
        )
    before.assert_unchanged()


def _refuse_outflow_rows():
    """A database trigger that refuses every new outflow row: a failure in the last step."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_outflow() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by test'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER test_refuse_outflow BEFORE INSERT ON cases_outflow "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_outflow()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_refuse_outflow BEFORE INSERT ON cases_outflow "
                "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
            )


def test_if_any_part_fails_nothing_changes(world, snapshot):
    client, placement, trajectory = _in_trajectory(world)
    action = ActionFactory(client=client)
    _refuse_outflow_rows()
    before = snapshot()
    with pytest.raises(DatabaseError), transaction.atomic():
        outflow_record(
            actor=world.actor("caseworker"),
            client=client,
            left_on=D(2024, 5, 1),
            reason=OutflowReason.objects.get(code="return_dtv"),
        )
    before.assert_unchanged()
    for row in (client, placement, trajectory, action):
        row.refresh_from_db()
    assert placement.end is None
    assert trajectory.end is None
    assert client.status == ClientStatus.IN_TRAJECTORY
    assert action.status == ActionStatus.OPEN
