"""The network plan: the LVVs the nationwide network should have, with capacity and budget."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel

from .decisions import Programme
from .funding import money_field


class PlannedLvvStatus(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    PLANNED = "planned", _("Planned")
    IN_PREPARATION = "in_preparation", _("In preparation")
    OPERATIONAL = "operational", _("Operational")
    STOPPED = "stopped", _("Stopped")


class PlannedLvv(PublicModel):
    """One LVV of the planned network: its central municipality, region and status."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_lvvs",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    central_municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("central municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_lvvs",
        help_text=_("Empty while it has not been chosen."),
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("LVV region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_lvvs",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlannedLvvStatus.choices,
        default=PlannedLvvStatus.PLANNED,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("planned LVV")
        verbose_name_plural = _("planned LVVs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id is not None and (
            self.region.central_municipality_id != self.central_municipality_id
        ):
            raise ValidationError(
                {"region": _("Choose the region whose central municipality this is.")}
            )


class PlannedLvvYear(PublicModel):
    """Planned places and budget of a planned LVV in one calendar year."""

    planned_lvv = models.ForeignKey(
        PlannedLvv, verbose_name=_("planned LVV"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_places = models.PositiveIntegerField(_("planned places"), default=0)
    budget = money_field(_("budget (euro)"))

    class Meta:
        verbose_name = _("planned year")
        verbose_name_plural = _("planned years")
        ordering = ["planned_lvv", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["planned_lvv", "year"],
                name="planned_lvv_year_unique",
                violation_error_message=_("This year is already planned for this LVV."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_lvv} {self.year}"
