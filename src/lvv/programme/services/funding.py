"""Writes to funding rules (programme managers) and spending records (a municipality's own
coordinators). Amounts are Decimal euros with cents and never negative."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.network.models import Municipality

from ..models import Agreement, Decision, FundingRule, SpendingRecord
from ._common import apply_changes, audit, require_manager, require_municipal_writer, validate

FUNDING_RULE_FIELDS = (
    "decision",
    "kind",
    "start",
    "end",
    "amount",
    "price_per_place",
    "state_funded_places",
    "total_places",
    "reference_year",
    "notes",
)
SPENDING_FIELDS = ("municipality", "agreement", "start", "end", "amount", "description")


def _lock_agreement(agreement: Agreement) -> Agreement:
    # Rules of one agreement are checked for overlap with the agreement row locked.
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def funding_rule_create(
    *,
    actor: Actor,
    agreement: Agreement,
    kind: str,
    start: date,
    end: date,
    decision: Decision | None = None,
    amount: Decimal | None = None,
    price_per_place: Decimal | None = None,
    state_funded_places: int | None = None,
    total_places: int | None = None,
    reference_year: int | None = None,
    notes: str = "",
) -> FundingRule:
    """Add a funding rule to a period of an agreement.

    Guarantees: the period lies within the agreement (errors on `start`/`end`) and overlaps no
    other rule of it (on `start`); the kind's own fields are filled and the others empty (on
    each field); amounts are not negative; "same level as" names an earlier year (on
    `reference_year`). Programme managers only.
    """
    require_manager(actor)
    locked = _lock_agreement(agreement)
    rule = FundingRule(
        agreement=locked,
        decision=decision,
        kind=kind,
        start=start,
        end=end,
        amount=amount,
        price_per_place=price_per_place,
        state_funded_places=state_funded_places,
        total_places=total_places,
        reference_year=reference_year,
        notes=notes.strip(),
    )
    validate(rule)
    rule.save()
    audit(actor, AuditAction.CREATE, rule, ("agreement", *FUNDING_RULE_FIELDS))
    return rule


@transaction.atomic
def funding_rule_update(*, actor: Actor, rule: FundingRule, data: Mapping[str, Any]) -> FundingRule:
    """Change a funding rule, with the same guarantees as adding one."""
    require_manager(actor)
    _lock_agreement(rule.agreement)
    rule = FundingRule.objects.select_related("agreement").get(pk=rule.pk)
    changed = apply_changes(rule, data, FUNDING_RULE_FIELDS)
    if not changed:
        return rule
    validate(rule)
    rule.save()
    audit(actor, AuditAction.UPDATE, rule, changed)
    return rule


@transaction.atomic
def funding_rule_delete(*, actor: Actor, rule: FundingRule) -> None:
    """Remove a funding rule entered by mistake (the audit trail keeps that it existed)."""
    require_manager(actor)
    _lock_agreement(rule.agreement)
    audit(actor, AuditAction.DELETE, rule, [])
    rule.delete()


@transaction.atomic
def spending_record_create(
    *,
    actor: Actor,
    municipality: Municipality,
    start: date,
    end: date,
    amount: Decimal,
    description: str,
    agreement: Agreement | None = None,
) -> SpendingRecord:
    """Record what a municipality spent in a period within one calendar year (else an error on
    `end`), optionally under one of its own agreements (else on `agreement`). The amount is
    not negative (on `amount`). A municipality's own coordinators only."""
    require_municipal_writer(actor, municipality)
    record = SpendingRecord(
        municipality=municipality,
        agreement=agreement,
        start=start,
        end=end,
        amount=amount,
        description=description.strip(),
    )
    validate(record)
    record.save()
    audit(actor, AuditAction.CREATE, record, SPENDING_FIELDS)
    return record


@transaction.atomic
def spending_record_update(
    *, actor: Actor, record: SpendingRecord, data: Mapping[str, Any]
) -> SpendingRecord:
    """Correct a spending record, with the same guarantees; it cannot move to another
    municipality than the writer's own."""
    moved_to = [data["municipality"]] if "municipality" in data else []
    require_municipal_writer(actor, record.municipality, *moved_to)
    record = SpendingRecord.objects.select_for_update().get(pk=record.pk)
    changed = apply_changes(record, data, SPENDING_FIELDS)
    if not changed:
        return record
    validate(record)
    record.save()
    audit(actor, AuditAction.UPDATE, record, changed)
    return record
