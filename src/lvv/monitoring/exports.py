"""CSV and XLSX of the monitor's published tables, and the pseudonymised record-level export.

Everything is written row by row: CSV as a generator of lines, XLSX through openpyxl's
`write_only` workbook into a temporary file that is then read back in chunks (and removed),
so a large export never sits in memory whole. Pages and the API wrap these generators in a
`StreamingHttpResponse`; the `lvv monitor` command writes them to a file.

The record-level export (analysts, for the evaluator) holds one row per national stay:
pseudonym, municipalities (CBS codes), regions, start and end month, outflow group and reason,
scenario at the end, sex and year of birth. No names, V-numbers, BSNs, exact dates or file
identifiers. Only persons with a basis for "inclusion in pseudonymised monitoring" in force
today (a Consent row of that purpose, on any of their files) are in it; the aggregate tables
count everyone (they are anonymous after suppression).
"""

from __future__ import annotations

import csv
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lvv.cases.models import ConsentPurpose, DatePrecision, OutflowReason, PlacementEndReason
from lvv.network.models import Region

from . import disclosure, indicators
from .selectors import sql as q
from .tables import Published

CHUNK = 64 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Each row as one CSV line (UTF-8 text; the caller adds a BOM if it wants one)."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])


def xlsx_chunks(write: Callable[[Workbook], None]) -> Iterator[bytes]:
    """Build a write-only workbook with `write(workbook)` into a temporary file, then yield
    it in chunks and remove it."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = Workbook(write_only=True)
        write(workbook)
        workbook.save(path)
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


# --- the monitor's tables ----------------------------------------------------------------------


def _header(published: Published) -> list[list]:
    unit = published.monitor.unit
    period = published.monitor.period
    return [
        [_("LVV monitor"), str(unit.name), unit.level, unit.key],
        [
            _("Period"),
            published.period_label,
            period.start.isoformat(),
            period.last_day.isoformat(),
        ],
        [_("Suppression"), published.rule if published.suppressed else _("Not suppressed.")],
        [
            _("Stock-flow check"),
            _("holds") if all(published.checks.values()) else _("FAILED"),
        ],
    ]


LONG_COLUMNS = [
    "level",
    "unit",
    "unit_name",
    "start",
    "end_exclusive",
    "table",
    "table_title",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "display",
    "suppressed",
]


def long_rows(published: Published) -> Iterator[list]:
    """Every cell as one row: unit, period, table, row, column, value (empty when hidden),
    display."""
    unit, period = published.monitor.unit, published.monitor.period
    prefix = [unit.level, unit.key, str(unit.name), period.start.isoformat(), period.end]
    for table in published.tables:
        for row in table.rows:
            for (column, column_label), cell in zip(table.columns, row.cells, strict=True):
                yield [
                    *prefix,
                    table.code,
                    table.title,
                    row.code,
                    row.label,
                    column,
                    column_label,
                    cell.value,
                    cell.display,
                    "1" if cell.hidden else "0",
                ]


def monitor_csv(
    publications: Iterable[Published], *, progress: Callable[[], None] | None = None
) -> Iterator[str]:
    """Monitors as CSV: `#` lines stating the suppression rule and the stock-flow check of
    each unit, then one line per cell (long format, every unit in the same columns)."""
    yield "\ufeff"
    header_done = False
    for published in publications:
        for line in _header(published):
            yield "# " + " | ".join(str(value) for value in line) + "\n"
        if not header_done:
            yield from csv_lines([LONG_COLUMNS])
            header_done = True
        yield from csv_lines(long_rows(published))
        if progress:
            progress()


def monitor_xlsx(
    publications: Iterable[Published], *, progress: Callable[[], None] | None = None
) -> Iterator[bytes]:
    """Monitors as XLSX: sheet "Monitor" with every table of every unit, sheet
    "Definities" with the indicator definitions, period semantics and suppression rule."""

    def write(workbook: Workbook) -> None:
        sheet = workbook.create_sheet("Monitor")
        threshold = None
        for published in publications:
            if published.suppressed:
                threshold = published.threshold
            for line in _header(published):
                sheet.append(line)
            for table in published.tables:
                sheet.append([])
                sheet.append([table.title, f"({table.unit_label})", f"v{table.version}"])
                sheet.append(["", *[str(label) for _code, label in table.columns]])
                for row in table.rows:
                    sheet.append(
                        [row.label, *[_xlsx_value(cell.value, cell.display) for cell in row.cells]]
                    )
            sheet.append([])
            if progress:
                progress()
        definitions_sheet(workbook, threshold)

    return xlsx_chunks(write)


def _xlsx_value(value, display: str):
    if value is None:
        return display
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):
        return value
    return display


def definitions_sheet(workbook: Workbook, threshold: int | None) -> None:
    sheet = workbook.create_sheet("Definities")
    sheet.append([_("Code"), _("Version"), _("Title"), _("Unit"), _("Definition"), _("Since")])
    for indicator in indicators.current().values():
        sheet.append(
            [
                indicator.code,
                indicator.version,
                str(indicator.title),
                str(indicator.unit),
                str(indicator.definition),
                indicator.since,
            ]
        )
    sheet.append([])
    sheet.append([_("Periods"), str(indicators.PERIOD_SEMANTICS)])
    sheet.append(
        [
            _("Suppression"),
            disclosure.rule_text(threshold) if threshold else _("Not suppressed."),
        ]
    )


# --- pseudonymised records ---------------------------------------------------------------------

RECORD_COLUMNS = [
    "pseudonym",
    "municipalities",
    "regions",
    "start_month",
    "end_month",
    "outflow_group",
    "outflow_reason",
    "scenario_at_end",
    "sex",
    "year_of_birth",
]

RECORDS_TEMPLATE = (
    " SELECT r.person, r.stay_start, r.stay_stop, m.cbs_code, r.rank_from_end,"
    " CASE WHEN r.rank_from_end = 1 THEN (SELECT MIN(o.reason_id) FROM {outflow} o"
    " WHERE o.client_id = r.client_id AND o.left_on = r.stay_stop) END,"
    " CASE WHEN r.rank_from_end = 1 THEN (SELECT gs.kind FROM {scenario} gs"
    " JOIN {client} c2 ON c2.id = gs.client_id WHERE {person_c2} = r.person"
    " AND gs.agreed_on < r.stay_stop"
    " ORDER BY gs.agreed_on DESC, gs.created_at DESC, gs.id DESC LIMIT 1) END,"
    " c.sex, c.date_of_birth, c.date_of_birth_precision, r.end_reason"
    " FROM r JOIN {location} l ON l.id = r.location_id"
    " JOIN {municipality} m ON m.id = l.municipality_id"
    " JOIN {client} c ON c.id = r.client_id"
    " WHERE EXISTS (SELECT 1 FROM {consent} cs JOIN {client} c4 ON c4.id = cs.client_id"
    " WHERE c4.pseudonym = r.person AND cs.purpose = %s AND cs.given_on <= %s"
    " AND (cs.withdrawn_on IS NULL OR cs.withdrawn_on > %s))"
    " ORDER BY r.person, r.stay_start, r.rank_from_end DESC"
)


def record_rows() -> Iterator[list]:
    """One row per national stay (see RECORD_COLUMNS), streamed from one query."""
    from lvv.network.models import Municipality

    alias = q.reporting_db()
    dialect = q.Dialect(alias)
    stays = q.stays_cte(dialect, level="national", unit_id=None)
    # The stays CTE ends with `stays`; the records read the placement-level rows `r`.
    parts = q.fragments(dialect, national=True, municipality=_quoted(alias, Municipality))
    today = dialect.day(timezone.localdate())
    statement = q.Sql(
        stays.text + q.compose(RECORDS_TEMPLATE, parts),
        [*stays.params, ConsentPurpose.PSEUDONYMISED_MONITORING.value, today, today],
    )
    reasons = {reason.pk: reason for reason in OutflowReason.objects.using(alias)}
    regions: dict[str, list[str]] = {}
    for region in Region.objects.using(alias).prefetch_related("municipalities"):
        for municipality in region.municipalities.all():
            regions.setdefault(municipality.cbs_code, []).append(region.name)
    current: list | None = None
    for row in _stream(statement, alias):
        (person, start, stop, cbs, rank, reason_id, kind, sex, born, precision, end_reason) = row
        key = (person, str(start))
        if current is None or current[0] != key:
            if current is not None:
                yield _record(current, regions)
            current = [key, start, stop, [], None, None, None, None, None]
        if cbs not in current[3]:
            current[3].append(cbs)
        if rank == 1:
            current[4:9] = [reasons.get(reason_id), kind, sex, (born, precision), end_reason]
    if current is not None:
        yield _record(current, regions)


def _quoted(alias: str, model) -> str:
    from django.db import connections

    return connections[alias].ops.quote_name(model._meta.db_table)


def _month(value) -> str:
    if value is None:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if day >= q.FAR_FUTURE:
        return ""
    return f"{day.year:04d}-{day.month:02d}"


def _record(current: list, regions: dict[str, list[str]]) -> list:
    (person, _start), start, stop, codes, reason, kind, sex, birth, end_reason = current
    born, precision = birth or (None, DatePrecision.UNKNOWN)
    year = ""
    if born and precision != DatePrecision.UNKNOWN:
        year = str(born)[:4]
    open_stay = _month(stop) == ""
    if open_stay:
        group, reason_code = "", ""
    elif reason is not None:
        group, reason_code = reason.group, reason.code
    else:
        group, reason_code = "unknown", ""
    if (
        not open_stay
        and reason is None
        and end_reason
        in (
            PlacementEndReason.MOVED,
            PlacementEndReason.TRANSFERRED,
        )
    ):
        reason_code = "ended_by_" + end_reason
    region_names = sorted({name for code in codes for name in regions.get(code, [])})
    return [
        person,
        ";".join(codes),
        ";".join(region_names),
        _month(start),
        _month(stop),
        group,
        reason_code,
        kind or "",
        sex or "",
        year,
    ]


def _stream(statement: q.Sql, alias: str) -> Iterator[tuple]:
    from django.db import connections

    # A server-side cursor on PostgreSQL (a plain psycopg cursor would fetch every row at once),
    # so memory stays flat whatever the number of stays; on SQLite rows are read as stepped.
    with connections[alias].chunked_cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        while rows := cursor.fetchmany(2000):
            yield from rows


def records_csv() -> Iterator[str]:
    yield "\ufeff"
    # Chained, not `[RECORD_COLUMNS, *record_rows()]`: that list held every record at once
    # (peak memory grew with the stays: 87 MB at 10,000 clients, 129 MB at 100,000).
    yield from csv_lines(itertools.chain([RECORD_COLUMNS], record_rows()))


def records_xlsx() -> Iterator[bytes]:
    def write(workbook: Workbook) -> None:
        sheet = workbook.create_sheet("Records")
        sheet.append(RECORD_COLUMNS)
        for row in record_rows():
            sheet.append(row)
        definitions_sheet(workbook, None)

    return xlsx_chunks(write)
