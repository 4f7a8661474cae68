"""Reading the audit trail: for auditors, and to verify the chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability

from .models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome
from .services import GENESIS_HASH, audit_record, event_hash

# How reading the trail is named in the trail itself.
AUDIT_EVENT_OBJECT_TYPE = "audit.auditevent"


def _may_read_trail(actor: Actor) -> bool:
    return actor.is_superuser or actor.can(Capability.VIEW_AUDIT)


def audit_events_visible_to(actor: Actor) -> QuerySet[AuditEvent]:
    """The whole trail for an auditor (or superuser); nothing for anyone else.

    Scope only, nothing recorded: pages, API and admin read through `audit_events_listed_by`
    and `audit_event_read_by`, which record the reading.
    """
    if _may_read_trail(actor):
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()


def audit_events_listed_by(*, actor: Actor) -> QuerySet[AuditEvent]:
    """The trail as `audit_events_visible_to` scopes it, newest first; the listing is recorded.

    Guarantees: every listing of the trail leaves one event (action `list`, object type
    `audit.auditevent`) in the same chain, so an auditor's reading is itself auditable; a
    caller without the right gets an empty queryset and a `denied` event.
    """
    allowed = _may_read_trail(actor)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type=AUDIT_EVENT_OBJECT_TYPE,
        outcome=AuditOutcome.SUCCESS if allowed else AuditOutcome.DENIED,
    )
    return audit_events_visible_to(actor).order_by("-sequence")


def audit_event_read_by(*, actor: Actor, sequence: int) -> AuditEvent:
    """One event by its sequence number; the reading is recorded (action `read`).

    Guarantees: an event is only returned after a `read` event naming its sequence number is
    written; a missing or invisible event raises `AuditEvent.DoesNotExist` and records the
    attempt as a failure (absent) or `denied` (no right), never revealing which.
    """
    allowed = _may_read_trail(actor)
    event = audit_events_visible_to(actor).filter(sequence=sequence).first()
    if not allowed:
        outcome = AuditOutcome.DENIED
    elif event is None:
        outcome = AuditOutcome.FAILURE
    else:
        outcome = AuditOutcome.SUCCESS
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        object_type=AUDIT_EVENT_OBJECT_TYPE,
        object_id=str(sequence),
        outcome=outcome,
    )
    if event is None:
        raise AuditEvent.DoesNotExist(f"no audit event #{sequence} visible to this actor")
    return event


@dataclass(frozen=True)
class ChainVerification:
    checked: int
    broken_at: int | None  # sequence number of the first bad link
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, progress: Callable[[int], object] | None = None) -> ChainVerification:
    """Recompute every link in order; report the first event whose hash or link is wrong.

    Detects an edited event (its hash no longer matches), a deleted or inserted event (the
    sequence has a gap or the previous-hash link breaks), a cut-off tail (the chain head
    records a later event than the trail holds) and an event written past the head (not by
    `audit_record`). The head is read first, so events appended while the check runs are
    neither checked nor reported; the next run checks them. `progress(1)` is called per event.
    """
    head = AuditChainHead.objects.filter(singleton=True).first()
    head_sequence = head.sequence if head is not None else 0
    head_hash = head.hash if head is not None else GENESIS_HASH
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    events = AuditEvent.objects.filter(sequence__lte=head_sequence).order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainVerification(
                checked,
                expected_sequence,
                f"event {expected_sequence} is missing (next present is {event.sequence})",
            )
        if event.previous_hash != expected_previous:
            return ChainVerification(
                checked, event.sequence, "its link to the previous event does not match"
            )
        if event_hash(event) != event.hash:
            return ChainVerification(
                checked, event.sequence, "its content does not match its hash (altered)"
            )
        expected_previous = event.hash
        expected_sequence += 1
        checked += 1
        if progress is not None:
            progress(1)
    if checked != head_sequence:
        return ChainVerification(
            checked,
            checked + 1,
            f"the chain head records event {head_sequence}, the trail ends at {checked}",
        )
    if expected_previous != head_hash:
        return ChainVerification(
            checked, checked, "the chain head's hash does not match the last event"
        )
    # Appends committed since the head was read moved the head on; anything past the head
    # as it is now was not written by audit_record.
    current_head = AuditChainHead.objects.filter(singleton=True).first()
    current_sequence = current_head.sequence if current_head is not None else 0
    stray = AuditEvent.objects.filter(sequence__gt=current_sequence).order_by("sequence").first()
    if stray is not None:
        return ChainVerification(
            checked,
            stray.sequence,
            f"event {stray.sequence} lies beyond the chain head (event {current_sequence})",
        )
    return ChainVerification(checked, None, "")


@dataclass(frozen=True)
class EventIntegrity:
    content_intact: bool  # the stored hash is the hash of the stored content
    linked_to_previous: bool | None  # previous_hash matches the previous event; None: not found


def audit_event_integrity(event: AuditEvent) -> EventIntegrity:
    """Check one link on its own: its content against its hash, its link against its neighbour.

    A quick check for the detail page; only `audit_chain_verify` proves the whole chain.
    """
    if event.sequence == 1:
        linked: bool | None = event.previous_hash == GENESIS_HASH
    else:
        previous = (
            AuditEvent.objects.filter(sequence=event.sequence - 1)
            .values_list("hash", flat=True)
            .first()
        )
        linked = None if previous is None else previous == event.previous_hash
    return EventIntegrity(content_intact=event_hash(event) == event.hash, linked_to_previous=linked)
