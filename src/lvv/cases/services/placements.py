"""Placements (stays): which client is at which location, from a day until a day (exclusive).

The rules, kept here and nowhere else:

- a client has at most one open placement (the database refuses a second one too; we check
  first, with the client row locked, so the error names `client`);
- a placement lies inside the location's open period and does not overlap the client's earlier
  placements;
- only admitted clients (`ADMITTED_STATUSES`) are placed, and only at a location in their own
  municipality;
- a location is not filled above its capacity on the start day. A municipal coordinator may
  override that with a reason, which is stored with their user on the placement and audited;
  caseworkers cannot. The location row is locked while counting, so two people cannot both
  take the last place.

Every service starts with `lock_client_for_write` (services.clients): it re-reads the client
through `Client.objects.visible_to(actor)` and locks the row, so a write on a client the actor
cannot see fails (PermissionDenied) even if a caller forgot to look the client up through the
gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.core.periods import inclusive_last_day
from lvv.network.models import Location
from lvv.network.selectors import location_capacity_on

from ..access import is_coordinator, may_write_client_files
from ..models import ADMITTED_STATUSES, Client, Placement, PlacementEndReason
from ..selectors.occupancy import occupancy_on
from .clients import lock_client_for_write
from .versions import EditConflict, claim_version, conflict_message

PLACEMENT_FIELDS = ("client", "location", "start", "room", "bed")
OVERRIDE_FIELDS = ("capacity_override_reason", "capacity_overridden_by")

# Ending a placement because the client left is part of recording the outflow (which also
# closes the trajectory and changes the status); it cannot be done on its own.
RESERVED_END_REASONS = frozenset({PlacementEndReason.OUTFLOW})


def day_label(day: date | None) -> str:
    return "" if day is None else date_format(day, "DATE_FORMAT")


def require_file_keeper(actor: Actor) -> None:
    """Caseworkers and coordinators (and operators) keep files; everyone else only reads."""
    if not may_write_client_files(actor):
        raise PermissionDenied(_("Your role does not allow changing client files."))


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


@dataclass(frozen=True)
class _Fields:
    """What the caller calls the client, location and start day (a move says `to_location`
    and `on`), so each error lands at the field the caller actually sent."""

    client: str = "client"
    location: str = "location"
    start: str = "start"
    override_reason: str = "override_reason"


_DEFAULT_FIELDS = _Fields()


def _location_open_message(location: Location) -> str:
    if location.end is None:
        return _("%(name)s is open from %(start)s.") % {
            "name": location.name,
            "start": day_label(location.start),
        }
    return _("%(name)s is open from %(start)s up to and including %(last)s.") % {
        "name": location.name,
        "start": day_label(location.start),
        "last": day_label(inclusive_last_day(location.end)),
    }


def placement_place_errors(
    *, client: Client, location: Location, start: date, fields: _Fields = _DEFAULT_FIELDS
) -> dict[str, list[str]]:
    """The rules a new placement must meet that do not depend on the client's other
    placements: an admitted client, a location in their municipality, open on `start`.
    Pure: the import checks a whole file with it."""
    errors: dict[str, list[str]] = {}
    if client.status not in ADMITTED_STATUSES:
        _add(
            errors,
            fields.client,
            _("Only an admitted client can be placed; this client's status is '%(status)s'.")
            % {"status": client.get_status_display()},
        )
    if location.municipality_id != client.municipality_id:
        _add(
            errors,
            fields.location,
            _("This location is not in the client's municipality (%(municipality)s).")
            % {"municipality": client.municipality.name},
        )
    if not location.period.contains_day(start):
        _add(
            errors,
            fields.start,
            _("The location is not open on %(day)s. %(open)s")
            % {"day": day_label(start), "open": _location_open_message(location)},
        )
    return errors


def _check_new_placement(
    *,
    client: Client,
    location: Location,
    start: date,
    ending: Placement | None,
    fields: _Fields,
) -> dict[str, list[str]]:
    """Every rule but capacity. `ending` is a placement that ends on `start` in the same
    transaction (a move): it does not count as open and may touch the new one."""
    errors = placement_place_errors(client=client, location=location, start=start, fields=fields)
    others = Placement.objects.filter(client=client)
    if ending is not None:
        others = others.exclude(pk=ending.pk)
    open_placement = others.filter(end__isnull=True).select_related("location").first()
    if open_placement is not None:
        _add(
            errors,
            fields.client,
            _(
                "The client already has an open placement at %(location)s since %(start)s; "
                "end it or move the client."
            )
            % {"location": open_placement.location.name, "start": day_label(open_placement.start)},
        )
    if open_placement is None and fields.start not in errors:
        later = others.filter(end__gt=start).order_by("-end").first()
        if later is not None:
            _add(
                errors,
                fields.start,
                _(
                    "The client's placement from %(start)s lasts up to and including %(last)s; "
                    "a new one can start on %(end)s at the earliest."
                )
                % {
                    "start": day_label(later.start),
                    "last": day_label(inclusive_last_day(later.end)),
                    "end": day_label(later.end),
                },
            )
    return errors


def _check_capacity(
    *,
    actor: Actor,
    location: Location,
    start: date,
    override_reason: str,
    ending: Placement | None,
    fields: _Fields,
) -> tuple[dict[str, list[str]], bool]:
    """Whether one more client fits on `start`; the location row must be locked by the caller.

    Returns the errors and whether the capacity is overridden (by a coordinator, with reason).
    """
    capacity = location_capacity_on(location, start)
    places = capacity.total_places if capacity is not None else 0
    occupied = occupancy_on(day=start, location_ids=[location.pk]).get(location.pk, 0)
    if ending is not None and ending.location_id == location.pk and ending.end is None:
        # A move within the location: the client's own place is freed on the same day.
        occupied -= 1
    return capacity_errors(
        actor=actor,
        location=location,
        start=start,
        places=places,
        occupied=occupied,
        override_reason=override_reason,
        fields=fields,
    )


def capacity_errors(
    *,
    actor: Actor,
    location: Location,
    start: date,
    places: int,
    occupied: int,
    override_reason: str,
    fields: _Fields = _DEFAULT_FIELDS,
) -> tuple[dict[str, list[str]], bool]:
    """Whether one more client fits when `occupied` of `places` are taken on `start`.

    Returns the errors and whether the capacity is overridden: only a municipal coordinator
    may place above capacity, and only with a reason. Pure: the caller counts (under a lock
    on the location).
    """
    if occupied < places:
        return {}, False
    if override_reason and is_coordinator(actor):
        return {}, True
    errors: dict[str, list[str]] = {}
    message = _("%(name)s is full on %(day)s: %(occupied)s of %(places)s places are occupied.") % {
        "name": location.name,
        "day": day_label(start),
        "occupied": occupied,
        "places": places,
    }
    if is_coordinator(actor):
        message += " " + _("To place the client anyway, give a reason for placing above capacity.")
    _add(errors, fields.location, message)
    if override_reason:
        _add(
            errors,
            fields.override_reason,
            _("Only a municipal coordinator may place a client above capacity."),
        )
    return errors, False


def _build_placement(
    *,
    actor: Actor,
    client: Client,
    location: Location,
    start: date,
    room: str,
    bed: str,
    override_reason: str,
    ending: Placement | None,
    fields: _Fields,
) -> tuple[Placement, list[str]]:
    """Validate a new placement completely (locking the location) and return it unsaved,
    with the names of the fields that will be audited. Raises ValidationError."""
    override_reason = (override_reason or "").strip()
    # Lock the location so the count below stays true until this transaction ends.
    location = Location.objects.select_for_update().get(pk=location.pk)
    errors = _check_new_placement(
        client=client, location=location, start=start, ending=ending, fields=fields
    )
    overridden = False
    if not errors:
        errors, overridden = _check_capacity(
            actor=actor,
            location=location,
            start=start,
            override_reason=override_reason,
            ending=ending,
            fields=fields,
        )
    if errors:
        raise ValidationError(errors)
    placement = Placement(
        client=client,
        location=location,
        start=start,
        room=(room or "").strip(),
        bed=(bed or "").strip(),
    )
    if overridden:
        placement.capacity_override_reason = override_reason
        placement.capacity_overridden_by = actor.user
    audited = placement_audited_fields(overridden=overridden)
    _full_clean(placement, exclude_unique=ending is not None)
    return placement, audited


def placement_audited_fields(*, overridden: bool) -> list[str]:
    """The fields a new placement's audit event names (the override only when used)."""
    return [*PLACEMENT_FIELDS, *OVERRIDE_FIELDS] if overridden else list(PLACEMENT_FIELDS)


def _full_clean(placement: Placement, *, exclude_unique: bool = False) -> None:
    # Field lengths and the row's constraints; during a move the old placement is still open
    # in the database until it is saved, so the one-open-placement check is ours alone then.
    try:
        placement.full_clean(validate_constraints=not exclude_unique)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def placement_start(
    *,
    actor: Actor,
    client: Client,
    location: Location,
    start: date,
    room: str = "",
    bed: str = "",
    override_reason: str = "",
) -> Placement:
    """Place an admitted client at a location of their municipality from `start` (open-ended).

    Guarantees: the client has no other open placement (error on `client`); the location is
    open on `start` (error on `start`) and in the client's municipality (error on `location`);
    the location is not above capacity on `start` (error on `location` stating occupancy and
    capacity) unless a municipal coordinator gives `override_reason`, which is then stored with
    their user and audited as `capacity_override_reason`. Caseworkers cannot override (error on
    `override_reason`). PermissionDenied outside the actor's scope. Nothing is written on error.
    """
    client = lock_client_for_write(actor=actor, client=client)
    placement, audited = _build_placement(
        actor=actor,
        client=client,
        location=location,
        start=start,
        room=room,
        bed=bed,
        override_reason=override_reason,
        ending=None,
        fields=_Fields(),
    )
    placement.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=placement,
        changed_fields=audited,
        subject=client,
    )
    return placement


def _lock_open_placement(*, actor: Actor, placement: Placement) -> tuple[Client, Placement]:
    client = lock_client_for_write(actor=actor, client=placement.client)
    locked = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("location")
        .filter(pk=placement.pk, client=client)
        .first()
    )
    if locked is None:  # pragma: no cover - a placement always belongs to its client
        raise PermissionDenied(_("This placement is not in your scope."))
    return client, locked


def _check_end(*, placement: Placement, end: date, field: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if placement.end is not None:
        _add(
            errors,
            field,
            _("This placement already ended on %(day)s.")
            % {"day": day_label(inclusive_last_day(placement.end))},
        )
        return errors
    if end <= placement.start:
        _add(
            errors,
            field,
            _("The placement started on %(day)s; it can end the day after at the earliest.")
            % {"day": day_label(placement.start)},
        )
    location = placement.location
    if location.end is not None and end > location.end:
        _add(
            errors,
            field,
            _("The location closes after %(day)s; the placement must end by then.")
            % {"day": day_label(inclusive_last_day(location.end))},
        )
    return errors


@transaction.atomic
def placement_end(
    *,
    actor: Actor,
    placement: Placement,
    end: date,
    reason: str,
    expected_version: int | None = None,
) -> Placement:
    """End an open placement: `end` is the first day the client is no longer there.

    Guarantees: the placement was open and `end` lies after its start and not after the
    location closes (errors on `end`); `reason` is a PlacementEndReason other than `outflow`,
    which only `outflow_record` sets (error on `reason`). `expected_version` is the version
    the person saw: if the placement changed since, `EditConflict` at `version`. Nothing is
    written on error.
    """
    client, placement = _lock_open_placement(actor=actor, placement=placement)
    if expected_version is not None and placement.version != expected_version:
        raise EditConflict(conflict_message(placement))
    errors = _check_end(placement=placement, end=end, field="end")
    if reason not in PlacementEndReason.values:
        _add(errors, "reason", _("Choose a reason for ending the placement."))
    elif reason in RESERVED_END_REASONS:
        _add(
            errors,
            "reason",
            _("A client who leaves the LVV is recorded as an outflow, which ends the placement."),
        )
    if errors:
        raise ValidationError(errors)
    claim_version(placement, expected_version)
    placement.end = end
    placement.end_reason = reason
    placement.save(update_fields=["end", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        changed_fields=["end", "end_reason"],
        subject=client,
    )
    return placement


@transaction.atomic
def placement_move(
    *,
    actor: Actor,
    client: Client,
    to_location: Location,
    on: date,
    room: str = "",
    bed: str = "",
    override_reason: str = "",
    expected_placement: Placement | None = None,
    expected_version: int | None = None,
) -> Placement:
    """Move a client: the open placement ends on `on` (reason `moved`) and a new one starts at
    `to_location` on the same day, atomically. Returns the new placement.

    Guarantees: the client has an open placement (error on `client`) that started before `on`
    (error on `on`); the new placement obeys every rule of `placement_start`, with errors on
    `to_location` and `on`; a move to the same place (same location, room and bed) is refused
    (error on `to_location`). Either both writes happen or neither. `expected_placement` and
    `expected_version` are the open placement and its version the person saw: if another one
    is open now, or it changed since, `EditConflict` at `version`.
    """
    client = lock_client_for_write(actor=actor, client=client)
    fields = _Fields(location="to_location", start="on")
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("location")
        .filter(client=client, end__isnull=True)
        .first()
    )
    if expected_placement is not None and (current is None or current.pk != expected_placement.pk):
        raise EditConflict(conflict_message(expected_placement))
    if current is None:
        raise ValidationError(
            {"client": _("The client has no open placement to move from; start one instead.")}
        )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(conflict_message(current))
    errors = _check_end(placement=current, end=on, field="on")
    room, bed = (room or "").strip(), (bed or "").strip()
    if current.location_id == to_location.pk and (current.room, current.bed) == (room, bed):
        _add(errors, "to_location", _("The client is already placed there."))
    if errors:
        raise ValidationError(errors)
    new, audited = _build_placement(
        actor=actor,
        client=client,
        location=to_location,
        start=on,
        room=room,
        bed=bed,
        override_reason=override_reason,
        ending=current,
        fields=fields,
    )
    claim_version(current, expected_version)
    current.end = on
    current.end_reason = PlacementEndReason.MOVED
    current.save(update_fields=["end", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        changed_fields=["end", "end_reason"],
        subject=client,
    )
    new.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=new, changed_fields=audited, subject=client
    )
    return new
