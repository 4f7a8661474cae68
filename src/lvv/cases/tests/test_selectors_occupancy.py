"""Occupancy per location per day, derived from placements alone, counted in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.cases.selectors.occupancy import (
    capacity_by_day,
    location_occupancy,
    occupancy_by_day,
    occupancy_locations_visible_to,
    occupancy_on,
    with_occupancy_on,
)
from lvv.network.models import Location
from lvv.network.tests.factories import LocationCapacityFactory, LocationFactory

from .trajectory_factories import PlacementFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def _place(world, location, start, end=None):
    return PlacementFactory(client=world.client(), location=location, start=start, end=end)


def test_a_placement_counts_from_its_start_until_the_day_before_its_end(world):
    _place(world, world.shelter, D(2024, 1, 10), D(2024, 1, 12))
    counts = {
        day: occupancy_on(day=day, location_ids=[world.shelter.pk]).get(world.shelter.pk, 0)
        for day in (D(2024, 1, 9), D(2024, 1, 10), D(2024, 1, 11), D(2024, 1, 12))
    }
    assert counts == {D(2024, 1, 9): 0, D(2024, 1, 10): 1, D(2024, 1, 11): 1, D(2024, 1, 12): 0}


def test_occupancy_on_a_day_per_location(world):
    _place(world, world.shelter, D(2024, 1, 1))
    _place(world, world.shelter, D(2024, 1, 5), D(2024, 2, 1))
    _place(world, world.second, D(2024, 1, 1))
    assert occupancy_on(day=D(2024, 1, 10)) == {world.shelter.pk: 2, world.second.pk: 1}
    assert occupancy_on(day=D(2024, 3, 1), location_ids=[world.shelter.pk]) == {world.shelter.pk: 1}


def test_occupancy_by_day_gives_every_location_and_every_day(world):
    _place(world, world.shelter, D(2024, 1, 2), D(2024, 1, 4))
    _place(world, world.shelter, D(2024, 1, 3))
    _place(world, world.second, D(2023, 12, 1), D(2024, 1, 2))
    result = occupancy_by_day(
        location_ids=[world.shelter.pk, world.second.pk, world.other_shelter.pk],
        start=D(2024, 1, 1),
        end=D(2024, 1, 5),
    )
    assert result[world.shelter.pk] == {
        D(2024, 1, 1): 0,
        D(2024, 1, 2): 1,
        D(2024, 1, 3): 2,
        D(2024, 1, 4): 1,
    }
    assert list(result[world.second.pk].values()) == [1, 0, 0, 0]
    assert list(result[world.other_shelter.pk].values()) == [0, 0, 0, 0]


def test_capacity_by_day_follows_the_capacity_periods(world):
    location = LocationFactory(municipality=world.utrecht, operator=world.ngo)
    LocationCapacityFactory(
        location=location,
        start=D(2024, 1, 1),
        end=D(2024, 1, 3),
        state_funded_places=3,
        municipality_funded_places=1,
    )
    LocationCapacityFactory(
        location=location,
        start=D(2024, 1, 3),
        end=None,
        state_funded_places=10,
        municipality_funded_places=0,
    )
    result = capacity_by_day(location_ids=[location.pk], start=D(2023, 12, 31), end=D(2024, 1, 5))
    assert list(result[location.pk].values()) == [0, 4, 4, 10, 10]


def test_location_occupancy_puts_occupancy_beside_capacity(world):
    _place(world, world.shelter, D(2024, 1, 2))
    days = location_occupancy(location=world.shelter, start=D(2024, 1, 1), end=D(2024, 1, 3))
    assert days == [
        {"day": D(2024, 1, 1), "occupied_places": 0, "total_places": 2},
        {"day": D(2024, 1, 2), "occupied_places": 1, "total_places": 2},
    ]


@pytest.mark.parametrize(
    ("start", "end"), [(D(2024, 1, 2), D(2024, 1, 2)), (D(2024, 1, 1), D(2025, 1, 2))]
)
def test_an_empty_or_too_long_range_is_an_error_on_end(world, start, end):
    with pytest.raises(ValidationError) as caught:
        occupancy_by_day(location_ids=[world.shelter.pk], start=start, end=end)
    assert "end" in caught.value.message_dict


def test_a_leap_year_fits(world):
    result = occupancy_by_day(
        location_ids=[world.shelter.pk], start=D(2024, 1, 1), end=D(2025, 1, 1)
    )
    assert len(result[world.shelter.pk]) == 366


def _locations_with_placements(world, count):
    locations = []
    for _ in range(count):
        location = LocationFactory(municipality=world.utrecht, operator=world.ngo)
        _place(world, location, D(2024, 1, 2))
        locations.append(location.pk)
    return locations


def _queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_locations_or_days(world):
    ten = _locations_with_placements(world, 10)
    thirty = ten + _locations_with_placements(world, 20)
    few = _queries(
        lambda: occupancy_by_day(location_ids=ten, start=D(2024, 1, 1), end=D(2024, 1, 8))
    )
    many = _queries(
        lambda: occupancy_by_day(location_ids=thirty, start=D(2024, 1, 1), end=D(2024, 3, 1))
    )
    assert few == many == 1
    result = occupancy_by_day(location_ids=thirty, start=D(2024, 1, 1), end=D(2024, 1, 3))
    assert all(per_day[D(2024, 1, 2)] == 1 for per_day in result.values())
    assert _queries(
        lambda: list(with_occupancy_on(Location.objects.filter(pk__in=thirty), D(2024, 1, 2)))
    ) == _queries(
        lambda: list(with_occupancy_on(Location.objects.filter(pk__in=ten), D(2024, 1, 2)))
    )


def test_locations_are_annotated_with_occupancy_in_one_query(world):
    _place(world, world.shelter, D(2024, 1, 1))
    _place(world, world.shelter, D(2024, 1, 1), D(2024, 1, 2))
    annotated = {
        location.pk: location.occupied_places_on
        for location in with_occupancy_on(Location.objects.all(), D(2024, 1, 1))
    }
    assert annotated[world.shelter.pk] == 2
    assert annotated[world.second.pk] == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("caseworker", {"shelter", "second"}),
        ("other_caseworker", {"other_shelter"}),
        ("coordinator", {"shelter", "second", "other_shelter"}),
        ("amsterdam_coordinator", {"amsterdam_shelter"}),
        ("programme_manager", {"shelter", "second", "other_shelter", "amsterdam_shelter"}),
        ("analyst", {"shelter", "second", "other_shelter", "amsterdam_shelter"}),
        ("chain_partner", set()),
        ("auditor", set()),
        ("functional_admin", set()),
    ],
)
def test_whose_occupancy_one_may_see(world, who, expected):
    names = {"shelter", "second", "other_shelter", "amsterdam_shelter"}
    by_pk = {getattr(world, name).pk: name for name in names}
    visible = occupancy_locations_visible_to(world.actor(who))
    assert {by_pk[pk] for pk in visible.values_list("pk", flat=True) if pk in by_pk} == expected
