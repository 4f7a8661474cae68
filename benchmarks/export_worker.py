"""One export in its own process, so its peak memory is its own: `python -m
benchmarks.export_worker --kind csv|xlsx|bare|records-csv|records-xlsx --rows N --db DB`.

Prints one JSON line: rows, seconds, peak resident memory of this process (VmHWM).
`csv`/`xlsx` stream N audit events (the biggest table) through the monitor's streaming
writers (`monitoring.exports.csv_lines` / `xlsx_chunks`); `bare` writes the same query with
a bare `csv.writer`; `records-*` are the monitor's record-level exports of the whole dataset.
Rows come from a server-side cursor on PostgreSQL (`chunked_cursor`), as a streamed export must.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import time

QUERY = (
    "SELECT sequence, occurred_at, actor_username, organisation_name, role, action,"
    " object_type, object_id, subject_id, outcome FROM audit_auditevent"
    " ORDER BY sequence LIMIT %s"
)
COLUMNS = ["sequence", "occurred_at", "actor", "organisation", "role", "action", "object_type",
           "object_id", "subject_id", "outcome"]  # fmt: skip


def _rows(limit: int):
    from django.db import connection

    with connection.chunked_cursor() as cursor:
        cursor.execute(QUERY, [limit])
        while chunk := cursor.fetchmany(2000):
            yield from chunk


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", required=True)
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--db", required=True)
    options = parser.parse_args(argv)
    os.environ["LVV_BENCH_DB"] = options.db
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from django.db import transaction

    from lvv.monitoring import exports

    counted = [0]

    def counting(rows):
        for row in rows:
            counted[0] += 1
            yield row

    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, transaction.atomic():
        if options.kind == "bare":
            text = open(out.fileno(), "w", closefd=False, newline="")  # noqa: SIM115
            writer = csv.writer(text)
            writer.writerow(COLUMNS)
            for row in counting(_rows(options.rows)):
                writer.writerow(row)
            text.flush()
        elif options.kind == "csv":
            for line in exports.csv_lines([COLUMNS, *[]]):
                out.write(line.encode())
            for line in exports.csv_lines(counting(_rows(options.rows))):
                out.write(line.encode())
        elif options.kind == "xlsx":

            def write(workbook):
                sheet = workbook.create_sheet("Audit")
                sheet.append(COLUMNS)
                for row in counting(_rows(options.rows)):
                    sheet.append([str(value) if value is not None else None for value in row])

            for chunk in exports.xlsx_chunks(write):
                out.write(chunk)
        elif options.kind in ("records-csv", "records-xlsx"):
            exports.record_rows = _counted_records(exports.record_rows, counted)
            stream = exports.records_csv() if options.kind == "records-csv" else None
            for piece in stream or exports.records_xlsx():
                out.write(piece.encode() if isinstance(piece, str) else piece)
        else:
            raise SystemExit(f"unknown kind {options.kind}")
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": counted[0], "seconds": seconds, "peak_bytes": _peak_bytes()}))


def _peak_bytes() -> int:
    """Peak resident memory of this process. VmHWM belongs to the current program image;
    `ru_maxrss` would also carry the parent's peak across fork and exec (Linux)."""
    try:
        for line in open("/proc/self/status").read().splitlines():  # noqa: SIM115
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _counted_records(original, counted):
    def records():
        for row in original():
            counted[0] += 1
            yield row

    return records


if __name__ == "__main__":
    main(sys.argv[1:])
