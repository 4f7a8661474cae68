"""Allocations of the state contribution per municipality per calendar year, and the funding
overview (budget, committed, contracted, spent) built on them.

Everything is computed from the funding rules on every read, exactly (fractions), and rounded
once per municipality per year, as `lvv.programme.money` describes. Nothing is stored, so an
extension or a corrected rule shows up at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from lvv.core.periods import Period, inclusive_last_day
from lvv.network.models import Municipality

from ..models import Agreement, FundingKind, FundingRule
from ..money import (
    exact,
    round_cents,
    round_sum,
    share_of_period_amount,
    share_of_yearly_amount,
    year_parts,
)
from .registers import (
    agreements_visible_to,
    partner_contracts_visible_to,
    planned_lvvs_visible_to,
    spending_visible_to,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundingShare:
    """The exact part of one funding rule that falls in one calendar year."""

    rule: FundingRule
    year: int
    period: Period  # the part of the rule's period within `year`
    yearly_amount: Fraction | None  # None for a fixed amount for the period
    exact: Fraction

    @property
    def days(self) -> int:
        return self.period.days()

    @property
    def last_day(self):
        return inclusive_last_day(self.period.end)

    @property
    def rounded(self) -> Decimal:
        """This share alone, rounded: for display; totals are rounded once, from exact shares."""
        return round_cents(self.exact)

    @property
    def yearly_amount_rounded(self) -> Decimal | None:
        return None if self.yearly_amount is None else round_cents(self.yearly_amount)


class FundingCalculator:
    """Turns funding rules into shares per calendar year.

    "Same level as year Y" resolves to what the same agreement was allocated in year Y (rounded
    to cents): the sum of the shares of its rules in Y. Y always lies before the rule starts (the
    model refuses anything else), so resolving never loops.
    """

    def __init__(self, rules: Iterable[FundingRule]):
        self._rules: dict[int, list[FundingRule]] = defaultdict(list)
        for rule in rules:
            self._rules[rule.agreement_id].append(rule)
        self._year_amounts: dict[tuple[int, int], Decimal] = {}

    @classmethod
    def for_agreements(cls, agreements: Iterable[Agreement]) -> FundingCalculator:
        """A calculator over the rules of `agreements`, read in one query."""
        ids = [agreement.pk for agreement in agreements]
        rules = FundingRule.objects.select_related("decision", "agreement").filter(
            agreement_id__in=ids
        )
        return cls(rules.order_by("start"))

    def rules_of(self, agreement_id: int) -> list[FundingRule]:
        return self._rules.get(agreement_id, [])

    def yearly_amount(self, rule: FundingRule) -> Fraction | None:
        if rule.kind == FundingKind.YEARLY_LUMP_SUM:
            return exact(rule.amount)
        if rule.kind == FundingKind.PER_PLACE:
            return exact(rule.price_per_place) * rule.state_funded_places
        if rule.kind == FundingKind.SAME_LEVEL_AS_YEAR:
            return exact(self.agreement_year_amount(rule.agreement_id, rule.reference_year))
        return None

    def shares(self, rule: FundingRule) -> list[FundingShare]:
        whole = rule.period
        yearly = self.yearly_amount(rule)
        shares = []
        for year, part in year_parts(whole):
            if yearly is None:
                value = share_of_period_amount(exact(rule.amount), whole, part)
            else:
                value = share_of_yearly_amount(yearly, part)
            shares.append(FundingShare(rule, year, part, yearly, value))
        return shares

    def agreement_year_amount(self, agreement_id: int, year: int) -> Decimal:
        """What the agreement was allocated in `year`, rounded to cents (0 if nothing)."""
        key = (agreement_id, year)
        if key not in self._year_amounts:
            # Only rules that touch `year`: a rule referring to an earlier year never does, so
            # resolving walks strictly back in time.
            touching = [
                rule
                for rule in self.rules_of(agreement_id)
                if rule.start < date(year + 1, 1, 1) and rule.end > date(year, 1, 1)
            ]
            self._year_amounts[key] = round_sum(
                share.exact
                for rule in touching
                for share in self.shares(rule)
                if share.year == year
            )
        return self._year_amounts[key]

    def agreement_shares(self, agreement_id: int) -> list[FundingShare]:
        return [share for rule in self.rules_of(agreement_id) for share in self.shares(rule)]


@dataclass
class Allocation:
    """The state contribution to one municipality in one calendar year."""

    municipality: Municipality
    year: int
    shares: list[FundingShare] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        """The exact shares added up, rounded once to cents (half a cent upwards)."""
        return round_sum(share.exact for share in self.shares)


def _allocations(agreements: list[Agreement], calculator: FundingCalculator) -> list[Allocation]:
    grouped: dict[tuple[int, int], Allocation] = {}
    for agreement in agreements:
        for share in calculator.agreement_shares(agreement.pk):
            key = (agreement.municipality_id, share.year)
            if key not in grouped:
                grouped[key] = Allocation(agreement.municipality, share.year)
            grouped[key].shares.append(share)
    return sorted(grouped.values(), key=lambda a: (a.municipality.name, a.year))


def allocations_visible_to(
    actor, *, year: int | None = None, municipality: Municipality | None = None
) -> list[Allocation]:
    """Allocations per municipality per calendar year from the rules of the agreements the actor
    sees, optionally for one year or municipality; ordered by municipality name, then year.

    Guarantees: amounts are Decimal euros rounded once per municipality per year from exact
    shares; a year split over rules at the same yearly level adds up to exactly that level.
    """
    agreements = agreements_visible_to(actor)
    if municipality is not None:
        agreements = agreements.filter(municipality=municipality)
    agreements = list(agreements)
    allocations = _allocations(agreements, FundingCalculator.for_agreements(agreements))
    if year is not None:
        allocations = [a for a in allocations if a.year == year]
    return allocations


@dataclass(frozen=True)
class AgreementYear:
    year: int
    amount: Decimal
    shares: list[FundingShare]


def agreement_allocations(agreement: Agreement) -> list[AgreementYear]:
    """What one agreement was allocated per calendar year (rounded per year), with the shares
    of its rules. Callers pass an agreement they obtained through `agreements_visible_to`."""
    calculator = FundingCalculator.for_agreements([agreement])
    years: dict[int, list[FundingShare]] = defaultdict(list)
    for share in calculator.agreement_shares(agreement.pk):
        years[share.year].append(share)
    return [
        AgreementYear(year, round_sum(s.exact for s in shares), shares)
        for year, shares in sorted(years.items())
    ]


# --- the overview: budget, committed, contracted, spent ----------------------------------------


@dataclass
class FundingOverviewRow:
    municipality: Municipality
    year: int
    budget: Decimal | None = None  # from the network plan; None: nothing planned
    committed: Decimal = ZERO  # the state's allocation
    contracted: Decimal = ZERO  # partner contracts, spread over the years by days
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """Committed minus spent (negative: more spent than the state committed)."""
        return self.committed - self.spent


@dataclass
class FundingOverview:
    rows: list[FundingOverviewRow]

    def total(self, name: str) -> Decimal:
        return sum((getattr(row, name) or ZERO for row in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        names = ("budget", "committed", "contracted", "spent", "remaining")
        return {name: self.total(name) for name in names}


def funding_overview_visible_to(
    actor, *, year: int | None = None, municipality: Municipality | None = None
) -> FundingOverview:
    """Per municipality per year: the planned budget (network plan, central municipality), the
    state's allocation, the amounts contracted with partners (spread by days, rounded once per
    municipality per year) and what was spent (records lie within one year). Scoped like the
    registers it reads; one row for every municipality-year that has any of these."""
    rows: dict[tuple[int, int], FundingOverviewRow] = {}

    def row(m: Municipality, y: int) -> FundingOverviewRow:
        if (m.pk, y) not in rows:
            rows[(m.pk, y)] = FundingOverviewRow(m, y)
        return rows[(m.pk, y)]

    for allocation in allocations_visible_to(actor, municipality=municipality):
        row(allocation.municipality, allocation.year).committed = allocation.amount

    contracts = partner_contracts_visible_to(actor)
    spending = spending_visible_to(actor)
    plans = planned_lvvs_visible_to(actor)
    if municipality is not None:
        contracts = contracts.filter(municipality=municipality)
        spending = spending.filter(municipality=municipality)
        plans = plans.filter(central_municipality=municipality)

    contracted: dict[tuple[int, int], list[Fraction]] = defaultdict(list)
    owners: dict[int, Municipality] = {}
    for contract in contracts:
        owners[contract.municipality_id] = contract.municipality
        for part_year, part in year_parts(contract.period):
            contracted[(contract.municipality_id, part_year)].append(
                share_of_period_amount(exact(contract.amount), contract.period, part)
            )
    for (municipality_id, part_year), values in contracted.items():
        row(owners[municipality_id], part_year).contracted = round_sum(values)

    for record in spending:
        target = row(record.municipality, record.year)
        target.spent += record.amount

    for plan in plans:
        if plan.central_municipality is None:
            continue  # not tied to a municipality yet: no municipal row to show it in
        for planned in plan.years.all():
            target = row(plan.central_municipality, planned.year)
            target.budget = (target.budget or ZERO) + planned.budget

    result = sorted(rows.values(), key=lambda r: (r.municipality.name, r.year))
    if year is not None:
        result = [r for r in result if r.year == year]
    return FundingOverview(result)
