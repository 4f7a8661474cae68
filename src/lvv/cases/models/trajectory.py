"""The trajectory toward a durable solution: scenario (a plan), actions, procedures, escalations.

The guidance scenario is what the LSO agreed to work toward; the outcome is recorded apart, as
an outflow, so a plan is never counted as a result.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class ScenarioKind(models.TextChoices):
    RETURN = "return", _("Return to the country of origin")
    ONWARD_MIGRATION = "onward_migration", _("Onward migration")
    LEGAL_RESIDENCE = "legal_residence", _("Legal residence in the Netherlands")
    NEW_PROCEDURE = "new_procedure", _("New procedure")
    UNDECIDED = "undecided", _("Not yet decided")


class GuidanceScenario(PublicModel):
    """A scenario agreed on a date (usually in an LSO). The latest one is current."""

    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="scenarios"
    )
    kind = models.CharField(_("scenario"), max_length=30, choices=ScenarioKind.choices)
    agreed_on = models.DateField(_("agreed on"))
    meeting = models.ForeignKey(
        "cases.CaseMeeting",
        verbose_name=_("agreed in case meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("guidance scenario")
        verbose_name_plural = _("guidance scenarios")
        ordering = ["-agreed_on", "-created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Trajectory(PublicModel):
    """The guidance of one admission, from its start until the outflow closes it."""

    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="trajectories",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(end__isnull=True),
                name="trajectory_one_open_per_client",
                violation_error_message=_("The client already has an open trajectory."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.start}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(PublicModel):
    """Something an organisation must do for the client, by a date."""

    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.CharField(_("description"), max_length=300)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="case_actions",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    decision = models.ForeignKey(
        "cases.MeetingDecision",
        verbose_name=_("decided in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class ProcedureKind(models.TextChoices):
    REPEAT_ASYLUM = "repeat_asylum", _("Repeat asylum application")
    MEDICAL_POSTPONEMENT = (
        "medical_postponement",
        _("Postponement of departure on medical grounds (art. 64 Vw)"),
    )
    REGULAR_RESIDENCE = "regular_residence", _("Application for a regular residence permit")
    NO_FAULT = "no_fault", _("Buitenschuldvergunning (no-fault permit)")
    TRAVEL_DOCUMENTS = "travel_documents", _("Obtaining travel documents")
    OTHER = "other", _("Other")


class Procedure(PublicModel):
    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    kind = models.CharField(_("procedure"), max_length=30, choices=ProcedureKind.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.get_kind_display()


class EscalationLevel(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Local steering group (stuurgroep)")
    PROGRAMME_COUNCIL = "programme_council", _("National programme council (programmaraad)")
    ADMINISTRATIVE = "administrative", _("Administrative consultation (bestuurlijk overleg)")


# A stalled case goes up one level at a time.
NEXT_ESCALATION_LEVEL: dict[str | None, str | None] = {
    None: EscalationLevel.STEERING_GROUP,
    EscalationLevel.STEERING_GROUP: EscalationLevel.PROGRAMME_COUNCIL,
    EscalationLevel.PROGRAMME_COUNCIL: EscalationLevel.ADMINISTRATIVE,
    EscalationLevel.ADMINISTRATIVE: None,
}


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    ESCALATED = "escalated", _("Escalated further")


class Escalation(PublicModel):
    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    level = models.CharField(_("level"), max_length=30, choices=EscalationLevel.choices)
    raised_on = models.DateField(_("raised on"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return self.get_level_display()
