"""Intake and eligibility: every criterion of the municipality answered, exclusion grounds
found, and the decision (admitted, refused, referred to the driehoeksoverleg) with its reason
and decider. Criteria and grounds are reference data per municipality (national ones plus the
municipality's own), never code.

An admission moves the client from intake to "dossier requested", a refusal to "refused", both
through `workflow.client_transition`, in the same transaction as the decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction

from ..models import (
    Answer,
    Client,
    ClientStatus,
    Intake,
    IntakeAnswer,
    IntakeDecision,
    IntakeExclusion,
)
from ..selectors.clients import criteria_for, exclusion_grounds_for, open_intake_of
from .clients import audit_client_write, lock_client_for_write, require_not_in_future, today
from .versions import existing_submission
from .workflow import client_transition

DECISIONS = (IntakeDecision.ADMITTED, IntakeDecision.REFUSED, IntakeDecision.REFERRED)


def _check_answers(municipality, answers: Iterable[Mapping[str, Any]]) -> list[IntakeAnswer]:
    """One answer per active criterion of the municipality, no more, no fewer."""
    criteria = {criterion.pk: criterion for criterion in criteria_for(municipality)}
    given: dict[int, IntakeAnswer] = {}
    problems: list[str] = []
    for item in answers:
        criterion = item.get("criterion")
        answer = item.get("answer")
        if criterion is None or criterion.pk not in criteria:
            problems.append(
                _("'%(criterion)s' is not a criterion of this municipality.")
                % {"criterion": criterion}
            )
            continue
        if criterion.pk in given:
            problems.append(_("'%(criterion)s' is answered twice.") % {"criterion": criterion})
            continue
        if answer not in Answer.values:
            problems.append(
                _("Answer '%(criterion)s' with yes, no or unknown.") % {"criterion": criterion}
            )
            continue
        given[criterion.pk] = IntakeAnswer(
            criterion=criterion, answer=answer, note=(item.get("note") or "").strip()[:500]
        )
    missing = [criteria[pk] for pk in criteria if pk not in given]
    for criterion in missing:
        problems.append(_("'%(criterion)s' is not answered.") % {"criterion": criterion})
    if problems:
        raise ValidationError({"answers": problems})
    return [given[pk] for pk in criteria]


def _check_exclusions(
    municipality, exclusions: Iterable[Mapping[str, Any]]
) -> list[IntakeExclusion]:
    grounds = {ground.pk: ground for ground in exclusion_grounds_for(municipality)}
    found: dict[int, IntakeExclusion] = {}
    problems: list[str] = []
    for item in exclusions:
        ground = item.get("ground")
        if ground is None or ground.pk not in grounds:
            problems.append(
                _("'%(ground)s' is not an exclusion ground of this municipality.")
                % {"ground": ground}
            )
            continue
        if ground.pk not in found:
            found[ground.pk] = IntakeExclusion(
                ground=ground, note=(item.get("note") or "").strip()[:500]
            )
    if problems:
        raise ValidationError({"exclusions": problems})
    return list(found.values())


@transaction.atomic
def intake_create(
    *,
    actor: Actor,
    client: Client,
    answers: Iterable[Mapping[str, Any]],
    exclusions: Iterable[Mapping[str, Any]] = (),
    intake_on: date | None = None,
    decision: str | None = None,
    decision_reason: str = "",
    decided_on: date | None = None,
    submission_key: UUID | None = None,
) -> Intake:
    """Record an intake: an answer (yes/no/unknown, with a note) for every active criterion of
    the client's municipality, and the exclusion grounds found; optionally decide it at once
    (see `intake_decide`).

    Guarantees: answers for exactly the municipality's active criteria (errors at `answers`),
    grounds of that municipality only (`exclusions`); at most one undecided intake per client
    (`intake_on`); a client who left or was refused returns to status intake (a new
    application) through the one transition service. Audited with the client as subject.

    `submission_key` (the one-time key of the form or request, unique in the database) makes
    a repeat harmless: a second submission with the same key returns the intake the first
    one recorded and writes nothing.
    """
    client = lock_client_for_write(actor=actor, client=client)
    repeated = existing_submission(Intake, key=submission_key, client=client)
    if repeated is not None:
        return repeated
    intake_on = intake_on or today()
    require_not_in_future(intake_on, "intake_on")
    if client.status not in (ClientStatus.INTAKE, ClientStatus.OUTFLOW, ClientStatus.REFUSED):
        raise ValidationError(
            {"intake_on": _("This client has been admitted; a new intake is not possible now.")}
        )
    if open_intake_of(client) is not None:
        raise ValidationError(
            {"intake_on": _("This client already has an intake waiting for a decision.")}
        )
    answer_rows = _check_answers(client.municipality, answers)
    exclusion_rows = _check_exclusions(client.municipality, exclusions)
    if client.status != ClientStatus.INTAKE and intake_on < client.status_since:
        raise ValidationError(
            {
                "intake_on": _("The client's current status began later, on %(day)s.")
                % {"day": client.status_since.isoformat()}
            }
        )
    if decision and decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose admitted, refused or referred.")})
    if client.status != ClientStatus.INTAKE:
        client_transition(actor=actor, client=client, to_status=ClientStatus.INTAKE, on=intake_on)
        client.refresh_from_db()
    intake = Intake(
        client=client,
        municipality=client.municipality,
        intake_on=intake_on,
        submission_key=submission_key or None,
    )
    intake.full_clean()
    intake.save()
    for row in answer_rows:
        row.intake = intake
    for row in exclusion_rows:
        row.intake = intake
    IntakeAnswer.objects.bulk_create(answer_rows)
    IntakeExclusion.objects.bulk_create(exclusion_rows)
    fields = ["intake_on", "answers"] + (["exclusions"] if exclusion_rows else [])
    audit_client_write(
        actor=actor, action=AuditAction.CREATE, obj=intake, client=client, fields=fields
    )
    if decision:
        intake = intake_decide(
            actor=actor,
            intake=intake,
            decision=decision,
            reason=decision_reason,
            decided_on=decided_on,
        )
    return intake


@transaction.atomic
def intake_decide(
    *,
    actor: Actor,
    intake: Intake,
    decision: str,
    reason: str,
    decided_on: date | None = None,
) -> Intake:
    """Decide an intake: admitted, refused or referred to the driehoeksoverleg.

    Guarantees: a reason is required (`decision_reason`); the decider is the actor's user; an
    intake is decided once, except that a referred one gets the driehoeksoverleg's decision
    afterwards (`decision`); admitting directly is refused while a criterion is answered "no"
    or an exclusion ground was found (refer it first, `decision`); the date is not before the
    intake nor in the future (`decided_on`). Admitted moves the client to "dossier
    requested", refused to "refused", through `client_transition`. Audited with the client as
    subject.
    """
    client = lock_client_for_write(actor=actor, client=intake.client)
    intake = Intake.objects.select_for_update().get(pk=intake.pk, client=client)
    reason = (reason or "").strip()
    decided_on = decided_on or today()
    errors: dict[str, str] = {}
    if decision not in DECISIONS:
        errors["decision"] = _("Choose admitted, refused or referred.")
    elif intake.decision not in (IntakeDecision.PENDING, IntakeDecision.REFERRED):
        errors["decision"] = _("This intake has already been decided.")
    elif intake.decision == IntakeDecision.REFERRED and decision == IntakeDecision.REFERRED:
        errors["decision"] = _("This intake has already been referred.")
    elif decision == IntakeDecision.ADMITTED and intake.decision == IntakeDecision.PENDING:
        has_no = intake.answers.filter(answer=Answer.NO).exists()
        if has_no or intake.exclusions.exists():
            errors["decision"] = _(
                "A criterion is not met or an exclusion ground was found: refuse the intake, "
                "or refer it to the driehoeksoverleg, whose decision may admit."
            )
    if not reason:
        errors["decision_reason"] = _("Give the reason for the decision.")
    if decided_on < intake.intake_on:
        errors["decided_on"] = _("A decision cannot be taken before the intake.")
    elif decided_on > today():
        errors["decided_on"] = _("This date lies in the future.")
    elif decision != IntakeDecision.REFERRED and decided_on < client.status_since:
        errors["decided_on"] = _("The client's current status began later, on %(day)s.") % {
            "day": client.status_since.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    intake.decision = decision
    intake.decision_reason = reason
    intake.decided_on = decided_on
    intake.decided_by = actor.user
    intake.full_clean()
    intake.save()
    audit_client_write(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=intake,
        client=client,
        fields=["decision", "decision_reason", "decided_on", "decided_by"],
    )
    if decision == IntakeDecision.ADMITTED:
        client_transition(
            actor=actor, client=client, to_status=ClientStatus.DOSSIER_REQUESTED, on=decided_on
        )
    elif decision == IntakeDecision.REFUSED:
        client_transition(actor=actor, client=client, to_status=ClientStatus.REFUSED, on=decided_on)
    return intake
