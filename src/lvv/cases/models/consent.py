"""Consent (toestemming) per purpose and recipient, with the legal basis beside it."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class ConsentPurpose(models.TextChoices):
    SHARE_WITH_CHAIN_PARTNER = "share_with_chain_partner", _("Sharing with a chain partner")
    PSEUDONYMISED_MONITORING = (
        "pseudonymised_monitoring",
        _("Inclusion in pseudonymised monitoring"),
    )


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent of the client (AVG art. 6(1)(a))")
    PUBLIC_TASK = "public_task", _("Public task under the LVV mandate (AVG art. 6(1)(e))")


class ConsentQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> ConsentQuerySet:
        return self.filter(
            Q(given_on__lte=day), Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
        )


class Consent(PublicModel):
    """Given on a day, withdrawn (if ever) from a day on; in force in between."""

    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    recipient = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
        help_text=_("The chain partner data may be shared with (for sharing only)."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=100, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "purpose", "withdrawn_on"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.recipient or ''}"
