"""Reads of the network register: who sees it, and places on a count date computed in SQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.accounts.actors import Actor
from lvv.accounts.roles import ROLE_POLICIES, Capability, Role
from lvv.accounts.tests.factories import actor_for, member
from lvv.network import selectors
from lvv.network.models import Location
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date

VIEWERS = [role for role in Role if Capability.VIEW_NETWORK in ROLE_POLICIES[role].capabilities]
NON_VIEWERS = [role for role in Role if role not in VIEWERS]


def test_the_role_table_has_viewers_and_non_viewers():
    assert Role.AUDITOR in NON_VIEWERS  # keeps the parametrised tests below meaningful
    assert Role.CASEWORKER in VIEWERS


@pytest.mark.parametrize("role", VIEWERS, ids=str)
def test_every_viewer_sees_the_whole_register(role, location, utrecht, amsterdam):
    RegionFactory(central_municipality=utrecht)
    other = LocationFactory(municipality=amsterdam)
    actor = actor_for(member(role))
    assert set(selectors.locations_visible_to(actor)) == {location, other}
    assert {utrecht, amsterdam} <= set(selectors.municipalities_visible_to(actor))
    assert selectors.regions_visible_to(actor).count() == 1


@pytest.mark.parametrize("role", NON_VIEWERS, ids=str)
def test_roles_without_view_network_see_nothing(role, location, utrecht):
    RegionFactory(central_municipality=utrecht)
    actor = actor_for(member(role))
    assert not selectors.locations_visible_to(actor).exists()
    assert not selectors.municipalities_visible_to(actor).exists()
    assert not selectors.regions_visible_to(actor).exists()


def test_a_user_without_membership_sees_nothing_on_the_web(location):
    actor = Actor(user=member().user, membership=None, channel="web")
    assert not selectors.locations_visible_to(actor).exists()


def test_commands_see_the_register(location):
    assert list(selectors.locations_visible_to(Actor.system())) == [location]


def test_capacity_on_a_day_respects_the_exclusive_end(location, capacity):
    later = LocationCapacityFactory(
        location=location, start=D(2020, 1, 1), end=None, state_funded_places=7
    )
    assert selectors.location_capacity_on(location, D(2019, 1, 1)) == capacity
    assert selectors.location_capacity_on(location, D(2019, 12, 31)) == capacity
    assert selectors.location_capacity_on(location, D(2020, 1, 1)) == later
    assert selectors.location_capacity_on(location, D(2018, 12, 31)) is None


def test_capacity_history_is_oldest_first(location):
    second = LocationCapacityFactory(location=location, start=D(2021, 1, 1), end=None)
    first = LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=D(2021, 1, 1))
    assert list(selectors.location_capacity_history(location)) == [first, second]


@pytest.fixture
def three_locations(utrecht, amsterdam, partner):
    """A: 20+5 in 2019 then 30+0; B: 10+10 from mid-2019; C: no capacity at all."""
    a = LocationFactory(name="A", municipality=utrecht, operator=partner, start=D(2019, 1, 1))
    LocationCapacityFactory(location=a, start=D(2019, 1, 1), end=D(2020, 1, 1))
    LocationCapacityFactory(
        location=a,
        start=D(2020, 1, 1),
        end=None,
        state_funded_places=30,
        municipality_funded_places=0,
    )
    b = LocationFactory(name="B", municipality=amsterdam, operator=partner, start=D(2019, 1, 1))
    LocationCapacityFactory(
        location=b,
        start=D(2019, 7, 1),
        end=None,
        state_funded_places=10,
        municipality_funded_places=10,
    )
    c = LocationFactory(name="C", municipality=amsterdam, operator=partner, start=D(2019, 1, 1))
    return a, b, c


def places(queryset) -> dict[str, tuple[int, int, int]]:
    return {
        location.name: (
            location.state_funded_places_on,
            location.municipality_funded_places_on,
            location.total_places_on,
        )
        for location in queryset
    }


def test_capacity_totals_on_a_count_date(three_locations):
    queryset = Location.objects.all()
    assert places(selectors.capacity_totals_on(D(2019, 12, 31), queryset)) == {
        "A": (20, 5, 25),
        "B": (10, 10, 20),
        "C": (0, 0, 0),
    }
    assert places(selectors.capacity_totals_on(D(2020, 1, 1), queryset)) == {
        "A": (30, 0, 30),
        "B": (10, 10, 20),
        "C": (0, 0, 0),
    }
    assert places(selectors.capacity_totals_on(D(2019, 3, 1), queryset)) == {
        "A": (20, 5, 25),
        "B": (0, 0, 0),
        "C": (0, 0, 0),
    }


def test_capacity_totals_are_one_query_whatever_the_length(three_locations, partner, utrecht):
    for index in range(20):
        extra = LocationFactory(name=f"Extra {index}", municipality=utrecht, operator=partner)
        LocationCapacityFactory(location=extra)
    queryset = selectors.capacity_totals_on(D(2020, 6, 1), Location.objects.all())
    with CaptureQueriesContext(connection) as queries:
        result = places(queryset)
    assert len(queries) == 1
    assert len(result) == 23


def test_capacity_totals_keep_the_callers_filter(three_locations, amsterdam):
    queryset = Location.objects.filter(municipality=amsterdam)
    assert set(places(selectors.capacity_totals_on(D(2020, 1, 1), queryset))) == {"B", "C"}


def test_capacity_sum_on_adds_up_the_queryset(three_locations, amsterdam):
    assert selectors.capacity_sum_on(D(2020, 1, 1), Location.objects.all()) == {
        "state_funded_places": 40,
        "municipality_funded_places": 10,
        "total_places": 50,
    }
    assert selectors.capacity_sum_on(
        D(2020, 1, 1), Location.objects.filter(municipality=amsterdam)
    ) == {"state_funded_places": 10, "municipality_funded_places": 10, "total_places": 20}
    assert selectors.capacity_sum_on(D(2000, 1, 1), Location.objects.all())["total_places"] == 0


def test_locations_open_on_a_day(utrecht, partner):
    closed = LocationFactory(
        name="Dicht", municipality=utrecht, operator=partner, start=D(2019, 1, 1), end=D(2021, 1, 1)
    )
    future = LocationFactory(
        name="Later", municipality=utrecht, operator=partner, start=D(2022, 1, 1)
    )

    def open_on(day):
        return set(selectors.locations_open_on(Location.objects.all(), day))

    assert open_on(D(2020, 12, 31)) == {closed}
    assert open_on(D(2021, 1, 1)) == set()  # the end is exclusive
    assert open_on(D(2022, 1, 1)) == {future}


def test_locations_and_regions_of_a_municipality(location, utrecht, amsterdam):
    actor = actor_for(member(Role.CASEWORKER))
    LocationFactory(municipality=amsterdam)
    central = RegionFactory(name="Midden", central_municipality=utrecht)
    serving = RegionFactory(name="Breed", central_municipality=amsterdam)
    serving.municipalities.add(amsterdam, utrecht)
    RegionFactory(name="Elders", central_municipality=amsterdam)
    assert list(selectors.locations_in_municipality(actor, utrecht)) == [location]
    assert set(selectors.regions_serving(actor, utrecht)) == {central, serving}
    assert set(selectors.locations_in_region(actor, serving)) == set(Location.objects.all())


@pytest.mark.parametrize(
    "role, own, other",
    [
        (Role.FUNCTIONAL_ADMIN, True, True),
        (Role.MUNICIPAL_COORDINATOR, True, False),
        (Role.CASEWORKER, False, False),
        (Role.PROGRAMME_MANAGER, False, False),
    ],
    ids=str,
)
def test_who_may_manage_locations_where(role, own, other, coordinator, utrecht, amsterdam):
    membership = coordinator if role == Role.MUNICIPAL_COORDINATOR else member(role)
    actor = actor_for(membership)
    assert selectors.actor_may_manage_locations_in(actor, utrecht) is own
    assert selectors.actor_may_manage_locations_in(actor, amsterdam) is other
    assert selectors.actor_may_manage_locations(actor) is (own or other)


def test_municipalities_managed_by(coordinator_actor, admin_actor, utrecht, amsterdam):
    MunicipalityFactory()
    assert list(selectors.municipalities_managed_by(coordinator_actor)) == [utrecht]
    assert selectors.municipalities_managed_by(admin_actor).count() == 3
    caseworker = actor_for(member(Role.CASEWORKER))
    assert not selectors.municipalities_managed_by(caseworker).exists()
