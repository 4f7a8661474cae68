"""`insert_rows` writes what `bulk_create` writes: defaults, auto stamps, JSON and UUIDs."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lvv.audit.models import AuditEvent
from lvv.cases.models import Placement, StatusChange
from lvv.cases.tests.factories import ClientFactory
from lvv.core.bulk import insert_rows

pytestmark = pytest.mark.django_db


def _event(sequence: int) -> AuditEvent:
    return AuditEvent(
        sequence=sequence,
        occurred_at=datetime(2025, 1, 2, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
        actor_id=uuid.UUID(int=7),
        actor_username="tester",
        action="update",
        object_type="cases.client",
        object_id="x",
        subject_id=uuid.UUID(int=9),
        outcome="success",
        changed_fields=["status", "status_since"],
        previous_hash=f"{sequence - 1:064d}",
        hash=f"{sequence:064d}",
    )


def _values(event: AuditEvent) -> dict:
    skip = ("id", "sequence", "previous_hash", "hash")
    return {
        f.attname: getattr(event, f.attname)
        for f in AuditEvent._meta.concrete_fields
        if f.attname not in skip
    }


def test_rows_read_back_equal_to_bulk_create():
    AuditEvent.objects.bulk_create([_event(1)])
    assert insert_rows(AuditEvent, [_event(2)]) == 1
    one, two = (_values(e) for e in AuditEvent.objects.order_by("sequence"))
    assert one == two
    assert two["changed_fields"] == ["status", "status_since"]
    assert two["subject_id"] == uuid.UUID(int=9)
    assert two["occurred_at"] == datetime(2025, 1, 2, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_auto_stamps_and_defaults_are_filled():
    client = ClientFactory()
    insert_rows(
        StatusChange,
        [
            StatusChange(
                client=client,
                from_status="intake",
                to_status="refused",
                changed_on=date(2025, 1, 2),
            )
        ],
    )
    change = StatusChange.objects.get(client=client)
    assert change.created_at is not None
    assert change.to_status == "refused"
    assert insert_rows(Placement, []) == 0
