"""Exact money and day counting for funding: no floats anywhere, one rounding rule.

The rounding rule (shown on the funding page too, see `ROUNDING_RULE`):

1. Every funding rule yields, for each calendar year its period touches, an *exact* share
   (a fraction, never rounded):
   - a yearly amount (lump sum per year, price per state-funded place per year × places, or
     "the same level as year Y"): ``yearly amount × days of the period within that year /
     days in that year`` (365, or 366 in a leap year);
   - a fixed amount for a whole period (a contract, or a rule of that kind): ``amount × days of
     the period within that year / days of the whole period``.
2. The exact shares of one municipality in one calendar year are added up.
3. That sum is rounded once, to whole cents, half a cent upwards (ROUND_HALF_UP).

Rounding once per municipality per year (not per rule) means that a year split over two rules
with the same yearly amount adds up to exactly that amount, and that totals never drift by the
cents lost in many small roundings. Days are counted on `[start, end)` periods: `end` exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from lvv.core.periods import Period

CENT = Decimal("0.01")

ROUNDING_RULE = _(
    "Amounts are exact euros and cents. A yearly amount counts for the days of a period within "
    "a calendar year divided by the days in that year (365, or 366 in a leap year); a fixed "
    "amount for a period is spread over the calendar years by days. The exact shares of one "
    "municipality in one calendar year are added up and the sum is rounded once to whole "
    "cents, half a cent upwards."
)


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def year_parts(period: Period) -> Iterator[tuple[int, Period]]:
    """Split a closed period `[start, end)` at each 1 January: (year, part) in order."""
    if period.end is None:
        raise ValueError("only a period with an end can be split into years")
    start = period.start
    while start < period.end:
        next_year = date(start.year + 1, 1, 1)
        end = min(next_year, period.end)
        yield start.year, Period(start, end)
        start = end


def exact(amount: Decimal | int | Fraction) -> Fraction:
    """A Decimal (or integer) as an exact fraction: Decimal("0.1") is exactly 1/10."""
    return amount if isinstance(amount, Fraction) else Fraction(amount)


def share_of_yearly_amount(yearly_amount: Fraction, part: Period) -> Fraction:
    """The exact share of a yearly amount for `part`, which lies within one calendar year."""
    return yearly_amount * part.days() / days_in_year(part.start.year)


def share_of_period_amount(amount: Fraction, whole: Period, part: Period) -> Fraction:
    """The exact share of a fixed amount for `whole` that falls in `part` (a piece of it)."""
    return amount * part.days() / whole.days()


def round_cents(value: Fraction) -> Decimal:
    """Round an exact amount to whole cents, half a cent away from zero (ROUND_HALF_UP).

    Works on the exact fraction, so no intermediate decimal rounding can tip a half cent.
    """
    cents = value * 100
    whole = int(abs(cents) + Fraction(1, 2))  # int() truncates: floor for non-negatives
    signed = -whole if cents < 0 else whole
    return (Decimal(signed) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def round_sum(values: Iterable[Fraction]) -> Decimal:
    return round_cents(sum(values, Fraction(0)))


def subtract_months(day: date, months: int) -> date:
    """`day` minus whole months; a day that does not exist then becomes the month's last day
    (31 May minus 3 months is 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 31, 30, 29, 28):
        if candidate <= day.day:
            try:
                return date(year, month, candidate)
            except ValueError:
                continue
    raise ValueError("unreachable")  # pragma: no cover
