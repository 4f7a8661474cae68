"""The way a client goes through the LVV, as data: statuses and the allowed transitions.

`services.client_transition` is the one place that enforces `ALLOWED_TRANSITIONS`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    DOSSIER_REQUESTED = "dossier_requested", _("Dossier requested from IND and DT&V")
    REST_PERIOD = "rest_period", _("Rest period")
    SCENARIO_AGREED = "scenario_agreed", _("Guidance scenario agreed")
    IN_TRAJECTORY = "in_trajectory", _("In trajectory")
    OUTFLOW = "outflow", _("Left the LVV")
    REFUSED = "refused", _("Not admitted")


S = ClientStatus

# From each status, the statuses a client may move to. Outflow is recorded with its own
# service (it also closes the placement and the trajectory), but must be allowed here too.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.INTAKE: frozenset({S.DOSSIER_REQUESTED, S.REFUSED}),
    S.DOSSIER_REQUESTED: frozenset({S.REST_PERIOD, S.OUTFLOW}),
    S.REST_PERIOD: frozenset({S.SCENARIO_AGREED, S.OUTFLOW}),
    S.SCENARIO_AGREED: frozenset({S.IN_TRAJECTORY, S.OUTFLOW}),
    S.IN_TRAJECTORY: frozenset({S.OUTFLOW}),
    S.OUTFLOW: frozenset({S.INTAKE}),  # a new application after leaving
    S.REFUSED: frozenset({S.INTAKE}),  # a new application after a refusal
}

# The statuses in which a client is in the LVV (admitted, not yet left).
ADMITTED_STATUSES = frozenset(
    {S.DOSSIER_REQUESTED, S.REST_PERIOD, S.SCENARIO_AGREED, S.IN_TRAJECTORY}
)

# Which deadline (a field of CaseSettings, in days from `status_since`) each step has.
STEP_DEADLINES: dict[str, str] = {
    S.INTAKE: "intake_decision_days",
    S.DOSSIER_REQUESTED: "dossier_days",
    S.REST_PERIOD: "rest_period_days",
    S.SCENARIO_AGREED: "scenario_to_trajectory_days",
}


class StatusChange(models.Model):
    """The history of a client's status: one row per transition, never changed."""

    client = models.ForeignKey(
        "cases.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=30, choices=ClientStatus.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=ClientStatus.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} ({self.changed_on})"
