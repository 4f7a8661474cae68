"""Reference data that municipalities and the programme set, not code: criteria, grounds,
outflow reasons and their grouping, and the deadlines of each step."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel


class AdmissionCriterion(PublicModel):
    """A condition for admission, answered at every intake. `municipality` empty: national."""

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admission_criteria",
        help_text=_("Empty: applies in every municipality."),
    )
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("question"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("admission criterion")
        verbose_name_plural = _("admission criteria")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="criterion_code_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="criterion_code_unique_national",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ExclusionGround(PublicModel):
    """A reason to exclude or refer (e.g. criminal record, heavy entry ban)."""

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exclusion_grounds",
        help_text=_("Empty: applies in every municipality."),
    )
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    refers_to_triangle_meeting = models.BooleanField(
        _("goes to the driehoeksoverleg"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("exclusion ground")
        verbose_name_plural = _("exclusion grounds")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="exclusion_code_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="exclusion_code_unique_national",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class OutflowGroup(models.TextChoices):
    """The WODC evaluation's grouping (Nov 2022)."""

    DURABLE = "durable", _("Durable")
    SEMI_DURABLE = "semi_durable", _("Semi-durable")
    NONE = "none", _("No solution")


class OutflowReason(PublicModel):
    """A fine-grained reason for leaving, and the group it counts in (configurable)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=OutflowGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("outflow reason")
        verbose_name_plural = _("outflow reasons")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class CaseSettings(models.Model):
    """Deadlines per municipality for each step; a municipality without a row uses the defaults."""

    municipality = models.OneToOneField(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="case_settings",
    )
    intake_decision_days = models.PositiveSmallIntegerField(
        _("days to decide on an intake"), default=14
    )
    dossier_days = models.PositiveSmallIntegerField(
        _("days for IND and DT&V to deliver the dossier"), default=28
    )
    rest_period_days = models.PositiveSmallIntegerField(_("rest period in days"), default=14)
    scenario_to_trajectory_days = models.PositiveSmallIntegerField(
        _("days from agreed scenario to trajectory"), default=14
    )
    maximum_stay_days = models.PositiveIntegerField(
        _("maximum stay in days"),
        null=True,
        blank=True,
        help_text=_("Empty: no maximum. Amsterdam caps a stay at 18 months."),
    )

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")

    def __str__(self) -> str:
        return str(self.municipality)


DEFAULT_CASE_SETTINGS = CaseSettings(
    intake_decision_days=14,
    dossier_days=28,
    rest_period_days=14,
    scenario_to_trajectory_days=14,
    maximum_stay_days=None,
)
