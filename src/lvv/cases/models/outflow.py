"""Outflow (uitstroom) and transfers between municipalities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class Outflow(PublicModel):
    """A client left the LVV on a date for a reason; its group comes from the reason."""

    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="outflows"
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="outflows",
        help_text=_("The municipality whose LVV the client left."),
    )
    left_on = models.DateField(_("date of leaving"))
    reason = models.ForeignKey(
        "cases.OutflowReason", verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    submission_key = models.UUIDField(
        _("submission key"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "One-time key of the form or request that created it: a repeat creates no second."
        ),
    )

    class Meta:
        verbose_name = _("outflow")
        verbose_name_plural = _("outflows")
        ordering = ["-left_on"]
        indexes = [
            models.Index(fields=["municipality", "left_on"]),
            # The monitor: the Outflow record of a leaver's stay (client, end day) and its
            # reason, read from the index alone (`statements.PER_PERSON["leaver_reason"]`).
            models.Index(fields=["client", "left_on", "reason"], name="outflow_client_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.left_on} {self.reason}"


class Transfer(PublicModel):
    """The file moves to another municipality's LVV; the history stays with the client."""

    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_municipality = models.ForeignKey(
        "network.Municipality", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_municipality = models.ForeignKey(
        "network.Municipality", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    from_partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("from partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-transferred_on"]

    def __str__(self) -> str:
        return f"{self.client}: {self.from_municipality} → {self.to_municipality}"
