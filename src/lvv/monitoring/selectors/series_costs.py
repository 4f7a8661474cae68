"""The programme dashboard's series: money against use and outcomes (`programme_costs`,
`costs_by_municipality`).

Per municipality and calendar year with a state contribution, the allocation set against the
place-nights used and the durable outflow of that year, each from the monitor of that year;
the durable outflow (and the cost per durable outcome) under disclosure control.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lvv.accounts.actors import Actor
from lvv.cases.models import OutflowGroup
from lvv.core.periods import Period

from .. import disclosure
from .access import may_view_unit, sees_unsuppressed
from .monitor import Level, monitor_series, unit_resolve
from .series import Value


@dataclass(frozen=True)
class CostRow:
    municipality_code: str
    municipality_name: str
    year: int
    allocation: Decimal  # the state contribution allocated for the year
    place_nights_used: int
    durable_outflow: Value
    cost_per_place_night: Decimal | None
    cost_per_durable_outcome: Value


def _divide(amount: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (amount / count).quantize(Decimal("0.01"), ROUND_HALF_UP)


def programme_costs(*, actor: Actor, year: int | None = None) -> list[CostRow]:
    """Per municipality and calendar year with a state contribution: the allocation, the
    place-nights used at the municipality's locations that year, the durable outflow that
    year, the cost per place-night used and per durable outcome.

    Guarantees: the allocations are those `programme.selectors.funding.allocations_visible_to`
    gives the actor (a coordinator: their own municipality; programme managers: all); figures
    of units the actor may not see are left out; the durable outflow is suppressed below the
    threshold for everyone but the municipality's own coordinator, and then so is the cost
    per durable outcome (it would reveal the count). Years that have not begun are left out.
    """
    from django.utils import timezone

    from lvv.programme.selectors.funding import allocations_visible_to

    today = timezone.localdate()
    limit = disclosure.threshold()
    rows = []
    for allocation in allocations_visible_to(actor, year=year):
        if allocation.year > today.year:
            continue
        unit = unit_resolve(Level.MUNICIPALITY, allocation.municipality.cbs_code)
        if not may_view_unit(actor, unit):
            continue
        period = Period(date(allocation.year, 1, 1), date(allocation.year + 1, 1, 1))
        [monitor] = monitor_series(unit=unit, periods=[period])
        used = sum(use.place_nights_used for use in monitor.locations)
        durable = monitor.outflow_by_group.get(OutflowGroup.DURABLE, 0)
        amount = allocation.amount
        per_outcome = _divide(amount, durable)
        if 0 < durable < limit and not sees_unsuppressed(actor, unit):
            durable_value = Value(None, disclosure.primary_mark(limit), True)
            per_outcome_value = Value(None, disclosure.SECONDARY_MARK, True)
        else:
            durable_value = Value.of(durable)
            per_outcome_value = Value.of(per_outcome)
        rows.append(
            CostRow(
                municipality_code=unit.key,
                municipality_name=unit.name,
                year=allocation.year,
                allocation=amount,
                place_nights_used=used,
                durable_outflow=durable_value,
                cost_per_place_night=_divide(amount, used),
                cost_per_durable_outcome=per_outcome_value,
            )
        )
    return rows


def costs_by_municipality(rows: list[CostRow]) -> dict[str, list[CostRow]]:
    grouped: dict[str, list[CostRow]] = defaultdict(list)
    for row in rows:
        grouped[row.municipality_name].append(row)
    return dict(grouped)
