"""Writing to the audit trail. Called by every write service, inside its transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from operator import attrgetter
from typing import Any
from uuid import UUID

from django.db import connections, models, router, transaction
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.core.bulk import insert_rows, inserted_fields, prepared_row

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


def _head_names(connection) -> dict[str, str]:
    """The chain head's table and columns, quoted for `connection` (from the model's meta)."""
    quote = connection.ops.quote_name
    names = {name: quote(AuditChainHead._meta.get_field(name).column) for name in _HEAD_COLUMNS}
    names["table"] = quote(AuditChainHead._meta.db_table)
    return names


_HEAD_COLUMNS = ("sequence", "hash", "singleton")


@cache
def _head_select(alias: str, *, lock: bool) -> str:
    """The statement that reads (and with `lock` locks) the chain head on database `alias`."""
    connection = connections[alias]
    names = _head_names(connection)
    lock_sql = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    return (
        f"SELECT {names['sequence']}, {names['hash']} FROM {names['table']}"  # noqa: S608  # nosec B608
        f" WHERE {names['singleton']}{lock_sql}"
    )


def _chain_head(connection, *, lock: bool) -> tuple[int, str]:
    """The chain head's sequence and hash, created at the genesis if missing; with `lock`,
    its row is locked for the rest of the transaction.

    One statement when the head exists (every append but the first), written out rather than
    built by the ORM: it runs on every read of a client file, where compiling the query cost
    as much as sending it. Creating the head ignores a conflict, so writers that find no head
    at the same moment do not collide: one row wins and every writer then reads (or waits
    for the lock on) that one.
    """
    statement = _head_select(connection.alias, lock=lock)
    with connection.cursor() as cursor:
        cursor.execute(statement)
        row = cursor.fetchone()
    if row is not None:
        return row[0], row[1]
    AuditChainHead.objects.using(connection.alias).bulk_create(
        [AuditChainHead(singleton=True, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True
    )
    return _chain_head(connection, lock=lock)


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


# How often an append on PostgreSQL links its event to a head that another writer then moved,
# before it locks the head instead (each retry means another append went through).
OPTIMISTIC_ATTEMPTS = 3


def audit_record(*, actor: Actor, action: str | AuditAction, **details: Any) -> AuditEvent:
    """Append one event (see `audit_event` for its content) to the chain, in the caller's
    transaction (without one, the event is committed on its own).

    Guarantees: the event is written if and only if the caller's transaction commits; events
    form one unbroken sequence, each with the hash of the one before; an event's time is
    taken after the head it follows was read.

    On PostgreSQL an append is optimistic, because it runs on every read of a client file
    and round trips were most of its cost: read the head, link the event to it, then one
    statement stores the event and moves the head only if the head has not moved meanwhile
    (else: link again). Two round trips, no transaction of its own (it was five: begin, lock,
    insert, move, commit). After `OPTIMISTIC_ATTEMPTS` lost races, and on SQLite (where a
    writer holds the whole database anyway), the head is locked first instead.
    """
    event = audit_event(actor=actor, action=action, **details).as_model()
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor == "postgresql":
        for _attempt in range(OPTIMISTIC_ATTEMPTS):
            sequence, previous_hash = _chain_head(connection, lock=False)
            _link(event, sequence, previous_hash)
            if _append_unless_head_moved(event, sequence, connection):
                return event
    # No savepoint: a failed append must fail the caller's whole transaction anyway.
    with transaction.atomic(using=connection.alias, savepoint=False):
        _link(event, *_chain_head(connection, lock=True))
        event.save(using=connection.alias, force_insert=True)
        AuditChainHead.objects.using(connection.alias).filter(singleton=True).update(
            sequence=event.sequence, hash=event.hash
        )
    return event


def _link(event: AuditEvent, sequence: int, previous_hash: str) -> None:
    """Make `event` the one after the head (`sequence`, `previous_hash`): its number, time
    (taken now, after the head was read) and hash."""
    event.occurred_at = timezone.now()
    event.sequence = sequence + 1
    event.previous_hash = previous_hash
    event.hash = event_hash(event)


@cache
def _append_statement(alias: str) -> str:
    """`_append_unless_head_moved`'s statement on database `alias` (PostgreSQL): built once,
    from the models' meta; its parameters are the head's new sequence and hash, the sequence
    it must still be at, then the event's values in `core.bulk.inserted_fields` order."""
    connection = connections[alias]
    fields = inserted_fields(AuditEvent)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in fields)
    head = _head_names(connection)
    return (
        f"WITH moved AS (UPDATE {head['table']} SET {head['sequence']} = %s,"  # noqa: S608  # nosec B608
        f" {head['hash']} = %s WHERE {head['singleton']} AND {head['sequence']} = %s"
        f" RETURNING {head['sequence']})"
        f" INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) SELECT {values} FROM moved"
        f" RETURNING {quote(AuditEvent._meta.pk.column)}"
    )


def _append_unless_head_moved(event: AuditEvent, head_sequence: int, connection) -> bool:
    """Store `event` (linked to the head at `head_sequence`) and move the head to it, in one
    statement (PostgreSQL: the head's update as a data-modifying `WITH`, the insert reading
    its row), that does neither when the head is no longer at `head_sequence`. A concurrent
    append that holds the head's row makes this one wait, then find the head moved.

    Values are prepared by each model field as `bulk_create` prepares them
    (`core.bulk.prepared_row`), each cast to its column's type; the event gets its id back.
    """
    row = prepared_row(AuditEvent, event, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _append_statement(connection.alias),
            [event.sequence, event.hash, head_sequence, *row],
        )
        stored = cursor.fetchone()
    if stored is None:
        return False
    event.pk = stored[0]
    event._state.adding = False
    event._state.db = connection.alias
    return True


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
    sequence, previous = _chain_head(connections[router.db_for_write(AuditEvent)], lock=True)
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
