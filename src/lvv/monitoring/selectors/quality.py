"""Data quality of a municipality's quarter, checked before the coordinator signs it off.

Each check is a set-based query over the client register for one municipality and one quarter
`[start, end)` and yields the clients it concerns (a client counts once per check however many
of their placements are involved):

- `missing_outflow`: a placement at the municipality's locations ended in the quarter with
  reason "left the LVV", or a client of the municipality moved to status "left" in the quarter,
  without an `Outflow` of that client on that day;
- `placement_without_intake`: a placement at the municipality's locations during the quarter
  whose client had no admitted intake on or before the day the placement started;
- `overlapping_placements`: a placement at the municipality's locations during the quarter that
  overlaps another placement of the same client (anywhere);
- `past_maximum_stay`: a client placed at the municipality's locations on a day of the quarter
  on which the stay exceeded the municipality's maximum (`CaseSettings.maximum_stay_days`; no
  maximum, no findings). The stay starts at the latest admitted intake on or before the
  placement (the admission), or at the client's first placement when there is none;
- `no_scenario`: an admitted client placed at the municipality's locations on a day of the
  quarter after the deadline for a guidance scenario, with no scenario agreed since the
  admission by the end of the quarter. The deadline is the intake day plus the days for the
  dossier plus the rest period: the rest period only starts when IND and DT&V have delivered the
  dossier, so the intake day plus the rest period alone would flag every new client too early.

The counts are for everyone with the right to see them; which clients are *named* follows
`Client.objects.visible_to(actor)` only, and naming them is recorded as a listing of clients.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability, OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.cases.access import is_operator
from lvv.cases.models import (
    DEFAULT_CASE_SETTINGS,
    CaseSettings,
    Client,
    ClientStatus,
    GuidanceScenario,
    Intake,
    IntakeDecision,
    Outflow,
    Placement,
    PlacementEndReason,
    StatusChange,
)
from lvv.core.periods import Period
from lvv.network.models import Municipality

from ..models import QuarterSubmission, quarter_period

MISSING_OUTFLOW = "missing_outflow"
PLACEMENT_WITHOUT_INTAKE = "placement_without_intake"
OVERLAPPING_PLACEMENTS = "overlapping_placements"
PAST_MAXIMUM_STAY = "past_maximum_stay"
NO_SCENARIO = "no_scenario"

# The checks in the order pages show them: code, title, what it finds.
CHECKS: tuple[tuple[str, object, object], ...] = (
    (
        MISSING_OUTFLOW,
        gettext_lazy("Missing outflow reasons"),
        gettext_lazy(
            "Clients who left the LVV in the quarter (a placement ended with 'left the LVV', "
            "or the status 'left') without an outflow with its reason on that day."
        ),
    ),
    (
        PLACEMENT_WITHOUT_INTAKE,
        gettext_lazy("Placements without an intake"),
        gettext_lazy(
            "Clients placed at the municipality's locations in the quarter without an admitted "
            "intake on or before the first day of the placement."
        ),
    ),
    (
        OVERLAPPING_PLACEMENTS,
        gettext_lazy("Overlapping placements"),
        gettext_lazy(
            "Clients with a placement in the quarter that overlaps another placement of theirs."
        ),
    ),
    (
        PAST_MAXIMUM_STAY,
        gettext_lazy("Present past the maximum stay"),
        gettext_lazy(
            "Clients placed in the quarter on a day when their stay, counted from the admitted "
            "intake, was longer than the municipality's maximum stay."
        ),
    ),
    (
        NO_SCENARIO,
        gettext_lazy("No scenario after the rest period"),
        gettext_lazy(
            "Admitted clients placed in the quarter after the intake day plus the days for the "
            "dossier and the rest period, without a guidance scenario agreed since the intake "
            "by the end of the quarter."
        ),
    ),
)
CHECK_CODES = tuple(code for code, _title, _description in CHECKS)

QUARTER_PATTERN = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")


def parse_quarter(text: str, *, field_name: str = "period") -> tuple[int, int]:
    """`2022-Q2` → (2022, 2); anything else is a ValidationError on `field_name`."""
    match = QUARTER_PATTERN.match((text or "").strip().upper())
    if match is None:
        raise ValidationError(
            {field_name: _("Give a quarter as year and quarter, e.g. 2022-Q2.")}, code="invalid"
        )
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise ValidationError({field_name: _("Give a year between 2000 and 2100.")})
    return year, int(match["quarter"])


def last_ended_quarter(today: date | None = None) -> tuple[int, int]:
    """The most recent quarter that has ended (the one a coordinator signs off next)."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    if quarter == 1:
        return today.year - 1, 4
    return today.year, quarter - 1


def recent_quarters(count: int = 8, today: date | None = None) -> list[tuple[int, int]]:
    """The last `count` ended quarters, newest first."""
    year, quarter = last_ended_quarter(today)
    quarters = []
    for _index in range(count):
        quarters.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return quarters


def case_settings_of(municipality: Municipality) -> CaseSettings:
    return CaseSettings.objects.filter(municipality=municipality).first() or DEFAULT_CASE_SETTINGS


# --- the checks: client ids per check (no scope: callers decide what to show) ------------------


def _placements_during(municipality: Municipality, period: Period) -> QuerySet[Placement]:
    """Placements at the municipality's locations on at least one day of the period."""
    return Placement.objects.filter(
        location__municipality=municipality,
        client__merged_into__isnull=True,
        start__lt=period.end,
    ).filter(Q(end__isnull=True) | Q(end__gt=period.start))


def _ids(queryset: QuerySet) -> set[int]:
    return set(queryset.order_by().values_list("client_id", flat=True).distinct())


def _missing_outflow(municipality: Municipality, period: Period) -> set[int]:
    placements = Placement.objects.filter(
        location__municipality=municipality,
        client__merged_into__isnull=True,
        end_reason=PlacementEndReason.OUTFLOW,
        end__gte=period.start,
        end__lt=period.end,
    ).exclude(Exists(Outflow.objects.filter(client=OuterRef("client"), left_on=OuterRef("end"))))
    changes = StatusChange.objects.filter(
        client__municipality=municipality,
        client__merged_into__isnull=True,
        to_status=ClientStatus.OUTFLOW,
        changed_on__gte=period.start,
        changed_on__lt=period.end,
    ).exclude(
        Exists(Outflow.objects.filter(client=OuterRef("client"), left_on=OuterRef("changed_on")))
    )
    # A status set without its history (e.g. by an import) counts as well.
    current = (
        Client.objects.active()
        .filter(
            municipality=municipality,
            status=ClientStatus.OUTFLOW,
            status_since__gte=period.start,
            status_since__lt=period.end,
        )
        .exclude(
            Exists(Outflow.objects.filter(client=OuterRef("pk"), left_on=OuterRef("status_since")))
        )
    )
    return _ids(placements) | _ids(changes) | set(current.values_list("pk", flat=True))


def _admitted_intake_on_or_before(day_ref) -> Subquery:
    """The day of the client's latest admitted intake on or before `day_ref` (an expression)."""
    return Subquery(
        Intake.objects.filter(
            client=OuterRef("client"), decision=IntakeDecision.ADMITTED, intake_on__lte=day_ref
        )
        .order_by("-intake_on")
        .values("intake_on")[:1]
    )


def _placement_without_intake(municipality: Municipality, period: Period) -> set[int]:
    admitted_before = Intake.objects.filter(
        client=OuterRef("client"),
        decision=IntakeDecision.ADMITTED,
        intake_on__lte=OuterRef("start"),
    )
    return _ids(_placements_during(municipality, period).exclude(Exists(admitted_before)))


def _overlapping_placements(municipality: Municipality, period: Period) -> set[int]:
    other = Placement.objects.filter(client=OuterRef("client"), start__lt=OuterRef("open_end"))
    other = other.filter(Q(end__isnull=True) | Q(end__gt=OuterRef("start"))).exclude(
        pk=OuterRef("pk")
    )
    placements = _placements_during(municipality, period).annotate(
        open_end=Coalesce("end", Value(date.max))
    )
    return _ids(placements.filter(Exists(other)))


def _present_from(rows: Iterable[dict], period: Period, limit_field: str) -> set[int]:
    """Clients whose placement covers a day of the period on or after the row's limit day."""
    found = set()
    for row in rows:
        limit = row[limit_field]
        if limit is None:
            continue
        first = max(limit, period.start)
        last_end = min(row["end"] or period.end, period.end)
        if first < last_end:
            found.add(row["client_id"])
    return found


def _past_maximum_stay(municipality: Municipality, period: Period) -> set[int]:
    maximum = case_settings_of(municipality).maximum_stay_days
    if not maximum:
        return set()
    first_start = Subquery(
        Placement.objects.filter(client=OuterRef("client")).order_by("start").values("start")[:1]
    )
    rows = list(
        _placements_during(municipality, period)
        .annotate(
            stay_start=Coalesce(_admitted_intake_on_or_before(OuterRef("start")), first_start)
        )
        .values("client_id", "start", "end", "stay_start")
    )
    for row in rows:
        # A stay of `maximum` days covers [stay_start, stay_start + maximum): the next day is over.
        row["limit"] = row["stay_start"] + timedelta(days=maximum)
    return _present_from(rows, period, "limit")


def _no_scenario(municipality: Municipality, period: Period) -> set[int]:
    settings = case_settings_of(municipality)
    days = settings.dossier_days + settings.rest_period_days
    last_day = period.end - timedelta(days=1)
    admitted_on = Subquery(
        Intake.objects.filter(
            client=OuterRef("client"), decision=IntakeDecision.ADMITTED, intake_on__lte=last_day
        )
        .order_by("-intake_on")
        .values("intake_on")[:1]
    )
    scenario = GuidanceScenario.objects.filter(
        client=OuterRef("client"), agreed_on__gte=OuterRef("admitted_on"), agreed_on__lt=period.end
    )
    rows = list(
        _placements_during(municipality, period)
        .annotate(admitted_on=admitted_on)
        # Only intakes whose deadline falls before the end of the quarter can be late in it.
        .filter(admitted_on__isnull=False, admitted_on__lt=period.end - timedelta(days=days))
        .exclude(Exists(scenario))
        .values("client_id", "start", "end", "admitted_on")
    )
    for row in rows:
        row["deadline"] = row["admitted_on"] + timedelta(days=days)
    return _present_from(rows, period, "deadline")


CHECK_FUNCTIONS = {
    MISSING_OUTFLOW: _missing_outflow,
    PLACEMENT_WITHOUT_INTAKE: _placement_without_intake,
    OVERLAPPING_PLACEMENTS: _overlapping_placements,
    PAST_MAXIMUM_STAY: _past_maximum_stay,
    NO_SCENARIO: _no_scenario,
}


def quality_findings(*, municipality: Municipality, year: int, quarter: int) -> dict[str, set[int]]:
    """The ids of the clients each check finds for the municipality's quarter (all of them,
    whoever asks): for the sign-off service and for `quality_report_for`, not for display."""
    period = quarter_period(year, quarter)
    return {code: CHECK_FUNCTIONS[code](municipality, period) for code in CHECK_CODES}


def quality_counts(*, municipality: Municipality, year: int, quarter: int) -> dict[str, int]:
    """How many clients each check finds, by check code (every check present, 0 if none)."""
    findings = quality_findings(municipality=municipality, year=year, quarter=quarter)
    return {code: len(ids) for code, ids in findings.items()}


# --- who may check which municipality ------------------------------------------------------------


def actor_municipality(actor: Actor) -> Municipality | None:
    """The municipality a coordinator works for (None for everyone else)."""
    organisation = actor.organisation
    if organisation is None or organisation.kind != OrganisationKind.MUNICIPALITY:
        return None
    return organisation.municipality


def actor_sees_all_municipalities(actor: Actor) -> bool:
    """Operators, and the national monitor's readers (programme managers, analysts)."""
    if is_operator(actor):
        return True
    return actor.can(Capability.VIEW_MONITOR) and actor_municipality(actor) is None


def quality_municipalities_for(actor: Actor) -> QuerySet[Municipality]:
    """The municipalities whose data quality the actor may look at: a coordinator (with
    SUBMIT_MONITOR or VIEW_MONITOR) their own; the national monitor every one; others none."""
    if actor_sees_all_municipalities(actor):
        return Municipality.objects.order_by("name")
    own = actor_municipality(actor)
    may_look = actor.can(Capability.SUBMIT_MONITOR) or actor.can(Capability.VIEW_MONITOR)
    if own is not None and may_look:
        return Municipality.objects.filter(pk=own.pk)
    return Municipality.objects.none()


# --- the report, as an actor sees it -------------------------------------------------------------


@dataclass
class CheckResult:
    code: str
    title: str
    description: str
    count: int
    clients: list[Client] = field(default_factory=list)  # only those the actor may open

    @property
    def hidden_count(self) -> int:
        """Findings about clients the actor may not open (e.g. placed here, kept elsewhere)."""
        return self.count - len(self.clients)


@dataclass
class QualityReport:
    municipality: Municipality
    year: int
    quarter: int
    checks: list[CheckResult]

    @property
    def period(self) -> Period:
        return quarter_period(self.year, self.quarter)

    @property
    def period_code(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def counts(self) -> dict[str, int]:
        return {check.code: check.count for check in self.checks}

    @property
    def total(self) -> int:
        return sum(check.count for check in self.checks)

    @property
    def has_findings(self) -> bool:
        return self.total > 0


def quality_report_for(
    *, actor: Actor, municipality: Municipality, year: int, quarter: int
) -> QualityReport:
    """The checks of a municipality's quarter as `actor` may see them.

    Guarantees: PermissionDenied unless the municipality is in `quality_municipalities_for`;
    every count covers all findings; the clients listed are only those in
    `Client.objects.visible_to(actor)` (none for programme managers and analysts), and when any
    are listed one `list` event of clients is recorded (no personal data in the event).
    """
    if not quality_municipalities_for(actor).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    findings = quality_findings(municipality=municipality, year=year, quarter=quarter)
    every_id = set().union(*findings.values())
    visible: dict[int, Client] = {}
    if every_id:
        visible = {
            client.pk: client
            for client in Client.objects.visible_to(actor)
            .filter(pk__in=every_id)
            .only("pk", "uuid", "family_name", "given_names", "status", "municipality_id")
        }
    if visible:
        audit_record(actor=actor, action=AuditAction.LIST, object_type="cases.client")
    checks = []
    for code, title, description in CHECKS:
        ids = findings[code]
        clients = sorted(
            (visible[pk] for pk in ids if pk in visible),
            key=lambda c: (c.family_name.lower(), c.given_names.lower(), c.pk),
        )
        checks.append(CheckResult(code, str(title), str(description), len(ids), clients))
    return QualityReport(municipality, year, quarter, checks)


# --- submissions ---------------------------------------------------------------------------------


def submissions_visible_to(actor: Actor) -> QuerySet[QuarterSubmission]:
    """The quarter submissions the actor may see: a coordinator their own municipality's, the
    national monitor (programme managers, analysts) and operators every one. Counts only: a
    submission holds no client data."""
    municipalities = quality_municipalities_for(actor)
    return (
        QuarterSubmission.objects.filter(municipality__in=municipalities)
        .select_related("municipality", "signed_off_organisation")
        .order_by("-year", "-quarter", "municipality__name")
    )


@dataclass(frozen=True)
class SubmissionCell:
    year: int
    quarter: int
    submission: QuarterSubmission | None
    has_ended: bool

    @property
    def period_code(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def is_submitted(self) -> bool:
        return self.submission is not None and self.submission.is_submitted


@dataclass(frozen=True)
class SubmissionRow:
    municipality: Municipality
    cells: list[SubmissionCell]


def submission_overview(
    *, actor: Actor, year: int, today: date | None = None
) -> list[SubmissionRow]:
    """Per municipality (with LVV locations or submissions) and quarter of `year`: submitted
    or not, when and by which organisation. Two queries whatever the number of rows."""
    today = today or timezone.localdate()
    municipalities = list(
        quality_municipalities_for(actor)
        .filter(Q(locations__isnull=False) | Q(quarter_submissions__isnull=False))
        .distinct()
        .order_by("name")
    )
    submissions = {
        (s.municipality_id, s.quarter): s
        for s in submissions_visible_to(actor).filter(
            year=year, municipality__in=[m.pk for m in municipalities]
        )
    }
    return [
        SubmissionRow(
            municipality,
            [
                SubmissionCell(
                    year,
                    quarter,
                    submissions.get((municipality.pk, quarter)),
                    quarter_period(year, quarter).end <= today,
                )
                for quarter in (1, 2, 3, 4)
            ],
        )
        for municipality in municipalities
    ]
