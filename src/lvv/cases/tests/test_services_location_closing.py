"""A location cannot close, or open later, around clients placed there: a placement lies inside
its location's open period (the network service checks the client register)."""

from datetime import date, timedelta

from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.network.services import location_update

from .factories import PlacementFactory


def test_closing_a_location_with_a_client_still_placed_is_refused(world, assert_refused):
    PlacementFactory(client=world.client_a, location=world.location_a, start=date(2024, 1, 1))
    closing = timezone.localdate() + timedelta(days=30)
    messages = assert_refused(
        lambda: location_update(
            actor=Actor.system(), location=world.location_a, data={"end": closing}
        ),
        "end",
    )
    assert "1" in messages[0]
    world.location_a.refresh_from_db()
    assert world.location_a.end is None


def test_opening_later_than_a_placement_began_is_refused(world, assert_refused):
    PlacementFactory(
        client=world.client_a,
        location=world.location_a,
        start=date(2024, 1, 1),
        end=date(2024, 3, 1),
    )
    assert_refused(
        lambda: location_update(
            actor=Actor.system(), location=world.location_a, data={"start": date(2024, 2, 1)}
        ),
        "start",
    )


def test_closing_after_the_last_placement_ended_is_allowed(world):
    PlacementFactory(
        client=world.client_a,
        location=world.location_a,
        start=date(2024, 1, 1),
        end=date(2024, 3, 1),
    )
    location_update(actor=Actor.system(), location=world.location_a, data={"end": date(2024, 3, 1)})
    world.location_a.refresh_from_db()
    assert world.location_a.end == date(2024, 3, 1)
