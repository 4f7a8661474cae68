"""Reading the audit trail: for auditors, and to verify the chain."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability

from .models import AuditChainHead, AuditEvent
from .services import GENESIS_HASH, event_hash


def audit_events_visible_to(actor: Actor) -> QuerySet[AuditEvent]:
    """The whole trail for an auditor (or superuser); nothing for anyone else."""
    if actor.is_superuser or actor.can(Capability.VIEW_AUDIT):
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()


@dataclass(frozen=True)
class ChainVerification:
    checked: int
    broken_at: int | None  # sequence number of the first bad link
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, progress=None) -> ChainVerification:
    """Recompute every link in order; report the first event whose hash or link is wrong.

    Detects an edited event (its hash no longer matches), a deleted or inserted event (the
    sequence has a gap or the previous-hash link breaks) and a cut-off tail (the chain head
    records a later event than the trail holds).
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
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
    head = AuditChainHead.objects.filter(singleton=True).first()
    if head is not None and (head.sequence != checked or head.hash != expected_previous):
        return ChainVerification(
            checked,
            checked + 1,
            f"the chain head records event {head.sequence}, the trail ends at {checked}",
        )
    return ChainVerification(checked, None, "")
