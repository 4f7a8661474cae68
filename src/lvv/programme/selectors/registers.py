"""Reads of the programme registers, each scoped to the actor in one place.

Decisions and programmes are public documents: everyone with VIEW_PROGRAMME reads all of them.
Agreements, funding, contracts, spending and the network plan are national for programme
managers and limited to their own municipality for municipal coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from lvv.core.periods import inclusive_last_day
from lvv.network.models import Municipality

from ..models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    AmendmentKind,
    Decision,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvYear,
    Programme,
    SpendingRecord,
)
from .access import actor_may_view_programme, actor_programme_municipality, actor_sees_national


def _municipal_scope(actor, queryset: QuerySet, field: str) -> QuerySet:
    """National for those who see the whole programme, own municipality for coordinators."""
    if actor_sees_national(actor):
        return queryset
    own = actor_programme_municipality(actor)
    if own is None:
        return queryset.none()
    return queryset.filter(**{field: own})


def decisions_visible_to(actor) -> QuerySet[Decision]:
    """Every decision (they are public documents) for members who may view the programme."""
    if not actor_may_view_programme(actor):
        return Decision.objects.none()
    return Decision.objects.all()


def programmes_visible_to(actor) -> QuerySet[Programme]:
    """Every programme, with its basis, for members who may view the programme."""
    if not actor_may_view_programme(actor):
        return Programme.objects.none()
    return Programme.objects.select_related("basis")


def agreements_visible_to(actor) -> QuerySet[Agreement]:
    """All agreements for programme managers; their own municipality's for coordinators.

    Municipality, programme, mandate and basis are joined; amendments with their decisions are
    prefetched in order, so a list and its histories cost a fixed number of queries.
    """
    if not actor_may_view_programme(actor):
        return Agreement.objects.none()
    queryset = Agreement.objects.select_related(
        "municipality", "programme", "mandate", "basis"
    ).prefetch_related(
        Prefetch(
            "amendments",
            queryset=AgreementAmendment.objects.select_related("decision").order_by(
                "created_at", "id"
            ),
        )
    )
    return _municipal_scope(actor, queryset, "municipality")


def funding_rules_visible_to(actor) -> QuerySet[FundingRule]:
    """The funding rules of the agreements the actor sees."""
    if not actor_may_view_programme(actor):
        return FundingRule.objects.none()
    queryset = FundingRule.objects.select_related("agreement__municipality", "decision")
    return _municipal_scope(actor, queryset, "agreement__municipality")


def spending_visible_to(actor) -> QuerySet[SpendingRecord]:
    if not actor_may_view_programme(actor):
        return SpendingRecord.objects.none()
    queryset = SpendingRecord.objects.select_related("municipality", "agreement")
    return _municipal_scope(actor, queryset, "municipality")


def partner_contracts_visible_to(actor) -> QuerySet[PartnerContract]:
    """Partner contracts: all for programme managers, their own for coordinators."""
    if not actor_may_view_programme(actor):
        return PartnerContract.objects.none()
    queryset = PartnerContract.objects.select_related(
        "municipality", "partner", "agreement"
    ).prefetch_related("locations")
    return _municipal_scope(actor, queryset, "municipality")


def planned_lvvs_visible_to(actor) -> QuerySet[PlannedLvv]:
    """The network plan: national for programme managers; a coordinator sees the planned LVVs
    whose central municipality is their own."""
    if not actor_may_view_programme(actor):
        return PlannedLvv.objects.none()
    queryset = PlannedLvv.objects.select_related(
        "central_municipality", "region", "programme"
    ).prefetch_related(Prefetch("years", queryset=PlannedLvvYear.objects.order_by("year")))
    return _municipal_scope(actor, queryset, "central_municipality")


def municipalities_in_programme_of(actor) -> QuerySet[Municipality]:
    """The municipalities whose programme data the actor may see (for filters and timelines)."""
    if not actor_may_view_programme(actor):
        return Municipality.objects.none()
    if actor_sees_national(actor):
        return Municipality.objects.all()
    own = actor_programme_municipality(actor)
    return Municipality.objects.filter(pk=own.pk) if own else Municipality.objects.none()


# --- an agreement's history --------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodEntry:
    """One line of an agreement's history: its first period, an extension, or a termination."""

    kind: str  # "original", or an AmendmentKind
    start: date
    end: date  # exclusive; for a termination: the end it had before
    decision: Decision | None
    amendment: AgreementAmendment | None = None

    @property
    def last_day(self) -> date:
        return inclusive_last_day(self.end)


def _amendments(agreement: Agreement) -> list[AgreementAmendment]:
    # Uses the prefetch of `agreements_visible_to` when there is one.
    return sorted(agreement.amendments.all(), key=lambda a: (a.created_at, a.pk))


def agreement_original_end(agreement: Agreement) -> date:
    amendments = _amendments(agreement)
    return amendments[0].previous_end if amendments else agreement.end


def agreement_history(agreement: Agreement) -> list[PeriodEntry]:
    """Every period the agreement had, oldest first: the first period, then each extension
    (from the old end to the new one) and each early termination (from the new end to the
    end it had before), each with the decision behind it."""
    entries = [PeriodEntry("original", agreement.start, agreement_original_end(agreement), None)]
    for amendment in _amendments(agreement):
        if amendment.kind == AmendmentKind.EXTENSION:
            start, end = amendment.previous_end, amendment.new_end
        else:
            start, end = amendment.new_end, amendment.previous_end
        entries.append(PeriodEntry(amendment.kind, start, end, amendment.decision, amendment))
    return entries


@dataclass(frozen=True)
class AgreementState:
    """What was decided about an agreement as known on a day (decisions dated up to then)."""

    end: date
    terminated: bool


def agreement_state_on(agreement: Agreement, day: date) -> AgreementState:
    """The agreement's end and whether it was terminated early, as decided by `day`: the
    amendments whose decision is dated on or before `day`, in the order they were made."""
    end = agreement_original_end(agreement)
    terminated = False
    for amendment in _amendments(agreement):
        if amendment.decision.date > day:
            continue
        end = amendment.new_end
        terminated = terminated or amendment.kind == AmendmentKind.EARLY_TERMINATION
    return AgreementState(end=end, terminated=terminated)


def agreements_covering(agreements: list[Agreement], day: date, *, as_of: date) -> list[Agreement]:
    """Of `agreements`, those (not drafts) that cover `day` as decided by `as_of`."""
    covering = []
    for agreement in agreements:
        if agreement.status == AgreementStatus.DRAFT:
            continue
        if agreement.basis is not None and agreement.basis.date > as_of:
            continue  # not yet decided then
        state = agreement_state_on(agreement, as_of)
        if agreement.start <= day < state.end:
            covering.append(agreement)
    return covering


def agreements_ending_between(actor, first: date, last: date) -> QuerySet[Agreement]:
    """Agreements in force (visible to the actor) whose last day falls in `[first, last]`."""
    return agreements_visible_to(actor).filter(
        Q(status=AgreementStatus.IN_FORCE), end__gt=first, end__lte=last + timedelta(days=1)
    )
