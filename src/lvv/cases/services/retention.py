"""Anonymising client files after their retention period (AVG art. 5(1)(e)).

What goes: every value that says who the person is or what was written about them — names,
V-number, BSN, telephone, e-mail, nationality, languages, vulnerabilities, the exact date of
birth (generalised to the year), household links, journal texts, consent document references,
and every free text about the client (intake reasons and notes, rooms and beds, capacity
override reasons, scenario notes, action descriptions, procedure outcomes, escalation reasons
and outcomes, case-meeting summaries and decisions, outflow notes, transfer reasons). Consents
still in force end on the day of anonymisation, so no chain partner keeps seeing the file.

What stays, so the monitor's figures stay the same: the file itself (uuid, municipality,
partner, status and its history), `sex` and the year of birth (the pseudonymised record
export), the national `pseudonym`, placements with locations, dates and end reasons, intake
dates and decisions, scenario kinds and dates, trajectories, action and procedure dates and
states, case-discussion existence, escalation levels and dates, outflow dates and reasons,
transfers. The audit trail already holds ids and field names only and is not touched.

One transaction per file; one audit event per file (field names only). An anonymised file is
read-only: every write service refuses it (`lock_client_for_write`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import is_operator
from ..models import (
    Action,
    CaseDiscussion,
    Client,
    Consent,
    DatePrecision,
    Escalation,
    GuidanceScenario,
    HouseholdLink,
    Intake,
    IntakeAnswer,
    IntakeExclusion,
    JournalEntry,
    MeetingDecision,
    Outflow,
    Placement,
    Procedure,
    Transfer,
)
from ..selectors.retention import clients_due_for_retention, retention_cutoff

# The client's own fields and the value each gets. Names are kept out: `full_name` reads
# "Anonymised file" once `anonymised_on` is set.
CLIENT_VALUES: dict[str, object] = {
    "family_name": "",
    "given_names": "",
    "nationality": "",
    "languages": [],
    "v_number": "",
    "bsn": "",
    "phone": "",
    "email": "",
    "vulnerabilities": [],
}

# Free text in the rows of a file: (model, path from the row to the client, fields emptied).
FREE_TEXT: tuple[tuple[type, str, tuple[str, ...]], ...] = (
    (JournalEntry, "client", ("text",)),
    (Consent, "client", ("document_reference",)),
    (Intake, "client", ("decision_reason",)),
    (IntakeAnswer, "intake__client", ("note",)),
    (IntakeExclusion, "intake__client", ("note",)),
    (Placement, "client", ("room", "bed", "capacity_override_reason")),
    (GuidanceScenario, "client", ("note",)),
    (Action, "client", ("description",)),
    (Procedure, "client", ("outcome",)),
    (Escalation, "client", ("reason", "outcome")),
    (CaseDiscussion, "client", ("summary",)),
    (MeetingDecision, "discussion__client", ("text",)),
    (Outflow, "client", ("note",)),
    (Transfer, "client", ("reason",)),
)


def _require_operator(actor: Actor) -> None:
    if not is_operator(actor):
        raise PermissionDenied(_("Only the retention command anonymises client files."))


def _year_only(day: date | None, precision: str) -> tuple[date | None, str]:
    if day is None:
        return None, DatePrecision.UNKNOWN
    return day.replace(month=1, day=1), DatePrecision.YEAR


def _anonymise_client_row(client: Client, on: date) -> None:
    born, precision = _year_only(client.date_of_birth, client.date_of_birth_precision)
    # An UPDATE, not save(): save() would recompute the pseudonym from the emptied V-number.
    Client.objects.filter(pk=client.pk).update(
        **CLIENT_VALUES,
        date_of_birth=born,
        date_of_birth_precision=precision,
        anonymised_on=on,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


@transaction.atomic
def client_anonymise(*, actor: Actor, client: Client, on: date | None = None) -> list[str]:
    """Anonymise one file (and the records merged into it) in one transaction; returns the
    names of what was emptied, as audited.

    Guarantees: operators only (PermissionDenied); the client row is locked; a file already
    anonymised is left alone (returns []); the pseudonym, sex, year of birth and every date,
    location, reason and kind the monitor counts are kept; one audit event with the client as
    subject and field names only.
    """
    _require_operator(actor)
    on = on or timezone.localdate()
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.anonymised_on is not None:
        return []
    merged = list(Client.objects.select_for_update().filter(merged_into=client))
    people = [client, *merged]
    ids = [person.pk for person in people]
    for person in people:
        _anonymise_client_row(person, on)
    emptied = ["anonymised_on", "date_of_birth", "date_of_birth_precision", *CLIENT_VALUES]

    links = HouseholdLink.objects.filter(Q(client_id__in=ids) | Q(relative_id__in=ids))
    if links.exists():
        links.delete()
        emptied.append("household")
    in_force = Consent.objects.filter(client_id__in=ids, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    if in_force.update(withdrawn_on=on):
        emptied.append("consent.withdrawn_on")
    for model, path, fields in FREE_TEXT:
        rows = model.objects.filter(**{f"{path}_id__in": ids})
        if rows.update(**dict.fromkeys(fields, "")):
            label = model._meta.model_name
            emptied.extend(f"{label}.{name}" for name in fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=client,
        subject=client,
        changed_fields=emptied,
    )
    return emptied


@dataclass
class RetentionRun:
    """What a run found (and, unless a dry run, anonymised)."""

    on: date
    cutoff: date
    years: int
    dry_run: bool
    due: list[UUID] = field(default_factory=list)
    anonymised: list[UUID] = field(default_factory=list)


def retention_apply(
    *,
    actor: Actor,
    on: date | None = None,
    years: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RetentionRun:
    """Anonymise every file due on `on` (default today), one transaction per file, so a
    failure halfway leaves the files done so far done and the rest untouched (a rerun picks
    them up). `dry_run` only lists the files (uuids), writing nothing."""
    _require_operator(actor)
    on = on or timezone.localdate()
    years = settings.RETENTION_YEARS_AFTER_OUTFLOW if years is None else years
    due = list(clients_due_for_retention(on=on, years=years))
    run = RetentionRun(
        on=on,
        cutoff=retention_cutoff(on, years),
        years=years,
        dry_run=dry_run,
        due=[client.uuid for client in due],
    )
    if dry_run:
        return run
    for client in due:
        if client_anonymise(actor=actor, client=client, on=on):
            run.anonymised.append(client.uuid)
        if progress:
            progress(1)
    return run
