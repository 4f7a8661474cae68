"""The data of the timelines: agreement periods, extensions, terminations, decisions, contract
periods and notice deadlines, and deadline warnings. The chart and the table beside it are
both drawn from this one list, so they always show the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.core.periods import inclusive_last_day
from lvv.network.models import Municipality

from ..models import Agreement, AmendmentKind, Decision
from .deadlines import deadline_warnings_visible_to
from .registers import (
    agreement_history,
    agreements_visible_to,
    decisions_visible_to,
    partner_contracts_visible_to,
)


class TimelineKind:
    AGREEMENT = "agreement"
    EXTENSION = "extension"
    TERMINATION = "termination"
    CONTRACT = "contract"
    DECISION = "decision"
    NOTICE_DEADLINE = "notice_deadline"
    WARNING = "warning"

    LABELS = {
        AGREEMENT: gettext_lazy("Agreement period"),
        EXTENSION: gettext_lazy("Extension"),
        TERMINATION: gettext_lazy("Early termination"),
        CONTRACT: gettext_lazy("Partner contract"),
        DECISION: gettext_lazy("Decision"),
        NOTICE_DEADLINE: gettext_lazy("Notice deadline"),
        WARNING: gettext_lazy("Deadline warning"),
    }
    BARS = (AGREEMENT, EXTENSION, CONTRACT)


@dataclass(frozen=True)
class TimelineItem:
    row: str
    kind: str
    label: str
    start: date
    end: date | None = None  # exclusive, for periods; None for a single day

    @property
    def is_period(self) -> bool:
        return self.end is not None

    @property
    def last_day(self) -> date | None:
        return inclusive_last_day(self.end)

    @property
    def kind_label(self) -> str:
        return str(TimelineKind.LABELS[self.kind])


@dataclass
class Timeline:
    title: str
    as_of: date
    rows: list[str] = field(default_factory=list)
    items: list[TimelineItem] = field(default_factory=list)

    def add(self, item: TimelineItem) -> None:
        if item.row not in self.rows:
            self.rows.append(item.row)
        self.items.append(item)

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def ordered_items(self) -> list[TimelineItem]:
        order = {row: index for index, row in enumerate(self.rows)}
        return sorted(self.items, key=lambda i: (order[i.row], i.start, i.kind))


def _day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def _add_agreement(timeline: Timeline, agreement: Agreement, row: str) -> None:
    final_end = agreement.end
    for entry in agreement_history(agreement):
        if entry.kind == AmendmentKind.EARLY_TERMINATION:
            timeline.add(
                TimelineItem(
                    row,
                    TimelineKind.TERMINATION,
                    _("Ends early from %(day)s (%(decision)s)")
                    % {"day": _day(entry.start), "decision": entry.decision.title},
                    entry.start,
                )
            )
            continue
        end = min(entry.end, final_end)
        if entry.start >= end:
            continue  # a period cut away by a later termination
        if entry.kind == "original":
            kind, label = TimelineKind.AGREEMENT, agreement.title
        else:
            kind = TimelineKind.EXTENSION
            label = _("Extended by %(decision)s") % {"decision": entry.decision.title}
        timeline.add(TimelineItem(row, kind, label, entry.start, end))


def _add_decisions(timeline: Timeline, decisions) -> None:
    row = str(_("Decisions"))
    for decision in sorted(decisions, key=lambda d: (d.date, d.title)):
        label = decision.title + (f" ({decision.reference})" if decision.reference else "")
        timeline.add(TimelineItem(row, TimelineKind.DECISION, label, decision.date))


def _add_warnings(timeline: Timeline, warnings, row_of) -> None:
    for warning in warnings:
        timeline.add(
            TimelineItem(
                row_of(warning.contract),
                TimelineKind.WARNING,
                warning.message,
                warning.deadline,
            )
        )


def programme_timeline(actor, *, as_of: date | None = None) -> Timeline:
    """The whole programme as the actor sees it: one row per municipality with its agreement
    periods, extensions, early terminations, contract notice deadlines and deadline warnings,
    and a row of decisions on top (all decisions: they are public)."""
    as_of = as_of or timezone.localdate()
    timeline = Timeline(_("Programme timeline"), as_of)
    _add_decisions(timeline, decisions_visible_to(actor))
    agreements = list(agreements_visible_to(actor).order_by("municipality__name", "start"))
    for agreement in agreements:
        _add_agreement(timeline, agreement, agreement.municipality.name)
    for contract in partner_contracts_visible_to(actor).order_by("municipality__name", "start"):
        timeline.add(
            TimelineItem(
                contract.municipality.name,
                TimelineKind.NOTICE_DEADLINE,
                _("Notice deadline %(partner)s") % {"partner": contract.partner.name},
                contract.decision_deadline,
            )
        )
    _add_warnings(
        timeline,
        deadline_warnings_visible_to(actor, as_of=as_of),
        lambda contract: contract.municipality.name,
    )
    return timeline


def _contract_row(contract) -> str:
    return _("Contract %(partner)s (%(start)s)") % {
        "partner": contract.partner.name,
        "start": _day(contract.start),
    }


def municipality_timeline(actor, municipality: Municipality, *, as_of: date | None = None):
    """One municipality as the actor sees it: a row per agreement, a row per partner contract
    (period and notice deadline), the decisions behind its agreements, and its warnings."""
    as_of = as_of or timezone.localdate()
    timeline = Timeline(
        _("Timeline of %(municipality)s") % {"municipality": municipality.name}, as_of
    )
    agreements = list(agreements_visible_to(actor).filter(municipality=municipality))
    decision_ids: set[int] = set()
    for agreement in agreements:
        decision_ids.update(a.decision_id for a in agreement.amendments.all())
        decision_ids.update(d for d in (agreement.mandate_id, agreement.basis_id) if d)
    _add_decisions(timeline, Decision.objects.filter(pk__in=decision_ids))
    for agreement in agreements:
        _add_agreement(timeline, agreement, agreement.title)
    contracts = partner_contracts_visible_to(actor).filter(municipality=municipality)
    for contract in contracts.order_by("start"):
        row = _contract_row(contract)
        label = contract.reference or contract.partner.name
        timeline.add(TimelineItem(row, TimelineKind.CONTRACT, label, contract.start, contract.end))
        timeline.add(
            TimelineItem(
                row,
                TimelineKind.NOTICE_DEADLINE,
                _("Notice deadline"),
                contract.decision_deadline,
            )
        )
    warnings = [
        w
        for w in deadline_warnings_visible_to(actor, as_of=as_of)
        if w.municipality.pk == municipality.pk
    ]
    _add_warnings(timeline, warnings, _contract_row)
    return timeline
