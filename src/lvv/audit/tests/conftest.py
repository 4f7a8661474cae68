"""Helpers for tests that must damage the trail on purpose, past the database's own guard.

The triggers of migration 0002 refuse UPDATE (both databases) and DELETE (PostgreSQL). To
prove that verification catches what an attacker with database rights could do, these helpers
lift the guard for one statement and put it back, inside the test's transaction.
"""

import importlib
from contextlib import contextmanager

import pytest
from django.db import connection

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

_triggers = importlib.import_module("lvv.audit.migrations.0002_append_only_triggers")


@contextmanager
def append_only_guard_lifted():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
        else:  # pragma: no cover - only the two supported databases
            raise NotImplementedError(connection.vendor)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change")
            else:
                for statement in _triggers.SQLITE_UP:
                    cursor.execute(statement)


def raw_sql(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def tamper(db):
    """Run raw SQL against audit_auditevent with the append-only triggers lifted."""

    def _tamper(sql: str, params=()) -> int:
        with append_only_guard_lifted():
            return raw_sql(sql, params)

    return _tamper


@pytest.fixture
def record_events(db):
    """Append `count` events by the system actor; returns them in order."""

    def _record(count: int, **kwargs):
        actor = Actor.system()
        kwargs.setdefault("action", AuditAction.UPDATE)
        kwargs.setdefault("object_type", "network.location")
        return [
            audit_record(actor=actor, object_id=f"object-{index}", **kwargs)
            for index in range(count)
        ]

    return _record
