"""Streaming CSV and XLSX export: rows per second against a bare `csv.writer` over the same
query, and the peak memory of the exporting process at two sizes (flat is the goal, < 200 MB).

Each export runs in its own process (`benchmarks.export_worker`), whose VmHWM is its peak;
a Django process alone is part of that figure (the `bare` line shows how much).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

from .common import Result


def _worker(kind: str, rows: int) -> dict:
    command = [sys.executable, "-m", "benchmarks.export_worker", "--kind", kind,
               "--rows", str(rows), "--db", settings.BENCH_DB]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ)
    return json.loads(output.stdout.strip().splitlines()[-1])


def export(options) -> list[Result]:
    large = options.export_rows or (100_000 if options.quick else 1_000_000)
    results = []
    for rows in (large // 10, large):
        measured = {kind: _worker(kind, rows) for kind in ("bare", "csv", "xlsx")}
        floor = f"bare csv.writer, {rows:,} rows asked"
        for kind, label in (("bare", "bare csv.writer"), ("csv", "CSV export"),
                            ("xlsx", "XLSX export")):  # fmt: skip
            result = measured[kind]
            name = f"{label}, {rows:,} rows asked"
            results.append(
                Result(
                    name=name,
                    kind="rate",
                    p50=result["rows"] / result["seconds"],
                    samples=1,
                    floor=None if kind == "bare" else floor,
                    goal="" if kind == "bare" else "flat memory < 200 MB",
                    note=f"{result['rows']:,} rows, peak {result['peak_bytes'] / 2**20:.0f} MB",
                    extra=result,
                )
            )
    for kind in ("records-csv", "records-xlsx"):
        result = _worker(kind, 0)
        results.append(
            Result(
                name=f"monitor record export ({kind.split('-')[1]}), whole dataset",
                kind="rate",
                p50=result["rows"] / max(result["seconds"], 1e-9),
                samples=1,
                note=f"{result['rows']:,} rows, peak {result['peak_bytes'] / 2**20:.0f} MB",
                extra=result,
            )
        )
    return results
