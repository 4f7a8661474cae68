"""Wind-down (afbouw): what stops when an agreement ends without a follow-up.

For an agreement: whether a follow-up covers the day after it (then there is nothing to wind
down), the partner contracts that run on its last day and when they end, the locations those
contracts cover with their places on that last day, and how many clients are still placed at
each location. Counts only, never who.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from lvv.core.periods import inclusive_last_day
from lvv.network.models import Location, LocationCapacity
from lvv.network.selectors import locations_open_on

from ..models import Agreement, PartnerContract
from .registers import agreements_covering, agreements_visible_to, partner_contracts_visible_to


def open_placements_per_location(location_ids: list[int], day: date) -> dict[int, int] | None:
    """How many placements are open on `day` per location (by id); None when the `cases` app
    has no Placement model (yet), so callers can say "not available" instead of 0.

    The model is looked up here, at call time, so that this app does not depend on `cases`.
    """
    try:
        placement = apps.get_model("cases", "Placement")
    except LookupError:
        return None
    rows = (
        placement.objects.filter(location_id__in=location_ids, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .values("location_id")
        .annotate(count=Count("pk"))
    )
    counts = dict.fromkeys(location_ids, 0)
    counts.update({row["location_id"]: row["count"] for row in rows})
    return counts


@dataclass(frozen=True)
class WindDownLocation:
    location: Location
    capacity: LocationCapacity | None  # places on the agreement's last day
    open_placements: int | None  # None: not available

    @property
    def state_funded_places(self) -> int:
        return self.capacity.state_funded_places if self.capacity else 0

    @property
    def total_places(self) -> int:
        return self.capacity.total_places if self.capacity else 0


@dataclass
class WindDown:
    agreement: Agreement
    follow_up: list[Agreement]
    contracts: list[PartnerContract] = field(default_factory=list)
    locations: list[WindDownLocation] = field(default_factory=list)
    placements_available: bool = True
    placements_counted_on: date | None = None

    @property
    def end(self) -> date:
        return self.agreement.end

    @property
    def last_day(self) -> date:
        return inclusive_last_day(self.agreement.end)

    @property
    def has_follow_up(self) -> bool:
        return bool(self.follow_up)

    @property
    def state_funded_places(self) -> int:
        return sum(item.state_funded_places for item in self.locations)

    @property
    def total_places(self) -> int:
        return sum(item.total_places for item in self.locations)

    @property
    def open_placements(self) -> int | None:
        if not self.placements_available:
            return None
        return sum(item.open_placements or 0 for item in self.locations)


def agreement_wind_down(actor, agreement: Agreement, *, today: date | None = None) -> WindDown:
    """The wind-down of `agreement` (one the actor sees).

    Contracts: the municipality's partner contracts that run on the agreement's last day,
    soonest end first. Locations: those the contracts cover; when the contracts name none, the
    municipality's locations open on that last day. Places: the capacity period covering the
    last day. Clients: placements open today (or `today`), counted per location.
    """
    today = today or timezone.localdate()
    last_day = agreement.last_day
    siblings = list(agreements_visible_to(actor).filter(municipality=agreement.municipality))
    follow_up = [
        other
        for other in agreements_covering(siblings, agreement.end, as_of=today)
        if other.pk != agreement.pk
    ]
    contracts = list(
        partner_contracts_visible_to(actor)
        .filter(municipality=agreement.municipality, start__lte=last_day, end__gt=last_day)
        .order_by("end", "partner__name")
    )
    locations: dict[int, Location] = {}
    for contract in contracts:
        for location in contract.locations.all():
            locations[location.pk] = location
    if not locations:
        nearby = locations_open_on(
            Location.objects.filter(municipality=agreement.municipality), last_day
        )
        locations = {location.pk: location for location in nearby}
    capacities = {
        capacity.location_id: capacity
        for capacity in LocationCapacity.objects.filter(
            Q(location_id__in=list(locations)),
            Q(start__lte=last_day),
            Q(end__isnull=True) | Q(end__gt=last_day),
        )
    }
    counts = open_placements_per_location(list(locations), today)
    items = [
        WindDownLocation(
            location,
            capacities.get(pk),
            None if counts is None else counts.get(pk, 0),
        )
        for pk, location in sorted(locations.items(), key=lambda item: item[1].name)
    ]
    return WindDown(
        agreement=agreement,
        follow_up=follow_up,
        contracts=contracts,
        locations=items,
        placements_available=counts is not None,
        placements_counted_on=today,
    )
