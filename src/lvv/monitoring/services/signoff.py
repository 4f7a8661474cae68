"""Signing off a municipality's quarter, and reopening it to correct the data.

A coordinator signs off their own municipality's quarter once it has ended. The data-quality
checks are run again inside the sign-off, and their counts are kept with it; when any check
still finds something, an explanation is required. A signed-off quarter is reopened (with a
reason) to correct it, and may then be signed off again. Every step writes an audit event
naming the submission (counts and texts are never in the event: only field names).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.network.models import Municipality

from ..models import (
    QuarterSubmission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    quarter_period,
)
from ..selectors.quality import actor_municipality
from ..selectors.quality_checks import quality_counts

SIGN_OFF_FIELDS = (
    "status",
    "signed_off_by",
    "signed_off_organisation",
    "signed_off_at",
    "finding_counts",
    "explanation",
)


def _check_coordinator(actor: Actor, municipality: Municipality) -> None:
    """Only the municipality's own coordinator signs off or reopens (an act of a person)."""
    if not actor.can(Capability.SUBMIT_MONITOR):
        raise ValidationError(
            {"municipality": _("Only a municipal coordinator signs off a quarter.")}
        )
    own = actor_municipality(actor)
    if own is None or own.pk != municipality.pk:
        raise ValidationError(
            {"municipality": _("You can only sign off the quarters of your own municipality.")}
        )


def _check_quarter(year: int, quarter: int) -> None:
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("A quarter is 1, 2, 3 or 4.")})
    if quarter_period(year, quarter).end > timezone.localdate():
        raise ValidationError(
            {"quarter": _("This quarter has not ended yet; sign it off after its last day.")}
        )


@transaction.atomic
def quarter_sign_off(
    *,
    actor: Actor,
    municipality: Municipality,
    year: int,
    quarter: int,
    explanation: str = "",
) -> QuarterSubmission:
    """Sign off the municipality's quarter with the current counts of the data-quality checks.

    Guarantees: refused (nothing written) unless the actor is a coordinator of this municipality
    (error on `municipality`), the quarter has ended (`quarter`), it is not signed off already
    (`quarter`; a reopened quarter may be signed off again), and an explanation is given when
    any check still has findings (`explanation`). Writes the submission, a history event and an
    audit event in one transaction.
    """
    _check_coordinator(actor, municipality)
    _check_quarter(year, quarter)
    explanation = (explanation or "").strip()
    existing = (
        QuarterSubmission.objects.select_for_update()
        .filter(municipality=municipality, year=year, quarter=quarter)
        .first()
    )
    if existing is not None and existing.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(
            {"quarter": _("This quarter has already been signed off; reopen it to change it.")}
        )
    counts = quality_counts(municipality=municipality, year=year, quarter=quarter)
    if any(counts.values()) and not explanation:
        raise ValidationError(
            {
                "explanation": _(
                    "Some checks still have findings: explain why the quarter is signed off."
                )
            }
        )
    now = timezone.now()
    values = {
        "status": SubmissionStatus.SUBMITTED,
        "signed_off_by": actor.user,
        "signed_off_organisation": actor.organisation,
        "signed_off_at": now,
        "finding_counts": counts,
        "explanation": explanation,
    }
    if existing is None:
        submission = QuarterSubmission(
            municipality=municipality, year=year, quarter=quarter, **values
        )
        try:
            with transaction.atomic():
                submission.save(force_insert=True)
        except IntegrityError:
            # Signed off a moment ago by someone else (the unique constraint caught it).
            raise ValidationError(
                {"quarter": _("This quarter has already been signed off; reopen it to change it.")}
            ) from None
        action = AuditAction.CREATE
    else:
        submission = existing
        for name, value in values.items():
            setattr(submission, name, value)
        submission.save(update_fields=[*SIGN_OFF_FIELDS, "updated_at"])
        action = AuditAction.UPDATE
    SubmissionEvent.objects.create(
        submission=submission,
        kind=SubmissionEventKind.SIGN_OFF,
        occurred_at=now,
        user=actor.user,
        organisation=actor.organisation,
        finding_counts=counts,
        text=explanation,
    )
    audit_record(actor=actor, action=action, obj=submission, changed_fields=SIGN_OFF_FIELDS)
    return submission


@transaction.atomic
def quarter_reopen(
    *, actor: Actor, submission: QuarterSubmission, reason: str
) -> QuarterSubmission:
    """Reopen a signed-off quarter so its data can be corrected and signed off again.

    Guarantees: refused (nothing written) unless the actor is a coordinator of the submission's
    municipality (`municipality`), the quarter is signed off (`status`), and a reason is given
    (`reason`). The submission, a history event and an audit event are written together.
    """
    _check_coordinator(actor, submission.municipality)
    reason = (reason or "").strip()
    submission = QuarterSubmission.objects.select_for_update().get(pk=submission.pk)
    errors = {}
    if submission.status != SubmissionStatus.SUBMITTED:
        errors["status"] = [_("Only a signed-off quarter can be reopened.")]
    if not reason:
        errors["reason"] = [_("Give the reason for reopening the quarter.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    submission.status = SubmissionStatus.REOPENED
    submission.reopened_at = now
    submission.reopen_reason = reason
    submission.save(update_fields=["status", "reopened_at", "reopen_reason", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission,
        kind=SubmissionEventKind.REOPEN,
        occurred_at=now,
        user=actor.user,
        organisation=actor.organisation,
        finding_counts={},
        text=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=submission,
        changed_fields=("status", "reopened_at", "reopen_reason"),
    )
    return submission
