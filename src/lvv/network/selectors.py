"""Reads of the network register: municipalities, regions, locations and their capacity.

The register holds no personal data, so there is no row-level scope: every member whose role
has `VIEW_NETWORK` sees all of it, anyone else sees nothing. Who may *change* what is decided
here too (`actor_may_*`), so services, pages and the API ask the same question the same way.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.roles import Capability

from .models import Location, LocationCapacity, Municipality, Region

# --- who may do what ------------------------------------------------------------------------


def _is_system(actor: Actor) -> bool:
    # Management commands and jobs (imports, demo data) act without a membership; whoever can
    # run them already has the whole database in hand.
    return actor.membership is None and actor.channel in (Channel.COMMAND, Channel.SYSTEM)


def actor_may_view_network(actor: Actor) -> bool:
    """The register is read by every role with VIEW_NETWORK (it holds no personal data)."""
    return actor.is_superuser or _is_system(actor) or actor.can(Capability.VIEW_NETWORK)


def actor_may_manage_network(actor: Actor) -> bool:
    """Municipalities, regions, and every location anywhere: functional admins only."""
    return actor.is_superuser or _is_system(actor) or actor.can(Capability.MANAGE_NETWORK)


def actor_own_municipality(actor: Actor) -> Municipality | None:
    """The municipality whose locations a municipal coordinator looks after, if any."""
    if not actor.can(Capability.MANAGE_OWN_LOCATIONS):
        return None
    organisation = actor.organisation
    return getattr(organisation, "municipality", None) if organisation is not None else None


def actor_may_manage_locations(actor: Actor) -> bool:
    """Whether the actor may manage locations somewhere (to offer a "new location" button)."""
    return actor_may_manage_network(actor) or actor_own_municipality(actor) is not None


def actor_may_manage_locations_in(actor: Actor, municipality: Municipality | None) -> bool:
    """Locations and capacity in `municipality`: functional admins anywhere, a municipal
    coordinator only in the municipality of their own organisation."""
    if actor_may_manage_network(actor):
        return True
    own = actor_own_municipality(actor)
    return own is not None and municipality is not None and own.pk == municipality.pk


def municipalities_managed_by(actor: Actor) -> QuerySet[Municipality]:
    """The municipalities in which the actor may create or move locations."""
    if actor_may_manage_network(actor):
        return Municipality.objects.all()
    own = actor_own_municipality(actor)
    if own is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(pk=own.pk)


# --- the register ---------------------------------------------------------------------------


def municipalities_visible_to(actor: Actor) -> QuerySet[Municipality]:
    """Every municipality for members who may view the network; none for anyone else."""
    if not actor_may_view_network(actor):
        return Municipality.objects.none()
    return Municipality.objects.all()


def regions_visible_to(actor: Actor) -> QuerySet[Region]:
    """Every LVV region with its central municipality and the municipalities served
    (prefetched, so listing regions costs a fixed number of queries)."""
    if not actor_may_view_network(actor):
        return Region.objects.none()
    return Region.objects.select_related("central_municipality").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def locations_visible_to(actor: Actor) -> QuerySet[Location]:
    """Every location, with municipality and operator joined in one query."""
    if not actor_may_view_network(actor):
        return Location.objects.none()
    return Location.objects.select_related("municipality", "operator")


# --- capacity -------------------------------------------------------------------------------


def _covering(day: date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))


def location_capacity_on(location: Location, day: date) -> LocationCapacity | None:
    """The capacity period of `location` that covers `day`, or None (no places that day).

    Periods of one location never overlap, so there is at most one.
    """
    return LocationCapacity.objects.filter(_covering(day), location=location).first()


def location_capacity_history(location: Location) -> QuerySet[LocationCapacity]:
    """All capacity periods of `location`, oldest first."""
    return LocationCapacity.objects.filter(location=location).order_by("start")


def capacity_totals_on(day: date, queryset: QuerySet[Location]) -> QuerySet[Location]:
    """`queryset` annotated with the places each location has on the count date `day`.

    Adds `state_funded_places_on`, `municipality_funded_places_on` and `total_places_on`
    (0 where no capacity period covers the day), computed by the database in the same query
    as the locations themselves, so a list costs the same number of queries at any length.
    """
    covering = LocationCapacity.objects.filter(_covering(day), location=OuterRef("pk"))
    return queryset.annotate(
        state_funded_places_on=Coalesce(
            Subquery(covering.values("state_funded_places")[:1], output_field=IntegerField()),
            0,
        ),
        municipality_funded_places_on=Coalesce(
            Subquery(
                covering.values("municipality_funded_places")[:1], output_field=IntegerField()
            ),
            0,
        ),
    ).annotate(total_places_on=F("state_funded_places_on") + F("municipality_funded_places_on"))


class PlacesSum(TypedDict):
    state_funded_places: int
    municipality_funded_places: int
    total_places: int


def capacity_sum_on(day: date, queryset: QuerySet[Location]) -> PlacesSum:
    """The places of all locations in `queryset` together on `day`, summed in one query."""
    sums = LocationCapacity.objects.filter(
        _covering(day), location__in=queryset.order_by().values("pk")
    ).aggregate(
        state=Coalesce(Sum("state_funded_places"), 0),
        municipality=Coalesce(Sum("municipality_funded_places"), 0),
    )
    return {
        "state_funded_places": sums["state"],
        "municipality_funded_places": sums["municipality"],
        "total_places": sums["state"] + sums["municipality"],
    }


def locations_open_on(queryset: QuerySet[Location], day: date) -> QuerySet[Location]:
    """The locations of `queryset` that are open on `day` (opened on or before it, not closed)."""
    return queryset.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day)))


def locations_in_municipality(actor: Actor, municipality: Municipality) -> QuerySet[Location]:
    """The visible locations of one municipality."""
    return locations_visible_to(actor).filter(municipality=municipality)


def locations_in_region(actor: Actor, region: Region) -> QuerySet[Location]:
    """The visible locations in the municipalities a region serves."""
    served = region.municipalities.values("pk")
    return locations_visible_to(actor).filter(municipality__in=served)


def regions_serving(actor: Actor, municipality: Municipality) -> QuerySet[Region]:
    """The visible regions that serve `municipality` (as central municipality or otherwise)."""
    serving = Region.objects.filter(
        Q(municipalities=municipality) | Q(central_municipality=municipality)
    ).values("pk")
    return regions_visible_to(actor).filter(pk__in=serving)
