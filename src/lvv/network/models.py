"""The network: municipalities, LVV regions, and the locations with their capacity over time.

The invariants of a single row live in `clean()` and always name the field that is wrong, so
a service, the API, a page and the admin all report the same problem at the same place.
Services call `full_clean()` under a lock on the location, which makes the checks that look at
sibling rows (overlapping capacity, capacity beyond a closing date) safe against races.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lvv.accounts.roles import OrganisationKind
from lvv.core.models import PublicModel
from lvv.core.periods import Period, inclusive_last_day

from .validators import cbs_code_validator, postcode_validator


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


class Municipality(PublicModel):
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        help_text=_("The municipality code of Statistics Netherlands, e.g. GM0363."),
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(PublicModel):
    """An LVV region: a central municipality that runs the LVV for the ones it serves.

    The central municipality is always among the municipalities served (the services keep it so).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    central_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("central municipality"),
        on_delete=models.PROTECT,
        related_name="central_of_regions",
        help_text=_("The municipality that runs the LVV for the region."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        related_name="regions",
        blank=True,
        help_text=_("Always includes the central municipality."),
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
    start = models.DateField(_("opening date"), help_text=_("The first day the location is open."))
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
        indexes = [models.Index(fields=["start", "end"], name="location_period_idx")]
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

    @property
    def last_day(self):
        """The last day the location is open, as people read it (inclusive); None while open."""
        return inclusive_last_day(self.end)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start and self.end and self.end <= self.start:
            errors.setdefault("end", []).append(_("A location must close after it opens."))
        if self.operator_id is not None and self.operator.kind != OrganisationKind.PARTNER_NGO:
            errors.setdefault("operator", []).append(
                _("The operator of a location must be a partner organisation (NGO).")
            )
        if (
            self.municipality_id is not None
            and self.name
            and Location.objects.filter(municipality_id=self.municipality_id, name=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors.setdefault("name", []).append(
                _("This municipality already has a location with this name.")
            )
        if self.pk is not None and self.start and not errors.get("end"):
            errors = self._check_capacity_fits(errors)
        if errors:
            raise ValidationError(errors)

    def _check_capacity_fits(self, errors: dict[str, list]) -> dict[str, list]:
        """Moving the opening or closing date may not leave capacity outside the open period."""
        capacities = LocationCapacity.objects.filter(location_id=self.pk)
        earliest = capacities.filter(start__lt=self.start).order_by("start").first()
        if earliest is not None:
            errors.setdefault("start", []).append(
                _("A capacity period starts on %(day)s, before this opening date.")
                % {"day": _day(earliest.start)}
            )
        if self.end is not None:
            beyond = (
                capacities.filter(Q(end__isnull=True) | Q(end__gt=self.end))
                .order_by("start")
                .first()
            )
            if beyond is not None:
                errors.setdefault("end", []).append(
                    _(
                        "The capacity period from %(day)s runs past this closing date; "
                        "end that period first."
                    )
                    % {"day": _day(beyond.start)}
                )
        return errors


class LocationCapacity(PublicModel):
    """Places at a location for a period, split by who pays for them.

    The periods of one location never overlap and lie inside the location's open period.
    """

    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    start = models.DateField(_("from"), help_text=_("The first day these places are available."))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("First day no longer covered; empty: open.")
    )
    state_funded_places = models.PositiveIntegerField(
        _("state-funded places"), default=0, help_text=_("Places paid for by the state (JenV).")
    )
    municipality_funded_places = models.PositiveIntegerField(
        _("municipality-funded places"),
        default=0,
        help_text=_("Places the municipality pays for itself."),
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
        return (self.state_funded_places or 0) + (self.municipality_funded_places or 0)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def last_day(self):
        return inclusive_last_day(self.end)

    def clean(self) -> None:
        if not self.start or self.location_id is None:
            return
        errors: dict[str, list] = {}
        if self.end is not None and self.end <= self.start:
            errors["end"] = [_("A capacity period must end after it starts.")]
        location = self.location
        if self.start < location.start:
            errors.setdefault("start", []).append(
                _("The location opens on %(day)s; capacity cannot start before that.")
                % {"day": _day(location.start)}
            )
        if location.end is not None:
            if self.start >= location.end:
                errors.setdefault("start", []).append(
                    _("The location is closed from %(day)s; capacity cannot start then.")
                    % {"day": _day(location.end)}
                )
            elif self.end is None or self.end > location.end:
                errors.setdefault("end", []).append(
                    _("The location's last open day is %(day)s; capacity must end by then.")
                    % {"day": _day(location.last_day)}
                )
        if not errors and location.pk is not None:
            overlapping = self._first_overlapping()
            if overlapping is not None:
                errors["start"] = [
                    _("This period overlaps the capacity period from %(day)s.")
                    % {"day": _day(overlapping.start)}
                ]
        if errors:
            raise ValidationError(errors)

    def _first_overlapping(self) -> LocationCapacity | None:
        siblings = LocationCapacity.objects.filter(location_id=self.location_id).exclude(pk=self.pk)
        overlapping = siblings.filter(Q(end__isnull=True) | Q(end__gt=self.start))
        if self.end is not None:
            overlapping = overlapping.filter(start__lt=self.end)
        return overlapping.order_by("start").first()
