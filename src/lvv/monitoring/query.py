"""One way to read "which unit, which period" from a page form, the API or the command line.

Errors are ValidationErrors naming the parameter (`level`, `unit`, `period`, `from`, `to`).
`to` is exclusive (API, command: `--from 2022-04-01 --to 2022-07-01` is the second quarter);
pages take the last day inclusive and convert with `core.periods.exclusive_end` first.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.core.periods import Period

from .selectors.monitor import (
    Level,
    Unit,
    check_period,
    last_complete_quarter,
    quarter_period,
    unit_resolve,
)


def parse_day(value, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field_name: _("Give a date as YYYY-MM-DD.")}) from None


def monitor_query(
    *, level: str | None, unit: str | None, period: str | None, start=None, end=None
) -> tuple[Unit, Period]:
    """The unit and the period asked for: a quarter (`period`, e.g. 2022-Q2) or `[start,
    end)` (`from`/`to`), not both; neither: the last complete quarter. Level defaults to
    national. ValidationError on the parameter that is wrong."""
    errors: dict[str, list[str]] = {}
    resolved_unit = None
    try:
        resolved_unit = unit_resolve(level or Level.NATIONAL, unit)
    except ValidationError as error:
        errors.update(error.message_dict)
    resolved_period = None
    try:
        resolved_period = _period(period, start, end)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return resolved_unit, resolved_period


def _period(period: str | None, start, end) -> Period:
    first, after = parse_day(start, "from"), parse_day(end, "to")
    if period:
        if first or after:
            raise ValidationError({"period": _("Give a quarter or from/to, not both.")})
        return quarter_period(period)
    if first is None and after is None:
        return last_complete_quarter(timezone.localdate())
    if first is None:
        raise ValidationError({"from": _("Give the start of the period.")})
    if after is None:
        raise ValidationError({"to": _("Give the end of the period.")})
    if after <= first:
        raise ValidationError({"to": _("The end must lie after the start (end is exclusive).")})
    return check_period(Period(first, after))
