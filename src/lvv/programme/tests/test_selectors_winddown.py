"""Wind-down: contracts that end, places that close, clients still placed (counts only)."""

import datetime

import pytest
from django.apps import apps

from lvv.programme import selectors
from lvv.programme.models import AgreementStatus
from lvv.programme.tests.factories import AgreementFactory, DecisionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_an_agreement_without_follow_up_lists_what_stops(manager_actor, pilots, groningen_contract):
    wind_down = selectors.agreement_wind_down(
        manager_actor, pilots["Groningen"], today=D(2022, 5, 1)
    )
    assert not wind_down.has_follow_up
    assert wind_down.last_day == D(2022, 6, 30)
    assert wind_down.contracts == [groningen_contract]
    (item,) = wind_down.locations
    assert item.location.name == "Wintertuin"
    assert (wind_down.state_funded_places, wind_down.total_places) == (80, 95)


def test_a_decided_follow_up_is_shown(manager_actor, pilots, groningen):
    successor = AgreementFactory(
        municipality=groningen,
        start=D(2022, 7, 1),
        end=D(2023, 1, 1),
        status=AgreementStatus.IN_FORCE,
        basis=DecisionFactory(date=D(2021, 12, 17)),
    )
    wind_down = selectors.agreement_wind_down(
        manager_actor, pilots["Groningen"], today=D(2022, 5, 1)
    )
    assert wind_down.follow_up == [successor]


def test_without_contracts_the_municipalitys_open_locations_are_listed(manager_actor, pilots):
    from lvv.network.tests.factories import LocationCapacityFactory, LocationFactory

    amsterdam = pilots["Amsterdam"]
    location = LocationFactory(municipality=amsterdam.municipality, start=D(2019, 1, 1))
    LocationCapacityFactory(location=location, start=D(2019, 1, 1), state_funded_places=190)
    LocationFactory(municipality=amsterdam.municipality, start=D(2019, 1, 1), end=D(2020, 1, 1))
    wind_down = selectors.agreement_wind_down(manager_actor, amsterdam, today=D(2022, 5, 1))
    assert [item.location for item in wind_down.locations] == [location]
    assert wind_down.state_funded_places == 190


def _placement_model():
    try:
        return apps.get_model("cases", "Placement")
    except LookupError:
        return None


@pytest.mark.skipif(
    _placement_model() is None, reason="cases.Placement does not exist yet: counts not available"
)
def test_clients_still_placed_are_counted_per_location(manager_actor, pilots, groningen_contract):
    factories = pytest.importorskip("lvv.cases.tests.factories")
    location = groningen_contract.locations.get()
    for end in (None, D(2022, 6, 1), D(2022, 4, 1)):  # the last ended before the count date
        client = factories.ClientFactory(
            municipality=location.municipality, partner=location.operator
        )
        factories.PlacementFactory(client=client, location=location, start=D(2022, 1, 1), end=end)
    wind_down = selectors.agreement_wind_down(
        manager_actor, pilots["Groningen"], today=D(2022, 5, 1)
    )
    assert wind_down.placements_available
    assert wind_down.locations[0].open_placements == 2
    assert wind_down.open_placements == 2


def test_without_a_placement_model_the_count_is_not_available(
    manager_actor, pilots, groningen_contract, monkeypatch
):
    # Django's app registry answers as it does before the cases app has its model.
    def missing(app_label, model_name=None, require_ready=True):
        raise LookupError(f"No installed app with label '{app_label}'.")

    monkeypatch.setattr(apps, "get_model", missing)
    wind_down = selectors.agreement_wind_down(
        manager_actor, pilots["Groningen"], today=D(2022, 5, 1)
    )
    assert not wind_down.placements_available
    assert wind_down.open_placements is None
    assert wind_down.locations[0].open_placements is None
