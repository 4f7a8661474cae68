"""Placements (stays): a client at a location from a date until a date (exclusive)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel
from lvv.core.periods import Period


class PlacementEndReason(models.TextChoices):
    MOVED = "moved", _("Moved to another location")
    OUTFLOW = "outflow", _("Left the LVV")
    TRANSFERRED = "transferred", _("Transferred to another municipality")
    CORRECTED = "corrected", _("Ended by correction")


class Placement(PublicModel):
    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    location = models.ForeignKey(
        "network.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    start = models.DateField(_("from"))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("First day no longer placed; empty: open.")
    )
    room = models.CharField(_("room"), max_length=30, blank=True)
    bed = models.CharField(_("bed"), max_length=30, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=PlacementEndReason.choices, blank=True
    )
    capacity_override_reason = models.TextField(_("reason for placing above capacity"), blank=True)
    capacity_overridden_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("capacity override by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change of the placement: optimistic locking."),
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start"]
        constraints = [
            # At most one open placement per client, enforced by the database itself.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(end__isnull=True),
                name="placement_one_open_per_client",
                violation_error_message=_("The client already has an open placement."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="placement_ends_after_start",
                violation_error_message=_("A placement must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["location", "start", "end"]),
            # The monitor's first day of the LVV (`monitoring.selectors.statements`, section
            # `lvv_start`: the smallest start of all): read from the end of this index, not
            # from every placement (10 ms at 100,000 clients, on every monitor).
            models.Index(fields=["start"], name="placement_start_idx"),
            # A caseworker's scope (`cases.access.clients_scope`): the clients placed now at
            # a location their organisation runs, read from this index alone per location
            # instead of every open placement. SQLite, 100,000 clients: the caseworker's
            # client list page + count 26.7 -> 20.1 ms (superuser 6.6 ms).
            models.Index(
                fields=["location", "client"],
                condition=Q(end__isnull=True),
                name="placement_open_location_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} @ {self.location} ({self.start}–{self.end or '…'})"

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)
