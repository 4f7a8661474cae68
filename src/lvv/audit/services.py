"""Writing to the audit trail. Called by every write service, inside its transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.core.bulk import insert_rows

from .models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome

GENESIS_HASH = "0" * 64

# The fields that make up an event's content, in the order they are hashed.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "organisation_id",
    "organisation_name",
    "role",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "outcome",
    "request_id",
    "origin",
    "changed_fields",
    "previous_hash",
)


def _canonical(value: Any) -> Any:
    if value is None:
        return None
    kind = type(value)
    if kind is str:  # most fields; the fast paths keep bulk appends cheap
        return value
    if kind is UUID or kind is int:  # neither has `isoformat` nor is a sequence
        return str(value)
    if kind is datetime and value.tzinfo is UTC and value.year >= 1000:
        # What the strftime below gives, faster (it pads years below 1000 differently).
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    if hasattr(value, "isoformat"):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


# One encoder, built once: `json.dumps` with these options builds a new one on every call.
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_hashed_values = attrgetter(*HASHED_FIELDS)


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the event's content and the previous hash, as canonical JSON."""
    content = {
        name: value if value is None or type(value) is str else _canonical(value)
        for name, value in zip(HASHED_FIELDS, _hashed_values(event), strict=True)
    }
    return hashlib.sha256(_encode(content).encode("utf-8")).hexdigest()


def object_reference(obj: models.Model) -> tuple[str, str]:
    """How an object is named in the trail: `app.model` and its uuid (or primary key)."""
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}"
    object_id = str(getattr(obj, "uuid", None) or obj.pk)
    return object_type, object_id


def _locked_chain_head() -> AuditChainHead:
    """The chain head, locked for this transaction; created at the genesis if missing.

    One statement when the head exists (every append but the first). Creating it ignores a
    conflict, so writers that find no head at the same moment do not collide: one row wins
    and every writer then waits for the lock on it.
    """
    head = AuditChainHead.objects.select_for_update().filter(singleton=True).first()
    if head is not None:
        return head
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(singleton=True, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True
    )
    return AuditChainHead.objects.select_for_update().get(singleton=True)


@dataclass(slots=True)
class PendingEvent:
    """An event's content before it is linked to the chain: the fields of `AuditEvent`.

    A plain record, not a model instance, so a bulk writer can build hundreds of thousands
    cheaply; `audit_record` turns it into the model row it saves.
    """

    occurred_at: datetime
    actor_id: UUID | None
    actor_username: str
    organisation_id: UUID | None
    organisation_name: str
    role: str
    action: str
    object_type: str
    object_id: str
    subject_id: UUID | None
    outcome: str
    request_id: str
    origin: str
    changed_fields: list[str]
    sequence: int | None = None
    previous_hash: str = ""
    hash: str = ""

    def as_model(self) -> AuditEvent:
        return AuditEvent(**{name: getattr(self, name) for name in self.__slots__})


def audit_event(
    *,
    actor: Actor,
    action: str | AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    outcome: str | AuditOutcome = AuditOutcome.SUCCESS,
    changed_fields: Iterable[str] = (),
    username: str = "",
    subject: models.Model | None = None,
) -> PendingEvent:
    """One event as every writer records it, not yet linked to the chain nor saved.

    `audit_record` links and saves it at once; bulk writers (an import) collect many and hand
    them to `audit_bulk_append`, so both write exactly the same content. Only field *names*
    are kept, never values. `subject` is the person the data is about (a client), so that a
    client's file can show everyone who read or changed anything in it.
    """
    if obj is not None:
        object_type, object_id = object_reference(obj)
    user = actor.user
    organisation = actor.organisation
    return PendingEvent(
        occurred_at=timezone.now(),
        actor_id=getattr(user, "uuid", None),
        actor_username=(getattr(user, "username", "") or username)[:150],
        organisation_id=getattr(organisation, "uuid", None),
        organisation_name=getattr(organisation, "name", "")[:200],
        role=actor.role or "",
        action=str(action),
        object_type=object_type,
        object_id=str(object_id)[:64],
        subject_id=getattr(subject, "uuid", None),
        outcome=str(outcome),
        request_id=actor.request_id[:64],
        origin=actor.origin[:80],
        changed_fields=sorted(set(changed_fields)),
    )


# No savepoint: a failed append must fail the caller's whole transaction anyway, and a
# savepoint costs two more round trips on every read of a client file.
@transaction.atomic(savepoint=False)
def audit_record(*, actor: Actor, action: str | AuditAction, **details: Any) -> AuditEvent:
    """Append one event (see `audit_event` for its content) to the chain, in the caller's
    transaction.

    Guarantees: the event is written if and only if the caller's transaction commits; events
    form one unbroken sequence, each with the hash of the one before (appends are serialised
    by locking the chain head).
    """
    event = audit_event(actor=actor, action=action, **details).as_model()
    head = _locked_chain_head()
    event.occurred_at = timezone.now()  # after the lock: times follow the sequence
    event.sequence = head.sequence + 1
    event.previous_hash = head.hash
    event.hash = event_hash(event)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(singleton=True).update(sequence=event.sequence, hash=event.hash)
    return event


@transaction.atomic
def audit_bulk_append(events: Sequence[Any], *, write: Callable[[Sequence[Any]], None]) -> None:
    """Link `events` to the end of the chain and have `write` store them, in one transaction.

    For bulk writers (`lvv generate_dataset`) that insert rows faster than `audit_record` can:
    each event is any object with the attributes in `HASHED_FIELDS` (its `sequence`,
    `previous_hash` and `hash` are set here, in the given order). Guarantees the same chain
    `audit_record` builds: the head is locked, sequences follow on without a gap, each hash
    covers the previous one, and the head moves to the last event only if `write` succeeds.
    """
    if not events:
        return
    head = _locked_chain_head()
    sequence, previous = head.sequence, head.hash
    for event in events:
        sequence += 1
        event.sequence = sequence
        event.previous_hash = previous
        event.hash = previous = event_hash(event)
    write(events)
    AuditChainHead.objects.filter(singleton=True).update(sequence=sequence, hash=previous)


def audit_events_insert(events: Sequence[PendingEvent | AuditEvent]) -> None:
    """Store events linked by `audit_bulk_append`: its `write` for bulk writers (an import
    writes several events per row; with `bulk_create` this was most of its time)."""
    insert_rows(AuditEvent, events)
