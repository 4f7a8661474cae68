"""The quarterly LVV monitor: every indicator for one unit and one period, computed from the
register every time (nothing stored).

Public API (stable; dashboards and exports build on it)
--------------------------------------------------------
Units and periods (defined in `selectors.units`, re-exported here)
- `Level`: location / municipality / region / national (TextChoices).
- `Unit`: a resolved unit (`level`, `key`, `name`, internal `id`, `municipality_ids`).
  Keys: a location's uuid, a municipality's CBS code (`GM0363`), a region's uuid (its name is
  accepted too), `NL` for national.
- `unit_resolve(level, key) -> Unit`: raises ValidationError on `level` or `unit`.
- `quarter_period("2022-Q2") -> Period` and `period_label(period) -> str`; raise ValidationError.
- `quarter_of(day)`, `last_complete_quarter(today)` (the default period) -> Period.
- `quarters(first: Period, last: Period) -> list[Period]`: consecutive quarters, for series.

Computing (no access check: callers check scope first with `selectors.access`)
- `monitor_compute(*, unit, period) -> Monitor`: all indicators (a fixed number of queries,
  whatever the number of clients: 4). Raises `StockFlowError` if present(a-1) + inflow -
  outflow != present(b-1) (cannot happen by construction; checked on every output).
- `monitor_series(*, unit, periods) -> list[Monitor]`: one Monitor per period.
- `monitor_for(*, actor, unit, period) -> Monitor`: the same after the scope check
  (PermissionDenied outside the actor's units).

What a Monitor holds (plain ints, Decimals and dates; see the dataclasses below):
`present_at_start`, `inflow`, `outflow`, `present_at_end`, `cumulative_inflow`,
`cumulative_outflow`, `outflow_by_reason` (OutflowLine per reason, plus the pseudo reasons
`transfer` (not at national level) and `unknown`), `outflow_by_group` (dict group -> int),
`scenarios_at_end` (dict ScenarioKind value or "none" -> int), `stay_of_leavers`,
`stay_of_present` and `intake_to_scenario` (Quantiles), `locations` (LocationUse per location
open in the period), `present_in_period`, `discussed_in_lso`, `open_escalations` (dict
EscalationLevel value -> int), `lvv_start`.

Publishing a Monitor (tables with small-cell suppression) is `monitoring.tables` +
`monitoring.disclosure`; definitions of each figure are in `monitoring.indicators`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.cases.models import (
    EscalationLevel,
    OutflowGroup,
    OutflowReason,
    ScenarioKind,
)
from lvv.core.periods import Period
from lvv.network.models import Location

from . import sql as q
from .statements import TRANSFER, UNKNOWN, location_use_statement, main_statement
from .units import (
    NATIONAL_KEY,
    Level,
    Unit,
    check_period,
    last_complete_quarter,
    period_label,
    quarter_of,
    quarter_period,
    quarters,
    unit_resolve,
)

# The public API (see above): the units and periods are re-exported from `units`.
__all__ = [
    "NATIONAL_KEY",
    "NO_SCENARIO",
    "OUTFLOW_GROUPS",
    "TRANSFER",
    "UNKNOWN",
    "Level",
    "LocationUse",
    "Monitor",
    "OutflowLine",
    "Quantiles",
    "StockFlowError",
    "Unit",
    "check_period",
    "last_complete_quarter",
    "monitor_compute",
    "monitor_for",
    "monitor_series",
    "period_label",
    "quantiles",
    "quarter_of",
    "quarter_period",
    "quarters",
    "stock_flow_checks",
    "unit_resolve",
]

NO_SCENARIO = "none"
OUTFLOW_GROUPS = (*OutflowGroup.values, TRANSFER, UNKNOWN)


class StockFlowError(AssertionError):
    """present at start + inflow - outflow != present at end: the figures must not go out."""


@dataclass(frozen=True)
class Quantiles:
    """Quartiles of a number of days (PostgreSQL `percentile_cont`, Excel QUARTILE.INC:
    linear interpolation between the order statistics at (n - 1) * p). None when n is 0."""

    count: int
    first_quartile: Decimal | None
    median: Decimal | None
    third_quartile: Decimal | None


@dataclass(frozen=True)
class OutflowLine:
    code: str  # OutflowReason.code, or TRANSFER / UNKNOWN
    label: str
    group: str  # OutflowGroup value, or TRANSFER / UNKNOWN
    count: int


@dataclass(frozen=True)
class LocationUse:
    location_uuid: str
    name: str
    municipality_code: str
    days: int  # days of the period the location was open
    place_nights_used: int
    place_nights_available: int

    @property
    def average_occupied(self) -> Decimal | None:
        if not self.days:
            return None
        return (Decimal(self.place_nights_used) / self.days).quantize(Decimal("0.1"))

    @property
    def utilisation_percent(self) -> Decimal | None:
        if not self.place_nights_available:
            return None
        return (Decimal(100 * self.place_nights_used) / self.place_nights_available).quantize(
            Decimal("0.1")
        )


@dataclass(frozen=True)
class Monitor:
    unit: Unit
    period: Period
    lvv_start: date | None
    present_at_start: int
    inflow: int
    outflow: int
    present_at_end: int
    cumulative_inflow: int
    cumulative_outflow: int
    outflow_by_reason: tuple[OutflowLine, ...]
    outflow_by_group: dict[str, int]
    scenarios_at_end: dict[str, int]
    stay_of_leavers: Quantiles
    stay_of_present: Quantiles
    intake_to_scenario: Quantiles
    locations: tuple[LocationUse, ...]
    present_in_period: int
    discussed_in_lso: int
    open_escalations: dict[str, int]
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def count_date_at_start(self) -> date:
        """Present at the start = present on the day before the period."""
        return self.period.start - timedelta(days=1)

    @property
    def count_date_at_end(self) -> date:
        """Present at the end = present on the period's last day."""
        return self.period.end - timedelta(days=1)

    @property
    def identity_holds(self) -> bool:
        return self.present_at_start + self.inflow - self.outflow == self.present_at_end

    @property
    def discussed_share_percent(self) -> Decimal | None:
        if not self.present_in_period:
            return None
        return (Decimal(100 * self.discussed_in_lso) / self.present_in_period).quantize(
            Decimal("0.1")
        )


# --- computing ---------------------------------------------------------------------------------


def monitor_for(*, actor: Actor, unit: Unit, period: Period) -> Monitor:
    """The monitor of `unit` over `period`, if the actor may see that unit (else
    PermissionDenied). Figures are aggregates; publishing applies disclosure control."""
    from .access import may_view_unit

    if not may_view_unit(actor, unit):
        raise PermissionDenied(_("You may not see the monitor of this unit."))
    return monitor_compute(unit=unit, period=period)


def monitor_series(*, unit: Unit, periods: Iterable[Period]) -> list[Monitor]:
    """One Monitor per period (for charts over time); a fixed number of queries each."""
    return [monitor_compute(unit=unit, period=period) for period in periods]


def monitor_compute(*, unit: Unit, period: Period) -> Monitor:
    """Every indicator of `unit` over `[period.start, period.end)`; see `indicators.py` for
    the written definitions. Four queries on the reporting database (stays, reasons,
    place-nights, location names). Raises StockFlowError when an identity fails."""
    check_period(period)
    alias = q.reporting_db()
    dialect = q.Dialect(alias)
    rows = q.run(main_statement(dialect, unit.level, unit.id, period), alias)
    sections: dict[str, list[tuple]] = {}
    for section, key, value in rows:
        sections.setdefault(section, []).append((key, int(value or 0)))
    flows = dict(sections.get("flow", []))
    lso = dict(sections.get("lso", []))
    outflow_by_reason, outflow_by_group = _outflow_lines(
        sections.get("reason", []), national=unit.is_national, alias=alias
    )
    scenarios = dict.fromkeys([*ScenarioKind.values, NO_SCENARIO], 0)
    for kind, count in sections.get("scenario", []):
        scenarios[kind or NO_SCENARIO] = scenarios.get(kind or NO_SCENARIO, 0) + count
    escalations = dict.fromkeys(EscalationLevel.values, 0)
    for level, count in sections.get("escalation", []):
        escalations[level] = escalations.get(level, 0) + count
    monitor = Monitor(
        unit=unit,
        period=period,
        lvv_start=_lvv_start(flows),
        present_at_start=flows.get("present_at_start", 0),
        inflow=flows.get("inflow", 0),
        outflow=flows.get("outflow", 0),
        present_at_end=flows.get("present_at_end", 0),
        cumulative_inflow=flows.get("cumulative_inflow", 0),
        cumulative_outflow=flows.get("cumulative_outflow", 0),
        outflow_by_reason=outflow_by_reason,
        outflow_by_group=outflow_by_group,
        scenarios_at_end=scenarios,
        stay_of_leavers=quantiles(sections.get("stay_leavers", [])),
        stay_of_present=quantiles(sections.get("stay_present", [])),
        intake_to_scenario=quantiles(sections.get("intake_to_scenario", [])),
        locations=tuple(_location_use(dialect, alias, unit, period)),
        present_in_period=lso.get("present", 0),
        discussed_in_lso=lso.get("discussed", 0),
        open_escalations=escalations,
    )
    checks = stock_flow_checks(monitor)
    if not all(checks.values()):
        failed = ", ".join(name for name, ok in checks.items() if not ok)
        raise StockFlowError(f"stock-flow check failed for {unit.key} {period}: {failed}")
    monitor.checks.update(checks)
    return monitor


def stock_flow_checks(monitor: Monitor) -> dict[str, bool]:
    """The identities every output must satisfy, by name."""
    return {
        "present_start_plus_inflow_minus_outflow_is_present_end": monitor.identity_holds,
        "cumulative_inflow_minus_outflow_is_present_end": (
            monitor.cumulative_inflow - monitor.cumulative_outflow == monitor.present_at_end
        ),
        "outflow_by_reason_adds_up": (
            sum(line.count for line in monitor.outflow_by_reason) == monitor.outflow
        ),
        "scenarios_add_up": sum(monitor.scenarios_at_end.values()) == monitor.present_at_end,
    }


def quantiles(histogram: Iterable[tuple]) -> Quantiles:
    """Quartiles from (value, how many) pairs (percentile_cont / QUARTILE.INC)."""
    pairs = sorted((int(value), int(count)) for value, count in histogram if count)
    total = sum(count for _value, count in pairs)
    if total == 0:
        return Quantiles(0, None, None, None)

    def order_statistic(index: int) -> int:  # 0-based
        seen = 0
        for value, count in pairs:
            seen += count
            if index < seen:
                return value
        return pairs[-1][0]

    def at(p: Fraction) -> Decimal:
        position = (total - 1) * p
        lower = int(position)
        fraction = position - lower
        low = order_statistic(lower)
        high = order_statistic(min(lower + 1, total - 1))
        exact = low + fraction * (high - low)
        return Decimal(exact.numerator) / Decimal(exact.denominator)

    return Quantiles(total, at(Fraction(1, 4)), at(Fraction(1, 2)), at(Fraction(3, 4)))


def _lvv_start(flows: dict) -> date | None:
    value = flows.get("lvv_start")
    if not value:
        return None
    return date.fromordinal(value)


def _outflow_lines(
    rows: list[tuple], *, national: bool, alias: str
) -> tuple[tuple[OutflowLine, ...], dict[str, int]]:
    counts: dict[str, int] = {}
    for key, count in rows:
        counts[key] = counts.get(key, 0) + count
    lines = []
    for reason in OutflowReason.objects.using(alias).order_by("order", "code"):
        count = counts.pop(str(reason.pk), 0)
        if count or reason.is_active:
            lines.append(OutflowLine(reason.code, reason.label, reason.group, count))
    if not national:
        lines.append(
            OutflowLine(
                TRANSFER, _("Transfer or move within the LVV"), TRANSFER, counts.pop(TRANSFER, 0)
            )
        )
    lines.append(OutflowLine(UNKNOWN, _("Reason unknown"), UNKNOWN, sum(counts.values())))
    groups = dict.fromkeys(OUTFLOW_GROUPS, 0)
    if national:
        groups.pop(TRANSFER)
    for line in lines:
        groups[line.group] += line.count
    return tuple(lines), groups


def _location_use(dialect: q.Dialect, alias: str, unit: Unit, period: Period) -> list[LocationUse]:
    """Place-nights used and available per location open in the period: one query, plus
    one for the locations' names."""
    rows = q.run(location_use_statement(dialect, unit.level, unit.id, period), alias)
    locations = {
        location.pk: location
        for location in Location.objects.using(alias)
        .filter(pk__in=[row[0] for row in rows])
        .select_related("municipality")
    }
    result = [
        LocationUse(
            location_uuid=str(locations[pk].uuid),
            name=locations[pk].name,
            municipality_code=locations[pk].municipality.cbs_code,
            days=int(days),
            place_nights_used=int(used),
            place_nights_available=int(available),
        )
        for pk, days, used, available in rows
    ]
    return sorted(result, key=lambda use: (use.municipality_code, use.name))
