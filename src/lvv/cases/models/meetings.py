"""Local case meetings (LSO) with the chain partners, the clients discussed and decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class CaseMeeting(PublicModel):
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="case_meetings",
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("attending organisations"), related_name="+"
    )

    class Meta:
        verbose_name = _("case meeting (LSO)")
        verbose_name_plural = _("case meetings (LSO)")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"LSO {self.municipality} {self.held_on}"


class CaseDiscussion(PublicModel):
    """A client discussed in a meeting."""

    meeting = models.ForeignKey(
        CaseMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="discussions"
    )
    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="discussions",
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("client discussed")
        verbose_name_plural = _("clients discussed")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "client"], name="discussion_unique")
        ]
        # The monitor: was a client discussed in an LSO of the period (client, then meeting;
        # the unique constraint leads with the meeting).
        indexes = [models.Index(fields=["client", "meeting"], name="discussion_client_idx")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.client}"


class MeetingDecision(PublicModel):
    """A decision about a client in a meeting; it becomes actions with owners and deadlines."""

    discussion = models.ForeignKey(
        CaseDiscussion,
        verbose_name=_("discussion"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]
