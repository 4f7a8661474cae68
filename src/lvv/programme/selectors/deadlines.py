"""Deadline warnings: partner contracts whose decision deadline comes before the funding of the
period after them has been decided.

For each partner contract that has not ended, funded by an agreement that is not a draft and
was not terminated early: if no agreement of the municipality covers the day the contract ends
(its exclusive end: the first day of the contract's next period), the municipality must decide
by the contract's decision deadline (end minus notice period) whether to extend it or give
notice, without knowing whether the state will pay: "decision needed by <date>, otherwise
wind-down must start". Once an extension or a follow-up agreement covering that day is decided,
the warning disappears. An agreement terminated early has its decision: no follow-up, so the
wind-down view applies instead of a warning.

Everything is computed "as known on" a day (default today): amendments whose decision is dated
later are left out, so the warnings of any past day can be reproduced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lvv.core.periods import inclusive_last_day

from ..models import Agreement, AgreementStatus, PartnerContract
from .registers import (
    agreement_state_on,
    agreements_covering,
    agreements_visible_to,
    partner_contracts_visible_to,
)


@dataclass(frozen=True)
class DeadlineWarning:
    contract: PartnerContract
    agreement: Agreement
    deadline: date  # the last day to decide
    funded_until: date  # exclusive end of the agreement as known on `as_of`
    as_of: date

    @property
    def municipality(self):
        return self.contract.municipality

    @property
    def partner(self):
        return self.contract.partner

    @property
    def days_left(self) -> int:
        """Days from `as_of` to the deadline; negative once it has passed."""
        return (self.deadline - self.as_of).days

    @property
    def is_overdue(self) -> bool:
        return self.deadline < self.as_of

    @property
    def funded_last_day(self) -> date:
        return inclusive_last_day(self.funded_until)

    @property
    def contract_last_day(self) -> date:
        return self.contract.last_day

    @property
    def message(self) -> str:
        return _("Decision needed by %(day)s, otherwise wind-down must start.") % {
            "day": date_format(self.deadline, "DATE_FORMAT")
        }


def deadline_warnings_visible_to(actor, *, as_of: date | None = None) -> list[DeadlineWarning]:
    """The deadline warnings of the contracts the actor sees, as known on `as_of` (default
    today), soonest deadline first. Coordinators get their own municipality's only."""
    as_of = as_of or timezone.localdate()
    contracts = list(
        partner_contracts_visible_to(actor)
        .filter(agreement__isnull=False, end__gt=as_of)
        .exclude(agreement__status=AgreementStatus.DRAFT)
        .order_by("end", "pk")
    )
    if not contracts:
        return []
    municipality_ids = {contract.municipality_id for contract in contracts}
    agreements_by_municipality: dict[int, list[Agreement]] = defaultdict(list)
    agreements = {}
    for agreement in agreements_visible_to(actor).filter(municipality_id__in=municipality_ids):
        agreements_by_municipality[agreement.municipality_id].append(agreement)
        agreements[agreement.pk] = agreement
    warnings = []
    for contract in contracts:
        agreement = agreements.get(contract.agreement_id)
        if agreement is None:
            continue
        state = agreement_state_on(agreement, as_of)
        if state.terminated:
            continue
        siblings = agreements_by_municipality[contract.municipality_id]
        if agreements_covering(siblings, contract.end, as_of=as_of):
            continue
        warnings.append(
            DeadlineWarning(
                contract=contract,
                agreement=agreement,
                deadline=contract.decision_deadline,
                funded_until=state.end,
                as_of=as_of,
            )
        )
    return sorted(warnings, key=lambda w: (w.deadline, w.municipality.name, w.contract.pk))
