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


def unit_filter(dialect: Dialect, level: str, unit_id: int | None) -> Sql:
    """A condition on location `l` that keeps the unit's placements (level names: see Level)."""
    text = compose(UNIT_FILTERS[level], fragments(dialect, national=level == "national"))
    return Sql(text, [] if level == "national" else [unit_id])


STAYS_TEMPLATE = (
    "WITH p AS ("
    " SELECT {person_c} AS person, pl.id AS pid,"
    " pl.client_id AS client_id, pl.location_id AS location_id, pl.start AS start,"
    ' COALESCE(pl."end", %s) AS stop, pl.end_reason AS end_reason'
    " FROM {placement} pl"
    " JOIN {location} l ON l.id = pl.location_id"
    " JOIN {client} c ON c.id = pl.client_id"
    " WHERE {unit_filter}"
    "), o AS ("
    " SELECT p.*, MAX(stop) OVER (PARTITION BY person ORDER BY start, stop, pid"
    " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_stop FROM p"
    "), g AS ("
    " SELECT o.*, SUM(CASE WHEN previous_stop IS NULL OR start > previous_stop"
    " THEN 1 ELSE 0 END) OVER (PARTITION BY person ORDER BY start, stop, pid"
    " ROWS UNBOUNDED PRECEDING) AS stay_number FROM o"
    "), r AS ("
    " SELECT g.*, ROW_NUMBER() OVER (PARTITION BY person, stay_number"
    " ORDER BY stop DESC, start DESC, pid DESC) AS rank_from_end,"
    " MIN(start) OVER (PARTITION BY person, stay_number) AS stay_start,"
    " MAX(stop) OVER (PARTITION BY person, stay_number) AS stay_stop FROM g"
    "), stays AS MATERIALIZED ("
    " SELECT person, stay_start AS start, stay_stop AS stop, client_id AS last_client,"
    " end_reason AS last_reason FROM r WHERE rank_from_end = 1"
    ")"
)


def stays_cte(dialect: Dialect, *, level: str, unit_id: int | None) -> Sql:
    """`WITH ... stays AS (...)`: one row per stay of a person in the unit.

    Columns of `stays`: person, start, stop (FAR_FUTURE while open), last_client (the client
    of the placement that ends the stay), last_reason (its `end_reason`).

    Gaps and islands: placements of one person ordered by start; a placement opens a new stay
    when it starts after every earlier placement of that person has stopped (a running maximum
    of the stops). Touching (next start == previous stop) and overlapping placements join one
    stay, so an overlap is never counted twice.
    """
    national = level == "national"
    where = unit_filter(dialect, level, unit_id)
    text = compose(STAYS_TEMPLATE, fragments(dialect, national=national, unit_filter=where.text))
    return Sql(text, [dialect.day(FAR_FUTURE), *where.params])


def run(sql: Sql, alias: str) -> list[tuple]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        return cursor.fetchall()
