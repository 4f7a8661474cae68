"""Agreements (convenanten) per municipality, their status workflow and their amendments.

An agreement runs `[start, end)` (end exclusive). Its end only moves through an amendment that
points at the decision behind it: an extension (later end) or an early termination (earlier
end). The amendments together are the agreement's history: every period it had.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel
from lvv.core.periods import Period, inclusive_last_day

from .decisions import Decision, DecisionKind, Programme


def day_label(value) -> str:
    return date_format(value, "DATE_FORMAT")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated early")


# The workflow as data: from each status, the statuses an agreement may move to. Enforced by
# `services.agreement_change_status` (and the termination service, which uses the same check).
AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.IN_FORCE}),
    AgreementStatus.IN_FORCE: frozenset({AgreementStatus.ENDED, AgreementStatus.TERMINATED}),
    AgreementStatus.ENDED: frozenset(),
    AgreementStatus.TERMINATED: frozenset(),
}


class AgreementParty(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    STATE_SECRETARY = "state_secretary", _("State Secretary for Justice and Security")
    IND = "ind", _("Immigration and Naturalisation Service (IND)")
    DTV = "dtv", _("Repatriation and Departure Service (DT&V)")
    POLICE = "police", _("Police, aliens department (AVIM)")
    VNG = "vng", _("Association of municipalities (VNG)")


REQUIRED_PARTIES = (AgreementParty.MUNICIPALITY, AgreementParty.STATE_SECRETARY)


def default_parties() -> list[str]:
    return [
        AgreementParty.MUNICIPALITY.value,
        AgreementParty.STATE_SECRETARY.value,
        AgreementParty.IND.value,
        AgreementParty.DTV.value,
        AgreementParty.POLICE.value,
    ]


class Agreement(PublicModel):
    """A convenant between a municipality and the state (and chain partners) for a period."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    parties = models.JSONField(
        _("parties"),
        default=default_parties,
        help_text=_("Who signed: always the municipality and the State Secretary."),
    )
    start = models.DateField(_("start"), help_text=_("The first day the agreement applies."))
    end = models.DateField(
        _("end"), help_text=_("The first day the agreement no longer applies (exclusive).")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    mandate = models.ForeignKey(
        Decision,
        verbose_name=_("mandate decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandated_agreements",
        help_text=_("The mandate that lets municipal officials act for the State Secretary."),
    )
    basis = models.ForeignKey(
        Decision,
        verbose_name=_("basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="established_agreements",
        help_text=_("The decision or agreement that led to this agreement."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["municipality__name", "start"]
        indexes = [models.Index(fields=["start", "end"], name="agreement_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def last_day(self):
        return inclusive_last_day(self.end)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end <= self.start:
            errors.setdefault("end", []).append(_("An agreement must end after it starts."))
        parties = self.parties if isinstance(self.parties, list) else None
        if parties is None or any(p not in AgreementParty.values for p in parties):
            errors.setdefault("parties", []).append(
                _("Choose the parties from: %(choices)s.")
                % {"choices": ", ".join(AgreementParty.values)}
            )
        elif any(required not in parties for required in REQUIRED_PARTIES):
            errors.setdefault("parties", []).append(
                _("The municipality and the State Secretary are always parties.")
            )
        elif len(set(parties)) != len(parties):
            errors.setdefault("parties", []).append(_("Name each party once."))
        if self.mandate_id is not None and self.mandate.kind != DecisionKind.MANDATE_DECISION:
            errors.setdefault("mandate", []).append(_("Choose a decision of the kind mandate."))
        if not errors and self.municipality_id is not None and self.start and self.end:
            other = first_overlapping_agreement(
                self.municipality_id, self.period, exclude_pk=self.pk
            )
            if other is not None:
                errors["start"] = [overlap_message(other)]
        if errors:
            raise ValidationError(errors)


def first_overlapping_agreement(
    municipality_id: int, period: Period, *, exclude_pk: int | None = None
) -> Agreement | None:
    """Another agreement of the municipality whose period overlaps `period`, if any."""
    overlapping = Agreement.objects.filter(
        municipality_id=municipality_id, start__lt=period.end, end__gt=period.start
    ).exclude(pk=exclude_pk)
    return overlapping.order_by("start").first()


def overlap_message(other: Agreement) -> str:
    return _(
        "This municipality already has the agreement “%(title)s” from %(start)s up to and "
        "including %(last)s; agreements of one municipality may not overlap."
    ) % {"title": other.title, "start": day_label(other.start), "last": day_label(other.last_day)}


class AmendmentKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    EARLY_TERMINATION = "early_termination", _("Early termination")


class AgreementAmendment(PublicModel):
    """A change of an agreement's end by a decision: later (extension) or earlier (termination)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AmendmentKind.choices)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    previous_end = models.DateField(_("previous end"), help_text=_("Exclusive."))
    new_end = models.DateField(_("new end"), help_text=_("Exclusive."))

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} → {self.new_end}"

    @property
    def previous_last_day(self):
        return inclusive_last_day(self.previous_end)

    @property
    def new_last_day(self):
        return inclusive_last_day(self.new_end)

    def clean(self) -> None:
        if not (self.previous_end and self.new_end and self.kind):
            return
        if self.kind == AmendmentKind.EXTENSION and self.new_end <= self.previous_end:
            raise ValidationError(
                {"new_end": _("An extension must end later than the agreement ends now.")}
            )
        if self.kind == AmendmentKind.EARLY_TERMINATION and self.new_end >= self.previous_end:
            raise ValidationError(
                {"new_end": _("An early termination must end before the agreement ends now.")}
            )
