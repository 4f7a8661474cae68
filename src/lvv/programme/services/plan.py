"""Writes to the network plan: planned LVVs with their places and budget per year. Programme
managers only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.network.models import Municipality, Region

from ..models import PlannedLvv, PlannedLvvStatus, PlannedLvvYear, Programme
from ._common import apply_changes, audit, require_manager, validate

PLANNED_LVV_FIELDS = ("programme", "name", "central_municipality", "region", "status", "notes")
YEAR_FIELDS = ("planned_places", "budget")


def _set_years(actor: Actor, plan: PlannedLvv, years: Iterable[Mapping[str, Any]]) -> bool:
    """Make the plan's years exactly `years` (each: year, planned_places, budget): add,
    change and remove rows, auditing each. Errors name `years.<index>.<field>`."""
    wanted: dict[int, Mapping[str, Any]] = {}
    for index, entry in enumerate(years):
        year = entry.get("year")
        if year in wanted:
            raise ValidationError({f"years.{index}.year": _("This year is listed twice.")})
        wanted[year] = {**entry, "_index": index}
    existing = {row.year: row for row in plan.years.all()}
    rows = []
    for year, entry in wanted.items():
        row = existing.get(year) or PlannedLvvYear(planned_lvv=plan, year=year)
        changed = [n for n in YEAR_FIELDS if n in entry and getattr(row, n) != entry[n]]
        for name in changed:
            setattr(row, name, entry[name])
        try:
            validate(row)
        except ValidationError as error:
            raise ValidationError(
                {
                    f"years.{entry['_index']}.{name}": messages
                    for name, messages in error.message_dict.items()
                }
            ) from error
        rows.append((row, changed))
    touched = False
    for row, changed in rows:
        if row.pk is None:
            row.save()
            audit(actor, AuditAction.CREATE, row, ("year", *YEAR_FIELDS))
            touched = True
        elif changed:
            row.save()
            audit(actor, AuditAction.UPDATE, row, changed)
            touched = True
    for year, row in existing.items():
        if year not in wanted:
            audit(actor, AuditAction.DELETE, row, [])
            row.delete()
            touched = True
    return touched


@transaction.atomic
def planned_lvv_create(
    *,
    actor: Actor,
    name: str,
    central_municipality: Municipality | None = None,
    status: str = PlannedLvvStatus.PLANNED,
    region: Region | None = None,
    programme: Programme | None = None,
    notes: str = "",
    years: Iterable[Mapping[str, Any]] = (),
) -> PlannedLvv:
    """Add an LVV to the network plan, with its planned places and budget per year.

    Guarantees: unique name (on `name`); the central municipality may stay empty while not
    chosen, and the region, if given, is the one the central municipality runs (on `region`);
    each year once, places and budget not negative (on `years.<index>.<field>`). Programme
    managers only.
    """
    require_manager(actor)
    plan = PlannedLvv(
        name=name.strip(),
        central_municipality=central_municipality,
        region=region,
        status=status,
        programme=programme,
        notes=notes.strip(),
    )
    validate(plan)
    plan.save()
    audit(actor, AuditAction.CREATE, plan, PLANNED_LVV_FIELDS)
    _set_years(actor, plan, years)
    return plan


@transaction.atomic
def planned_lvv_update(*, actor: Actor, plan: PlannedLvv, data: Mapping[str, Any]) -> PlannedLvv:
    """Change a planned LVV; `years`, when given, replaces its years (same guarantees)."""
    require_manager(actor)
    plan = PlannedLvv.objects.select_for_update().get(pk=plan.pk)
    data = dict(data)
    years = data.pop("years", None)
    changed = apply_changes(plan, data, PLANNED_LVV_FIELDS)
    if changed:
        validate(plan)
        plan.save()
        audit(actor, AuditAction.UPDATE, plan, changed)
    if years is not None:
        _set_years(actor, plan, years)
    return plan


@transaction.atomic
def planned_lvv_year_set(
    *, actor: Actor, plan: PlannedLvv, year: int, planned_places: int, budget
) -> PlannedLvvYear:
    """Set the planned places and budget of one year of a planned LVV (adding the year if new).
    Places and budget are not negative (on the field)."""
    require_manager(actor)
    plan = PlannedLvv.objects.select_for_update().get(pk=plan.pk)
    row = plan.years.filter(year=year).first() or PlannedLvvYear(planned_lvv=plan, year=year)
    is_new = row.pk is None
    changed = [
        name
        for name, value in (("planned_places", planned_places), ("budget", budget))
        if getattr(row, name) != value
    ]
    row.planned_places = planned_places
    row.budget = budget
    if not changed and not is_new:
        return row
    validate(row)
    row.save()
    audit(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, row, changed)
    return row
