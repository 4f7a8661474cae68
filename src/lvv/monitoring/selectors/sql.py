"""The SQL behind the monitor: stays (gaps and islands) and day arithmetic, on SQLite and
PostgreSQL alike.

Everything here is set-based: one statement computes the stays of every person in a unit with
window functions, whatever the number of clients. Values are always bound as parameters, never
formatted into the text; only fixed fragments (table and column names taken from the models,
and the dialect's day arithmetic) are put together here.

Reads go to the reporting database (`reporting_db()`): a read replica in production when
`REPORTING_DATABASE_URL` names one, otherwise the same database as `default`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connections

from lvv.cases.models import (
    CaseDiscussion,
    CaseMeeting,
    Client,
    Consent,
    Escalation,
    GuidanceScenario,
    Intake,
    Outflow,
    Placement,
)
from lvv.core.periods import Period
from lvv.network.models import Location, LocationCapacity, Region

REPORTING_ALIAS = "reporting"

# An open placement or stay "stops" on this day, so every comparison is on plain dates.
FAR_FUTURE = date(9999, 12, 31)


def reporting_db() -> str:
    """The database alias the monitor reads from: `reporting` when `REPORTING_DATABASE_URL`
    names a replica, else `default` itself (no second connection to the same database, and
    tests, where `reporting` mirrors `default`, read inside their own transaction)."""
    if getattr(settings, "REPORTING_DATABASE_URL", "") and REPORTING_ALIAS in settings.DATABASES:
        return REPORTING_ALIAS
    return "default"


def table(model) -> str:
    return connections[reporting_db()].ops.quote_name(model._meta.db_table)


T_PLACEMENT = Placement
T_CLIENT = Client
T_LOCATION = Location
T_CAPACITY = LocationCapacity
T_OUTFLOW = Outflow
T_SCENARIO = GuidanceScenario
T_INTAKE = Intake
T_DISCUSSION = CaseDiscussion
T_MEETING = CaseMeeting
T_ESCALATION = Escalation


def region_municipalities_table() -> str:
    return connections[reporting_db()].ops.quote_name(Region.municipalities.through._meta.db_table)


@dataclass
class Sql:
    """A statement under construction: text and its positional parameters, kept in step."""

    text: str = ""
    params: list = field(default_factory=list)

    def add(self, text: str, *params) -> Sql:
        self.text += text
        self.params.extend(params)
        return self


class Dialect:
    """The few fragments that differ between SQLite and PostgreSQL."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.vendor = connections[alias].vendor

    @property
    def postgres(self) -> bool:
        return self.vendor == "postgresql"

    def day(self, value: date):
        """A date parameter: SQLite stores ISO text, PostgreSQL compares real dates."""
        return value if self.postgres else value.isoformat()

    def days_between(self, earlier: str, later: str) -> str:
        """Whole days from `earlier` to `later` (SQL expressions of dates). `earlier` comes
        first in the text on both databases, so positional parameters keep one order."""
        if self.postgres:
            return f"(0 - (({earlier})::date - ({later})::date))"
        return f"CAST(0 - (julianday({earlier}) - julianday({later})) AS INTEGER)"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.postgres else f"MIN({a}, {b})"

    def param_date(self) -> str:
        """The placeholder of a date parameter that takes part in arithmetic."""
        return "CAST(%s AS DATE)" if self.postgres else "%s"


def person_of(alias: str, *, national: bool) -> str:
    """Who a row counts as: the national pseudonym, or the client file."""
    return f"{alias}.pseudonym" if national else f"{alias}.id"


def fragments(dialect: Dialect, *, national: bool, **extra: str) -> dict[str, str]:
    """The fixed pieces a statement template may name: quoted table names (from the models),
    who a row counts as, and dialect arithmetic. Values never pass through here."""
    quote = connections[dialect.alias].ops.quote_name
    tables = {
        "placement": Placement,
        "client": Client,
        "location": Location,
        "capacity": LocationCapacity,
        "outflow": Outflow,
        "scenario": GuidanceScenario,
        "intake": Intake,
        "discussion": CaseDiscussion,
        "meeting": CaseMeeting,
        "escalation": Escalation,
        "consent": Consent,
        "region_municipality": Region.municipalities.through,
    }
    result = {name: quote(model._meta.db_table) for name, model in tables.items()}
    result["person_c"] = person_of("c", national=national)
    result["person_c2"] = person_of("c2", national=national)
    result.update(extra)
    return result


def compose(template: str, parts: dict[str, str]) -> str:
    """Fill a statement template's `{name}` slots with `fragments()`: the one place where SQL
    text is put together. Only fixed identifiers and expressions go in; values are bound."""
    return template.format_map(parts)


UNIT_FILTERS = {
    "location": "l.id = %s",
    "municipality": "l.municipality_id = %s",
    "region": (
        "l.municipality_id IN (SELECT rm.municipality_id FROM {region_municipality} rm"
        " WHERE rm.region_id = %s)"
    ),
    "national": "1 = 1",
}


# The join of `unit_filter`'s location `l`, left out at national level where every placement
# counts: with it SQLite reads the placements location by location through an index (three
# times slower than one pass over the table at 100,000 clients).
UNIT_JOIN = dict.fromkeys(UNIT_FILTERS, " JOIN {location} l ON l.id = pl.location_id")
UNIT_JOIN["national"] = ""


def unit_filter(dialect: Dialect, level: str, unit_id: int | None) -> Sql:
    """A condition on location `l` that keeps the unit's placements (level names: see Level)."""
    text = compose(UNIT_FILTERS[level], fragments(dialect, national=level == "national"))
    return Sql(text, [] if level == "national" else [unit_id])


# A placement opens a new stay when it starts after every earlier placement of its person has
# stopped (`previous_stop`: the largest stop of the placements before it in start order).
OPENS_STAY = "(previous_stop IS NULL OR start > previous_stop)"

# As few window functions as the rule needs: on SQLite each costs a pass over the rows (three
# for `stays`, five before), and rows stay narrow (person, placement id, start, stop) because
# every pass copies them. Client and reason are joined back by placement id for the one
# placement that ends each stay. `r` (the record export only) ranks each stay's placements.
# - `o`: previous_stop, in start order (every placement of the unit: `history` counts from it).
# - `g`: the stay's start (the latest start that opened a stay, in start order) and
#   `later_start`, the smallest start of the person's placements after this one in stop
#   order. Stays never overlap or touch, so in stop order each stay's placements come
#   together, and the stay's last placement (largest stop, then latest start and id) is the
#   one whose followers in stop order all start after it stops (within a stay some later
#   placement always starts on or before an earlier one's stop): it ends the stay.
STAYS_TEMPLATE = (
    "WITH {persons}p AS ({placements}), o AS ("
    " SELECT p.*, MAX(stop) OVER (PARTITION BY person ORDER BY start, stop, pid"
    " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_stop FROM p"
    "), g AS ("
    " SELECT o.*, MAX(CASE WHEN {opens} THEN start END) OVER (PARTITION BY person"
    " ORDER BY start, stop, pid ROWS UNBOUNDED PRECEDING) AS stay_start,"
    " MIN(start) OVER (PARTITION BY person ORDER BY stop DESC, start DESC, pid DESC"
    " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS later_start"
    " FROM o WHERE {cut}"
    "), stays AS MATERIALIZED ("
    " SELECT g.person, g.stay_start AS start, g.stop AS stop, pl.client_id AS last_client,"
    " pl.end_reason AS last_reason FROM g JOIN {placement} pl ON pl.id = g.pid"
    " WHERE g.later_start IS NULL OR g.later_start > g.stop"
    "), r AS ("
    " SELECT g.*, pl.client_id, pl.location_id, pl.end_reason,"
    " ROW_NUMBER() OVER last_first AS rank_from_end,"
    " FIRST_VALUE(g.stop) OVER last_first AS stay_stop"
    " FROM g JOIN {placement} pl ON pl.id = g.pid WINDOW last_first AS ("
    " PARTITION BY person, stay_start ORDER BY g.stop DESC, g.start DESC, pid DESC"
    " ROWS UNBOUNDED PRECEDING)"
    ")"
)

# The placements of `p`: person, placement id, start, stop (one parameter: FAR_FUTURE); those
# of a unit, or nationally every placement with the pseudonym as person.
PLACEMENTS = (
    " SELECT {person} AS person, pl.id AS pid, pl.start AS start,"
    ' COALESCE(pl."end", %s) AS stop'
    " FROM {placement} pl{unit_join}{person_join}"
    " WHERE {unit_filter}"
)

# Nationally with integer persons (see PERSONS_CTE): the placements of clients who are a person
# of their own, then those of clients who share a pseudonym (FAR_FUTURE twice). One LEFT JOIN
# to `persons` gave the same rows, but PostgreSQL, which cannot see how few rows `persons` has,
# built its hash table from every placement instead: 40 of the 60 ms this took at 100,000
# clients, now an anti-join against `persons` (quarter 265 -> 220 ms, ten years 762 -> 722).
NATIONAL_PLACEMENTS = (
    " SELECT pl.client_id AS person, pl.id AS pid, pl.start AS start,"
    ' COALESCE(pl."end", %s) AS stop FROM {placement} pl'
    " WHERE NOT EXISTS (SELECT 1 FROM persons px WHERE px.client_id = pl.client_id)"
    ' UNION ALL SELECT pe.person, pl.id, pl.start, COALESCE(pl."end", %s)'
    " FROM {placement} pl JOIN persons pe ON pe.client_id = pl.client_id"
)

# Persons with a placement in the unit that overlaps [a - 1 day, b): present on the day before
# the period or on a day of it (`stop >= a` is `stop > a - 1 day` on whole dates).
PERIOD_CUT = "person IN (SELECT person FROM o WHERE start < %s AND stop >= %s)"

HISTORY_TEMPLATE = (
    ", history AS MATERIALIZED ("
    " SELECT COALESCE(SUM(CASE WHEN {opens} AND start < %s THEN 1 ELSE 0 END), 0)"
    " AS stays_started FROM o"
    ")"
)


# Nationally a person is everyone with one pseudonym. Sorting and partitioning 107,864
# placements by the 64-character pseudonym (after joining every client for it) was most of
# the national monitor's time; with `integer_persons` a person is instead the smallest
# client id of their pseudonym. Only clients that share a pseudonym need a lookup for it
# (`persons`: a few per cent of files, none in a register without repeat registrations);
# every other client is a person of its own, its id straight from the placement.
PERSONS_CTE = (
    "persons AS MATERIALIZED (SELECT id AS client_id,"
    " MIN(id) OVER (PARTITION BY pseudonym) AS person FROM {client}"
    " WHERE pseudonym IN (SELECT pseudonym FROM {client} GROUP BY pseudonym"
    " HAVING COUNT(*) > 1)), "
)


def stays_cte(
    dialect: Dialect,
    *,
    level: str,
    unit_id: int | None,
    period: Period | None = None,
    integer_persons: bool = False,
) -> Sql:
    """`WITH ... stays AS (...), r AS (...)`: one row per stay of a person in the unit.

    Columns of `stays`: person, start, stop (FAR_FUTURE while open), last_client (the client
    of the placement that ends the stay), last_reason (its `end_reason`). `r` has one row per
    placement (`pid`, `client_id`, `location_id`, `end_reason`, `start`, `stop`) with its
    stay's `stay_start` and `stay_stop` and `rank_from_end` (1: the placement ending it).

    Gaps and islands: placements of one person ordered by start; a placement opens a new stay
    when it starts after every earlier placement of that person has stopped (a running maximum
    of the stops). Touching (next start == previous stop) and overlapping placements join one
    stay, so an overlap is never counted twice.

    Without `period`: every stay. With `period` [a, b): only the stays of persons who have a
    placement in the unit overlapping [a - 1 day, b), with ALL of those persons' placements,
    so a stay that began years before the period is whole (same start, stop and last
    placement as without the cut). Every stay present on day a - 1, on any day of the period
    or on its last day, and every stay starting or ending in [a, b), is such a stay. Everyone
    else's stays (stopped by day a - 1, or starting on or after b) are left out; what needs
    them reads `history` (one row over every placement of the unit): `stays_started`, the
    number of stays starting before b.

    `person` is the pseudonym nationally and the client id in a unit; with `integer_persons`
    it is nationally the smallest client id of the pseudonym instead (see PERSONS_CTE; the
    statement may then read `persons`: client_id and person of every client that shares its
    pseudonym).
    """
    national = level == "national"
    where = unit_filter(dialect, level, unit_id)
    parts = fragments(
        dialect,
        national=national,
        unit_filter=where.text,
        unit_join=compose(UNIT_JOIN[level], fragments(dialect, national=national)),
        opens=OPENS_STAY,
    )
    far_future = dialect.day(FAR_FUTURE)
    if national and integer_persons:
        parts["persons"] = compose(PERSONS_CTE, parts)
        parts["placements"] = compose(NATIONAL_PLACEMENTS, parts)
        params = [far_future, far_future]
    else:
        parts["persons"] = ""
        parts["person"] = parts["person_c"]
        parts["person_join"] = compose(" JOIN {client} c ON c.id = pl.client_id", parts)
        parts["placements"] = compose(PLACEMENTS, parts)
        params = [far_future, *where.params]
    if period is None:
        return Sql(compose(STAYS_TEMPLATE, {**parts, "cut": "1 = 1"}), params)
    a, b = dialect.day(period.start), dialect.day(period.end)
    parts["cut"] = PERIOD_CUT
    text = compose(STAYS_TEMPLATE, parts) + compose(HISTORY_TEMPLATE, parts)
    return Sql(text, [*params, b, a, b])


# PostgreSQL compiles a statement whose estimated cost passes `jit_above_cost`; the monitor's
# many short parts pass it and compiling them took ~150 ms at 100,000 clients, more than it
# saved. `SET LOCAL` in the same query string holds for that one implicit transaction only
# (Django's psycopg cursors bind parameters client-side, which allows two statements).
WITHOUT_JIT = "SET LOCAL jit = off; "


def run(sql: Sql, alias: str) -> list[tuple]:
    """The rows of one statement on `alias` (one round trip; on PostgreSQL without JIT)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql.text, sql.params)
            return cursor.fetchall()
        cursor.execute(WITHOUT_JIT + sql.text, sql.params)
        cursor.nextset()
        return cursor.fetchall()
