"""Registering a whole file of existing registrations: all rows or none."""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_bulk_append, audit_event, audit_events_insert
from lvv.core.bulk import insert_rows
from lvv.network.models import Location, Municipality
from lvv.network.selectors import capacity_totals_on

from ..access import is_coordinator, is_operator
from ..imports import IMPORTABLE_STATUSES, ParsedFile, RowError
from ..models import Client, ClientStatus, Placement, StatusChange
from ..selectors.occupancy import occupancy_on
from . import clients as client_services
from . import placements as placement_services
from . import workflow as workflow_services

IMPORT_OVERRIDE_REASON = "Import of existing registrations"
_BATCH = 1000  # rows per INSERT

# Which column of the file a service's field error belongs to.
_FIELD_TO_COLUMN = {
    "on": "registered_on",
    "start": "placed_from",
    "client": "status",
    "override_reason": "location",
    "to_status": "status",
    "__all__": "family_name",
}


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    """Raised inside the transaction so that nothing of a file with any error is kept."""

    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


def _partner_lookup(municipality: Municipality) -> dict[str, Organisation]:
    partners = Organisation.objects.filter(kind=OrganisationKind.PARTNER_NGO, is_active=True)
    lookup: dict[str, Organisation] = {}
    for partner in partners:
        lookup[partner.name.lower()] = partner
        if partner.short_name:
            lookup.setdefault(partner.short_name.lower(), partner)
    return lookup


def clients_import(
    *,
    actor: Actor,
    municipality: Municipality,
    parsed: ParsedFile,
    dry_run: bool = False,
    progress=None,
) -> ImportReport:
    """Register every row of a parsed file in `municipality`, or none of them.

    Guarantees: each row is held to the same rules as a registration at the desk, through the
    services' own rule functions (registration, the workflow transitions from intake to the
    row's status, the placement with capacity), and writes the same rows and the same audit
    events; a row's problems are reported with its line and column; if any row has a problem
    — or `dry_run` is set — the whole transaction is rolled back and nothing is kept. The
    rows are checked first and written in bulk (see `_register_rows`), so the number of
    queries does not grow with the number of rows. Possible duplicates (same name, date of
    birth and nationality as an existing client or another row) are reported as warnings,
    not refused.
    Coordinators import for their own municipality only; the command line may import anywhere.
    """
    if not (is_operator(actor) or is_coordinator(actor)):
        raise PermissionDenied(_("Only municipal coordinators may import registrations."))
    if is_coordinator(actor) and actor.organisation.municipality_id != municipality.pk:
        raise PermissionDenied(_("You can only import into your own municipality."))
    report = ImportReport(errors=list(parsed.errors))
    try:
        with transaction.atomic():
            _register_rows(actor, municipality, parsed, report, progress)
            if report.errors or dry_run:
                raise ImportRefused(report)
    except ImportRefused:
        if not dry_run:
            report.imported = 0
    report.errors.sort(key=lambda error: (error.row, error.column))
    return report


@dataclass
class _Planned:
    """One row of the file that passed its own checks: what it will write."""

    line: int
    client: Client
    audited: list[str]  # the fields its registration audits
    steps: list[tuple[str, str]]  # status changes after intake, all on the registration day
    location: Location | None = None
    start: date | None = None
    overridden: bool = False


def _register_rows(actor, municipality, parsed, report, progress) -> None:
    """Check every row of the file, then write the rows, all at once.

    1. Each row on its own, through the rule functions of the services a person at the desk
       goes through: `client_prepare` and `client_check_fields` (registration),
       `transition_errors` (each step from intake to the row's status, all on the
       registration day), `placement_place_errors` (admitted, the location in the
       municipality and open). No query per row.
    2. The whole file: identifiers already taken (`identifier_conflicts`, also between rows)
       and capacity per location and start day, counting the file's own earlier placements,
       under a lock on the locations (`capacity_errors`). Queries per 500 identifiers and
       per distinct start day, not per row.
    3. Only if no row has an error: the clients, their status changes and placements in bulk,
       and their audit events (`audit_event`, as each service records them) appended to the
       chain in one go (`audit_bulk_append`).

    A new client has no earlier placements, so the placement rules about a client's other
    placements (one open placement, no overlap) hold by construction.
    """
    partners = _partner_lookup(municipality)
    locations = {
        location.name.lower(): location
        for location in Location.objects.filter(municipality=municipality)
    }
    seen_people: dict[tuple, int] = {}
    # The rows whose form is already wrong: errors found below concern the row at hand only.
    wrong_lines = {error.row for error in parsed.errors}
    existing_people = _existing_people(parsed.rows, wrong_lines)
    plans: list[_Planned] = []
    for line, row in parsed.rows:
        if progress is not None:
            progress(1)
        if line in wrong_lines:
            continue  # its form is already wrong; the report says where
        partner = partners.get(row["partner"].lower())
        if partner is None:
            report.errors.append(
                RowError(line, "partner", _("No partner organisation with this name."))
            )
            continue
        location = None
        if row["location"]:
            location = locations.get(row["location"].lower())
            if location is None:
                report.errors.append(
                    RowError(line, "location", _("No location with this name in the municipality."))
                )
                continue
        _warn_possible_duplicate(line, row, existing_people, seen_people, report)
        try:
            plan = _plan_row(actor, municipality, partner, location, row, line)
        except ValidationError as error:
            _report_errors(report, line, error)
            continue
        # Later rows see this client as an existing one, as they would in the database.
        existing_people.add(_person_key(plan.client))
        plans.append(plan)
    plans = _without_taken_identifiers(plans, report)
    plans = _within_capacity(actor, plans, report)
    if report.errors:
        return
    try:
        with transaction.atomic():
            _write(actor, plans)
    except IntegrityError:
        # Someone registered one of these V-numbers or BSNs between the check and the write.
        report.errors.append(
            RowError(
                1,
                "v_number",
                _(
                    "A V-number or BSN of this file was registered by someone else during the "
                    "import; import the file again to see which."
                ),
            )
        )
        return
    report.imported = len(plans)


def _report_errors(report: ImportReport, line: int, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        column = _FIELD_TO_COLUMN.get(name, name)
        for message in messages:
            report.errors.append(RowError(line, column, message))


def _plan_row(actor, municipality, partner, location, row, line) -> _Planned:
    identity = {
        key: row[key]
        for key in ("given_names", "nationality", "v_number", "bsn", "phone", "email", "languages")
        if row.get(key)
    }
    for key in ("date_of_birth", "date_of_birth_precision", "sex"):
        if row.get(key):
            identity[key] = row[key]
    municipality, partner = client_services.resolve_municipality_and_partner(
        actor, municipality, partner
    )
    on = row["registered_on"]
    client, audited = client_services.client_prepare(
        municipality=municipality,
        partner=partner,
        on=on,
        family_name=row["family_name"],
        **identity,
    )
    client_services.client_check_fields(client)
    plan = _Planned(line=line, client=client, audited=audited, steps=[])
    target = IMPORTABLE_STATUSES.index(row["status"])
    for status in IMPORTABLE_STATUSES[1 : target + 1]:
        errors = workflow_services.transition_errors(
            current=client.status, since=client.status_since, to_status=status, on=on
        )
        if errors:
            raise ValidationError(errors)
        plan.steps.append((client.status, status))
        client.status, client.status_since = status, on
    if location is not None:
        start = row["placed_from"]
        errors = placement_services.placement_place_errors(
            client=client, location=location, start=start
        )
        if errors:
            raise ValidationError(errors)
        plan.location, plan.start = location, start
    return plan


def _without_taken_identifiers(plans: list[_Planned], report: ImportReport) -> list[_Planned]:
    conflicts = client_services.identifier_conflicts([plan.client for plan in plans])
    kept = []
    for plan, errors in zip(plans, conflicts, strict=True):
        if errors:
            _report_errors(report, plan.line, ValidationError(errors))
        else:
            kept.append(plan)
    return kept


def _within_capacity(actor, plans: list[_Planned], report: ImportReport) -> list[_Planned]:
    """The rows whose placement fits, in file order: a row counts the clients placed at its
    location on its start day, the file's earlier rows included (as one by one)."""
    placed = [plan for plan in plans if plan.location is not None]
    if not placed:
        return plans
    ids = sorted({plan.location.pk for plan in placed})
    # Lock the locations so the counts stay true until the import commits.
    list(Location.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    places: dict[tuple[int, date], int] = {}
    occupied: dict[tuple[int, date], int] = {}
    for day in sorted({plan.start for plan in placed}):
        totals = capacity_totals_on(day, Location.objects.filter(pk__in=ids))
        for pk, total in totals.values_list("pk", "total_places_on"):
            places[pk, day] = total
        counts = occupancy_on(day=day, location_ids=ids)
        for pk in ids:
            occupied[pk, day] = counts.get(pk, 0)
    override_reason = IMPORT_OVERRIDE_REASON if is_coordinator(actor) else ""
    starts: dict[int, list[date]] = {pk: [] for pk in ids}  # the file's placements so far
    kept = []
    for plan in plans:
        if plan.location is None:
            kept.append(plan)
            continue
        key = (plan.location.pk, plan.start)
        earlier = bisect_right(starts[plan.location.pk], plan.start)
        errors, plan.overridden = placement_services.capacity_errors(
            actor=actor,
            location=plan.location,
            start=plan.start,
            places=places[key],
            occupied=occupied[key] + earlier,
            override_reason=override_reason,
        )
        if errors:
            _report_errors(report, plan.line, ValidationError(errors))
            continue
        insort(starts[plan.location.pk], plan.start)
        kept.append(plan)
    return kept


def _write(actor, plans: list[_Planned]) -> None:
    user = actor.user
    clients = [plan.client for plan in plans]
    for client in clients:
        client.derive_pseudonym()  # bulk_create does not call save()
    Client.objects.bulk_create(clients, batch_size=_BATCH)
    insert_rows(
        StatusChange,
        [
            StatusChange(
                client=plan.client,
                from_status=before,
                to_status=after,
                changed_on=plan.client.status_since,
                changed_by=user,
            )
            for plan in plans
            for before, after in plan.steps
        ],
    )
    placements = {plan.line: _placement(actor, plan) for plan in plans if plan.location is not None}
    insert_rows(Placement, list(placements.values()))
    events = []
    for plan in plans:
        client = plan.client
        events.append(
            audit_event(
                actor=actor,
                action=AuditAction.CREATE,
                obj=client,
                changed_fields=plan.audited,
                subject=client,
            )
        )
        events.extend(
            audit_event(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=client,
                changed_fields=["status", "status_since"],
                subject=client,
            )
            for _step in plan.steps
        )
        if plan.line in placements:
            placement = placements[plan.line]
            events.append(
                audit_event(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=placement,
                    changed_fields=placement_services.placement_audited_fields(
                        overridden=plan.overridden
                    ),
                    subject=client,
                )
            )
    audit_bulk_append(events, write=audit_events_insert)


def _placement(actor, plan: _Planned) -> Placement:
    placement = Placement(client=plan.client, location=plan.location, start=plan.start)
    if plan.overridden:
        placement.capacity_override_reason = IMPORT_OVERRIDE_REASON
        placement.capacity_overridden_by = actor.user
    return placement


def _duplicate_key(row) -> tuple | None:
    if row.get("v_number") or not row.get("date_of_birth"):
        return None  # V-numbers are checked as unique by the service itself
    return (row["family_name"].lower(), row["date_of_birth"], row.get("nationality", ""))


def _person_key(client: Client) -> tuple:
    return (
        client.family_name.lower(),
        client.date_of_birth,
        getattr(client.nationality, "code", None) or "",
    )


def _existing_people(rows, wrong_lines) -> set[tuple]:
    """The keys of active clients that share a name, birth date and nationality with a row.

    One query per chunk of birth dates instead of one per row; names are compared in lower
    case, as `family_name__iexact` did per row.
    """
    keys = {
        key
        for line, row in rows
        if line not in wrong_lines and (key := _duplicate_key(row)) is not None
    }
    if not keys:
        return set()
    dates = sorted({key[1] for key in keys})
    found: set[tuple] = set()
    for start in range(0, len(dates), 500):
        candidates = Client.objects.active().filter(date_of_birth__in=dates[start : start + 500])
        for client in candidates.only("family_name", "date_of_birth", "nationality"):
            key = _person_key(client)
            if key in keys:
                found.add(key)
    return found


def _warn_possible_duplicate(line, row, existing_people, seen_people, report) -> None:
    key = _duplicate_key(row)
    if key is None:
        return
    if key in seen_people:
        report.warnings.append(
            RowError(
                line,
                "family_name",
                _("Possibly the same person as on line %(line)s.") % {"line": seen_people[key]},
            )
        )
        return
    seen_people[key] = line
    if key in existing_people:
        report.warnings.append(
            RowError(line, "family_name", _("A client with this name and date of birth exists."))
        )


__all__ = ["ClientStatus", "ImportRefused", "ImportReport", "clients_import"]
