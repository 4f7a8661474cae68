"""Occupancy (bezetting): how many clients are placed at a location on a day, from placements
alone. A placement counts on every day of `[start, end)`.

Counting happens in the database: one grouped query per call whatever the number of locations
or days (the day series is generated here and becomes one conditional count per day), so a
monthly overview of every location costs the same as one location on one day.

Occupancy holds no personal data, but which locations one may ask about still follows the
actor: caseworkers their own organisation's locations, coordinators their municipality's,
programme managers and analysts (the national monitor) all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability, OrganisationKind
from lvv.network.models import Location, LocationCapacity

from ..access import is_operator
from ..models import Placement

# One column per day: a year (leap day included) keeps the query well inside the limits of
# both databases (PostgreSQL allows 1,664 result columns).
MAX_DAYS = 366


def _covers(day: date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))


def day_series(start: date, end: date) -> list[date]:
    """The days of `[start, end)`. Raises ValidationError (on `end`) for an empty or too long
    range, so every caller reports the same problem the same way."""
    if end <= start:
        raise ValidationError({"end": _("The end must lie after the start (end is exclusive).")})
    days = (end - start).days
    if days > MAX_DAYS:
        raise ValidationError(
            {"end": _("Ask for at most %(days)s days at a time.") % {"days": MAX_DAYS}}
        )
    return [start + timedelta(days=offset) for offset in range(days)]


def occupancy_on(*, day: date, location_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Clients placed on `day`, per location id (locations without any are left out).

    One grouped query. Used by the placement service under a lock on the location.
    """
    placements = Placement.objects.filter(_covers(day))
    if location_ids is not None:
        placements = placements.filter(location_id__in=list(location_ids))
    rows = placements.order_by().values("location_id").annotate(occupied=Count("pk"))
    return {row["location_id"]: row["occupied"] for row in rows}


def occupancy_by_day(
    *, location_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[date, int]]:
    """For each location id, the number of clients placed on each day of `[start, end)`.

    Every location and every day is in the answer (0 where nobody was placed). One query: the
    placements overlapping the range, grouped by location, with one conditional count per day.
    """
    days = day_series(start, end)
    ids = list(dict.fromkeys(location_ids))
    result = {pk: dict.fromkeys(days, 0) for pk in ids}
    if not ids:
        return result
    counts = {f"day_{index}": Count("pk", filter=_covers(day)) for index, day in enumerate(days)}
    rows = (
        Placement.objects.filter(location_id__in=ids, start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .order_by()
        .values("location_id")
        .annotate(**counts)
    )
    for row in rows:
        per_day = result[row["location_id"]]
        for index, day in enumerate(days):
            per_day[day] = row[f"day_{index}"]
    return result


def capacity_by_day(
    *, location_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[date, int]]:
    """For each location id, its places (state- plus municipality-funded) on each day of
    `[start, end)`, 0 where no capacity period covers the day. One query, like occupancy."""
    days = day_series(start, end)
    ids = list(dict.fromkeys(location_ids))
    result = {pk: dict.fromkeys(days, 0) for pk in ids}
    if not ids:
        return result
    places = F("state_funded_places") + F("municipality_funded_places")
    sums = {
        f"day_{index}": Coalesce(Sum(places, filter=_covers(day)), 0)
        for index, day in enumerate(days)
    }
    rows = (
        LocationCapacity.objects.filter(location_id__in=ids, start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .order_by()
        .values("location_id")
        .annotate(**sums)
    )
    for row in rows:
        per_day = result[row["location_id"]]
        for index, day in enumerate(days):
            per_day[day] = row[f"day_{index}"]
    return result


class OccupancyDay(TypedDict):
    day: date
    occupied_places: int
    total_places: int


def location_occupancy(*, location: Location, start: date, end: date) -> list[OccupancyDay]:
    """Occupancy beside capacity for one location, day by day (two queries)."""
    occupied = occupancy_by_day(location_ids=[location.pk], start=start, end=end)[location.pk]
    places = capacity_by_day(location_ids=[location.pk], start=start, end=end)[location.pk]
    return [
        {"day": day, "occupied_places": occupied[day], "total_places": places[day]}
        for day in occupied
    ]


def occupancy_locations_visible_to(actor: Actor) -> QuerySet[Location]:
    """The locations whose occupancy the actor may see.

    Caseworkers: the locations their organisation runs. Coordinators: those in their
    municipality. Programme managers and analysts (national monitor): all. Others: none.
    """
    locations = Location.objects.select_related("municipality", "operator")
    if is_operator(actor):
        return locations
    organisation = actor.organisation
    if organisation is None:
        return locations.none()
    if actor.can(Capability.VIEW_CLIENT_FILES):
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return locations.filter(municipality_id=organisation.municipality_id)
        if organisation.kind == OrganisationKind.PARTNER_NGO:
            return locations.filter(operator=organisation)
        return locations.none()
    if actor.can(Capability.VIEW_MONITOR):
        return locations
    return locations.none()


def with_occupancy_on(queryset: QuerySet[Location], day: date) -> QuerySet[Location]:
    """`queryset` annotated with `occupied_places_on` (clients placed on `day`), computed by a
    subquery in the same query as the locations (a list costs one query at any length)."""
    placed = (
        Placement.objects.filter(_covers(day), location=OuterRef("pk"))
        .order_by()
        .values("location")
        .annotate(occupied=Count("pk"))
        .values("occupied")
    )
    return queryset.annotate(
        occupied_places_on=Coalesce(Subquery(placed, output_field=IntegerField()), 0)
    )
