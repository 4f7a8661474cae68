"""`python -m benchmarks [--clients N] [--only NAME] [--db sqlite|postgres|both] [--quick]`

Runs each benchmark on SQLite and on PostgreSQL (one child process per database, one after
the other so they do not compete for the cores), then prints one table with both side by side:
medians (p50), p95 and the ratio against the floor measured in the same run. The results are
also written to `var/bench/last.json` and the table to `var/bench/last.md`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from .registry import BENCHMARKS

DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def _format(value: float | None, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "rate":
        return f"{value:,.0f}/s"
    if kind == "bytes":
        return f"{value / 2**20:,.0f} MB"
    return f"{value * 1000:,.1f} ms"


def _ratio(result: dict, by_name: dict) -> str:
    floor = by_name.get(result.get("floor") or "")
    if not floor or not floor.get("p50") or result.get("p50") is None:
        return ""
    if result["kind"] == "rate":
        return f"{result['p50'] / floor['p50']:.2f}×"
    return f"{result['p50'] / floor['p50']:.2f}×"


def table(runs: dict[str, dict]) -> str:
    names: list[str] = []
    for run in runs.values():
        for result in run["results"]:
            if result["name"] not in names:
                names.append(result["name"])
    header = ["benchmark"]
    for db in runs:
        label = DATABASES[db]
        header += [f"{label} p50", f"{label} p95", f"{label} ratio"]
    header += ["goal", "compared with"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in names:
        row = [name]
        goal, floor_name, notes = "", "", []
        for db, run in runs.items():
            by_name = {r["name"]: r for r in run["results"]}
            result = by_name.get(name)
            if result is None:
                row += ["", "", ""]
                continue
            kind = result["kind"]
            row += [
                _format(result.get("p50"), kind),
                _format(result.get("p95"), kind) if kind != "rate" else "",
                _ratio(result, by_name),
            ]
            goal = goal or result.get("goal", "")
            floor_name = floor_name or (result.get("floor") or "")
            if result.get("note"):
                notes.append(f"{DATABASES[db]}: {result['note']}")
        row += [goal, floor_name + (f" ({'; '.join(notes)})" if notes else "")]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def machine() -> str:
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end"
    return (
        f"{os.cpu_count()} CPUs{memory}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}{load}"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--clients", type=int, default=None, help="Dataset size.")
    parser.add_argument("--only", action="append", default=[], choices=sorted(BENCHMARKS))
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--quick", action="store_true", help="Short runs and small files (default 2,000 clients)."
    )
    parser.add_argument(
        "--import-rows", type=int, default=None, help="Rows of the import file (100,000)."
    )
    parser.add_argument(
        "--export-rows", type=int, default=None, help="Largest export (1,000,000 rows asked)."
    )
    options = parser.parse_args(argv)
    clients = options.clients or (2000 if options.quick else 100_000)
    databases = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    runs = {}
    for db in databases:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [
                sys.executable, "-m", "benchmarks.child", "--db", db,
                "--clients", str(clients), "--out", out.name,
            ]  # fmt: skip
            command += [f"--only={name}" for name in options.only]
            command += ["--quick"] if options.quick else []
            for name in ("import_rows", "export_rows"):
                if getattr(options, name):
                    command += [f"--{name.replace('_', '-')}={getattr(options, name)}"]
            subprocess.run(command, check=True)
            runs[db] = json.loads(Path(out.name).read_text())
    output = Path("var/bench")
    output.mkdir(parents=True, exist_ok=True)
    text = table(runs)
    summary = f"{clients:,} clients{' (quick)' if options.quick else ''}; {machine()}"
    print()
    print(summary)
    print()
    print(text)
    (output / "last.json").write_text(json.dumps({"summary": summary, "runs": runs}, indent=2))
    (output / "last.md").write_text(f"{summary}\n\n{text}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
