"""Who may see the monitor of which unit, and whose figures are published with suppression.

- analysts and programme managers (`VIEW_MONITOR`, no client files): every unit, aggregates
  only, always with disclosure control;
- municipal coordinators: their own municipality and its locations (unsuppressed: they keep
  those files anyway), and the LVV regions their municipality is part of and the national
  figures (published figures: suppressed);
- operators (superusers, commands): every unit; published outputs are suppressed all the same;
- everyone else: nothing.

Only analysts may take the pseudonymised record-level export (for the evaluator).
"""

from __future__ import annotations

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability, OrganisationKind, Role
from lvv.cases.access import is_operator
from lvv.network.models import Location, Municipality, Region

from .units import NATIONAL_KEY, Level, Unit


def _own_municipality_id(actor: Actor) -> int | None:
    organisation = actor.organisation
    if (
        organisation is not None
        and organisation.kind == OrganisationKind.MUNICIPALITY
        and actor.can(Capability.VIEW_CLIENT_FILES)
    ):
        return organisation.municipality_id
    return None


def may_view_monitor(actor: Actor) -> bool:
    return is_operator(actor) or actor.can(Capability.VIEW_MONITOR)


def may_view_unit(actor: Actor, unit: Unit) -> bool:
    """Whether the actor may see the monitor of `unit` at all."""
    if not may_view_monitor(actor):
        return False
    own = _own_municipality_id(actor)
    if own is None:
        return True  # analysts, programme managers, operators: every unit
    if unit.level == Level.NATIONAL:
        return True
    return own in unit.municipality_ids


def sees_unsuppressed(actor: Actor, unit: Unit) -> bool:
    """Figures shown without suppression: only to a coordinator for their own municipality
    and its locations (they may see those clients' files). Everything else is published."""
    own = _own_municipality_id(actor)
    return (
        own is not None
        and unit.level in (Level.MUNICIPALITY, Level.LOCATION)
        and unit.municipality_ids == (own,)
    )


def may_export_records(actor: Actor) -> bool:
    """The pseudonymised record-level export is for the evaluator: analysts only."""
    return actor.role == Role.ANALYST and actor.can(Capability.VIEW_MONITOR)


def units_visible_to(actor: Actor, level: str) -> list[Unit]:
    """The units at `level` the actor may choose, in name order (two queries at most)."""
    if not may_view_monitor(actor):
        return []
    own = _own_municipality_id(actor)
    if level == Level.NATIONAL:
        from django.utils.translation import gettext as _

        return [Unit(level=level, key=NATIONAL_KEY, name=_("The Netherlands"))]
    if level == Level.MUNICIPALITY:
        municipalities = Municipality.objects.order_by("name")
        if own is not None:
            municipalities = municipalities.filter(pk=own)
        return [Unit(level, m.cbs_code, m.name, m.pk, (m.pk,)) for m in municipalities]
    if level == Level.LOCATION:
        locations = Location.objects.select_related("municipality").order_by(
            "municipality__name", "name"
        )
        if own is not None:
            locations = locations.filter(municipality_id=own)
        return [
            Unit(
                level,
                str(loc.uuid),
                f"{loc.name} ({loc.municipality.name})",
                loc.pk,
                (loc.municipality_id,),
            )
            for loc in locations
        ]
    regions = Region.objects.prefetch_related("municipalities").order_by("name")
    if own is not None:
        regions = regions.filter(municipalities__pk=own)
    return [
        Unit(
            level,
            str(region.uuid),
            region.name,
            region.pk,
            tuple(sorted(m.pk for m in region.municipalities.all())),
        )
        for region in regions
    ]
