"""One database's half of a benchmark run, in its own process (settings are per process).

`python -m benchmarks.child --db sqlite --clients N [--only NAME] [--quick] --out FILE`:
prepares the benchmark database (created if missing; the dataset regenerated when its size
or seed differs), runs the benchmarks and writes their results as JSON to FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def _prepare_database(db: str, clients: int, seed: int) -> dict:
    """Migrate and (re)generate the dataset if the marker says it is another one."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    marker = Path(settings.BENCH_DIR) / f"{db}.dataset"
    wanted = f"clients={clients} seed={seed}"
    if marker.exists() and marker.read_text() == wanted:
        call_command("migrate", verbosity=0, skip_checks=True)  # new indexes, same rows
        return {}
    connection.close()
    if db == "postgres":
        _recreate_postgres(settings.POSTGRES_URL)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(settings.DATABASES["default"]["NAME"] + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0, skip_checks=True)
    started = time.perf_counter()
    call_command(
        "generate_dataset", clients=clients, seed=seed, years=10, allow_without_debug=True,
        no_progress=False,
    )  # fmt: skip
    marker.write_text(wanted)
    return {"dataset_seconds": time.perf_counter() - started}


def _recreate_postgres(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    name = config["NAME"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--import-rows", type=int, default=None)
    parser.add_argument("--export-rows", type=int, default=None)
    options = parser.parse_args(argv)
    os.environ["LVV_BENCH_DB"] = options.db
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from django.conf import settings

    Path(settings.BENCH_DIR).mkdir(parents=True, exist_ok=True)
    if options.db == "postgres":
        _ensure_postgres_database(settings.POSTGRES_URL)
    info = _prepare_database(options.db, options.clients, options.seed)
    from . import registry

    results = []
    for name, benchmark in registry.selected(options.only):
        _vacuum()
        print(f"[{options.db}] {name} …", file=sys.stderr, flush=True)
        try:
            results += [r.as_dict() for r in benchmark(options)]
        except Exception as error:  # one failing benchmark must not hide the others
            results.append({"name": name, "kind": "error", "p50": None, "note": repr(error)})
    options.out.write_text(json.dumps({"db": options.db, "info": info, "results": results}))


def _vacuum() -> None:
    """On PostgreSQL, VACUUM ANALYZE before each benchmark, as autovacuum would have done in
    production: the import's dry runs roll back 100,000 clients and 200,000 audit events,
    and the dead rows they leave would slow whatever runs next (a server with autovacuum off,
    as this machine's is, never removes them). SQLite leaves no dead rows behind a rollback."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _ensure_postgres_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    name = parse(url)["NAME"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main(sys.argv[1:])
