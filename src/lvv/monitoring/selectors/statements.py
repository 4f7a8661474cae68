"""The statements of the monitor: one over the unit's stays (every flow, reason, scenario,
length of stay, LSO and escalation figure as (section, key, value) rows) and one over its
locations (place-nights). Templates are filled by `sql.fragments`; values are bound."""

from __future__ import annotations

from lvv.cases.models import IntakeDecision, PlacementEndReason
from lvv.core.periods import Period

from . import sql as q

TRANSFER = "transfer"  # the pseudo reason/group "transfer or move within the LVV"
UNKNOWN = "unknown"  # the pseudo reason/group "reason unknown"

# The per-stay and per-person lookups the sections share, each done once: as MATERIALIZED
# common table expressions (after `stays`), because SQLite copies a subquery in FROM into its
# outer query and then runs a correlated lookup once for every place its column is named
# (the intake lookups of every person present ran nine times per person).
# Templates and parameter names as in SECTIONS.
LOOKUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Stays ending in the period: length in days, the matching Outflow record's reason, and
    # whether the last placement ended by a move or transfer within the LVV.
    (
        ", leavers AS MATERIALIZED (SELECT {days_stay} AS days, {leaver_reason} AS reason_id,"
        " CASE WHEN s.last_reason IN (%s, %s) AND %s = 0 THEN 1 ELSE 0 END AS is_move"
        " FROM stays s{leaver_reason_join} WHERE s.stop >= %s AND s.stop < %s)",
        ("moved", "transferred", "national", "a", "b"),
    ),
    # The client files of the persons present on any day of the period (a person's files
    # without a placement in the unit too): found once by person, so every per-person
    # figure below joins on the client id instead of looking the person up again.
    (
        ", files AS MATERIALIZED (SELECT s.person, {file_id} AS client_id"
        " FROM (SELECT DISTINCT person FROM stays WHERE start < %s AND stop > %s) s"
        "{files_join})",
        ("b", "a"),
    ),
    # Per person present in the period: first agreed scenario and first admitted intake over
    # all their files. Rows repeat per file; MIN ignores it.
    (
        ", in_period AS MATERIALIZED (SELECT f.person, MIN(gs.agreed_on) AS first_scenario,"
        " MIN(i.intake_on) AS first_intake FROM files f"
        " LEFT JOIN {scenario} gs ON gs.client_id = f.client_id"
        " LEFT JOIN {intake} i ON i.client_id = f.client_id AND i.decision = %s"
        " GROUP BY f.person)",
        ("admitted",),
    ),
)

# How the lookups reach their rows. A unit (location, municipality, region) looks its own
# persons up, each through an index, and so does SQLite at any level (it has no hash join: the
# whole-table forms made its national quarter twice as slow). At national level on PostgreSQL
# nearly every file takes part in a long period (ten years at 100,000 clients: 93,000 persons),
# where one pass over each table with a hash join costs less than a probe per person; the
# planner cannot see that (it estimates 200 rows for any DISTINCT over a common table
# expression), so for a year or more (`WHOLE_TABLES_FROM_DAYS`) the national forms leave it no
# index to probe. Measured at 100,000 clients (with the persons' files found the same way
# then; now `NATIONAL_FILES`): ten years 2.1 -> 1.2 s. Same numbers either way (tests compare
# both).
PER_PERSON = {
    # The Outflow record matching a leaver's stay (its client and end day).
    "leaver_reason": (
        "(SELECT MIN(o.reason_id) FROM {outflow} o"
        " WHERE o.client_id = s.last_client AND o.left_on = s.stop)"
    ),
    "leaver_reason_join": "",
    # Files discussed in an LSO held in [a, b).
    "discussed": (
        " WHERE EXISTS (SELECT 1 FROM {discussion} d JOIN {meeting} m ON m.id = d.meeting_id"
        " WHERE d.client_id = f.client_id AND m.held_on >= %s AND m.held_on < %s)"
    ),
}
WHOLE_TABLES = {
    "leaver_reason": "ro.reason_id",
    "leaver_reason_join": (
        " LEFT JOIN (SELECT client_id, left_on, MIN(reason_id) AS reason_id FROM {outflow}"
        " GROUP BY client_id, left_on) ro ON ro.client_id = s.last_client AND ro.left_on = s.stop"
    ),
    "discussed": (
        " JOIN (SELECT DISTINCT d.client_id FROM {discussion} d JOIN {meeting} m"
        " ON m.id = d.meeting_id WHERE m.held_on >= %s AND m.held_on < %s) dd"
        " ON dd.client_id = f.client_id"
    ),
}


# From how many days a national period reads whole tables on PostgreSQL: a quarter's persons
# (11,000 of 93,000 at 100,000 clients) are looked up faster one by one (265 -> 248 ms), ten
# years' faster in one pass (683 -> 633 ms). The number of persons present grows with the
# period's length; the planner cannot tell (see above), so the length decides.
WHOLE_TABLES_FROM_DAYS = 365  # a year or more


def lookup_forms(
    dialect: q.Dialect,
    *,
    national: bool,
    parts: dict[str, str],
    period: Period,
    whole_tables: bool | None = None,
) -> dict[str, str]:
    """PER_PERSON or WHOLE_TABLES, filled in with `parts`: as the level, the period's length
    and the database call for, unless `whole_tables` says which (tests compare the two;
    WHOLE_TABLES needs PostgreSQL)."""
    if whole_tables is None:
        days = None if period.end is None else (period.end - period.start).days
        long_period = days is None or days >= WHOLE_TABLES_FROM_DAYS
        whole_tables = national and dialect.postgres and long_period
    forms = WHOLE_TABLES if whole_tables else PER_PERSON
    return {name: q.compose(text, parts) for name, text in forms.items()}


# How a person's client files are found (`s.person`, client `c2`): in a unit the person is the
# client; nationally (`sql.PERSONS_CTE`) the person is the smallest client id of a pseudonym,
# and only clients that share their pseudonym are listed in `persons`.
UNIT_FILES = {
    "file_id": "c2.id",
    "files_join": " JOIN {client} c2 ON c2.id = s.person",
    "file_of_person": " WHERE c2.id = s.person",
}
NATIONAL_FILES = {
    "file_id": "COALESCE(pe.client_id, s.person)",
    "files_join": " LEFT JOIN persons pe ON pe.person = s.person",
    # The person's id is a client of theirs: the others share its pseudonym (index probes; a
    # join, not a scalar subquery, which DuckDB 2.0 fails on inside this correlated lookup).
    "file_of_person": (" JOIN {client} cp ON cp.pseudonym = c2.pseudonym WHERE cp.id = s.person"),
}


# Each section of the main statement: a template (slots filled by `sql.fragments`) and the
# names of its parameters, in order ("a": the period's start, "b": its exclusive end).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "SELECT 'flow', 'present_at_start', COUNT(*) FROM stays WHERE start < %s AND stop >= %s",
        ("a", "a"),
    ),
    ("SELECT 'flow', 'inflow', COUNT(*) FROM stays WHERE start >= %s AND start < %s", ("a", "b")),
    ("SELECT 'flow', 'outflow', COUNT(*) FROM stays WHERE stop >= %s AND stop < %s", ("a", "b")),
    (
        "SELECT 'flow', 'present_at_end', COUNT(*) FROM stays WHERE start < %s AND stop >= %s",
        ("b", "b"),
    ),
    # Since the LVV began: over every placement (`history`), not only the period's stays. A
    # stay that started before b has ended before b or is present at the end.
    ("SELECT 'flow', 'cumulative_inflow', stays_started FROM history", ()),
    (
        "SELECT 'flow', 'cumulative_outflow', stays_started"
        " - (SELECT COUNT(*) FROM stays WHERE start < %s AND stop >= %s) FROM history",
        ("b", "b"),
    ),
    (
        "SELECT 'flow', 'lvv_start', {lvv_start_days} + 1"
        " FROM (SELECT MIN(start) AS first_start FROM {placement}) f",
        (),
    ),
    # Outflow by reason: the matching Outflow record, else a move/transfer, else unknown.
    (
        "SELECT 'reason', reason_key, COUNT(*) FROM (SELECT CASE"
        " WHEN reason_id IS NOT NULL THEN {text_reason}"
        " WHEN is_move = 1 THEN '{transfer}' ELSE '{unknown}' END AS reason_key"
        " FROM leavers) y GROUP BY reason_key",
        (),
    ),
    # Length of stay: histograms of whole days.
    (
        "SELECT 'stay_leavers', {text_days}, COUNT(*) FROM leavers GROUP BY days",
        (),
    ),
    (
        "SELECT 'stay_present', {text_days}, COUNT(*) FROM (SELECT {days_to_end} AS days"
        " FROM stays WHERE start < %s AND stop >= %s) x GROUP BY days",
        ("b", "b", "b"),
    ),
    # Scenario of those present at the end: the latest agreed on or before the count date.
    (
        "SELECT 'scenario', kind, COUNT(*) FROM (SELECT COALESCE(("
        "SELECT gs.kind FROM {scenario} gs JOIN {client} c2 ON c2.id = gs.client_id"
        "{file_of_person} AND gs.agreed_on < %s"
        " ORDER BY gs.agreed_on DESC, gs.created_at DESC, gs.id DESC LIMIT 1), '') AS kind"
        " FROM stays s WHERE s.start < %s AND s.stop >= %s) x GROUP BY kind",
        ("b", "b", "b"),
    ),
    # Time from the first admitted intake to the first agreed scenario, for persons present
    # in the period whose first scenario was agreed in the period.
    (
        "SELECT 'intake_to_scenario', {text_days}, COUNT(*) FROM (SELECT {days_intake} AS days"
        " FROM in_period WHERE first_scenario >= %s AND first_scenario < %s"
        " AND first_intake IS NOT NULL AND first_intake <= first_scenario) z GROUP BY days",
        ("a", "b"),
    ),
    # Discussed in an LSO held in the period, of the persons present on any day of it.
    (
        "SELECT 'lso', 'present', COUNT(*) FROM in_period",
        (),
    ),
    ("SELECT 'lso', 'discussed', COUNT(DISTINCT f.person) FROM files f{discussed}", ("a", "b")),
    # Escalations still open at the end, of the persons present on any day of the period.
    (
        "SELECT 'escalation', e.level, COUNT(*) FROM {escalation} e"
        " JOIN files f ON f.client_id = e.client_id"
        " WHERE e.raised_on < %s AND (e.closed_on IS NULL OR e.closed_on >= %s)"
        " GROUP BY e.level",
        ("b", "b"),
    ),
)


def main_statement(
    dialect: q.Dialect,
    level: str,
    unit_id: int | None,
    period: Period,
    *,
    whole_tables: bool | None = None,
) -> q.Sql:
    """One statement, many sections: (section, key, value) rows over the unit's stays that
    touch the period (see `sql.stays_cte`), the cumulative figures over all of them."""
    national = level == "national"
    values = {
        "a": dialect.day(period.start),
        "b": dialect.day(period.end),
        "moved": PlacementEndReason.MOVED.value,
        "transferred": PlacementEndReason.TRANSFERRED.value,
        "national": 1 if national else 0,
        "admitted": IntakeDecision.ADMITTED.value,
    }
    parts = q.fragments(
        dialect,
        national=national,
        text_days=_text("days"),
        text_reason=_text("reason_id"),
        transfer=TRANSFER,
        unknown=UNKNOWN,
        days_stay=dialect.days_between("start", "stop"),
        days_to_end=dialect.days_between("start", dialect.param_date()),
        days_intake=dialect.days_between("first_intake", "first_scenario"),
        lvv_start_days=dialect.days_between("'0001-01-01'", "first_start"),
    )
    parts.update(
        lookup_forms(
            dialect, national=national, parts=parts, period=period, whole_tables=whole_tables
        )
    )
    files = NATIONAL_FILES if national else UNIT_FILES
    parts.update({name: q.compose(text, parts) for name, text in files.items()})
    sql = q.stays_cte(dialect, level=level, unit_id=unit_id, period=period, integer_persons=True)
    for template, names in LOOKUPS:
        sql.add(q.compose(template, parts), *(values[name] for name in names))
    for index, (template, names) in enumerate(SECTIONS):
        sql.add(" UNION ALL " if index else " ")
        sql.add(q.compose(template, parts), *(values[name] for name in names))
    return sql


def _text(column: str) -> str:
    """Keys of every section share one text column (UNION ALL needs one type)."""
    return f"CAST({column} AS VARCHAR(20))"


LOCATION_USE_TEMPLATE = (
    "SELECT l.id, {open_days},"
    " COALESCE((SELECT SUM({used_days}) FROM {placement} pl"
    ' WHERE pl.location_id = l.id AND pl.start < %s AND (pl."end" IS NULL OR pl."end" > %s)'
    "), 0),"
    " COALESCE((SELECT SUM({available_days}"
    " * (lc.state_funded_places + lc.municipality_funded_places))"
    " FROM {capacity} lc WHERE lc.location_id = l.id AND lc.start < %s"
    ' AND (lc."end" IS NULL OR lc."end" > %s)), 0)'
    " FROM {location} l"
    ' WHERE l.start < %s AND (l."end" IS NULL OR l."end" > %s) AND {unit_filter}'
)


def location_use_statement(
    dialect: q.Dialect, level: str, unit_id: int | None, period: Period
) -> q.Sql:
    """(location id, days open, place-nights used, place-nights available) per location of
    the unit open in the period."""
    a, b = dialect.day(period.start), dialect.day(period.end)
    param = dialect.param_date()
    where = q.unit_filter(dialect, level, unit_id)

    def overlap(alias_: str) -> str:
        return dialect.days_between(
            dialect.greatest(f"{alias_}.start", param),
            dialect.least(f'COALESCE({alias_}."end", {param})', param),
        )

    parts = q.fragments(
        dialect,
        national=level == "national",
        open_days=overlap("l"),
        used_days=overlap("pl"),
        available_days=overlap("lc"),
        unit_filter=where.text,
    )
    return q.Sql(
        q.compose(LOCATION_USE_TEMPLATE, parts),
        [a, b, b, a, b, b, b, a, a, b, b, b, a, b, a, *where.params],
    )
