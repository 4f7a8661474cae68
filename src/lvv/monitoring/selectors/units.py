"""The monitor's units and periods: which unit (`Level`, `Unit`, `unit_resolve`) and which
quarter or period (`quarter_period`, `period_label`, `quarter_of`, `last_complete_quarter`,
`quarters`, `check_period`) a monitor or dashboard is about.

Keys: a location's uuid, a municipality's CBS code (`GM0363`), a region's uuid (its name is
accepted too), `NL` (`NATIONAL_KEY`) for national. Every parse error is a ValidationError on
the field it concerns (`level`, `unit`, `period`, `from`/`to`). Re-exported by
`selectors.monitor`, the module other code imports them from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.core.periods import Period
from lvv.network.models import Location, Municipality, Region

from . import sql as q


class Level(models.TextChoices):
    LOCATION = "location", gettext_lazy("Location")
    MUNICIPALITY = "municipality", gettext_lazy("Municipality")
    REGION = "region", gettext_lazy("LVV region")
    NATIONAL = "national", gettext_lazy("National")


NATIONAL_KEY = "NL"


@dataclass(frozen=True)
class Unit:
    level: str
    key: str
    name: str
    id: int | None = None  # internal primary key, never shown
    municipality_ids: tuple[int, ...] = ()  # for scope checks; () for national

    @property
    def is_national(self) -> bool:
        return self.level == Level.NATIONAL


# --- units and periods -------------------------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def quarter_period(text: str, *, field_name: str = "period") -> Period:
    """`2022-Q2` -> [2022-04-01, 2022-07-01). ValidationError on `field_name` otherwise."""
    match = _QUARTER.match((text or "").strip())
    if not match:
        raise ValidationError({field_name: _("Give a quarter as YYYY-Qn, e.g. 2022-Q2.")})
    year, quarter = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end)


def period_label(period: Period) -> str:
    """`2022-Q2` for a calendar quarter, else `2022-04-01 – 2022-06-30` (last day inclusive)."""
    start = period.start
    if start.day == 1 and start.month in (1, 4, 7, 10):
        quarter = quarter_period(f"{start.year}-Q{(start.month + 2) // 3}")
        if quarter == period:
            return f"{start.year}-Q{(start.month + 2) // 3}"
    return f"{period.start.isoformat()} – {period.last_day.isoformat()}"


def quarter_of(day: date) -> Period:
    """The calendar quarter that contains `day`."""
    return quarter_period(f"{day.year}-Q{(day.month + 2) // 3}")


def last_complete_quarter(today: date) -> Period:
    """The quarter before the one containing `today` (the default period)."""
    return quarter_of(quarter_of(today).start - timedelta(days=1))


def quarters(first: Period, last: Period) -> list[Period]:
    """The quarters from the one starting `first.start` up to and including `last`."""
    result = []
    current = first
    while current.start <= last.start:
        result.append(current)
        current = quarter_period(f"{current.end.year}-Q{(current.end.month + 2) // 3}")
    return result


def check_period(period: Period) -> Period:
    if period.end is None:
        raise ValidationError({"to": _("The monitor needs a period with an end.")})
    if period.start.year < 1900 or period.end >= q.FAR_FUTURE:
        raise ValidationError({"from": _("Choose a period between 1900 and 9998.")})
    return period


def unit_resolve(level: str, key: str | None) -> Unit:
    """The unit at `level` named by `key`. ValidationError on `level` or `unit`."""
    if level not in Level.values:
        raise ValidationError(
            {"level": _("Choose one of: %(levels)s.") % {"levels": ", ".join(Level.values)}}
        )
    if level == Level.NATIONAL:
        return Unit(level=level, key=NATIONAL_KEY, name=_("The Netherlands"))
    key = (key or "").strip()
    if not key:
        raise ValidationError({"unit": _("Choose the unit to show.")})
    if level == Level.MUNICIPALITY:
        municipality = Municipality.objects.filter(cbs_code__iexact=key).first()
        if municipality is None:
            raise ValidationError({"unit": _("No municipality with CBS code %s.") % key})
        return Unit(
            level=level,
            key=municipality.cbs_code,
            name=municipality.name,
            id=municipality.pk,
            municipality_ids=(municipality.pk,),
        )
    if level == Level.LOCATION:
        location = _by_uuid(Location.objects.all(), key)
        if location is None:
            raise ValidationError({"unit": _("No location with this identifier.")})
        return Unit(
            level=level,
            key=str(location.uuid),
            name=location.name,
            id=location.pk,
            municipality_ids=(location.municipality_id,),
        )
    region = _by_uuid(Region.objects.all(), key) or Region.objects.filter(name=key).first()
    if region is None:
        raise ValidationError({"unit": _("No LVV region with this identifier or name.")})
    return Unit(
        level=level,
        key=str(region.uuid),
        name=region.name,
        id=region.pk,
        municipality_ids=tuple(sorted(region.municipalities.values_list("pk", flat=True))),
    )


def _by_uuid(queryset, key: str):
    import uuid

    try:
        value = uuid.UUID(key)
    except ValueError:
        return None
    return queryset.filter(uuid=value).first()
