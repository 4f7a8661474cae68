"""Contracts between a municipality and a partner NGO, with their notice periods.

The decision deadline of a contract is the last day on which the municipality can still give
notice (or extend) in time: the contract's exclusive end minus the notice period. Notice given
on that day takes effect exactly at the end: with `end` 1 July 2022 (last day 30 June) and three
months' notice, the deadline is 1 April 2022.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.accounts.roles import OrganisationKind
from lvv.core.models import PublicModel
from lvv.core.periods import Period, inclusive_last_day

from ..money import subtract_months
from .agreements import Agreement
from .funding import money_field


class NoticeUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class PartnerContract(PublicModel):
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="partner_contracts",
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="partner_contracts",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("funding agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_contracts",
        help_text=_("The agreement whose state contribution pays for this contract, if any."),
    )
    reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("Exclusive: the first day not covered."))
    amount = money_field(_("amount (euro)"), help_text=_("For the whole contract period."))
    locations = models.ManyToManyField(
        "network.Location",
        verbose_name=_("locations"),
        blank=True,
        related_name="partner_contracts",
    )
    notice_period = models.PositiveSmallIntegerField(_("notice period"), default=3)
    notice_unit = models.CharField(
        _("notice period unit"),
        max_length=10,
        choices=NoticeUnit.choices,
        default=NoticeUnit.MONTHS,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("partner contract")
        verbose_name_plural = _("partner contracts")
        ordering = ["municipality__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="partner_contract_ends_after_start",
                violation_error_message=_("A contract must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        label = self.reference or f"{self.start:%Y}"
        return f"{self.municipality} – {self.partner} ({label})"

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def last_day(self):
        return inclusive_last_day(self.end)

    @property
    def decision_deadline(self) -> date:
        """The last day to decide on extending or ending the contract: end minus notice."""
        if self.notice_unit == NoticeUnit.MONTHS:
            return subtract_months(self.end, self.notice_period)
        return self.end - timedelta(days=self.notice_period)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = [_("A contract must end after it starts.")]
        if self.partner_id is not None and self.partner.kind != OrganisationKind.PARTNER_NGO:
            errors["partner"] = [_("Choose a partner organisation (NGO).")]
        if (
            self.agreement_id is not None
            and self.municipality_id is not None
            and self.agreement.municipality_id != self.municipality_id
        ):
            errors["agreement"] = [_("Choose an agreement of the same municipality.")]
        if errors:
            raise ValidationError(errors)
