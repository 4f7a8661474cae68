"""Settings of the benchmark processes: the test settings (same middleware, DRF stack and
authentication as production, fast password hashing) on a benchmark database, plus the
benchmark URLconf with the floor endpoint. Never used by the application itself.

The database is chosen by `LVV_BENCH_DB`: `sqlite` (a file under `var/bench/`, WAL, as
`make run` uses) or `postgres` (`LVV_BENCH_POSTGRES_URL`, default
postgres://postgres@127.0.0.1:5432/lvv_bench).
"""

import os
from pathlib import Path

import dj_database_url

from lvv.conf.base import SQLITE_INIT_COMMAND
from lvv.conf.test import *  # noqa: F403

BENCH_DIR = Path(os.environ.get("LVV_BENCH_DIR", Path.cwd() / "var" / "bench"))
BENCH_DB = os.environ.get("LVV_BENCH_DB", "sqlite")
POSTGRES_URL = os.environ.get(
    "LVV_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lvv_bench"
)

if BENCH_DB == "postgres":
    DATABASES = {"default": dj_database_url.parse(POSTGRES_URL, conn_max_age=600)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BENCH_DIR / "lvv_bench.sqlite3"),
            "OPTIONS": {
                "init_command": SQLITE_INIT_COMMAND,  # as `make run`
                "transaction_mode": "IMMEDIATE",
                "timeout": 60,
            },
        }
    }
# The monitor reads through the `reporting` alias: here the same database.
DATABASES["reporting"] = {**DATABASES["default"]}

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# One log line per request would measure the terminal, not the application.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
AXES_ENABLED = False  # many logins from one address in a short time are the point here
