"""Template filters of the programme pages: money and inclusive dates, shown the Dutch way."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(value) -> str:
    """€ 4.300.000,00 (in Dutch; € 4,300,000.00 in English): always cents, always grouped."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    text = number_format(abs(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"−€ {text}" if amount < 0 else f"€ {text}"


@register.filter
def days_in_year(day) -> int:
    """The number of days in the calendar year of `day`: 365, or 366 in a leap year."""
    from ..money import days_in_year as count

    return count(day.year)
