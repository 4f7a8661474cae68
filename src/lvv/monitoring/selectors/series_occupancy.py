"""The occupancy dashboard's series: place-nights used and available per month, per location
and per municipality of a unit (`monthly_occupancy`, `months`).

Place-nights are not persons: never suppressed, as in the monitor. The figures of a month are
the monitor's occupancy of that month; three queries however many locations and months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.cases.models import Placement
from lvv.core.periods import Period
from lvv.network.models import LocationCapacity

from .monitor import Level, Unit
from .series import MAX_MONTHS, check_range, require_unit


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
    require_unit(actor, unit)
    periods = months(first, last)
    if not periods:
        raise ValidationError({"to": _("The last month must not lie before the first.")})
    check_range(len(periods), MAX_MONTHS, "to")
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
