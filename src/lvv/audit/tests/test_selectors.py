"""Reading the trail (scoped, and itself recorded) and verifying the chain against tampering."""

import pytest
from django.db import DatabaseError, connection, transaction

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import UserFactory, actor_for, member
from lvv.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome
from lvv.audit.selectors import (
    AUDIT_EVENT_OBJECT_TYPE,
    audit_chain_verify,
    audit_event_integrity,
    audit_event_read_by,
    audit_events_listed_by,
    audit_events_visible_to,
)
from lvv.audit.services import event_hash

from .conftest import raw_sql

pytestmark = pytest.mark.django_db


# --- Scope and the recording of reads ---------------------------------------------------


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AUDITOR])
def test_nobody_but_an_auditor_sees_the_trail(role, record_events):
    record_events(3)
    assert not audit_events_visible_to(actor_for(member(role))).exists()


def test_auditor_and_superuser_see_the_whole_trail(record_events):
    record_events(3)
    superuser = Actor(user=UserFactory(is_superuser=True), membership=None)

    assert audit_events_visible_to(actor_for(member(Role.AUDITOR))).count() == 3
    assert audit_events_visible_to(superuser).count() == 3


def test_listing_the_trail_is_recorded_and_newest_first(record_events):
    record_events(3)
    auditor = actor_for(member(Role.AUDITOR))

    events = list(audit_events_listed_by(actor=auditor))

    listing = AuditEvent.objects.get(action=AuditAction.LIST)
    assert listing.object_type == AUDIT_EVENT_OBJECT_TYPE
    assert listing.actor_username == auditor.user.username
    assert listing.role == Role.AUDITOR
    assert listing.outcome == AuditOutcome.SUCCESS
    assert [event.sequence for event in events] == [4, 3, 2, 1]


def test_reading_one_event_is_recorded_with_its_sequence(record_events):
    target = record_events(2)[1]
    auditor = actor_for(member(Role.AUDITOR))

    event = audit_event_read_by(actor=auditor, sequence=target.sequence)

    assert event == target
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert read.object_type == AUDIT_EVENT_OBJECT_TYPE
    assert read.object_id == str(target.sequence)
    assert read.outcome == AuditOutcome.SUCCESS


def test_reading_a_missing_event_raises_and_records_a_failure(record_events):
    record_events(1)
    auditor = actor_for(member(Role.AUDITOR))

    with pytest.raises(AuditEvent.DoesNotExist):
        audit_event_read_by(actor=auditor, sequence=99)

    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert (read.object_id, read.outcome) == ("99", AuditOutcome.FAILURE)


def test_a_caseworker_reading_is_refused_and_recorded_as_denied(record_events):
    record_events(1)
    caseworker = actor_for(member(Role.CASEWORKER))

    with pytest.raises(AuditEvent.DoesNotExist):
        audit_event_read_by(actor=caseworker, sequence=1)
    assert not audit_events_listed_by(actor=caseworker).exists()

    attempts = AuditEvent.objects.filter(actor_username=caseworker.user.username)
    assert {(event.action, event.outcome) for event in attempts} == {
        (AuditAction.READ, AuditOutcome.DENIED),
        (AuditAction.LIST, AuditOutcome.DENIED),
    }


# --- Verification -----------------------------------------------------------------------


def test_an_empty_trail_verifies():
    result = audit_chain_verify()
    assert (result.ok, result.checked, result.broken_at) == (True, 0, None)


def test_an_intact_chain_verifies_and_reports_progress(record_events):
    record_events(5)
    ticks = []

    result = audit_chain_verify(progress=ticks.append)

    assert result.ok
    assert result.checked == 5
    assert result.broken_at is None
    assert result.reason == ""
    assert ticks == [1] * 5


def test_an_edited_event_is_detected_at_its_sequence(record_events, tamper):
    record_events(5)

    changed = tamper("UPDATE audit_auditevent SET action = %s WHERE sequence = %s", ["delete", 3])

    assert changed == 1
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_at == 3
    assert result.checked == 2
    assert "altered" in result.reason
    assert audit_event_integrity(AuditEvent.objects.get(sequence=3)).content_intact is False


def test_an_edit_that_also_rehashes_the_event_breaks_the_next_link(record_events, tamper):
    events = record_events(4)
    forged = AuditEvent.objects.get(sequence=2)
    forged.action = AuditAction.READ

    tamper(
        "UPDATE audit_auditevent SET action = %s, hash = %s WHERE sequence = %s",
        [forged.action, event_hash(forged), 2],
    )

    result = audit_chain_verify()
    assert result.broken_at == 3
    assert "link" in result.reason
    assert events[2].previous_hash != event_hash(forged)


def test_a_deleted_middle_event_is_detected_at_the_missing_sequence(record_events, tamper):
    record_events(5)

    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [3])

    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_at == 3
    assert "missing" in result.reason
    assert audit_event_integrity(AuditEvent.objects.get(sequence=4)).linked_to_previous is None


def test_a_cut_off_tail_is_detected_because_the_head_records_more(record_events, tamper):
    record_events(5)

    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [5])

    assert AuditChainHead.objects.get().sequence == 5
    result = audit_chain_verify()
    assert not result.ok
    assert result.checked == 4
    assert result.broken_at == 5
    assert "chain head" in result.reason


def test_an_event_written_past_the_head_is_detected(record_events):
    last = record_events(2)[-1]
    # Written straight into the table (INSERT is allowed), not through audit_record.
    AuditEvent.objects.create(
        sequence=3,
        occurred_at=last.occurred_at,
        action=AuditAction.CREATE,
        outcome=AuditOutcome.SUCCESS,
        previous_hash=last.hash,
        hash="f" * 64,
    )

    result = audit_chain_verify()
    assert result.broken_at == 3
    assert "beyond the chain head" in result.reason


def test_integrity_of_one_intact_event(record_events):
    record_events(2)
    integrity = audit_event_integrity(AuditEvent.objects.get(sequence=2))
    assert integrity.content_intact is True
    assert integrity.linked_to_previous is True


# --- The database's own guard -----------------------------------------------------------


def test_the_database_refuses_update_by_raw_sql(record_events):
    record_events(2)

    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE audit_auditevent SET action = %s WHERE sequence = %s", ["delete", 1])

    assert AuditEvent.objects.get(sequence=1).action == AuditAction.UPDATE


def test_the_database_refuses_update_through_the_orm(record_events):
    record_events(1)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=1).update(outcome=AuditOutcome.DENIED)

    assert AuditEvent.objects.get(sequence=1).outcome == AuditOutcome.SUCCESS


def test_the_database_refuses_delete(record_events):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite has no DELETE trigger: the test runner flushes tables with DELETE there; "
            "verification catches a removed event instead (see the deleted-event tests)."
        )
    record_events(2)

    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent WHERE sequence = %s", [1])

    assert AuditEvent.objects.filter(sequence=1).exists()
