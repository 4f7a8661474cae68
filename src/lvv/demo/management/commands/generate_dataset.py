"""`lvv generate_dataset`: a synthetic national dataset for benchmarks (see `demo.dataset`).

    lvv generate_dataset --clients 100000 --years 10 --seed 1

Refuses to run on a register that already holds clients: the dataset is a whole history
(ids, audit chain in time order, unique V-numbers), not something to mix with real or demo
files; start from an empty database (`lvv flush`, or a new `DATABASE_URL`). Like `seed_demo`
it refuses without DEBUG unless `--allow-without-debug`, so it never reaches production by
accident. Prints rows per second at the end.
"""

import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from lvv.cases.models import Client
from lvv.demo.dataset import generate_dataset


class Command(BaseCommand):
    requires_system_checks = []  # a bulk writer: the URL checks only cost start-up time
    help = "Generate a deterministic synthetic national dataset (bulk inserts) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=2000, help="Number of clients.")
        parser.add_argument("--years", type=int, default=10, help="Years of history (to 2026).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run although DEBUG is off (benchmark and test databases only).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to write synthetic clients with DEBUG off. "
                "Use --allow-without-debug on a benchmark or test database."
            )
        if options["clients"] < 1 or not 1 <= options["years"] <= 30:
            raise CommandError("--clients must be at least 1 and --years between 1 and 30.")
        if Client.objects.exists():
            raise CommandError(
                "The register already holds clients; generate into an empty database "
                "(lvv flush, or another DATABASE_URL)."
            )
        restore = self._tune_sqlite(options["clients"])
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            with tqdm(
                total=options["clients"],
                desc="Generating clients",
                unit="client",
                file=sys.stderr,
                disable=options["no_progress"],
            ) as bar:
                result = generate_dataset(
                    clients=options["clients"],
                    years=options["years"],
                    seed=options["seed"],
                    progress=bar.update,
                )
        finally:
            restore()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        for label, count in sorted(result.rows.items()):
            self.stdout.write(f"{label:<28} {count:>12,}")
        rate = result.total_rows / seconds if seconds else 0
        # On a shared machine the wall clock includes waiting for a core; the CPU rate
        # (this process only, the database server not counted on PostgreSQL) shows the cost.
        cpu_rate = result.total_rows / cpu_seconds if cpu_seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total_rows:,} rows in {seconds:.1f} s: {rate:,.0f} rows/s "
                f"({cpu_rate:,.0f} rows per CPU second, {connection.vendor})"
            )
        )

    def _tune_sqlite(self, clients: int) -> Callable[[], None]:
        """Fewer fsyncs while generating: a lost run is simply run again (from an empty
        database). The page cache grows with the dataset (10 MB per 1,000 clients, at least
        200 MB): unique indexes on random keys (every row's uuid) stay in place during the
        load, and once they outgrow the cache most inserts fetch a page from the operating
        system (100,000 clients: a 1 GB cache).
        The journal mode stays (measured: WAL is faster here than none). Not inside
        a transaction the caller holds (tests), where SQLite refuses some pragmas. Returns
        what puts the connection's settings back."""
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return lambda: None
        pragmas = ("synchronous", "cache_size", "temp_store")
        with connection.cursor() as cursor:
            saved = {}
            for name in pragmas:
                cursor.execute(f"PRAGMA {name}")
                saved[name] = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute(f"PRAGMA cache_size=-{max(200_000, clients * 10)}")
            cursor.execute("PRAGMA temp_store=MEMORY")

        def restore() -> None:
            with connection.cursor() as cursor:
                for name, value in saved.items():
                    cursor.execute(f"PRAGMA {name}={value}")

        return restore
