"""Intake and eligibility: each criterion answered, exclusion grounds, the decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class IntakeDecision(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused")
    REFERRED = "referred", _("Referred to the driehoeksoverleg")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Intake(PublicModel):
    client = models.ForeignKey(
        "cases.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="intakes"
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="intakes",
    )
    intake_on = models.DateField(_("intake date"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=IntakeDecision.choices, default=IntakeDecision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submission_key = models.UUIDField(
        _("submission key"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "One-time key of the form or request that created it: a repeat creates no second."
        ),
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-intake_on"]
        # The monitor: a person's first admitted intake, from the index alone (`in_period`).
        indexes = [
            models.Index(
                fields=["client", "decision", "intake_on"], name="intake_client_decision_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.intake_on}"


class IntakeAnswer(models.Model):
    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        "cases.AdmissionCriterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["intake", "criterion"], name="intake_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.answer}"


class IntakeExclusion(models.Model):
    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="exclusions"
    )
    ground = models.ForeignKey(
        "cases.ExclusionGround",
        verbose_name=_("exclusion ground"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("exclusion ground found")
        verbose_name_plural = _("exclusion grounds found")
        constraints = [
            models.UniqueConstraint(fields=["intake", "ground"], name="intake_exclusion_unique")
        ]

    def __str__(self) -> str:
        return str(self.ground)
