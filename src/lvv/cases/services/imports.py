"""Registering a whole file of existing registrations: all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind
from lvv.network.models import Location, Municipality

from ..access import is_coordinator, is_operator
from ..imports import IMPORTABLE_STATUSES, ParsedFile, RowError
from ..models import Client, ClientStatus
from . import clients as client_services
from . import placements as placement_services
from . import workflow as workflow_services

IMPORT_OVERRIDE_REASON = "Import of existing registrations"

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

    Guarantees: each row goes through the same services as a registration at the desk
    (client_create, the workflow transitions from intake to the row's status, placement_start),
    so every rule and every audit event is the same; a row's problems are reported with its
    line and column; if any row has a problem — or `dry_run` is set — the whole transaction is
    rolled back and nothing is kept. Possible duplicates (same name, date of birth and
    nationality as an existing client or another row) are reported as warnings, not refused.
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


def _register_rows(actor, municipality, parsed, report, progress) -> None:
    partners = _partner_lookup(municipality)
    locations = {
        location.name.lower(): location
        for location in Location.objects.filter(municipality=municipality)
    }
    seen_people: dict[tuple, int] = {}
    # The rows whose form is already wrong: errors found below concern the row at hand only.
    wrong_lines = {error.row for error in parsed.errors}
    existing_people = _existing_people(parsed.rows, wrong_lines)
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
            with transaction.atomic():
                client = _register_row(actor, municipality, partner, location, row)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = _FIELD_TO_COLUMN.get(name, name)
                for message in messages:
                    report.errors.append(RowError(line, column, message))
            continue
        # Later rows see this client as an existing one, as they would in the database.
        existing_people.add(_person_key(client))
        report.imported += 1


def _register_row(actor, municipality, partner, location, row) -> Client:
    identity = {
        key: row[key]
        for key in ("given_names", "nationality", "v_number", "bsn", "phone", "email", "languages")
        if row.get(key)
    }
    for key in ("date_of_birth", "date_of_birth_precision", "sex"):
        if row.get(key):
            identity[key] = row[key]
    client = client_services.client_create(
        actor=actor,
        family_name=row["family_name"],
        municipality=municipality,
        partner=partner,
        on=row["registered_on"],
        **identity,
    )
    target = IMPORTABLE_STATUSES.index(row["status"])
    for status in IMPORTABLE_STATUSES[1 : target + 1]:
        client = workflow_services.client_transition(
            actor=actor, client=client, to_status=status, on=row["registered_on"]
        )
    if location is not None:
        placement_services.placement_start(
            actor=actor,
            client=client,
            location=location,
            start=row["placed_from"],
            override_reason=IMPORT_OVERRIDE_REASON if is_coordinator(actor) else "",
        )
    return client


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
