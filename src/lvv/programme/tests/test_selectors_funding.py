"""Allocations to the cent: hand-computed expectations, leap years, one-day periods, periods
across years, half a cent, and rounding once per municipality per year."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from lvv.core.periods import Period
from lvv.programme import selectors
from lvv.programme.models import FundingKind
from lvv.programme.money import days_in_year, round_cents, subtract_months, year_parts
from lvv.programme.tests.factories import (
    AgreementFactory,
    FundingRuleFactory,
    PartnerContractFactory,
    PlannedLvvFactory,
    SpendingRecordFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


def amounts(actor, municipality=None) -> dict[int, Decimal]:
    return {
        a.year: a.amount for a in selectors.allocations_visible_to(actor, municipality=municipality)
    }


def lump_sum(agreement, start, end, amount) -> None:
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.YEARLY_LUMP_SUM,
        start=start,
        end=end,
        amount=E(amount),
    )


# --- the arithmetic ------------------------------------------------------------------------------


def test_days_in_year_and_splitting_at_new_year():
    assert (days_in_year(2019), days_in_year(2020), days_in_year(2100)) == (365, 366, 365)
    parts = list(year_parts(Period(D(2021, 7, 1), D(2023, 1, 2))))
    assert [(y, p.start, p.end, p.days()) for y, p in parts] == [
        (2021, D(2021, 7, 1), D(2022, 1, 1), 184),
        (2022, D(2022, 1, 1), D(2023, 1, 1), 365),
        (2023, D(2023, 1, 1), D(2023, 1, 2), 1),
    ]


@pytest.mark.parametrize(
    "value, cents",
    [
        (Fraction(1, 200), E("0.01")),  # exactly half a cent: up
        (Fraction(1, 201), E("0.00")),
        (Fraction(3, 200), E("0.02")),  # 1.5 cents: up (banker's rounding would give 0.02 too)
        (Fraction(5, 200), E("0.03")),  # 2.5 cents: up (banker's rounding would give 0.02)
        (Fraction(-1, 200), E("-0.01")),
        (Fraction(4300000 * 184, 365), E("2167671.23")),
    ],
)
def test_rounding_is_half_up_on_the_exact_value(value, cents):
    assert round_cents(value) == cents


def test_subtracting_months_keeps_the_day_or_takes_the_months_last():
    assert subtract_months(D(2022, 7, 1), 3) == D(2022, 4, 1)
    assert subtract_months(D(2022, 3, 31), 1) == D(2022, 2, 28)
    assert subtract_months(D(2022, 2, 15), 14) == D(2020, 12, 15)


# --- allocations ----------------------------------------------------------------------------------


def test_a_yearly_amount_in_a_leap_year_counts_366_days(manager_actor):
    agreement = AgreementFactory(start=D(2020, 1, 1), end=D(2022, 1, 1))
    lump_sum(agreement, D(2020, 1, 1), D(2020, 3, 1), "366000.00")  # 31 + 29 days
    lump_sum(agreement, D(2021, 1, 1), D(2021, 3, 1), "365000.00")  # 31 + 28 days
    assert amounts(manager_actor) == {2020: E("60000.00"), 2021: E("59000.00")}


def test_one_day_is_a_365th_or_a_366th(manager_actor):
    agreement = AgreementFactory(start=D(2020, 1, 1), end=D(2022, 1, 1))
    lump_sum(agreement, D(2020, 2, 29), D(2020, 3, 1), "1000000.00")  # 1,000,000 / 366
    lump_sum(agreement, D(2021, 3, 15), D(2021, 3, 16), "1000000.00")  # 1,000,000 / 365
    assert amounts(manager_actor) == {2020: E("2732.24"), 2021: E("2739.73")}


def test_half_a_cent_rounds_up(manager_actor):
    agreement = AgreementFactory(start=D(2020, 1, 1), end=D(2021, 1, 1))
    lump_sum(agreement, D(2020, 6, 1), D(2020, 6, 2), "1.83")  # 1.83 / 366 = 0.005 exactly
    assert amounts(manager_actor) == {2020: E("0.01")}


def test_a_period_across_years_is_split_and_adds_up(manager_actor):
    agreement = AgreementFactory(start=D(2021, 7, 1), end=D(2022, 7, 1))
    lump_sum(agreement, D(2021, 7, 1), D(2022, 7, 1), "4300000.00")
    # 4,300,000 × 184/365 = 2,167,671.2328…; × 181/365 = 2,132,328.7671…
    assert amounts(manager_actor) == {2021: E("2167671.23"), 2022: E("2132328.77")}


def test_a_municipality_year_is_rounded_once_not_per_rule(manager_actor):
    agreement = AgreementFactory(start=D(2021, 1, 1), end=D(2022, 1, 1))
    lump_sum(agreement, D(2021, 1, 1), D(2021, 1, 2), "1.00")  # 1/365 = 0.0027…
    lump_sum(agreement, D(2021, 1, 2), D(2021, 1, 3), "1.00")
    # Rounded per rule this would be 0.00 + 0.00; rounded once, 2/365 = 0.0055 → 0.01.
    allocation = selectors.allocations_visible_to(manager_actor)[0]
    assert [share.rounded for share in allocation.shares] == [E("0.00"), E("0.00")]
    assert allocation.amount == E("0.01")


def test_two_agreements_of_one_municipality_in_one_year_make_one_allocation(manager_actor):
    first = AgreementFactory(start=D(2021, 1, 1), end=D(2021, 7, 1))
    second = AgreementFactory(
        municipality=first.municipality, start=D(2021, 7, 1), end=D(2022, 1, 1)
    )
    lump_sum(first, D(2021, 1, 1), D(2021, 7, 1), "4300000.00")
    lump_sum(second, D(2021, 7, 1), D(2022, 1, 1), "4300000.00")
    assert amounts(manager_actor) == {2021: E("4300000.00")}


def test_a_price_per_state_funded_place(manager_actor):
    agreement = AgreementFactory(start=D(2019, 4, 1), end=D(2021, 7, 1))
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.PER_PLACE,
        start=D(2019, 4, 1),
        end=D(2021, 7, 1),
        amount=None,
        price_per_place=E("27500.00"),
        state_funded_places=340,
        total_places=500,
    )
    # 27,500 × 340 = 9,350,000 a year; 2019: × 275/365; 2021: × 181/365.
    assert amounts(manager_actor) == {
        2019: E("7044520.55"),
        2020: E("9350000.00"),
        2021: E("4636575.34"),
    }


def test_a_fixed_amount_is_spread_over_its_period_by_days(manager_actor):
    agreement = AgreementFactory(start=D(2019, 4, 1), end=D(2021, 7, 1))
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.PERIOD_SUM,
        start=D(2019, 4, 1),
        end=D(2020, 1, 1),
        amount=E("4600000.00"),
    )
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.PERIOD_SUM,
        start=D(2020, 7, 1),
        end=D(2021, 7, 1),  # 365 days: 184 in 2020, 181 in 2021
        amount=E("1000000.00"),
    )
    assert amounts(manager_actor) == {
        2019: E("4600000.00"),
        2020: E("504109.59"),
        2021: E("495890.41"),
    }


def test_the_same_level_as_an_earlier_year(manager_actor):
    agreement = AgreementFactory(start=D(2021, 1, 1), end=D(2023, 1, 1))
    lump_sum(agreement, D(2021, 1, 1), D(2021, 7, 1), "4300000.00")
    lump_sum(agreement, D(2021, 7, 1), D(2022, 1, 1), "4300000.00")
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.SAME_LEVEL_AS_YEAR,
        start=D(2022, 1, 1),
        end=D(2023, 1, 1),
        amount=None,
        reference_year=2021,
    )
    assert amounts(manager_actor) == {2021: E("4300000.00"), 2022: E("4300000.00")}
    shares = selectors.allocations_visible_to(manager_actor, year=2022)[0].shares
    assert [(s.yearly_amount_rounded, s.days) for s in shares] == [(E("4300000.00"), 365)]


def test_the_same_level_as_a_year_without_funding_is_nothing(manager_actor):
    agreement = AgreementFactory(start=D(2022, 1, 1), end=D(2023, 1, 1))
    FundingRuleFactory(
        agreement=agreement,
        kind=FundingKind.SAME_LEVEL_AS_YEAR,
        start=D(2022, 1, 1),
        end=D(2023, 1, 1),
        amount=None,
        reference_year=2021,
    )
    assert amounts(manager_actor) == {2022: E("0.00")}


def test_coordinators_see_their_own_municipalitys_allocations_only(
    coordinator_actor, manager_actor, pilots, groningen
):
    assert {a.municipality for a in selectors.allocations_visible_to(coordinator_actor)} == {
        groningen
    }
    assert len({a.municipality for a in selectors.allocations_visible_to(manager_actor)}) == 5


def test_the_overview_shows_budget_committed_contracted_and_spent(manager_actor, groningen):
    agreement = AgreementFactory(municipality=groningen, start=D(2021, 1, 1), end=D(2022, 7, 1))
    lump_sum(agreement, D(2021, 1, 1), D(2022, 7, 1), "4300000.00")
    PartnerContractFactory(
        agreement=agreement,
        municipality=groningen,
        start=D(2021, 7, 1),
        end=D(2022, 7, 1),  # 184 days in 2021, 181 in 2022
        amount=E("3650000.00"),
    )
    SpendingRecordFactory(
        municipality=groningen, start=D(2021, 1, 1), end=D(2021, 7, 1), amount=E("2000000.00")
    )
    SpendingRecordFactory(
        municipality=groningen, start=D(2021, 7, 1), end=D(2022, 1, 1), amount=E("2100000.10")
    )
    plan = PlannedLvvFactory(central_municipality=groningen)
    plan.years.create(year=2021, planned_places=95, budget=E("4500000.00"))

    overview = selectors.funding_overview_visible_to(manager_actor, municipality=groningen)

    rows = {row.year: row for row in overview.rows}
    assert set(rows) == {2021, 2022}
    row = rows[2021]
    assert (row.budget, row.committed, row.contracted, row.spent) == (
        E("4500000.00"),
        E("4300000.00"),
        E("1840000.00"),  # 3,650,000 × 184/365
        E("4100000.10"),
    )
    assert row.remaining == E("199999.90")
    assert rows[2022].budget is None
    assert rows[2022].contracted == E("1810000.00")
    assert overview.totals["contracted"] == E("3650000.00")
