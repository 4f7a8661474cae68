"""`lvv backup` and `lvv restore` give back the database as it was at the backup.

The commands run in subprocesses against a database of their own, as an operator runs them:
a SQLite file in a temporary directory, and (when the suite runs on PostgreSQL) a scratch
PostgreSQL database that the test creates and drops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
LVV = str(Path(sys.executable).with_name("lvv"))

# Run inside `lvv shell -c`: writes data through the services, then prints the row counts.
ADD_DATA = """
import factory
from lvv.accounts.tests import factories as account_factories
from lvv.audit.models import AuditEvent
from lvv.cases.tests import factories as case_factories
from lvv.network.tests import factories as network_factories
# Each run continues the factories' sequences past the previous run's rows.
start = AuditEvent.objects.count() * 10 + 100
for module in (account_factories, case_factories, network_factories):
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, factory.Factory):
            value.reset_sequence(start)
from lvv.accounts.actors import Actor
from lvv.accounts.tests.factories import member
from lvv.accounts.roles import Role
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.cases.tests.factories import ClientFactory
membership = member(Role.CASEWORKER)
ClientFactory(partner=membership.organisation)
for index in range(3):
    audit_record(actor=Actor.system(), action=AuditAction.READ, object_type="test.backup")
"""
COUNTS = """
import json
from lvv.core.backup import table_row_counts
print("COUNTS=" + json.dumps(table_row_counts()))
"""
CHANGE_COUNTS_AND_PRINT = ADD_DATA + COUNTS


def _lvv(environment, *arguments, check=True):
    result = subprocess.run(
        [LVV, *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check:
        assert result.returncode == 0, f"lvv {arguments[0]}: {result.stdout}\n{result.stderr}"
    return result


def _counts(environment, code=COUNTS) -> dict[str, int]:
    output = _lvv(environment, "shell", "-c", code).stdout
    line = next(line for line in output.splitlines() if line.startswith("COUNTS="))
    return json.loads(line.removeprefix("COUNTS="))


def _scenario(environment, backup_file: Path) -> None:
    _lvv(environment, "migrate", "--no-input", "-v", "0")
    _lvv(environment, "shell", "-c", ADD_DATA)
    _lvv(environment, "backup", "--out", str(backup_file))
    assert backup_file.stat().st_size > 0
    # What the backup holds: every table as it was, plus the backup's own audit event.
    at_backup = _counts(environment)

    after_changes = _counts(environment, CHANGE_COUNTS_AND_PRINT)
    assert after_changes != at_backup

    refused = _lvv(environment, "restore", str(backup_file), check=False)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    assert _counts(environment) == after_changes  # nothing was touched

    restored = _lvv(environment, "restore", str(backup_file), "--yes")
    assert "chain intact" in restored.stdout
    assert "audit_auditevent" in restored.stdout  # the row counts are printed
    assert _counts(environment) == at_backup
    verified = _lvv(environment, "verify_audit", "--no-progress")
    assert "chain intact" in verified.stdout


def _base_environment(tmp_path: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    environment.update(
        DJANGO_SETTINGS_MODULE="lvv.conf.test",
        LVV_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(REPO),
    )
    environment.pop("DATABASE_URL", None)
    (tmp_path / "var").mkdir(exist_ok=True)
    return environment


def test_backup_and_restore_on_sqlite(tmp_path):
    environment = _base_environment(tmp_path)
    _scenario(environment, tmp_path / "lvv-backup.sqlite3")
    assert (tmp_path / "var" / "lvv.sqlite3").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when the suite runs on PostgreSQL"
)
def test_backup_and_restore_on_postgresql(tmp_path):
    import psycopg

    settings = connection.settings_dict
    scratch = f"lvv_backup_test_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        environment = _base_environment(tmp_path)
        password = f":{server['password']}" if server["password"] else ""
        environment["DATABASE_URL"] = (
            f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{scratch}"
        )
        _scenario(environment, tmp_path / "lvv-backup.dump")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
