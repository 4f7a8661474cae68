"""Data-quality sign-off state of a municipality's quarter, as an actor sees it.

Holds the quarter codes (`parse_quarter`, `last_ended_quarter`, `recent_quarters`), who may
check which municipality, the quality report (the checks of `quality_checks` with the clients
the actor may open) and the quarter submissions overview.

The counts are for everyone with the right to see them; which clients are *named* follows
`Client.objects.visible_to(actor)` only, and naming them is recorded as a listing of clients.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability, OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.cases.access import is_operator
from lvv.cases.models import Client
from lvv.core.periods import Period
from lvv.network.models import Municipality

from ..models import QuarterSubmission, quarter_period
from .quality_checks import CHECKS, quality_findings

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
