"""Time series for the dashboards, computed with the monitor's own selectors; this module holds
the quarterly series, what every series shares and what a dashboard shows by default.

Every point is one `monitor_compute` of the unit over one quarter (or month): the figures on a
chart are exactly the figures of the quarterly monitor for that period, with the same
definitions (`monitoring.indicators`) and, for actors who may not see unsuppressed figures,
the same disclosure control (`monitoring.tables.publish`). A fixed number of queries per point.

- `quarterly_series` (here): inflow, outflow and present at the end; outflow per group
  (durable, semi-durable, none, and transfer/unknown); length of stay (quartiles) of leavers
  and of those present at the end; per quarter.
- `default_unit`, `dashboard_range`, `occupancy_months` (here): a dashboard's defaults.
- `series_occupancy.monthly_occupancy`: place-nights used and available, and utilisation, per
  month, per location and per municipality of the unit (not persons: never suppressed, as in
  the monitor).
- `series_costs.programme_costs`: the state contribution per municipality and year (programme
  app) set against the place-nights used and the durable outflow of that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import localize
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.cases.models import OutflowGroup
from lvv.core.periods import Period

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


def check_range(count: int, maximum: int, field_name: str) -> None:
    """ValidationError on `field_name` when a series asks for more than `maximum` periods."""
    if count > maximum:
        raise ValidationError(
            {field_name: _("Ask for at most %(count)s periods at a time.") % {"count": maximum}}
        )


def require_unit(actor: Actor, unit: Unit) -> None:
    """PermissionDenied unless the actor may see the unit's monitor."""
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
    require_unit(actor, unit)
    periods = quarters(first, last)
    if not periods:
        raise ValidationError({"to": _("The last quarter must not lie before the first.")})
    check_range(len(periods), MAX_QUARTERS, "to")
    suppressed = not sees_unsuppressed(actor, unit)
    points = [
        _point(monitor, suppressed=suppressed)
        for monitor in monitor_series(unit=unit, periods=periods)
    ]
    return QuarterlySeries(unit, suppressed, disclosure.rule_text(), points)


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
