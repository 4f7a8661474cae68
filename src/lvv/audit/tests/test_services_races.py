"""audit_record when another writer moves the chain head between its read and its write.

On PostgreSQL an append reads the head without locking it and stores the event only if the
head has not moved since (see `audit_record`); these tests make it lose that race by hand,
once and every time, and check that the chain stays one unbroken, verifiable sequence. Real
simultaneous writers: `tests/test_audit_concurrency.py`.
"""

from itertools import pairwise

import pytest
from django.db import connection

from lvv.accounts.actors import Actor
from lvv.audit import services
from lvv.audit.models import AuditAction, AuditChainHead, AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.audit.services import audit_record, event_hash

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the optimistic append is PostgreSQL's; SQLite locks the head first",
)


def _interloping(monkeypatch, times: int) -> list[AuditEvent]:
    """Before each of the next `times` conditional writes, another writer appends an event
    (after the head was read, so the write finds the head moved). Returns those events."""
    real = services._append_unless_head_moved
    interlopers: list[AuditEvent] = []

    busy = []  # the interloper's own append goes straight through

    def append_after_someone_else(event, head_sequence, connection_):
        if len(interlopers) < times and not busy:
            busy.append(True)
            interlopers.append(
                audit_record(actor=Actor.system(), action=AuditAction.UPDATE, object_type="other")
            )
            busy.clear()
        return real(event, head_sequence, connection_)

    monkeypatch.setattr(services, "_append_unless_head_moved", append_after_someone_else)
    return interlopers


def _assert_one_chain(count: int) -> None:
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.sequence for event in events] == list(range(1, count + 1))
    for before, after in pairwise(events):
        assert after.previous_hash == before.hash
        assert after.occurred_at >= before.occurred_at
    assert all(event_hash(event) == event.hash for event in events)
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (events[-1].sequence, events[-1].hash)
    assert audit_chain_verify().ok


@postgres_only
@pytest.mark.django_db
def test_an_append_that_finds_the_head_moved_links_again_after_the_newcomer(monkeypatch):
    first = audit_record(actor=Actor.system(), action=AuditAction.CREATE, object_type="x.y")
    interlopers = _interloping(monkeypatch, times=1)

    event = audit_record(actor=Actor.system(), action=AuditAction.READ, object_type="x.y")

    (interloper,) = interlopers
    assert interloper.sequence == first.sequence + 1
    # Linked first to `first`, refused, then linked to the event that came in between.
    assert (event.sequence, event.previous_hash) == (interloper.sequence + 1, interloper.hash)
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash
    _assert_one_chain(3)


@postgres_only
@pytest.mark.django_db
def test_after_losing_every_optimistic_attempt_the_append_locks_the_head(monkeypatch):
    audit_record(actor=Actor.system(), action=AuditAction.CREATE, object_type="x.y")
    interlopers = _interloping(monkeypatch, times=services.OPTIMISTIC_ATTEMPTS)

    event = audit_record(actor=Actor.system(), action=AuditAction.READ, object_type="x.y")

    assert len(interlopers) == services.OPTIMISTIC_ATTEMPTS
    assert event.sequence == 1 + services.OPTIMISTIC_ATTEMPTS + 1
    assert event.previous_hash == interlopers[-1].hash
    _assert_one_chain(event.sequence)
