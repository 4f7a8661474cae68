"""Backing up and restoring the whole database, on SQLite and on PostgreSQL.

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot
  while the application keeps running; restoring copies the file back page by page into the
  open database.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one
  transaction. The connection goes to the tools through the libpq environment variables
  (PGHOST, PGUSER, PGPASSWORD, ...), never on the command line, where any user of the machine
  could read the password in the process list.

A backup holds every client file: it is recorded in the audit trail (an `export` of
`core.database`, written before the snapshot so the backup holds its own record). A restore
refuses to overwrite a database that holds users or audit events unless told to, and is
followed by the row counts per table and a verification of the audit chain.
"""

from __future__ import annotations

import os
import shutil
import sqlite3

# Only fixed argument lists are run, never through a shell.
import subprocess  # nosec B404
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.selectors import ChainVerification, audit_chain_verify
from lvv.audit.services import audit_record


class BackupError(Exception):
    """The backup or restore could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class RestoreReport:
    row_counts: dict[str, int]
    chain: ChainVerification


def table_row_counts() -> dict[str, int]:
    """Rows in every table of the database, by table name (sorted)."""
    quote = connection.ops.quote_name
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # Table names come from the database's own catalogue, quoted.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def database_holds_data() -> bool:
    """True when the database holds work that a restore would destroy: users or audit events.

    A freshly migrated database (reference data only) counts as empty.
    """
    from django.contrib.auth import get_user_model

    tables = set(connection.introspection.table_names())
    user_model = get_user_model()
    if user_model._meta.db_table in tables and user_model.objects.exists():
        return True
    return AuditEvent._meta.db_table in tables and AuditEvent.objects.exists()


def _postgres_environment() -> dict[str, str]:
    settings = connection.settings_dict
    environment = dict(os.environ)
    values = {
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings.get("NAME") or "",
    }
    options = settings.get("OPTIONS") or {}
    if options.get("sslmode"):
        values["PGSSLMODE"] = options["sslmode"]
    if options.get("options"):
        values["PGOPTIONS"] = options["options"]
    environment.update({name: value for name, value in values.items() if value})
    return environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not on PATH; install the PostgreSQL client tools")
    return path


def _run(arguments: list[str]) -> None:
    # A fixed argument list with the tool's full path; no shell.
    result = subprocess.run(  # noqa: S603  # nosec B603
        arguments, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed: {result.stderr.strip()}")


def database_backup(*, actor: Actor, out: Path) -> Path:
    """Write a consistent copy of the whole database to `out` (overwritten if present)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type="core.database", object_id="backup"
    )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={out}"])
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    return out


def database_restore(*, source: Path, overwrite: bool) -> RestoreReport:
    """Replace the whole database by the backup in `source`; report counts and the chain.

    Refuses (BackupError) when the database holds users or audit events and `overwrite` is
    not set, and when the file is missing.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if database_holds_data() and not overwrite:
        raise BackupError(
            "the database is not empty (it holds users or audit events); "
            "pass --yes to replace it by the backup"
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    elif connection.vendor == "postgresql":
        database = connection.settings_dict["NAME"]
        connection.close()  # no open session may hold a lock on a table being replaced
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={database}",
                str(source),
            ]
        )
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
    return RestoreReport(row_counts=table_row_counts(), chain=audit_chain_verify())
