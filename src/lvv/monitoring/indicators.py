"""The indicator definitions of the LVV monitor: one versioned registry.

Each figure the monitor shows (page, API, export) names its indicator here, and the written
definition is shown beside it and in the XLSX sheet "Definities". A change of definition is a
new version: add an `Indicator` with the same code and a higher version, keep the old one
(figures published earlier were computed under it). `current()` gives the newest of each code.

Shared period semantics (all indicators): a period is `[a, b)`; placements count a night on
every day of `[start, end)`; a stay is a maximal run of one person's placements in the unit,
each starting on or before the end of the earlier ones (overlaps merged, never counted twice).
Person: the client file at location, municipality and region level; the national pseudonym at
national level.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PERIOD_SEMANTICS = _(
    "Periods run from the first day up to and including the last day. A stay is an unbroken "
    "run of placements of one person in the unit (location, municipality, region, or the whole "
    "country); a placement counts a night on every day from its first day up to, not "
    "including, its end date. Nationally a person is counted once by a keyed pseudonym, so a "
    "transfer between cities is one national stay."
)


@dataclass(frozen=True)
class Indicator:
    code: str
    version: int
    title: Promise
    unit: Promise
    definition: Promise
    since: str  # ISO date from which this version applies


REGISTRY: tuple[Indicator, ...] = (
    Indicator(
        "present_at_start",
        1,
        _("Present at the start"),
        _("persons"),
        _(
            "Stays in the unit on the count date the day before the period starts: the stay "
            "began on or before that day and had not ended by it."
        ),
        "2026-11-30",
    ),
    Indicator(
        "inflow",
        1,
        _("Inflow"),
        _("stays"),
        _("Stays in the unit that began on a day of the period."),
        "2026-11-30",
    ),
    Indicator(
        "outflow",
        1,
        _("Outflow"),
        _("stays"),
        _(
            "Stays in the unit that ended on a day of the period (the end date is the first "
            "day no longer placed). A placement that starts and ends on the same day does not "
            "exist: the register refuses it, so it is neither inflow nor outflow."
        ),
        "2026-11-30",
    ),
    Indicator(
        "present_at_end",
        1,
        _("Present at the end"),
        _("persons"),
        _(
            "Stays in the unit on the count date of the period's last day. Always equal to "
            "present at the start plus inflow minus outflow; every output is checked."
        ),
        "2026-11-30",
    ),
    Indicator(
        "cumulative_inflow",
        1,
        _("Cumulative inflow since the start"),
        _("stays"),
        _(
            "Stays in the unit that began from the start of the LVV (its first placement) up "
            "to the period's last day."
        ),
        "2026-11-30",
    ),
    Indicator(
        "cumulative_outflow",
        1,
        _("Cumulative outflow since the start"),
        _("stays"),
        _(
            "Stays in the unit that ended from the start of the LVV up to the period's last "
            "day. Cumulative inflow minus cumulative outflow equals present at the end."
        ),
        "2026-11-30",
    ),
    Indicator(
        "outflow_by_reason",
        1,
        _("Outflow by reason and group"),
        _("stays"),
        _(
            "The outflow split by the reason recorded when the client left on the stay's end "
            "date, and the group of that reason (durable, semi-durable, no solution; the "
            "grouping is reference data). A stay ending in a move to a location outside the "
            "unit or a transfer to another municipality counts as 'transfer or move within "
            "the LVV' (not at national level, where the stay continues). Any other ending is "
            "'reason unknown', a data-quality issue."
        ),
        "2026-11-30",
    ),
    Indicator(
        "scenarios_at_end",
        1,
        _("Guidance scenarios of those present at the end"),
        _("persons"),
        _(
            "For the stays present at the end, the latest guidance scenario agreed on or "
            "before the period's last day, by kind, or 'no scenario yet'. A scenario is a "
            "plan agreed in the case meeting, not an outcome."
        ),
        "2026-11-30",
    ),
    Indicator(
        "stay_of_leavers",
        1,
        _("Length of stay of leavers"),
        _("days"),
        _(
            "For stays ending in the period: days from start to end. First quartile, median "
            "and third quartile, interpolated linearly between ranked values (as PostgreSQL "
            "percentile_cont and Excel QUARTILE.INC)."
        ),
        "2026-11-30",
    ),
    Indicator(
        "stay_of_present",
        1,
        _("Length of stay of those present at the end"),
        _("days"),
        _(
            "For stays present at the end: days from start to the day after the period "
            "(the nights so far). Quartiles as for leavers."
        ),
        "2026-11-30",
    ),
    Indicator(
        "occupancy",
        1,
        _("Occupancy and utilisation per location"),
        _("place-nights"),
        _(
            "Per location open in the period: place-nights used (the sum over the days of "
            "the period of clients placed there), place-nights available (the sum over the "
            "days of state- plus municipality-funded places), average occupancy (used divided "
            "by the days the location was open) and utilisation (used over available, in %). "
            "Counts of place-nights, not of persons: not suppressed."
        ),
        "2026-11-30",
    ),
    Indicator(
        "intake_to_scenario",
        1,
        _("Time from intake to an agreed scenario"),
        _("days"),
        _(
            "For persons present in the unit on any day of the period whose first guidance "
            "scenario was agreed in the period: days from their first admitted intake to that "
            "agreement. Quartiles as for length of stay."
        ),
        "2026-11-30",
    ),
    Indicator(
        "discussed_in_lso",
        1,
        _("Share discussed in an LSO"),
        _("persons, %"),
        _(
            "Persons present in the unit on any day of the period who were discussed in a "
            "local case meeting (LSO) held in the period, over all persons present on any "
            "day of the period."
        ),
        "2026-11-30",
    ),
    Indicator(
        "open_escalations",
        1,
        _("Open escalations at the end"),
        _("escalations"),
        _(
            "Escalations of persons present in the unit on any day of the period, raised "
            "before the end of the period and not closed before it, by level."
        ),
        "2026-11-30",
    ),
)


def current() -> dict[str, Indicator]:
    """The newest version of every indicator, by code, in registry order."""
    result: dict[str, Indicator] = {}
    for indicator in REGISTRY:
        if indicator.code not in result or indicator.version > result[indicator.code].version:
            result[indicator.code] = indicator
    return result


def get(code: str) -> Indicator:
    return current()[code]
