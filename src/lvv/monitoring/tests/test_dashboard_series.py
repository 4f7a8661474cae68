"""The dashboard's series on small hand-built data with known answers, their suppression for
the national monitor, and the programme's cost per place-night and per durable outcome.

Utrecht, one location with 10 places from 2021:
- A: placed 10 January 2022, left 1 May 2022 (return with IOM: durable);
- B: placed 1 February 2022, still there;
- C: placed 5 April 2022, left 20 April 2022 (destination unknown: no solution).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.cases.models import OutflowReason, PlacementEndReason
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, OutflowFactory, PlacementFactory
from lvv.monitoring.selectors.monitor import Level, quarter_period, unit_resolve
from lvv.monitoring.selectors.series import (
    dashboard_range,
    default_unit,
    occupancy_months,
    quarterly_series,
)
from lvv.monitoring.selectors.series_costs import programme_costs
from lvv.monitoring.selectors.series_occupancy import monthly_occupancy, months
from lvv.network.tests.factories import LocationCapacityFactory

D = datetime.date
Q1, Q2 = quarter_period("2022-Q1"), quarter_period("2022-Q2")


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`)."""
    return _build_world()


@pytest.fixture
def utrecht(world):
    LocationCapacityFactory(
        location=world.location_a,
        start=D(2021, 1, 1),
        state_funded_places=8,
        municipality_funded_places=2,
    )

    def stay(start, end=None, reason=None):
        client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
        PlacementFactory(
            client=client,
            location=world.location_a,
            start=start,
            end=end,
            end_reason=PlacementEndReason.OUTFLOW if end else "",
        )
        if end:
            OutflowFactory(
                client=client, left_on=end, reason=OutflowReason.objects.get(code=reason)
            )
        return client

    stay(D(2022, 1, 10), D(2022, 5, 1), "return_iom")
    stay(D(2022, 2, 1))
    stay(D(2022, 4, 5), D(2022, 4, 20), "left_unknown")
    return unit_resolve(Level.MUNICIPALITY, "GM0344")


def values(points, attribute):
    return [getattr(point, attribute).value for point in points]


def test_quarterly_series_for_the_coordinator(world, utrecht):
    series = quarterly_series(actor=world.actor("coordinator_a"), unit=utrecht, first=Q1, last=Q2)
    assert not series.suppressed
    assert [p.label for p in series.points] == ["2022-Q1", "2022-Q2"]
    assert values(series.points, "inflow") == [2, 1]
    assert values(series.points, "outflow") == [0, 2]
    assert values(series.points, "present_at_end") == [2, 1]
    q2 = series.points[1]
    assert {g: v.value for g, v in q2.outflow_groups.items()} == {
        "durable": 1,
        "semi_durable": 0,
        "none": 1,
        "transfer": 0,
        "unknown": 0,
    }
    # Leavers in Q2 stayed 111 (A) and 15 (C) days: the median lies halfway.
    assert q2.stay_of_leavers["count"].value == 2
    assert q2.stay_of_leavers["median"].value == Decimal(63)
    assert q2.stay_of_leavers["first_quartile"].value == Decimal(39)
    assert q2.stay_of_leavers["third_quartile"].value == Decimal(87)
    # B is present at the end of Q2: 1 February to 1 July, 150 nights.
    assert q2.stay_of_present["median"].value == Decimal(150)
    assert series.groups == ["durable", "semi_durable", "none", "transfer", "unknown"]


def test_the_national_monitor_gets_the_same_series_suppressed(world, utrecht):
    series = quarterly_series(actor=world.actor("analyst"), unit=utrecht, first=Q1, last=Q2)
    assert series.suppressed
    q1 = series.points[0]
    assert q1.inflow.hidden and q1.inflow.value is None and q1.inflow.display == "<5"
    assert all(v.value is None for v in series.points[1].stay_of_leavers.values() if v.hidden)
    # Zeros are published as they are.
    assert q1.outflow.value == 0 and not q1.outflow.hidden


def test_a_coordinator_cannot_ask_for_another_municipality(world, utrecht):
    with pytest.raises(PermissionDenied):
        quarterly_series(actor=world.actor("coordinator_b"), unit=utrecht, first=Q1, last=Q2)
    with pytest.raises(PermissionDenied):
        monthly_occupancy(
            actor=world.actor("caseworker_a"), unit=utrecht, first=D(2022, 1, 1), last=Q2.end
        )


def test_monthly_occupancy_per_location_and_municipality(world, utrecht):
    occupancy = monthly_occupancy(
        actor=world.actor("analyst"), unit=utrecht, first=D(2022, 1, 15), last=D(2022, 4, 2)
    )
    assert occupancy.month_labels == ["2022-01", "2022-02", "2022-03", "2022-04"]
    [location] = occupancy.locations
    assert location.name == world.location_a.name
    # January: A from the 10th (22 nights); February: A and B (28 + 28); March: 31 + 31;
    # April: A and B all month (30 + 30) and C from the 5th to the 19th (15).
    assert location.used == [22, 56, 62, 75]
    assert location.available == [310, 280, 310, 300]
    assert location.utilisation == [
        Decimal("7.1"),
        Decimal("20.0"),
        Decimal("20.0"),
        Decimal("25.0"),
    ]
    [municipality] = occupancy.municipalities
    assert (municipality.key, municipality.name) == ("GM0344", "Utrecht")
    assert municipality.used == location.used


def test_ranges_and_defaults(world):
    assert months(D(2022, 11, 30), D(2023, 2, 1))[-1].start == D(2023, 2, 1)
    assert len(months(D(2022, 11, 30), D(2023, 2, 1))) == 4
    first, last = dashboard_range(None, None, today=D(2022, 8, 15))
    assert (first, last) == (quarter_period("2020-Q3"), quarter_period("2022-Q2"))
    assert dashboard_range("2021-Q1", "2021-Q4") == (
        quarter_period("2021-Q1"),
        quarter_period("2021-Q4"),
    )
    with pytest.raises(ValidationError) as caught:
        dashboard_range("2022-Q3", "2022-Q1")
    assert "to" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        quarterly_series(
            actor=world.actor("analyst"),
            unit=unit_resolve(Level.NATIONAL, None),
            first=quarter_period("2010-Q1"),
            last=quarter_period("2022-Q1"),
        )
    assert "to" in caught.value.message_dict
    assert occupancy_months(quarter_period("2010-Q1"), quarter_period("2022-Q4")) == (
        D(2020, 1, 1),
        D(2022, 12, 31),
    )
    assert default_unit(world.actor("coordinator_a")).key == "GM0344"
    assert default_unit(world.actor("analyst")).level == Level.NATIONAL


def test_programme_costs_per_place_night_and_durable_outcome(world, utrecht):
    from lvv.programme.tests.factories import AgreementFactory, FundingRuleFactory

    agreement = AgreementFactory(municipality=world.utrecht, start=D(2022, 1, 1), end=D(2023, 1, 1))
    FundingRuleFactory(agreement=agreement, amount=Decimal("100000.00"))

    [row] = programme_costs(actor=world.actor("coordinator_a"))
    assert (row.municipality_code, row.year, row.allocation) == (
        "GM0344",
        2022,
        Decimal("100000.00"),
    )
    # January 22, February 56, March 62, April 75, then B alone: 245 nights to the year's end.
    assert row.place_nights_used == 460
    assert row.cost_per_place_night == Decimal("217.39")
    assert row.durable_outflow.value == 1
    assert row.cost_per_durable_outcome.value == Decimal("100000.00")

    [national] = programme_costs(actor=world.actor("programme_manager"))
    assert national.cost_per_place_night == Decimal("217.39")
    assert national.durable_outflow.hidden and national.durable_outflow.display == "<5"
    assert national.cost_per_durable_outcome.hidden
    assert national.cost_per_durable_outcome.value is None

    assert programme_costs(actor=world.actor("coordinator_b")) == []
    assert programme_costs(actor=world.actor("coordinator_a"), year=2021) == []


def test_monthly_occupancy_equals_the_monitor_s_occupancy_of_each_month(world, utrecht):
    from lvv.monitoring.selectors.monitor import monitor_compute

    occupancy = monthly_occupancy(
        actor=world.actor("analyst"), unit=utrecht, first=D(2022, 1, 1), last=D(2022, 6, 30)
    )
    [line] = occupancy.locations
    for index, month in enumerate(occupancy.months):
        [use] = monitor_compute(unit=utrecht, period=month).locations
        assert (line.used[index], line.available[index]) == (
            use.place_nights_used,
            use.place_nights_available,
        )
