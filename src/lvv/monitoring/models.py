"""Stored state of the monitor: only what people decide (quarter sign-offs). Figures are computed
from the client register every time, never stored.

A municipality's coordinator signs off a quarter once the data-quality checks have been looked
at: `QuarterSubmission` is that sign-off (one row per municipality and quarter) and
`SubmissionEvent` its history (every sign-off and every reopening, never changed), so a quarter
that was reopened and submitted again still shows who did what and why.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel
from lvv.core.periods import Period


def quarter_period(year: int, quarter: int) -> Period:
    """The quarter as a period `[first day, first day of the next quarter)`."""
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end)


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


class QuarterSubmission(PublicModel):
    """A municipality's quarter, signed off by its coordinator (or reopened to be corrected).

    `finding_counts` holds, per data-quality check, how many findings were left when the
    quarter was last signed off (counts only: never which clients).
    """

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="quarter_submissions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    signed_off_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    signed_off_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("signed off by organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"))
    finding_counts = models.JSONField(_("findings at sign-off"), default=dict, blank=True)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required when a check still has findings: why the quarter is submitted."),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("quarter submission")
        verbose_name_plural = _("quarter submissions")
        ordering = ["-year", "-quarter", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"],
                name="quarter_submission_unique",
                violation_error_message=_("This quarter has already been signed off."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="quarter_submission_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period_code}"

    @property
    def period_code(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def period(self) -> Period:
        return quarter_period(self.year, self.quarter)

    @property
    def is_submitted(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def total_findings(self) -> int:
        return sum(int(value) for value in self.finding_counts.values())


class SubmissionEventKind(models.TextChoices):
    SIGN_OFF = "sign_off", _("Signed off")
    REOPEN = "reopen", _("Reopened")


class SubmissionEvent(models.Model):
    """One sign-off or reopening of a quarter: who, when, the counts, and the text given."""

    submission = models.ForeignKey(
        QuarterSubmission,
        verbose_name=_("quarter submission"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionEventKind.choices)
    occurred_at = models.DateTimeField(_("at"))
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    finding_counts = models.JSONField(_("findings"), default=dict, blank=True)
    text = models.TextField(_("explanation or reason"), blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.get_kind_display()}"
