"""`lvv verify_audit` finds an audit row that was changed, deleted or slipped in, and names it.

(test_selectors.py covers the verification function case by case; these go through raw SQL
and the command an operator runs.)

The database refuses such changes (triggers; on PostgreSQL also the grants), so each test
first takes that guard away the way an attacker with the owner's rights would — inside the
test's transaction, which puts it back afterwards — and then tampers with raw SQL.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from django.core.management import call_command
from django.db import connection

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.audit.services import audit_record, event_hash

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def guards_removed():
    """Drop (SQLite) or disable (PostgreSQL) the append-only triggers for this transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        yield cursor


@pytest.fixture
def chain() -> list[AuditEvent]:
    """Five events appended after whatever the database already holds."""
    return [
        audit_record(
            actor=Actor.system(),
            action=AuditAction.READ,
            object_type="test.tampering",
            object_id=f"object-{index}",
        )
        for index in range(5)
    ]


def verify_command() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", "--no-progress", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


def test_an_untouched_chain_verifies(chain):
    result = audit_chain_verify()
    assert result.ok, result.reason
    assert result.checked == AuditEvent.objects.count()
    code, output = verify_command()
    assert code == 0
    assert "chain intact" in output


def test_the_database_refuses_an_update_while_the_guard_is_in_place(chain):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[2].pk).update(object_id="changed")


def test_a_changed_row_is_detected_and_named(chain):
    target = chain[2]
    with guards_removed() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = %s WHERE sequence = %s",
            ["someone-else", target.sequence],
        )
    result = audit_chain_verify()
    assert result.broken_at == target.sequence
    assert "altered" in result.reason
    code, output = verify_command()
    assert code == 1
    assert f"BROKEN at event #{target.sequence}" in output


def test_a_deleted_row_is_detected_and_named(chain):
    target = chain[2]
    with guards_removed() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [target.sequence])
    result = audit_chain_verify()
    assert result.broken_at == target.sequence
    assert f"event {target.sequence} is missing" in result.reason
    code, output = verify_command()
    assert code == 1
    assert f"BROKEN at event #{target.sequence}" in output


def test_a_row_inserted_past_the_head_is_detected_and_named(chain):
    last = chain[-1]
    forged = AuditEvent(
        sequence=last.sequence + 1,
        occurred_at=last.occurred_at,
        action=AuditAction.READ,
        object_type="test.tampering",
        object_id="forged",
        outcome="success",
        changed_fields=[],
        previous_hash=last.hash,
    )
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)  # no trigger refuses an INSERT: the chain head catches it
    result = audit_chain_verify()
    assert result.broken_at == forged.sequence
    assert "beyond the chain head" in result.reason
    code, output = verify_command()
    assert code == 1
    assert f"BROKEN at event #{forged.sequence}" in output


def test_a_row_swapped_in_for_another_is_detected_at_the_next_link(chain):
    """Delete event k and insert a forged event k with a correct hash of its own content."""
    target = chain[2]
    forged = AuditEvent(
        sequence=target.sequence,
        occurred_at=target.occurred_at,
        action=AuditAction.READ,
        object_type="test.tampering",
        object_id="forged",
        outcome="success",
        changed_fields=[],
        previous_hash=target.previous_hash,
    )
    forged.hash = event_hash(forged)
    with guards_removed() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [target.sequence])
    forged.save(force_insert=True)
    result = audit_chain_verify()
    assert result.broken_at == target.sequence + 1
    assert "link" in result.reason
