"""Funding rules per agreement period, and spending recorded for accountability.

A rule says how much the state contributes for a period of an agreement; the allocations per
municipality per calendar year follow from the rules (see `lvv.programme.money` for the rounding
rule and `selectors.funding` for the computation). Amounts are Decimal euros with cents.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel
from lvv.core.periods import Period, inclusive_last_day

from .agreements import Agreement, day_label
from .decisions import Decision

ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, message=_("An amount cannot be negative."))],
        **kwargs,
    )


class FundingKind(models.TextChoices):
    YEARLY_LUMP_SUM = "yearly_lump_sum", _("Lump sum per year")
    PER_PLACE = "per_place", _("Price per state-funded place per year")
    SAME_LEVEL_AS_YEAR = "same_level_as_year", _("Same level as an earlier year")
    PERIOD_SUM = "period_sum", _("Fixed amount for the period")


# Which fields each kind needs; the others must stay empty.
FUNDING_FIELDS: dict[str, tuple[str, ...]] = {
    FundingKind.YEARLY_LUMP_SUM: ("amount",),
    FundingKind.PER_PLACE: ("price_per_place", "state_funded_places"),
    FundingKind.SAME_LEVEL_AS_YEAR: ("reference_year",),
    FundingKind.PERIOD_SUM: ("amount",),
}
OPTIONAL_FUNDING_FIELDS: dict[str, tuple[str, ...]] = {FundingKind.PER_PLACE: ("total_places",)}
ALL_FUNDING_FIELDS = (
    "amount",
    "price_per_place",
    "state_funded_places",
    "total_places",
    "reference_year",
)


class FundingRule(PublicModel):
    """The state contribution for a period of one agreement.

    - lump sum per year: `amount` a year;
    - per place: `price_per_place` a year × `state_funded_places` (of `total_places`, if known:
      Amsterdam's state funds the first 340 of 500 places);
    - same level as year Y: what the agreement was allocated in `reference_year`, a year;
    - fixed amount for the period: `amount` for the whole period, spread over it by days.
    """

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="funding_rules",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_rules",
        help_text=_("The decision that set this funding."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FundingKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("Exclusive: the first day not covered."))
    amount = money_field(
        _("amount (euro)"),
        null=True,
        blank=True,
        help_text=_("A lump sum per year, or the fixed amount for the whole period."),
    )
    price_per_place = money_field(_("price per place per year (euro)"), null=True, blank=True)
    state_funded_places = models.PositiveIntegerField(
        _("state-funded places"), null=True, blank=True
    )
    total_places = models.PositiveIntegerField(
        _("places in total"),
        null=True,
        blank=True,
        help_text=_("All places, of which the state funds the first `state-funded places`."),
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Funding at the level this agreement was allocated in that year."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")
        ordering = ["agreement", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="funding_rule_ends_after_start",
                violation_error_message=_("A funding period must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} ({self.start}–{self.end})"

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def last_day(self):
        return inclusive_last_day(self.end)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end <= self.start:
            errors.setdefault("end", []).append(_("A funding period must end after it starts."))
        if self.kind in FUNDING_FIELDS:
            needed = FUNDING_FIELDS[self.kind]
            allowed = needed + OPTIONAL_FUNDING_FIELDS.get(self.kind, ())
            for name in needed:
                if getattr(self, name) is None:
                    errors.setdefault(name, []).append(_("This kind of funding needs this."))
            for name in ALL_FUNDING_FIELDS:
                if name not in allowed and getattr(self, name) is not None:
                    errors.setdefault(name, []).append(
                        _("This kind of funding does not use this; leave it empty.")
                    )
        if (
            self.total_places is not None
            and self.state_funded_places is not None
            and self.total_places < self.state_funded_places
        ):
            errors.setdefault("total_places", []).append(
                _("There cannot be fewer places in total than state-funded places.")
            )
        if (
            self.reference_year is not None
            and self.start
            and self.reference_year >= self.start.year
        ):
            # Only earlier years: a rule can never depend on itself.
            errors.setdefault("reference_year", []).append(
                _("Choose a year before the funding period starts.")
            )
        if not errors and self.agreement_id is not None and self.start and self.end:
            self._check_within_agreement(errors)
        if errors:
            raise ValidationError(errors)

    def _check_within_agreement(self, errors: dict[str, list]) -> None:
        agreement = self.agreement
        if self.start < agreement.start:
            errors["start"] = [
                _("The agreement starts on %(day)s; funding cannot start before that.")
                % {"day": day_label(agreement.start)}
            ]
        if self.end > agreement.end:
            errors["end"] = [
                _("The agreement's last day is %(day)s; funding must end by then.")
                % {"day": day_label(agreement.last_day)}
            ]
        if errors:
            return
        overlapping = (
            FundingRule.objects.filter(
                agreement_id=self.agreement_id, start__lt=self.end, end__gt=self.start
            )
            .exclude(pk=self.pk)
            .order_by("start")
            .first()
        )
        if overlapping is not None:
            errors["start"] = [
                _("This period overlaps the funding from %(start)s up to and including %(last)s.")
                % {
                    "start": day_label(overlapping.start),
                    "last": day_label(overlapping.last_day),
                }
            ]


class SpendingRecord(PublicModel):
    """What a municipality spent in a period (within one calendar year), for accountability."""

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="programme_spending",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spending",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("Exclusive: the first day not covered."))
    amount = money_field(_("amount (euro)"))
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        verbose_name = _("spending record")
        verbose_name_plural = _("spending records")
        ordering = ["municipality__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="spending_ends_after_start",
                violation_error_message=_("A spending period must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.description}"

    @property
    def last_day(self):
        return inclusive_last_day(self.end)

    @property
    def year(self) -> int:
        return self.start.year

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end:
            if self.end <= self.start:
                errors["end"] = [_("A spending period must end after it starts.")]
            elif self.end.year > self.start.year and not (
                self.end.year == self.start.year + 1 and self.end.month == 1 and self.end.day == 1
            ):
                # Accountability is per calendar year: a record belongs to exactly one year.
                errors["end"] = [_("A spending period must lie within one calendar year.")]
        if (
            self.agreement_id is not None
            and self.municipality_id is not None
            and self.agreement.municipality_id != self.municipality_id
        ):
            errors["agreement"] = [_("Choose an agreement of the same municipality.")]
        if errors:
            raise ValidationError(errors)
