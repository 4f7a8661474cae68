"""The five data-quality checks of a municipality's quarter: codes, titles and queries.

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

Client ids only, whoever asks: `quality.quality_report_for` decides which clients are named.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

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

from ..models import quarter_period

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
