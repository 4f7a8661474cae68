"""The national quarterly monitor and the full ten-year history, against DuckDB over the same
rows.

DuckDB gets the rows by export (CSV, typed from the models; its SQLite scanner cannot be
downloaded offline) and runs the monitor's own main statement, rendered in the PostgreSQL
dialect (DuckDB speaks it), so both sides compute exactly the same numbers; the benchmark
asserts they are equal before it reports a time. Export and load are not timed.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path

import duckdb
from django.db import connection, models

from lvv.cases import models as cm
from lvv.core.periods import Period
from lvv.monitoring.selectors import monitor as m
from lvv.monitoring.selectors import sql as q
from lvv.monitoring.selectors.statements import main_statement
from lvv.network.models import Location, LocationCapacity, Region

from .common import Result, latency, timed_repeats

MODELS = [
    cm.Placement, cm.Client, Location, LocationCapacity, cm.Outflow, cm.GuidanceScenario,
    cm.Intake, cm.CaseDiscussion, cm.CaseMeeting, cm.Escalation, Region.municipalities.through,
]  # fmt: skip
QUARTER = Period(date(2025, 10, 1), date(2026, 1, 1))
TEN_YEARS = Period(date(2016, 1, 1), date(2026, 1, 1))


def _duck_type(field: models.Field) -> str:
    if isinstance(field, models.DateTimeField):
        return "TIMESTAMP"
    if isinstance(field, models.DateField):
        return "DATE"
    if isinstance(field, models.BooleanField):
        return "BOOLEAN"
    if isinstance(field, models.DecimalField):
        return "DECIMAL(18, 2)"
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        return "BIGINT"
    return "VARCHAR"


def _cell(field: models.Field, value) -> str:
    if value is None:
        return r"\N"
    if isinstance(field, models.BooleanField):
        return "true" if value in (True, 1) else "false"
    return str(value)


def load_into_duckdb(folder: Path) -> duckdb.DuckDBPyConnection:
    """Every table the monitor reads, exported from the benchmark database into DuckDB."""
    duck = duckdb.connect()
    for model in MODELS:
        fields = model._meta.concrete_fields
        name = model._meta.db_table
        path = folder / f"{name}.csv"
        columns = ", ".join(f'"{f.column}" {_duck_type(f)}' for f in fields)
        duck.execute(f'CREATE TABLE "{name}" ({columns})')
        quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with path.open("w", newline="") as handle, connection.cursor() as cursor:
            writer = csv.writer(handle)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(name)}")
            while rows := cursor.fetchmany(20_000):
                writer.writerows([_cell(f, v) for f, v in zip(fields, row, strict=True)]
                                 for row in rows)  # fmt: skip
        duck.execute(f"COPY \"{name}\" FROM '{path}' (FORMAT csv, HEADER false, NULL '\\N')")
    return duck


def _statement(unit, period, *, vendor: str | None = None) -> q.Sql:
    dialect = q.Dialect("default")
    if vendor is not None:
        dialect.vendor = vendor
    return main_statement(dialect, unit.level, unit.id, period)


def _normalised(rows) -> list[tuple]:
    return sorted((str(section), str(key), int(value or 0)) for section, key, value in rows)


def monitor(options) -> list[Result]:
    repeats = 3 if options.quick else 7
    unit = m.unit_resolve(m.Level.NATIONAL, None)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        duck = load_into_duckdb(Path(folder))
        for label, period in (("national quarter", QUARTER), ("national ten years", TEN_YEARS)):
            ours = _statement(unit, period)
            theirs = _statement(unit, period, vendor="postgresql")
            duck_sql = theirs.text.replace("%s", "?")
            expected = _normalised(q.run(ours, "default"))
            got = _normalised(duck.execute(duck_sql, theirs.params).fetchall())
            assert got == expected, f"DuckDB and the monitor disagree on the {label}"
            duck_times = timed_repeats(
                lambda sql=duck_sql, p=theirs.params: duck.execute(sql, p).fetchall(),
                repeats=repeats,
            )
            main_times = timed_repeats(lambda s=ours: q.run(s, "default"), repeats=repeats)
            full_times = timed_repeats(
                lambda p=period: m.monitor_compute(unit=unit, period=p), repeats=repeats
            )
            floor = f"DuckDB, {label}"
            results += [
                latency(floor, duck_times, note=f"{len(expected)} equal rows"),
                latency(f"monitor main statement, {label}", main_times, floor=floor,
                        goal="≤ 5×"),
                latency(f"monitor_compute, {label}", full_times, floor=floor, goal="≤ 5×"),
            ]  # fmt: skip
    return results
