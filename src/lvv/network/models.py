"""The network: municipalities, LVV regions, and the locations with their capacity over time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel
from lvv.core.periods import Period

from .validators import cbs_code_validator, postcode_validator


class Municipality(PublicModel):
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        help_text=_("The municipality code of Statistics Netherlands, e.g. GM0363."),
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(PublicModel):
    """An LVV region: a central municipality that runs the LVV for the ones it serves."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    central_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("central municipality"),
        on_delete=models.PROTECT,
        related_name="central_of_regions",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        related_name="regions",
        blank=True,
    )

    class Meta:
        verbose_name = _("LVV region")
        verbose_name_plural = _("LVV regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocationKind(models.TextChoices):
    TWENTY_FOUR_HOUR = "24h", _("24-hour shelter")
    NIGHT = "night", _("Night shelter")
    DAY = "day", _("Day shelter")
    SUPPORTED_LIVING = "supported", _("Supported living")


class Location(PublicModel):
    """A place where an NGO gives shelter, open from `start` until `end` (exclusive)."""

    name = models.CharField(_("name"), max_length=200)
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="locations",
        help_text=_("The partner organisation that runs the location."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    start = models.DateField(_("opening date"))
    end = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("The first day the location is closed. Empty while it stays open."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="location_name_unique"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="location_closes_after_opening",
                violation_error_message=_("A location must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A location must close after it opens.")})


class LocationCapacity(PublicModel):
    """Places at a location for a period, split by who pays for them."""

    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    start = models.DateField(_("from"))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("First day no longer covered; empty: open.")
    )
    state_funded_places = models.PositiveIntegerField(_("state-funded places"), default=0)
    municipality_funded_places = models.PositiveIntegerField(
        _("municipality-funded places"), default=0
    )

    class Meta:
        verbose_name = _("capacity period")
        verbose_name_plural = _("capacity periods")
        ordering = ["location", "start"]
        constraints = [
            models.UniqueConstraint(fields=["location", "start"], name="capacity_start_unique"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="capacity_ends_after_start",
                violation_error_message=_("A capacity period must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.total_places} ({self.start}–{self.end or '…'})"

    @property
    def total_places(self) -> int:
        return self.state_funded_places + self.municipality_funded_places

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)
