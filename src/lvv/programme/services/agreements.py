"""Writes to agreements: create, correct, move through the status workflow, extend (one or
many at once, by one decision) and terminate early. Programme managers only.

Every write locks the municipality row first, so two people cannot create overlapping
agreements for one municipality at the same moment, then the agreement row itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.network.models import Municipality

from ..models import (
    AGREEMENT_TRANSITIONS,
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    AmendmentKind,
    Decision,
    FundingRule,
    Programme,
    default_parties,
)
from ..models.agreements import day_label
from ..selectors.extensions import extension_problem, funding_rule_from, funding_spec_errors
from ._common import apply_changes, audit, require_manager, validate

AGREEMENT_FIELDS = (
    "programme",
    "municipality",
    "title",
    "parties",
    "start",
    "end",
    "mandate",
    "basis",
    "notes",
)
# Once in force, an agreement's period changes only by an amendment with its decision.
DRAFT_ONLY_FIELDS = ("municipality", "start", "end")
AMENDMENT_FIELDS = ("agreement", "kind", "decision", "previous_end", "new_end")


def _lock_municipalities(ids: Iterable[int]) -> None:
    # In primary-key order, so two writers never wait for each other crosswise.
    list(Municipality.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk"))


def _lock(agreement: Agreement) -> Agreement:
    _lock_municipalities([agreement.municipality_id])
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def check_transition(agreement: Agreement, status: str) -> None:
    """Refuse (on `status`) a move the workflow in `AGREEMENT_TRANSITIONS` does not allow."""
    if status not in AGREEMENT_TRANSITIONS.get(agreement.status, frozenset()):
        raise ValidationError(
            {
                "status": _("An agreement cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": AgreementStatus(agreement.status).label,
                    "to": AgreementStatus(status).label
                    if status in AgreementStatus.values
                    else status,
                }
            }
        )


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    municipality: Municipality,
    title: str,
    start: date,
    end: date,
    programme: Programme | None = None,
    parties: list[str] | None = None,
    mandate: Decision | None = None,
    basis: Decision | None = None,
    notes: str = "",
) -> Agreement:
    """Create an agreement as a draft. It ends after it starts (else an error on `end`),
    overlaps no other agreement of the municipality (on `start`), always names the
    municipality and the State Secretary among its parties (on `parties`), and its mandate is
    a mandate decision (on `mandate`)."""
    require_manager(actor)
    _lock_municipalities([municipality.pk])
    agreement = Agreement(
        municipality=municipality,
        programme=programme,
        title=title.strip(),
        parties=list(parties) if parties is not None else default_parties(),
        start=start,
        end=end,
        mandate=mandate,
        basis=basis,
        notes=notes.strip(),
        status=AgreementStatus.DRAFT,
    )
    validate(agreement)
    agreement.save()
    audit(actor, AuditAction.CREATE, agreement, (*AGREEMENT_FIELDS, "status"))
    return agreement


@transaction.atomic
def agreement_update(*, actor: Actor, agreement: Agreement, data: Mapping[str, Any]) -> Agreement:
    """Correct an agreement. Its municipality, start and end change only while it is a draft;
    after that the end moves by extension or early termination (which need a decision)."""
    require_manager(actor)
    data = dict(data)
    if "municipality" in data:
        _lock_municipalities([agreement.municipality_id, data["municipality"].pk])
    locked = _lock(agreement)
    if locked.status != AgreementStatus.DRAFT:
        errors = {}
        for name in DRAFT_ONLY_FIELDS:
            if name in data and data[name] != getattr(locked, name):
                errors[name] = (
                    _("Extend or terminate the agreement to change its end; both need a decision.")
                    if name == "end"
                    else _("This can only be changed while the agreement is a draft.")
                )
        if errors:
            raise ValidationError(errors)
    if "parties" in data and data["parties"] is not None:
        data["parties"] = list(data["parties"])
    changed = apply_changes(locked, data, AGREEMENT_FIELDS)
    if not changed:
        return locked
    validate(locked)
    locked.save()
    audit(actor, AuditAction.UPDATE, locked, changed)
    return locked


@transaction.atomic
def agreement_change_status(
    *, actor: Actor, agreement: Agreement, status: str, today: date | None = None
) -> Agreement:
    """Move an agreement along the workflow (`AGREEMENT_TRANSITIONS`): a draft comes into force;
    an agreement in force is marked ended once its last day has passed (else an error on
    `status`). Early termination has its own service, as it needs a decision and a date."""
    require_manager(actor)
    locked = _lock(agreement)
    check_transition(locked, status)
    if status == AgreementStatus.TERMINATED:
        raise ValidationError(
            {"status": _("Terminate an agreement early with its decision and end date.")}
        )
    if status == AgreementStatus.ENDED:
        today = today or timezone.localdate()
        if locked.end > today:
            raise ValidationError(
                {
                    "status": _(
                        "The agreement runs up to and including %(day)s; it can only be marked "
                        "ended after that."
                    )
                    % {"day": day_label(locked.last_day)}
                }
            )
    locked.status = status
    validate(locked)
    locked.save(update_fields=["status", "updated_at"])
    audit(actor, AuditAction.UPDATE, locked, ["status"])
    return locked


def _extend(
    actor: Actor,
    agreement: Agreement,
    *,
    new_end: date,
    decision: Decision,
    funding: Mapping[str, Any] | None,
) -> AgreementAmendment:
    """Extend a locked agreement whose extension was checked; optionally add the funding rule
    for the new period `[old end, new end)`."""
    old_end = agreement.end
    amendment = AgreementAmendment(
        agreement=agreement,
        kind=AmendmentKind.EXTENSION,
        decision=decision,
        previous_end=old_end,
        new_end=new_end,
    )
    validate(amendment)
    agreement.end = new_end
    validate(agreement)
    rule = None
    if funding:
        rule = funding_rule_from(
            funding, agreement=agreement, start=old_end, end=new_end, decision=decision
        )
        validate(rule)
    agreement.save(update_fields=["end", "updated_at"])
    amendment.save()
    audit(actor, AuditAction.UPDATE, agreement, ["end"])
    audit(actor, AuditAction.CREATE, amendment, AMENDMENT_FIELDS)
    if rule is not None:
        rule.save()
        audit(actor, AuditAction.CREATE, rule, ["agreement", "decision", "kind", "start", "end"])
    return amendment


def _require_decision(decision: Decision | None) -> None:
    if decision is None:
        raise ValidationError({"decision": _("Name the decision that makes this change.")})


@transaction.atomic
def agreement_extend(
    *,
    actor: Actor,
    agreement: Agreement,
    new_end: date,
    decision: Decision,
    funding: Mapping[str, Any] | None = None,
) -> AgreementAmendment:
    """Extend one agreement in force to `new_end` (exclusive) by `decision`.

    Refuses an agreement not in force (on `status`), a `new_end` that does not lie after the
    current end or whose extra period overlaps another agreement of the municipality (on
    `new_end`), and a funding spec that is incomplete (on `funding.<field>`). With `funding`,
    the new period gets that funding rule, pointing at the same decision.
    """
    require_manager(actor)
    _require_decision(decision)
    locked = _lock(agreement)
    problem = extension_problem(locked, new_end)
    if problem:
        field = "status" if locked.status != AgreementStatus.IN_FORCE else "new_end"
        raise ValidationError({field: problem})
    if funding:
        errors = funding_spec_errors(funding, start=locked.end, end=new_end)
        if errors:
            raise ValidationError(errors)
    return _extend(actor, locked, new_end=new_end, decision=decision, funding=funding)


@transaction.atomic
def agreements_extend(
    *,
    actor: Actor,
    agreements: Iterable[Agreement],
    new_end: date,
    decision: Decision,
    funding: Mapping[str, Any] | None = None,
) -> list[AgreementAmendment]:
    """Extend several agreements to one new end by one decision: all of them or none.

    Checks every agreement first (in force, really extended, no overlap), under locks, and
    refuses the whole request on `agreements` with one message per agreement that cannot be
    extended, naming it; a bad funding spec is refused on `funding.<field>`. Only then writes,
    in one transaction: an amendment per agreement, the new end, and the funding rule for each
    new period. The preview (`selectors.agreement_extension_preview`) reports the same checks.
    """
    require_manager(actor)
    _require_decision(decision)
    wanted = {agreement.pk: agreement for agreement in agreements}
    if not wanted:
        raise ValidationError({"agreements": _("Choose at least one agreement.")})
    _lock_municipalities(a.municipality_id for a in wanted.values())
    locked = list(Agreement.objects.select_for_update().filter(pk__in=list(wanted)).order_by("pk"))
    for agreement in locked:
        agreement.municipality = wanted[agreement.pk].municipality
    problems = [p for p in (extension_problem(a, new_end) for a in locked) if p]
    if problems:
        raise ValidationError({"agreements": problems})
    if funding:
        errors: dict[str, list] = {}
        for agreement in locked:
            for name, messages in funding_spec_errors(
                funding, start=agreement.end, end=new_end
            ).items():
                errors.setdefault(name, [])
                errors[name] += [m for m in messages if m not in errors[name]]
        if errors:
            raise ValidationError(errors)
    ordered = sorted(locked, key=lambda a: (a.municipality.name, a.start))
    return [
        _extend(actor, agreement, new_end=new_end, decision=decision, funding=funding)
        for agreement in ordered
    ]


@transaction.atomic
def agreement_terminate(
    *, actor: Actor, agreement: Agreement, end: date, decision: Decision
) -> AgreementAmendment:
    """End an agreement in force early: from `end` (exclusive: the first day without it), by
    `decision`. `end` must lie after the start and before the current end (else an error on
    `end`). Funding rules are cut at `end` (rules wholly after it are removed, each change
    audited); partner contracts stay as they are, for the wind-down."""
    require_manager(actor)
    _require_decision(decision)
    locked = _lock(agreement)
    check_transition(locked, AgreementStatus.TERMINATED)
    if end <= locked.start:
        raise ValidationError({"end": _("An agreement must end after it starts.")})
    if end >= locked.end:
        raise ValidationError(
            {
                "end": _(
                    "An early termination must end before the agreement ends now (its last "
                    "day is %(day)s)."
                )
                % {"day": day_label(locked.last_day)}
            }
        )
    amendment = AgreementAmendment(
        agreement=locked,
        kind=AmendmentKind.EARLY_TERMINATION,
        decision=decision,
        previous_end=locked.end,
        new_end=end,
    )
    validate(amendment)
    for rule in FundingRule.objects.select_for_update().filter(agreement=locked, end__gt=end):
        if rule.start >= end:
            audit(actor, AuditAction.DELETE, rule, [])
            rule.delete()
        else:
            rule.end = end
            rule.save(update_fields=["end", "updated_at"])
            audit(actor, AuditAction.UPDATE, rule, ["end"])
    locked.end = end
    locked.status = AgreementStatus.TERMINATED
    validate(locked)
    locked.save(update_fields=["end", "status", "updated_at"])
    amendment.save()
    audit(actor, AuditAction.UPDATE, locked, ["end", "status"])
    audit(actor, AuditAction.CREATE, amendment, AMENDMENT_FIELDS)
    return amendment
