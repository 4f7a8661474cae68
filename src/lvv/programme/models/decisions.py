"""The register of decisions and documents, and the programme they shape.

A decision is anything on paper that changed the programme: a letter to parliament, a
cooperation or administrative agreement, a mandate decision, a cabinet decision. Amendments to
agreements, funding rules and mandates point at the decision behind them, so a decision's page
can show everything it changed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class DecisionKind(models.TextChoices):
    PARLIAMENTARY_LETTER = "parliamentary_letter", _("Letter to parliament")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
    ADMINISTRATIVE_AGREEMENT = "administrative_agreement", _("Administrative agreement")
    MANDATE_DECISION = "mandate_decision", _("Mandate decision")
    CABINET_DECISION = "cabinet_decision", _("Cabinet decision")
    OTHER = "other", _("Other decision or document")


class Decision(PublicModel):
    kind = models.CharField(_("kind"), max_length=30, choices=DecisionKind.choices)
    date = models.DateField(_("date"), help_text=_("The date of the letter or decision."))
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("The sender's reference (kenmerk), e.g. 3692956."),
    )
    parliamentary_paper = models.CharField(
        _("parliamentary paper number"),
        max_length=100,
        blank=True,
        help_text=_("The parliamentary paper (Kamerstuk), e.g. 19 637, nr. 2749."),
    )
    publication = models.CharField(
        _("official publication"),
        max_length=100,
        blank=True,
        help_text=_("Where it was published, e.g. Staatscourant 2019, 18281."),
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="decision_reference_unique",
                violation_error_message=_("Another decision already has this reference."),
            )
        ]

    def clean(self) -> None:
        # The database constraint would report this for the whole row; name the field.
        if (
            self.reference
            and Decision.objects.filter(reference=self.reference).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"reference": _("Another decision already has this reference.")})

    def __str__(self) -> str:
        if self.reference:
            return f"{self.title} ({self.date:%d-%m-%Y}, {self.reference})"
        return f"{self.title} ({self.date:%d-%m-%Y})"


class Programme(PublicModel):
    """A programme groups agreements that are decided on together (e.g. the five pilots)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    basis = models.ForeignKey(
        Decision,
        verbose_name=_("basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_("The agreement or decision the programme rests on."),
    )
    target_lvv_count = models.PositiveSmallIntegerField(
        _("target number of LVVs"),
        default=0,
        help_text=_("How many LVVs the nationwide network is planned to have."),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
