"""Placements: one open placement, inside the location's open period, in the client's
municipality, within capacity unless a coordinator overrides with a reason; moves atomically."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lvv.audit.models import AuditAction
from lvv.cases.models import ClientStatus, Placement, PlacementEndReason
from lvv.cases.services.placements import placement_end, placement_move, placement_start
from lvv.network.models import LocationCapacity

from .trajectory_factories import PlacementFactory
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


def test_a_caseworker_places_an_admitted_client(world):
    client = world.client()
    placement = placement_start(
        actor=world.actor("caseworker"),
        client=client,
        location=world.shelter,
        start=D(2024, 2, 1),
        room="2",
        bed="B",
    )
    placement.refresh_from_db()
    assert (placement.client, placement.location, placement.start) == (
        client,
        world.shelter,
        D(2024, 2, 1),
    )
    assert placement.end is None
    assert (placement.room, placement.bed) == ("2", "B")
    assert placement.capacity_override_reason == ""
    event = audit_events(object_id=str(placement.uuid)).get()
    assert event.action == AuditAction.CREATE
    assert event.subject_id == client.uuid
    assert "capacity_override_reason" not in event.changed_fields
    assert {"location", "start", "client"} <= set(event.changed_fields)


def test_a_second_open_placement_is_refused_on_client(world, snapshot):
    client = world.client()
    PlacementFactory(client=client, location=world.second, start=D(2024, 1, 15))
    _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"),
            client=client,
            location=world.shelter,
            start=D(2024, 2, 1),
        ),
        snapshot,
        "client",
    )


@pytest.mark.parametrize(
    "status", [ClientStatus.INTAKE, ClientStatus.REFUSED, ClientStatus.OUTFLOW]
)
def test_only_admitted_clients_are_placed(world, snapshot, status):
    client = world.client(status=status)
    _refused(
        lambda: placement_start(
            actor=world.actor("coordinator"),
            client=client,
            location=world.shelter,
            start=D(2024, 2, 1),
        ),
        snapshot,
        "client",
    )


def test_the_location_must_be_in_the_clients_municipality(world, snapshot):
    client = world.client()
    _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"),
            client=client,
            location=world.amsterdam_shelter,
            start=D(2024, 2, 1),
        ),
        snapshot,
        "location",
    )


@pytest.mark.parametrize("start", [D(2018, 12, 31), D(2024, 7, 1), D(2025, 1, 1)])
def test_never_outside_the_locations_open_period(world, snapshot, start):
    # Open from 2019 up to and including 30 June 2024.
    LocationCapacity.objects.filter(location=world.shelter).update(end=D(2024, 7, 1))
    world.shelter.end = D(2024, 7, 1)
    world.shelter.save()
    client = world.client()
    _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"), client=client, location=world.shelter, start=start
        ),
        snapshot,
        "start",
    )


def test_a_placement_may_not_overlap_an_earlier_one(world, snapshot):
    client = world.client()
    PlacementFactory(client=client, location=world.second, start=D(2024, 1, 1), end=D(2024, 3, 1))
    _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"),
            client=client,
            location=world.shelter,
            start=D(2024, 2, 29),
        ),
        snapshot,
        "start",
    )
    # From the first day after the earlier one it fits.
    placement = placement_start(
        actor=world.actor("caseworker"), client=client, location=world.shelter, start=D(2024, 3, 1)
    )
    assert placement.pk


def _fill_shelter(world, day=D(2024, 1, 1)):
    for _ in range(2):
        PlacementFactory(client=world.client(), location=world.shelter, start=day)


def test_placing_above_capacity_is_refused_stating_occupancy_and_capacity(world, snapshot):
    _fill_shelter(world)
    client = world.client()
    with translation.override("en"):
        errors = _refused(
            lambda: placement_start(
                actor=world.actor("caseworker"),
                client=client,
                location=world.shelter,
                start=D(2024, 2, 1),
            ),
            snapshot,
            "location",
        )
    assert "2 of 2 places are occupied" in errors["location"][0]


def test_a_caseworker_cannot_override_capacity(world, snapshot):
    _fill_shelter(world)
    client = world.client()
    errors = _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"),
            client=client,
            location=world.shelter,
            start=D(2024, 2, 1),
            override_reason="Winterregeling",
        ),
        snapshot,
        "location",
        "override_reason",
    )
    assert errors


def test_a_coordinator_needs_a_reason_to_override(world, snapshot):
    _fill_shelter(world)
    client = world.client()
    _refused(
        lambda: placement_start(
            actor=world.actor("coordinator"),
            client=client,
            location=world.shelter,
            start=D(2024, 2, 1),
            override_reason="   ",
        ),
        snapshot,
        "location",
    )


def test_a_coordinator_overrides_capacity_with_a_reason_which_is_stored_and_audited(world):
    _fill_shelter(world)
    client = world.client()
    coordinator = world.actor("coordinator")
    placement = placement_start(
        actor=coordinator,
        client=client,
        location=world.shelter,
        start=D(2024, 2, 1),
        override_reason="Vrouw met kind, geen alternatief",
    )
    placement.refresh_from_db()
    assert placement.capacity_override_reason == "Vrouw met kind, geen alternatief"
    assert placement.capacity_overridden_by == coordinator.user
    event = audit_events(object_id=str(placement.uuid)).get()
    assert "capacity_override_reason" in event.changed_fields
    assert event.actor_id == coordinator.user.uuid


def test_a_reason_given_while_places_are_free_is_not_stored(world):
    placement = placement_start(
        actor=world.actor("coordinator"),
        client=world.client(),
        location=world.shelter,
        start=D(2024, 2, 1),
        override_reason="Voor de zekerheid",
    )
    assert placement.capacity_override_reason == ""
    assert placement.capacity_overridden_by is None


def test_capacity_is_counted_on_the_start_day_only(world):
    # Both places are taken in January only: from 1 February there is room again.
    for _ in range(2):
        PlacementFactory(
            client=world.client(), location=world.shelter, start=D(2024, 1, 1), end=D(2024, 2, 1)
        )
    placement = placement_start(
        actor=world.actor("caseworker"),
        client=world.client(),
        location=world.shelter,
        start=D(2024, 2, 1),
    )
    assert placement.pk


def test_no_capacity_period_on_the_start_day_means_no_places(world, snapshot):
    LocationCapacity.objects.filter(location=world.second).update(start=D(2025, 1, 1))
    _refused(
        lambda: placement_start(
            actor=world.actor("caseworker"),
            client=world.client(),
            location=world.second,
            start=D(2024, 2, 1),
        ),
        snapshot,
        "location",
    )


@pytest.mark.parametrize("who", ["other_caseworker", "amsterdam_coordinator", "chain_partner"])
def test_no_placement_for_a_client_outside_ones_scope_or_role(world, snapshot, who):
    client = world.client()
    if who == "chain_partner":
        world.share(client)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        placement_start(
            actor=world.actor(who), client=client, location=world.shelter, start=D(2024, 2, 1)
        )
    before.assert_unchanged()


def test_programme_manager_cannot_place(world, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        placement_start(
            actor=world.actor("programme_manager"),
            client=world.client(),
            location=world.shelter,
            start=D(2024, 2, 1),
        )
    before.assert_unchanged()


# --- ending -----------------------------------------------------------------------------------


def test_ending_a_placement(world):
    client = world.client()
    placement = PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1))
    placement_end(
        actor=world.actor("caseworker"),
        placement=placement,
        end=D(2024, 3, 1),
        reason=PlacementEndReason.CORRECTED,
    )
    placement.refresh_from_db()
    assert placement.end == D(2024, 3, 1)
    assert placement.end_reason == PlacementEndReason.CORRECTED
    event = audit_events(object_id=str(placement.uuid)).get()
    assert (event.action, event.subject_id) == (AuditAction.UPDATE, client.uuid)
    assert event.changed_fields == ["end", "end_reason"]


@pytest.mark.parametrize(
    ("end", "reason", "field"),
    [
        (D(2024, 1, 1), PlacementEndReason.MOVED, "end"),
        (D(2023, 12, 1), PlacementEndReason.MOVED, "end"),
        (D(2024, 3, 1), PlacementEndReason.OUTFLOW, "reason"),
        (D(2024, 3, 1), "evaporated", "reason"),
    ],
)
def test_ending_refuses_bad_input(world, snapshot, end, reason, field):
    placement = PlacementFactory(client=world.client(), location=world.shelter, start=D(2024, 1, 1))
    _refused(
        lambda: placement_end(
            actor=world.actor("caseworker"), placement=placement, end=end, reason=reason
        ),
        snapshot,
        field,
    )
    placement.refresh_from_db()
    assert placement.end is None


def test_an_ended_placement_cannot_end_again(world, snapshot):
    placement = PlacementFactory(
        client=world.client(), location=world.shelter, start=D(2024, 1, 1), end=D(2024, 2, 1)
    )
    _refused(
        lambda: placement_end(
            actor=world.actor("caseworker"),
            placement=placement,
            end=D(2024, 3, 1),
            reason=PlacementEndReason.CORRECTED,
        ),
        snapshot,
        "end",
    )


def test_a_placement_ends_by_the_time_its_location_closes(world, snapshot):
    LocationCapacity.objects.filter(location=world.shelter).update(end=D(2024, 7, 1))
    world.shelter.end = D(2024, 7, 1)
    world.shelter.save()
    placement = PlacementFactory(client=world.client(), location=world.shelter, start=D(2024, 1, 1))
    _refused(
        lambda: placement_end(
            actor=world.actor("caseworker"),
            placement=placement,
            end=D(2024, 7, 2),
            reason=PlacementEndReason.CORRECTED,
        ),
        snapshot,
        "end",
    )


def test_a_chain_partner_cannot_end_a_placement(world, snapshot):
    client = world.client()
    world.share(client)
    placement = PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1))
    before = snapshot()
    with pytest.raises(PermissionDenied):
        placement_end(
            actor=world.actor("chain_partner"),
            placement=placement,
            end=D(2024, 3, 1),
            reason=PlacementEndReason.CORRECTED,
        )
    before.assert_unchanged()


# --- moving -----------------------------------------------------------------------------------


def test_a_move_ends_the_open_placement_and_starts_the_new_one_the_same_day(world):
    client = world.client()
    old = PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1))
    new = placement_move(
        actor=world.actor("caseworker"),
        client=client,
        to_location=world.second,
        on=D(2024, 4, 1),
        room="7",
    )
    old.refresh_from_db()
    assert (old.end, old.end_reason) == (D(2024, 4, 1), PlacementEndReason.MOVED)
    assert (new.location, new.start, new.end, new.room) == (world.second, D(2024, 4, 1), None, "7")
    assert Placement.objects.filter(client=client, end__isnull=True).get() == new
    actions = [e.action for e in audit_events(subject_id=client.uuid)]
    assert actions == [AuditAction.UPDATE, AuditAction.CREATE]


def test_a_move_to_a_full_location_changes_nothing(world, snapshot):
    _fill_shelter(world)
    client = world.client()
    old = PlacementFactory(client=client, location=world.second, start=D(2024, 1, 1))
    _refused(
        lambda: placement_move(
            actor=world.actor("caseworker"),
            client=client,
            to_location=world.shelter,
            on=D(2024, 4, 1),
        ),
        snapshot,
        "to_location",
    )
    old.refresh_from_db()
    assert old.end is None


def test_a_coordinator_may_move_into_a_full_location_with_a_reason(world):
    _fill_shelter(world)
    client = world.client()
    PlacementFactory(client=client, location=world.second, start=D(2024, 1, 1))
    new = placement_move(
        actor=world.actor("coordinator"),
        client=client,
        to_location=world.shelter,
        on=D(2024, 4, 1),
        override_reason="Medische zorg op deze locatie",
    )
    assert new.capacity_override_reason == "Medische zorg op deze locatie"


def test_a_room_change_inside_a_full_location_is_a_move_that_fits(world):
    _fill_shelter(world)
    old = Placement.objects.filter(location=world.shelter).first()
    new = placement_move(
        actor=world.actor("caseworker"),
        client=old.client,
        to_location=world.shelter,
        on=D(2024, 4, 1),
        room="12",
    )
    assert (new.location, new.room) == (world.shelter, "12")
    assert Placement.objects.filter(location=world.shelter, end__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("on", "to", "field"),
    [
        (D(2024, 1, 1), "second", "on"),
        (D(2023, 6, 1), "second", "on"),
        (D(2024, 4, 1), "shelter", "to_location"),
        (D(2024, 4, 1), "amsterdam_shelter", "to_location"),
    ],
)
def test_a_move_refuses_bad_input(world, snapshot, on, to, field):
    client = world.client()
    PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1))
    _refused(
        lambda: placement_move(
            actor=world.actor("caseworker"), client=client, to_location=getattr(world, to), on=on
        ),
        snapshot,
        field,
    )


def test_a_move_needs_an_open_placement(world, snapshot):
    _refused(
        lambda: placement_move(
            actor=world.actor("caseworker"),
            client=world.client(),
            to_location=world.second,
            on=D(2024, 4, 1),
        ),
        snapshot,
        "client",
    )
