"""Checks and the preview of extending agreements, shared by the preview (a pure read) and the
extension services (which refuse exactly what the preview reports)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lvv.core.periods import Period, inclusive_last_day

from ..models import Agreement, AgreementStatus, FundingRule
from ..models.agreements import day_label, first_overlapping_agreement
from ..money import round_sum
from .funding import FundingCalculator

FUNDING_PREFIX = "funding."
FUNDING_INPUT_FIELDS = (
    "kind",
    "amount",
    "price_per_place",
    "state_funded_places",
    "total_places",
    "reference_year",
    "notes",
)


def _name(agreement: Agreement) -> str:
    return f"“{agreement.title}” ({agreement.municipality.name})"


def extension_problem(agreement: Agreement, new_end: date) -> str | None:
    """Why `agreement` cannot be extended to `new_end` (exclusive), or None if it can.

    It must be in force, `new_end` must lie after its current end, and the extra period may
    not overlap another agreement of the same municipality. The message names the agreement.
    """
    if agreement.status != AgreementStatus.IN_FORCE:
        return _("%(agreement)s is not in force (status: %(status)s).") % {
            "agreement": _name(agreement),
            "status": agreement.get_status_display(),
        }
    if new_end <= agreement.end:
        return _(
            "%(agreement)s already runs up to and including %(last)s; the new end would not "
            "extend it."
        ) % {"agreement": _name(agreement), "last": day_label(agreement.last_day)}
    other = first_overlapping_agreement(
        agreement.municipality_id, Period(agreement.end, new_end), exclude_pk=agreement.pk
    )
    if other is not None:
        return _("%(agreement)s would overlap “%(other)s”, which starts on %(start)s.") % {
            "agreement": _name(agreement),
            "other": other.title,
            "start": day_label(other.start),
        }
    return None


def funding_rule_from(
    spec: Mapping[str, Any], *, agreement: Agreement, start: date, end: date, decision=None
) -> FundingRule:
    """An unsaved funding rule for `[start, end)` of `agreement` from a funding spec (a mapping
    with `kind` and the fields that kind needs)."""
    unknown = set(spec) - set(FUNDING_INPUT_FIELDS)
    if unknown:
        raise ValidationError(
            {
                f"{FUNDING_PREFIX}{name}": _("This field cannot be set here.")
                for name in sorted(unknown)
            }
        )
    values = {name: spec.get(name) for name in FUNDING_INPUT_FIELDS}
    values["notes"] = values["notes"] or ""
    return FundingRule(agreement=agreement, decision=decision, start=start, end=end, **values)


def funding_spec_errors(spec: Mapping[str, Any], *, start: date, end: date) -> dict[str, list]:
    """What is wrong with a funding spec for a period `[start, end)`, by `funding.<field>`."""
    try:
        rule = funding_rule_from(spec, agreement=None, start=start, end=end)
        rule.clean_fields(exclude=["agreement", "decision"])
        rule.clean()  # without an agreement: only the rule's own fields are checked
    except ValidationError as error:
        return {
            (name if name.startswith(FUNDING_PREFIX) else f"{FUNDING_PREFIX}{name}"): messages
            for name, messages in error.message_dict.items()
        }
    return {}


@dataclass(frozen=True)
class ExtensionPreviewRow:
    agreement: Agreement
    current_end: date
    new_end: date
    problem: str | None
    impact: list[tuple[int, Decimal]] = field(default_factory=list)  # (year, amount)

    @property
    def current_last_day(self) -> date:
        return inclusive_last_day(self.current_end)

    @property
    def new_last_day(self) -> date:
        return inclusive_last_day(self.new_end)

    @property
    def impact_total(self) -> Decimal:
        return sum((amount for _year, amount in self.impact), Decimal("0.00"))


@dataclass(frozen=True)
class ExtensionPreview:
    new_end: date
    rows: list[ExtensionPreviewRow]
    funding_errors: dict[str, list]
    has_funding: bool

    @property
    def new_last_day(self) -> date:
        return inclusive_last_day(self.new_end)

    @property
    def problems(self) -> list[str]:
        return [row.problem for row in self.rows if row.problem]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problems and not self.funding_errors

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.rows for year, _amount in row.impact})

    @property
    def impact_by_year(self) -> dict[int, Decimal]:
        totals: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for row in self.rows:
            for year, amount in row.impact:
                totals[year] += amount
        return dict(sorted(totals.items()))

    @property
    def impact_total(self) -> Decimal:
        return sum(self.impact_by_year.values(), Decimal("0.00"))


def agreement_extension_preview(
    *, agreements: Iterable[Agreement], new_end: date, funding: Mapping[str, Any] | None = None
) -> ExtensionPreview:
    """What extending `agreements` to `new_end` (exclusive) would change, without writing.

    For each agreement: its current and new end, the problem that would stop the extension
    (if any, naming the agreement), and the state contribution the funding spec would add for
    the new period per calendar year (exact shares rounded per agreement per year; the
    agreement's existing rules resolve "same level as year Y"). Callers pass agreements they
    obtained through `agreements_visible_to`.
    """
    agreements = sorted(set(agreements), key=lambda a: (a.municipality.name, a.start))
    calculator = FundingCalculator.for_agreements(agreements)
    funding_errors: dict[str, list] = {}
    rows = []
    for agreement in agreements:
        problem = extension_problem(agreement, new_end)
        impact: list[tuple[int, Decimal]] = []
        if funding and problem is None:
            errors = funding_spec_errors(funding, start=agreement.end, end=new_end)
            for name, messages in errors.items():
                funding_errors.setdefault(name, [])
                funding_errors[name] += [m for m in messages if m not in funding_errors[name]]
            if not errors:
                rule = funding_rule_from(
                    funding, agreement=agreement, start=agreement.end, end=new_end
                )
                by_year: dict[int, list] = defaultdict(list)
                for share in calculator.shares(rule):
                    by_year[share.year].append(share.exact)
                impact = [(year, round_sum(values)) for year, values in sorted(by_year.items())]
        rows.append(ExtensionPreviewRow(agreement, agreement.end, new_end, problem, impact))
    return ExtensionPreview(new_end, rows, funding_errors, has_funding=bool(funding))
