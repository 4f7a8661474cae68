"""Writes to the network register: municipalities, regions, locations and their capacity.

Every service checks who may write first (PermissionDenied), validates the whole row with
`full_clean()` (the model's `clean()` names the wrong field), saves, and records an audit event
with the names of the fields it set, all in one transaction. Capacity is checked and written
while the location row is locked, so two people cannot add overlapping periods at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from .models import Location, LocationCapacity, Municipality, Region
from .selectors import actor_may_manage_locations_in, actor_may_manage_network

MUNICIPALITY_FIELDS = ("cbs_code", "name")
LOCATION_FIELDS = (
    "name",
    "operator",
    "municipality",
    "kind",
    "street",
    "house_number",
    "postcode",
    "city",
    "start",
    "end",
)
CAPACITY_FIELDS = ("start", "end", "state_funded_places", "municipality_funded_places")


# --- plumbing shared by the services -------------------------------------------------------


def _require_network_manager(actor: Actor) -> None:
    if not actor_may_manage_network(actor):
        raise PermissionDenied(_("Only functional administrators may change the network."))


def _require_location_manager(actor: Actor, *municipalities: Municipality | None) -> None:
    if not all(actor_may_manage_locations_in(actor, m) for m in municipalities):
        raise PermissionDenied(
            _("You may only change locations and capacity in your own municipality.")
        )


def _validate(instance: models.Model) -> None:
    """`full_clean()`: fields, `clean()` (which names the wrong field), uniqueness, constraints.

    Django skips a constraint whose field already has an error, so each problem is reported
    once, at its field.
    """
    instance.full_clean()


def _normalise_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _apply(instance: models.Model, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the given fields on `instance`; return the names of those whose value changed."""
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    changed = []
    for name, value in data.items():
        value = _normalise_text(value)
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _audit(actor: Actor, action: AuditAction, obj: models.Model, fields: Iterable[str]) -> None:
    audit_record(actor=actor, action=action, obj=obj, changed_fields=list(fields))


# --- municipalities ---------------------------------------------------------------------------


def _normalise_cbs_code(cbs_code: str) -> str:
    # "gm0363 " is what people type; the register keeps "GM0363".
    return (cbs_code or "").strip().upper()


@transaction.atomic
def municipality_create(*, actor: Actor, cbs_code: str, name: str) -> Municipality:
    """Add a municipality. Its CBS code is 'GM' plus four digits and unique (else an error
    on `cbs_code`). Functional administrators only."""
    _require_network_manager(actor)
    municipality = Municipality(cbs_code=_normalise_cbs_code(cbs_code), name=name.strip())
    _validate(municipality)
    municipality.save()
    _audit(actor, AuditAction.CREATE, municipality, MUNICIPALITY_FIELDS)
    return municipality


@transaction.atomic
def municipality_update(
    *, actor: Actor, municipality: Municipality, data: Mapping[str, Any]
) -> Municipality:
    """Change a municipality's CBS code and/or name, validated as on creation. Audits only the
    fields that really changed; a change that changes nothing writes nothing."""
    _require_network_manager(actor)
    data = dict(data)
    if "cbs_code" in data:
        data["cbs_code"] = _normalise_cbs_code(data["cbs_code"])
    changed = _apply(municipality, data, MUNICIPALITY_FIELDS)
    if not changed:
        return municipality
    _validate(municipality)
    municipality.save()
    _audit(actor, AuditAction.UPDATE, municipality, changed)
    return municipality


# --- regions ---------------------------------------------------------------------------------


@transaction.atomic
def region_create(
    *,
    actor: Actor,
    name: str,
    central_municipality: Municipality,
    municipalities: Iterable[Municipality] = (),
) -> Region:
    """Create an LVV region. The central municipality is always among those served, whether or
    not the caller listed it. Functional administrators only."""
    _require_network_manager(actor)
    region = Region(name=name.strip(), central_municipality=central_municipality)
    _validate(region)
    region.save()
    served = {m.pk: m for m in municipalities}
    served[central_municipality.pk] = central_municipality
    region.municipalities.set(served.values())
    _audit(actor, AuditAction.CREATE, region, ["name", "central_municipality", "municipalities"])
    return region


@transaction.atomic
def region_update(*, actor: Actor, region: Region, data: Mapping[str, Any]) -> Region:
    """Change a region's name, central municipality and/or municipalities served.

    The (new) central municipality is added to those served if missing; only fields that really
    changed are saved and audited.
    """
    _require_network_manager(actor)
    data = dict(data)
    new_served = data.pop("municipalities", None)
    changed = _apply(region, data, ("name", "central_municipality"))
    if changed:
        _validate(region)
        region.save()
    current_ids = set(region.municipalities.values_list("pk", flat=True))
    wanted_ids = current_ids if new_served is None else {m.pk for m in new_served}
    wanted_ids.add(region.central_municipality_id)
    if wanted_ids != current_ids:
        region.municipalities.set(wanted_ids)
        changed.append("municipalities")
    if changed:
        _audit(actor, AuditAction.UPDATE, region, changed)
    return region


# --- locations -------------------------------------------------------------------------------


def _lock(location: Location) -> Location:
    """Re-read `location` with its row locked until the transaction ends."""
    return Location.objects.select_for_update().get(pk=location.pk)


@transaction.atomic
def location_create(
    *,
    actor: Actor,
    name: str,
    operator: Organisation,
    municipality: Municipality,
    kind: str,
    start: date,
    end: date | None = None,
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
) -> Location:
    """Open a location run by a partner organisation (else an error on `operator`), closing
    after it opens (else an error on `end`). Functional administrators anywhere; municipal
    coordinators only in their own municipality."""
    _require_location_manager(actor, municipality)
    location = Location(
        name=name.strip(),
        operator=operator,
        municipality=municipality,
        kind=kind,
        start=start,
        end=end,
        street=street.strip(),
        house_number=house_number.strip(),
        postcode=postcode.strip().upper(),
        city=city.strip(),
    )
    _validate(location)
    location.save()
    _audit(actor, AuditAction.CREATE, location, LOCATION_FIELDS)
    return location


def _moved_to(data: Mapping[str, Any]) -> list[Municipality]:
    return [data["municipality"]] if "municipality" in data else []


@transaction.atomic
def location_update(*, actor: Actor, location: Location, data: Mapping[str, Any]) -> Location:
    """Change a location, including closing it (`end`, exclusive).

    A location may not be closed while a capacity period runs past the closing date, nor open
    later than its first capacity period (errors on `end` / `start`); nor while clients are
    placed there past the closing date, or from before a later opening date, since a placement
    lies inside its location's open period (errors on `end` / `start`). A municipal
    coordinator may change, and move, locations only within their own municipality.
    """
    locked = _lock(location)
    # Moving a location is writing in both municipalities.
    _require_location_manager(actor, locked.municipality, *_moved_to(data))
    data = dict(data)
    if isinstance(data.get("postcode"), str):
        data["postcode"] = data["postcode"].strip().upper()
    changed = _apply(locked, data, LOCATION_FIELDS)
    if not changed:
        return locked
    _validate(locked)
    if {"start", "end"} & set(changed):
        _check_placements_inside(locked)
    locked.save()
    _audit(actor, AuditAction.UPDATE, locked, changed)
    return locked


def _check_placements_inside(location: Location) -> None:
    """Placements (of the client register) must stay inside the location's open period.

    The client register is looked up by name: the network does not depend on it, and a
    deployment without it simply has no placements to check.
    """
    from django.apps import apps

    try:
        placement_model = apps.get_model("cases", "Placement")
    except LookupError:
        return
    placements = placement_model.objects.filter(location=location)
    errors: dict[str, str] = {}
    if location.end is not None:
        running_on = placements.filter(Q(end__isnull=True) | Q(end__gt=location.end)).count()
        if running_on:
            errors["end"] = _(
                "%(count)s placement(s) at this location run past the closing date; end or move "
                "them first."
            ) % {"count": running_on}
    started_before = placements.filter(start__lt=location.start).count()
    if started_before:
        errors["start"] = _(
            "%(count)s placement(s) at this location began before this opening date."
        ) % {"count": started_before}
    if errors:
        raise ValidationError(errors)


# --- capacity --------------------------------------------------------------------------------


@transaction.atomic
def location_capacity_add(
    *,
    actor: Actor,
    location: Location,
    start: date,
    end: date | None = None,
    state_funded_places: int = 0,
    municipality_funded_places: int = 0,
) -> LocationCapacity:
    """Add a capacity period to a location.

    Guarantees: places are whole numbers of 0 or more; the period lies inside the location's
    open period; it overlaps no other period of the location (error on `start`), checked with
    the location row locked so a concurrent add cannot slip in between.
    """
    locked = _lock(location)
    _require_location_manager(actor, locked.municipality)
    capacity = LocationCapacity(
        location=locked,
        start=start,
        end=end,
        state_funded_places=state_funded_places,
        municipality_funded_places=municipality_funded_places,
    )
    _validate(capacity)
    capacity.save()
    _audit(actor, AuditAction.CREATE, capacity, CAPACITY_FIELDS)
    return capacity


@transaction.atomic
def location_capacity_update(
    *, actor: Actor, capacity: LocationCapacity, data: Mapping[str, Any]
) -> LocationCapacity:
    """Change a capacity period's dates or places, with the same guarantees as adding one."""
    locked_location = _lock(capacity.location)
    _require_location_manager(actor, locked_location.municipality)
    capacity = LocationCapacity.objects.get(pk=capacity.pk)
    capacity.location = locked_location
    changed = _apply(capacity, data, CAPACITY_FIELDS)
    if not changed:
        return capacity
    _validate(capacity)
    capacity.save()
    _audit(actor, AuditAction.UPDATE, capacity, changed)
    return capacity
