"""Writes to the register of decisions and to programmes: programme managers only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction

from ..models import Decision, Programme
from ._common import apply_changes, audit, require_manager, validate

DECISION_FIELDS = (
    "kind",
    "date",
    "reference",
    "parliamentary_paper",
    "publication",
    "title",
    "summary",
    "url",
)
PROGRAMME_FIELDS = ("name", "description", "basis", "target_lvv_count")


@transaction.atomic
def decision_create(
    *,
    actor: Actor,
    kind: str,
    date: date,
    title: str,
    reference: str = "",
    parliamentary_paper: str = "",
    publication: str = "",
    summary: str = "",
    url: str = "",
) -> Decision:
    """Register a letter, agreement or decision. A non-empty reference (kenmerk) is unique
    (else an error on `reference`). Programme managers only."""
    require_manager(actor)
    decision = Decision(
        kind=kind,
        date=date,
        title=title.strip(),
        reference=reference.strip(),
        parliamentary_paper=parliamentary_paper.strip(),
        publication=publication.strip(),
        summary=summary.strip(),
        url=url.strip(),
    )
    validate(decision)
    decision.save()
    audit(actor, AuditAction.CREATE, decision, DECISION_FIELDS)
    return decision


@transaction.atomic
def decision_update(*, actor: Actor, decision: Decision, data: Mapping[str, Any]) -> Decision:
    """Correct a registered decision; audits only the fields that really changed."""
    require_manager(actor)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    changed = apply_changes(decision, data, DECISION_FIELDS)
    if not changed:
        return decision
    validate(decision)
    decision.save()
    audit(actor, AuditAction.UPDATE, decision, changed)
    return decision


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    name: str,
    description: str = "",
    basis: Decision | None = None,
    target_lvv_count: int = 0,
) -> Programme:
    """Create a programme (a group of agreements decided on together). Unique name."""
    require_manager(actor)
    programme = Programme(
        name=name.strip(),
        description=description.strip(),
        basis=basis,
        target_lvv_count=target_lvv_count,
    )
    validate(programme)
    programme.save()
    audit(actor, AuditAction.CREATE, programme, PROGRAMME_FIELDS)
    return programme


@transaction.atomic
def programme_update(*, actor: Actor, programme: Programme, data: Mapping[str, Any]) -> Programme:
    """Change a programme's name, description, basis or target; audits what changed."""
    require_manager(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    changed = apply_changes(programme, data, PROGRAMME_FIELDS)
    if not changed:
        return programme
    validate(programme)
    programme.save()
    audit(actor, AuditAction.UPDATE, programme, changed)
    return programme
