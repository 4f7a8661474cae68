"""What the client register's forms share: today as an initial value, the partial date of
birth as a person types it, and the country choices."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ...models import DatePrecision


def today() -> date:
    """Today in the site's time zone: the initial value of the forms' date fields."""
    return timezone.localdate()


_PARTIAL_DATE_FORMATS = (
    (re.compile(r"^(\d{4})$"), DatePrecision.YEAR, lambda m: date(int(m[1]), 1, 1)),
    (
        re.compile(r"^(\d{4})-(\d{1,2})$"),
        DatePrecision.MONTH,
        lambda m: date(int(m[1]), int(m[2]), 1),
    ),
    (
        re.compile(r"^(\d{1,2})-(\d{4})$"),
        DatePrecision.MONTH,
        lambda m: date(int(m[2]), int(m[1]), 1),
    ),
    (
        re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
        DatePrecision.DAY,
        lambda m: date(int(m[1]), int(m[2]), int(m[3])),
    ),
    (
        re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"),
        DatePrecision.DAY,
        lambda m: date(int(m[3]), int(m[2]), int(m[1])),
    ),
)


def parse_partial_date(value: str) -> tuple[date | None, str]:
    """'17-05-1990', '1990-05-17', '05-1990', '1990-05', '1990' or '' (unknown)."""
    value = re.sub(r"[\s/.]", "-", (value or "").strip())
    if not value:
        return None, DatePrecision.UNKNOWN
    for pattern, precision, build in _PARTIAL_DATE_FORMATS:
        match = pattern.match(value)
        if match:
            try:
                return build(match), precision
            except ValueError:
                break
    raise ValidationError(
        _("Write a date as 17-05-1990, a month as 05-1990, or a year as 1990."),
        code="invalid_date",
    )


def format_partial_date(value: date | None, precision: str) -> str:
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}-{value.year}"
    return value.strftime("%d-%m-%Y")


def country_choices():
    return [("", _("Unknown")), *list(countries)]
