"""Time series for the dashboards, computed with the monitor's own selectors.

Every point is one `monitor_compute` of the unit over one quarter (or month): the figures on a
chart are exactly the figures of the quarterly monitor for that period, with the same
definitions (`monitoring.indicators`) and, for actors who may not see unsuppressed figures,
the same disclosure control (`monitoring.tables.publish`). A fixed number of queries per point.

- `quarterly_series`: inflow, outflow and present at the end; outflow per group (durable,
  semi-durable, none, and transfer/unknown); length of stay (quartiles) of leavers and of those
  present at the end; per quarter.
- `monthly_occupancy`: place-nights used and available, and utilisation, per month, per
  location and per municipality of the unit (not persons: never suppressed, as in the monitor).
- `programme_costs`: the state contribution per municipality and year (programme app) set
  against the place-nights used and the durable outflow of that year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.formats import localize
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.cases.models import OutflowGroup, Placement
from lvv.core.periods import Period
from lvv.network.models import LocationCapacity

from .. import disclosure
from ..tables import QUANTILE_COLUMNS, publish
from .access import may_view_unit, sees_unsuppressed
from .monitor import (
    TRANSFER,
    UNKNOWN,
    Level,
    Monitor,
    Unit,
    monitor_series,
    period_label,
    quarters,
    unit_resolve,
)

MAX_QUARTERS = 24
MAX_MONTHS = 36
OUTFLOW_GROUP_ORDER = (*OutflowGroup.values, TRANSFER, UNKNOWN)


@dataclass(frozen=True)
class Value:
    """A figure as published: `value` is None when hidden (suppressed) or not applicable."""

    value: int | Decimal | None
    display: str
    hidden: bool = False

    @classmethod
    def of(cls, value) -> Value:
        return cls(value, "–" if value is None else localize(value))


@dataclass(frozen=True)
class QuarterPoint:
    period: Period
    label: str
    inflow: Value
    outflow: Value
    present_at_end: Value
    outflow_groups: dict[str, Value]
    stay_of_leavers: dict[str, Value]  # QUANTILE_COLUMNS -> Value
    stay_of_present: dict[str, Value]


@dataclass(frozen=True)
class QuarterlySeries:
    unit: Unit
    suppressed: bool
    rule: str
    points: list[QuarterPoint]

    @property
    def groups(self) -> list[str]:
        """The outflow groups the series has (transfer only below the national level)."""
        present = {group for point in self.points for group in point.outflow_groups}
        return [group for group in OUTFLOW_GROUP_ORDER if group in present]


def _check_range(count: int, maximum: int, field_name: str) -> None:
    if count > maximum:
        raise ValidationError(
            {field_name: _("Ask for at most %(count)s periods at a time.") % {"count": maximum}}
        )


def _require_unit(actor: Actor, unit: Unit) -> None:
    if not may_view_unit(actor, unit):
        raise PermissionDenied(_("You may not see the monitor of this unit."))


def _cells(table) -> dict[str, Value]:
    return {
        row.code: Value(row.cells[0].value, row.cells[0].display, row.cells[0].hidden)
        for row in table.rows
    }


def _point(monitor: Monitor, *, suppressed: bool) -> QuarterPoint:
    published = publish(monitor, suppressed=suppressed)
    flows = _cells(published.table("flows"))
    reasons = _cells(published.table("outflow_by_reason"))
    groups = {
        group: reasons[f"group:{group}"]
        for group in OUTFLOW_GROUP_ORDER
        if f"group:{group}" in reasons
    }

    def quantiles(code: str) -> dict[str, Value]:
        row = published.table(code).rows[0]
        return {
            column: Value(cell.value, cell.display, cell.hidden)
            for column, cell in zip(QUANTILE_COLUMNS, row.cells, strict=True)
        }

    return QuarterPoint(
        period=monitor.period,
        label=period_label(monitor.period),
        inflow=flows["inflow"],
        outflow=flows["outflow"],
        present_at_end=flows["present_at_end"],
        outflow_groups=groups,
        stay_of_leavers=quantiles("stay_of_leavers"),
        stay_of_present=quantiles("stay_of_present"),
    )


def quarterly_series(*, actor: Actor, unit: Unit, first: Period, last: Period) -> QuarterlySeries:
    """The unit's quarterly figures from quarter `first` up to and including `last`.

    Guarantees: PermissionDenied outside the actor's units; each point equals the quarterly
    monitor of that quarter, suppressed exactly as the monitor publishes it for this actor;
    at most `MAX_QUARTERS` points (ValidationError on `to`).
    """
    _require_unit(actor, unit)
    periods = quarters(first, last)
    if not periods:
        raise ValidationError({"to": _("The last quarter must not lie before the first.")})
    _check_range(len(periods), MAX_QUARTERS, "to")
    suppressed = not sees_unsuppressed(actor, unit)
    points = [
        _point(monitor, suppressed=suppressed)
        for monitor in monitor_series(unit=unit, periods=periods)
    ]
    return QuarterlySeries(unit, suppressed, disclosure.rule_text(), points)


# --- occupancy per month ---------------------------------------------------------------------


def months(first: date, last: date) -> list[Period]:
    """The calendar months from the one containing `first` up to the one containing `last`."""
    start = date(first.year, first.month, 1)
    result = []
    while start <= last:
        end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        result.append(Period(start, end))
        start = end
    return result


@dataclass
class OccupancyLine:
    """One location or municipality over the months: place-nights used and available."""

    key: str
    name: str
    used: list[int] = field(default_factory=list)
    available: list[int] = field(default_factory=list)

    @property
    def utilisation(self) -> list[Decimal | None]:
        return [_percent(u, a) for u, a in zip(self.used, self.available, strict=True)]


@dataclass(frozen=True)
class OccupancySeries:
    unit: Unit
    months: list[Period]
    locations: list[OccupancyLine]
    municipalities: list[OccupancyLine]

    @property
    def month_labels(self) -> list[str]:
        return [month.start.strftime("%Y-%m") for month in self.months]


def _percent(used: int, available: int) -> Decimal | None:
    if not available:
        return None
    return (Decimal(100 * used) / available).quantize(Decimal("0.1"), ROUND_HALF_UP)


def monthly_occupancy(*, actor: Actor, unit: Unit, first: date, last: date) -> OccupancySeries:
    """Place-nights used and available per month, per location of the unit and per
    municipality (the locations added up), from the month of `first` to that of `last`.

    Guarantees: PermissionDenied outside the actor's units; a month's figures are the
    monitor's occupancy of that month (a placement counts a night on every day of
    `[start, end)` the location is open; capacity likewise, times its places); every line
    has a value for every month (0 where the location was closed); at most `MAX_MONTHS`
    months (ValidationError on `to`). Three queries however many locations and months.
    """
    _require_unit(actor, unit)
    periods = months(first, last)
    if not periods:
        raise ValidationError({"to": _("The last month must not lie before the first.")})
    _check_range(len(periods), MAX_MONTHS, "to")
    whole = Period(periods[0].start, periods[-1].end)
    locations = list(_unit_locations(unit, whole))
    used = _nights_by_month(
        Placement.objects, [location.pk for location in locations], whole, periods, locations
    )
    available = _nights_by_month(
        LocationCapacity.objects,
        [location.pk for location in locations],
        whole,
        periods,
        locations,
        weight=F("state_funded_places") + F("municipality_funded_places"),
    )
    location_lines: list[OccupancyLine] = []
    municipality_lines: dict[str, OccupancyLine] = {}
    for location in locations:
        line = OccupancyLine(
            str(location.uuid),
            location.name,
            used[location.pk],
            available[location.pk],
        )
        location_lines.append(line)
        code = location.municipality.cbs_code
        total = municipality_lines.setdefault(
            code,
            OccupancyLine(code, location.municipality.name, [0] * len(periods), [0] * len(periods)),
        )
        total.used = [a + b for a, b in zip(total.used, line.used, strict=True)]
        total.available = [a + b for a, b in zip(total.available, line.available, strict=True)]
    return OccupancySeries(
        unit,
        periods,
        sorted(location_lines, key=lambda line: line.name),
        sorted(municipality_lines.values(), key=lambda line: line.name),
    )


def _unit_locations(unit: Unit, period: Period):
    """The locations of the unit open on at least one day of the period."""
    from django.db.models import Q

    from lvv.network.models import Location

    locations = Location.objects.select_related("municipality").filter(start__lt=period.end)
    locations = locations.filter(Q(end__isnull=True) | Q(end__gt=period.start))
    if unit.level == Level.LOCATION:
        return locations.filter(pk=unit.id)
    if unit.level == Level.NATIONAL:
        return locations
    return locations.filter(municipality_id__in=unit.municipality_ids)


def _nights_by_month(manager, location_ids, whole: Period, periods, locations, weight=None):
    """Per location id, per month of `periods`: the days of rows (placements, or capacity
    periods weighted by their places) that fall in the month and in the location's open period.
    One query: the rows overlapping `whole`; the days are counted here, per row and month."""
    from django.db.models import Q, Value

    rows = (
        manager.filter(location_id__in=location_ids, start__lt=whole.end)
        .filter(Q(end__isnull=True) | Q(end__gt=whole.start))
        .annotate(weight=weight if weight is not None else Value(1))
        .values_list("location_id", "start", "end", "weight")
    )
    open_periods = {location.pk: (location.start, location.end) for location in locations}
    result = {pk: [0] * len(periods) for pk in location_ids}
    for location_id, start, end, count in rows:
        opens, closes = open_periods[location_id]
        first = max(start, opens)
        after = min(day for day in (end, closes, whole.end) if day is not None)
        if not count or after <= first:
            continue
        for index, month in enumerate(periods):
            days = (min(after, month.end) - max(first, month.start)).days
            if days > 0:
                result[location_id][index] += days * count
    return result


# --- the programme: money against use and outcomes -------------------------------------------


@dataclass(frozen=True)
class CostRow:
    municipality_code: str
    municipality_name: str
    year: int
    allocation: Decimal  # the state contribution allocated for the year
    place_nights_used: int
    durable_outflow: Value
    cost_per_place_night: Decimal | None
    cost_per_durable_outcome: Value


def _divide(amount: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (amount / count).quantize(Decimal("0.01"), ROUND_HALF_UP)


def programme_costs(*, actor: Actor, year: int | None = None) -> list[CostRow]:
    """Per municipality and calendar year with a state contribution: the allocation, the
    place-nights used at the municipality's locations that year, the durable outflow that
    year, the cost per place-night used and per durable outcome.

    Guarantees: the allocations are those `programme.selectors.funding.allocations_visible_to`
    gives the actor (a coordinator: their own municipality; programme managers: all); figures
    of units the actor may not see are left out; the durable outflow is suppressed below the
    threshold for everyone but the municipality's own coordinator, and then so is the cost
    per durable outcome (it would reveal the count). Years that have not begun are left out.
    """
    from django.utils import timezone

    from lvv.programme.selectors.funding import allocations_visible_to

    today = timezone.localdate()
    limit = disclosure.threshold()
    rows = []
    for allocation in allocations_visible_to(actor, year=year):
        if allocation.year > today.year:
            continue
        unit = unit_resolve(Level.MUNICIPALITY, allocation.municipality.cbs_code)
        if not may_view_unit(actor, unit):
            continue
        period = Period(date(allocation.year, 1, 1), date(allocation.year + 1, 1, 1))
        [monitor] = monitor_series(unit=unit, periods=[period])
        used = sum(use.place_nights_used for use in monitor.locations)
        durable = monitor.outflow_by_group.get(OutflowGroup.DURABLE, 0)
        amount = allocation.amount
        per_outcome = _divide(amount, durable)
        if 0 < durable < limit and not sees_unsuppressed(actor, unit):
            durable_value = Value(None, disclosure.primary_mark(limit), True)
            per_outcome_value = Value(None, disclosure.SECONDARY_MARK, True)
        else:
            durable_value = Value.of(durable)
            per_outcome_value = Value.of(per_outcome)
        rows.append(
            CostRow(
                municipality_code=unit.key,
                municipality_name=unit.name,
                year=allocation.year,
                allocation=amount,
                place_nights_used=used,
                durable_outflow=durable_value,
                cost_per_place_night=_divide(amount, used),
                cost_per_durable_outcome=per_outcome_value,
            )
        )
    return rows


def costs_by_municipality(rows: list[CostRow]) -> dict[str, list[CostRow]]:
    grouped: dict[str, list[CostRow]] = defaultdict(list)
    for row in rows:
        grouped[row.municipality_name].append(row)
    return dict(grouped)


# --- what a dashboard shows by default ---------------------------------------------------------

DEFAULT_QUARTERS = 8


def default_unit(actor: Actor) -> Unit:
    """A coordinator's own municipality; the national figures for everyone else."""
    from .quality import actor_municipality

    own = actor_municipality(actor)
    if own is not None:
        unit = unit_resolve(Level.MUNICIPALITY, own.cbs_code)
        if may_view_unit(actor, unit):
            return unit
    return unit_resolve(Level.NATIONAL, None)


def dashboard_range(
    first: str | None, last: str | None, *, today: date | None = None
) -> tuple[Period, Period]:
    """The quarters asked for (`2021-Q1`..`2022-Q4`); by default the last `DEFAULT_QUARTERS`
    complete quarters. ValidationError on `from` or `to`."""
    from django.utils import timezone

    from .monitor import last_complete_quarter, quarter_period

    today = today or timezone.localdate()
    last_period = quarter_period(last, field_name="to") if last else last_complete_quarter(today)
    if first:
        first_period = quarter_period(first, field_name="from")
    else:
        start = last_period.start
        month_index = start.year * 12 + start.month - 1 - 3 * (DEFAULT_QUARTERS - 1)
        first_period = quarter_period(
            f"{month_index // 12}-Q{(month_index % 12) // 3 + 1}", field_name="from"
        )
    if last_period.start < first_period.start:
        raise ValidationError({"to": _("The last quarter must not lie before the first.")})
    return first_period, last_period


def occupancy_months(first: Period, last: Period) -> tuple[date, date]:
    """The months of the quarters `first`..`last`, at most the last `MAX_MONTHS` of them."""
    end = last.end
    start = first.start
    earliest_index = end.year * 12 + end.month - 1 - MAX_MONTHS
    earliest = date(earliest_index // 12, earliest_index % 12 + 1, 1)
    return max(start, earliest), last.last_day
