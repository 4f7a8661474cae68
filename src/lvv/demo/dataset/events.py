"""The dataset's audit trail: events queued per day, appended to the chain in time order."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any

from django.db import connection

from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.audit.services import HASHED_FIELDS, audit_bulk_append

from .tables import Table, uuid_for_database

CREATE = str(AuditAction.CREATE)
READ = str(AuditAction.READ)
UPDATE = str(AuditAction.UPDATE)
_SUCCESS = str(AuditOutcome.SUCCESS)

# Hashed values the database stores in another form, and the slot that holds that form.
_STORED_AS = {
    "occurred_at": "stored_at",
    "actor_id": "stored_actor",
    "organisation_id": "stored_organisation",
    "subject_id": "stored_subject",
    "changed_fields": "stored_changed",
}


class Event:
    """An audit event before it is linked into the chain (what `audit_bulk_append` needs).

    Its hashed values are already the text `event_hash` makes of them (the time as
    `...T08:00:00.000000Z`, uuids with dashes), which hashes the same and skips converting;
    the `stored_*` slots hold what the database takes for the values it stores differently.
    """

    __slots__ = (*HASHED_FIELDS, "hash", *_STORED_AS.values())

    def __init__(
        self,
        occurred_at,
        stored_at,
        identity,
        action,
        object_type,
        object_id,
        subject_id,
        stored_subject,
        request_id,
        changed_fields,
        stored_changed,
    ):
        self.sequence = self.previous_hash = None
        self.hash = ""
        self.occurred_at = occurred_at
        self.stored_at = stored_at
        (
            self.actor_id,
            self.stored_actor,
            self.actor_username,
            self.organisation_id,
            self.stored_organisation,
            self.organisation_name,
            self.role,
            self.origin,
        ) = identity
        self.action = action
        self.object_type = object_type
        self.object_id = object_id
        self.subject_id = subject_id
        self.stored_subject = stored_subject
        self.outcome = _SUCCESS
        self.request_id = request_id
        self.changed_fields = changed_fields
        self.stored_changed = stored_changed


def uuid4_text(bits: int) -> str:
    """`str(uuid.UUID(int=bits, version=4))` without building the object."""
    bits = (bits & ~(0xC000 << 48)) | (0x8000 << 48)
    bits = (bits & ~(0xF000 << 64)) | (4 << 76)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _sqlite_moment(canonical: str) -> str:
    """The stored form (`str()` of the naive datetime) of a canonical `...T08:00:00.000000Z`."""
    if canonical.endswith(".000000Z"):  # `str()` leaves out a zero fraction
        return f"{canonical[:10]} {canonical[11:19]}"
    return f"{canonical[:10]} {canonical[11:-1]}"


class AuditLog:
    """Events of the dataset, queued per day until every event before a day is known.

    Guarantees: `flush(before=day)` appends all queued events of the days before `day` to the
    chain through `audit_bulk_append`, ordered by time and, at the same moment, by the order
    they were added, and stores them with ids that follow on from the table's highest.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.table = Table(AuditEvent)
        assert self.table.attnames[0] == "id"  # the id comes first in a row
        self.stored_values = attrgetter(
            *(_STORED_AS.get(name, name) for name in self.table.attnames[1:])
        )
        self.stored_uuid = uuid_for_database()
        self.sqlite = connection.vendor == "sqlite"
        self.days: dict[int, list[tuple[datetime, int, Event]]] = {}
        self.added = 0
        self.changes: dict[tuple, tuple[tuple[str, ...], str]] = {}

    @property
    def written(self) -> int:
        return self.table.written

    def identity(
        self, *, user_uuid, username, organisation_uuid, organisation_name, role, origin
    ) -> tuple:
        """Who acts, as events take it: uuids as text and in their stored form."""
        user = None if user_uuid is None else str(user_uuid)
        organisation = None if organisation_uuid is None else str(organisation_uuid)
        return (
            user,
            None if user is None else self.stored_uuid(user),
            username,
            organisation,
            None if organisation is None else self.stored_uuid(organisation),
            organisation_name,
            role,
            origin,
        )

    def add(
        self,
        at: datetime,
        identity: tuple,
        action: str,
        object_type: str,
        object_id: Any,
        subject: str | None,
        fields: Iterable[str] = (),
    ) -> None:
        """Queue an event at `at` (UTC) by the actor `identity` about client `subject`."""
        if at.tzinfo is not UTC:
            at = at.astimezone(UTC)
        occurred_at = at.isoformat(timespec="microseconds")[:-6] + "Z"
        key = tuple(fields)
        changed = self.changes.get(key)
        if changed is None:
            names = sorted({str(name).removesuffix("_id") for name in key})
            changed = self.changes[key] = (tuple(names), json.dumps(names))
        event = Event(
            occurred_at,
            _sqlite_moment(occurred_at) if self.sqlite else occurred_at,
            identity,
            action,
            object_type,
            str(object_id),
            subject,
            None if subject is None else self.stored_uuid(subject),
            uuid4_text(self.rng.getrandbits(128)),
            *changed,
        )
        self.added += 1
        day = at.toordinal()
        queued = self.days.get(day)
        if queued is None:
            queued = self.days[day] = []
        queued.append((at, self.added, event))

    def flush(self, *, before: date | None) -> None:
        """Append the queued events of the days before `before` (all when None) to the chain."""
        last = None if before is None else before.toordinal()
        ready: list[Event] = []
        for day in sorted(day for day in self.days if last is None or day < last):
            queued = self.days.pop(day)
            queued.sort()
            ready.extend(event for _at, _added, event in queued)
        if ready:
            audit_bulk_append(ready, write=self._write)

    def _write(self, events: Sequence[Event]) -> None:
        table = self.table
        first, values = table.next_id, self.stored_values
        table.buffer.extend([(first + n, *values(event)) for n, event in enumerate(events)])
        table.next_id = first + len(events)
        table.flush()
