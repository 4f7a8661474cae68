"""Reads of clients and their files, always through the one gate (`Client.objects.visible_to`).

Scope and recording are kept apart: `clients_visible_to` and `client_get_visible` only scope
(for writes, whose services audit), while `clients_listed_by` and `client_file_for` also
record the reading in the audit trail (a list as `list` without an id, a file as `read` with
the client as data subject), so every page and endpoint that shows client data is audited by
the selector it calls, not by a view that might forget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import CHAIN_PARTNER_KINDS, OrganisationKind
from lvv.audit.models import AuditAction, AuditOutcome
from lvv.audit.services import audit_record
from lvv.core.periods import inclusive_last_day
from lvv.network.models import Location, Municipality

from ..access import (
    Section,
    client_sections_for,
    clients_scope_parts,
    is_coordinator,
    is_operator,
)
from ..models import (
    ALLOWED_TRANSITIONS,
    AdmissionCriterion,
    CaseDiscussion,
    Client,
    Consent,
    ExclusionGround,
    HouseholdLink,
    Intake,
    IntakeDecision,
    JournalEntry,
    Placement,
    StatusChange,
)
from ..validators import normalise_v_number
from .worklists import with_step_deadlines

CLIENT_OBJECT_TYPE = "cases.client"


# --- scope only -------------------------------------------------------------------------------


def clients_visible_to(actor: Actor) -> QuerySet[Client]:
    """The clients the actor may see (cases.access decides); nothing is recorded."""
    return Client.objects.visible_to(actor)


def client_get_visible(*, actor: Actor, uuid: UUID | str) -> Client:
    """One visible client by uuid, for a write whose service audits it.

    Raises Client.DoesNotExist for an unknown uuid *and* for a client outside the actor's
    scope, so callers answer 404 in both cases and never reveal that a file exists.
    """
    return clients_visible_to(actor).select_related("municipality", "partner").get(uuid=uuid)


def _current_location_name() -> Subquery:
    open_placement = Placement.objects.filter(client=OuterRef("pk"), end__isnull=True)
    return Subquery(open_placement.values("location__name")[:1], output_field=CharField())


def _current_location_uuid() -> Subquery:
    open_placement = Placement.objects.filter(client=OuterRef("pk"), end__isnull=True)
    return Subquery(open_placement.values("location__uuid")[:1])


def with_list_columns(queryset: QuerySet[Client], *, on: date | None = None) -> QuerySet[Client]:
    """What a list row shows, in the same query: municipality, partner, the current location
    and the deadline of the current step (`step_due_on`, `is_overdue`)."""
    return with_step_deadlines(
        queryset.select_related("municipality", "partner").annotate(
            current_location_name=_current_location_name(),
            current_location_uuid=_current_location_uuid(),
        ),
        on=on,
    )


# --- reads that are recorded ---------------------------------------------------------------------


def clients_listed_by(*, actor: Actor, on: date | None = None) -> QuerySet[Client]:
    """The clients the actor may see, with the list columns; the listing is recorded.

    Guarantees: never a row outside `Client.objects.visible_to(actor)` (merged-away records
    excluded); one `list` event (object type `cases.client`, no id) per call; a constant
    number of queries however many rows are read (everything a row shows is joined or
    annotated).
    """
    audit_record(actor=actor, action=AuditAction.LIST, object_type=CLIENT_OBJECT_TYPE)
    return with_list_columns(clients_visible_to(actor), on=on)


def client_file_for(*, actor: Actor, uuid: UUID | str) -> Client:
    """One client's file, read by the actor; the reading is recorded with the client as subject.

    Guarantees: a `read` event naming the client (subject = client) is written before the
    client is returned; an unknown or invisible uuid raises Client.DoesNotExist (answer 404)
    and records a failed read naming only the uuid asked for, so attempts show in the trail
    without revealing whose file it would have been.
    """
    client = with_list_columns(clients_visible_to(actor)).filter(uuid=uuid).first()
    if client is None:
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            object_type=CLIENT_OBJECT_TYPE,
            object_id=str(uuid),
            outcome=AuditOutcome.FAILURE,
        )
        raise Client.DoesNotExist(f"no client {uuid} visible to this actor")
    audit_record(actor=actor, action=AuditAction.READ, obj=client, subject=client)
    return client


# --- the sections of a file --------------------------------------------------------------------


@dataclass
class ClientFile:
    """What the file page shows: only the sections the actor may see are filled in."""

    client: Client
    sections: frozenset[str]
    data: dict[str, Any] = field(default_factory=dict)


def household_of(*, actor: Actor, client: Client) -> list[dict[str, Any]]:
    """The client's household links in both directions, only with relatives the actor sees."""
    visible = clients_visible_to(actor).values("pk")
    links = HouseholdLink.objects.select_related("client", "relative").filter(
        (Q(client=client) & Q(relative__in=visible)) | (Q(relative=client) & Q(client__in=visible))
    )
    rows = []
    for link in links:
        outgoing = link.client_id == client.pk
        rows.append(
            {
                "link": link,
                "other": link.relative if outgoing else link.client,
                # "client is the <relation> of relative": read from the other side it inverts.
                "relation": link.get_relation_display(),
                "this_client_is": outgoing,
            }
        )
    return rows


def consents_of(client: Client, *, on: date | None = None) -> QuerySet[Consent]:
    on = on or timezone.localdate()
    in_force = Consent.objects.in_force_on(on).filter(pk=OuterRef("pk"))
    return (
        client.consents.select_related("recipient")
        .annotate(is_in_force=Exists(in_force))
        .order_by("-given_on", "-created_at")
    )


def journal_of(client: Client) -> QuerySet[JournalEntry]:
    """Every entry, newest first, each with the entry it corrects and the one correcting it."""
    return client.journal.select_related(
        "author", "author_organisation", "corrects", "corrected_by"
    ).order_by("-occurred_on", "-created_at")


def intakes_of(client: Client) -> QuerySet[Intake]:
    return client.intakes.select_related("decided_by", "municipality").prefetch_related(
        "answers__criterion", "exclusions__ground"
    )


def client_file_sections(*, actor: Actor, client: Client) -> ClientFile:
    """Everything the file page shows, section by section, for the sections the actor may see
    (`cases.access.client_sections_for`): a chain partner's file has no journal, contact
    details, BSN, vulnerabilities, household, consent, intake or access log at all.

    The client must come from `client_file_for` (which recorded the reading).
    """
    sections = client_sections_for(actor)
    result = ClientFile(client=client, sections=sections)
    data = result.data
    if Section.STATUS in sections:
        data["status_changes"] = list(
            StatusChange.objects.filter(client=client)
            .select_related("changed_by")
            .order_by("-changed_on", "-id")
        )
        data["transfers"] = list(
            client.transfers.select_related(
                "from_municipality", "to_municipality", "from_partner", "to_partner"
            )
        )
        data["next_statuses"] = sorted(ALLOWED_TRANSITIONS.get(client.status, ()))
    if Section.HOUSEHOLD in sections:
        data["household"] = household_of(actor=actor, client=client)
    if Section.JOURNAL in sections:
        data["journal"] = list(journal_of(client))
    if Section.CONSENT in sections:
        data["consents"] = list(consents_of(client))
    if Section.INTAKE in sections:
        data["intakes"] = list(intakes_of(client))
    if Section.PLACEMENTS in sections:
        data["placements"] = list(
            client.placements.select_related("location", "location__municipality").order_by(
                "-start"
            )
        )
    if Section.TRAJECTORY in sections:
        data["scenarios"] = list(client.scenarios.select_related("meeting"))
        data["current_scenario"] = data["scenarios"][0] if data["scenarios"] else None
        data["trajectories"] = list(client.trajectories.all())
        for trajectory in data["trajectories"]:
            trajectory.last_day = inclusive_last_day(trajectory.end)
        data["actions"] = list(client.actions.select_related("owner").order_by("due_on"))
        data["procedures"] = list(client.procedures.all())
        data["escalations"] = list(client.escalations.all())
    if Section.MEETINGS in sections:
        data["discussions"] = list(
            CaseDiscussion.objects.filter(client=client)
            .select_related("meeting", "meeting__municipality")
            .prefetch_related("decisions")
            .order_by("-meeting__held_on")
        )
    if Section.OUTFLOW in sections:
        data["outflows"] = list(client.outflows.select_related("reason", "municipality"))
    if Section.ACCESS_LOG in sections:
        from .access_log import access_log_events

        data["access_log"] = list(access_log_events(client)[:20])
    return result


# --- choices for forms -----------------------------------------------------------------------


def municipalities_for_new_clients(actor: Actor) -> QuerySet[Municipality]:
    """Where the actor may register a client: a coordinator their own municipality, a
    caseworker the municipalities where their organisation runs a location (or is based),
    operators anywhere; nobody else anywhere."""
    organisation = actor.organisation
    if is_operator(actor):
        return Municipality.objects.all()
    if organisation is None:
        return Municipality.objects.none()
    if is_coordinator(actor):
        return Municipality.objects.filter(pk=organisation.municipality_id)
    if organisation.kind == OrganisationKind.PARTNER_NGO:
        runs_location = Location.objects.filter(municipality=OuterRef("pk"), operator=organisation)
        return Municipality.objects.filter(
            Q(Exists(runs_location)) | Q(pk=organisation.municipality_id)
        )
    return Municipality.objects.none()


def partner_organisations() -> QuerySet[Organisation]:
    """The active partner NGOs a file can be kept by (registration, transfer)."""
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER_NGO, is_active=True).order_by(
        "name"
    )


def chain_partner_organisations() -> QuerySet[Organisation]:
    """The organisations data may be shared with by consent (IND, DT&V, AVIM, IOM)."""
    return Organisation.objects.filter(kind__in=CHAIN_PARTNER_KINDS, is_active=True).order_by(
        "name"
    )


def locations_for_filter(actor: Actor) -> QuerySet[Location]:
    """Locations to filter a client list on: the caseworker's own, the coordinator's
    municipality's, every location for others who see clients."""
    organisation = actor.organisation
    locations = Location.objects.select_related("municipality").order_by("name")
    if is_operator(actor) or organisation is None:
        return locations if is_operator(actor) else locations.none()
    if is_coordinator(actor):
        return locations.filter(municipality_id=organisation.municipality_id)
    if organisation.kind == OrganisationKind.PARTNER_NGO:
        return locations.filter(operator=organisation)
    return locations


def municipalities_of_visible_clients(actor: Actor) -> QuerySet[Municipality]:
    """The municipalities that hold a client the actor may see (the client list's filter).

    One subquery per part of the scope (`clients_scope_parts`), each over its own index: the
    OR is then over a few municipalities instead of every client."""
    parts = clients_scope_parts(Client.objects.all(), actor)
    if not parts:
        return Municipality.objects.none()
    holds = reduce(or_, (Q(pk__in=part.values("municipality_id")) for part in parts))
    return Municipality.objects.filter(holds).order_by("name")


def criteria_for(municipality: Municipality) -> QuerySet[AdmissionCriterion]:
    """The admission criteria an intake in `municipality` answers: the active national ones
    plus the municipality's own (reference data, not code)."""
    return AdmissionCriterion.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality), is_active=True
    ).order_by("order", "code")


def exclusion_grounds_for(municipality: Municipality) -> QuerySet[ExclusionGround]:
    """The exclusion grounds that can be found at an intake in `municipality`."""
    return ExclusionGround.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality), is_active=True
    ).order_by("code")


def open_intake_of(client: Client) -> Intake | None:
    """The intake still waiting for a decision (pending, or referred to the driehoeksoverleg)."""
    return (
        client.intakes.filter(decision__in=[IntakeDecision.PENDING, IntakeDecision.REFERRED])
        .order_by("-intake_on", "-created_at")
        .first()
    )


# --- duplicates ------------------------------------------------------------------------------


@dataclass
class DuplicateCandidates:
    """Records that may be the same person. `v_number_elsewhere`: the V-number is already
    registered for a client outside the actor's scope (no details: registering would be
    refused anyway, and the coordinator of that municipality can act on it)."""

    clients: list[Client]
    v_number_elsewhere: bool = False
    searched: bool = False


def duplicate_candidates(
    *,
    actor: Actor,
    v_number: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    nationality: str = "",
    exclude: Client | None = None,
) -> DuplicateCandidates:
    """Possible duplicates of a person about to be registered (or of `exclude`, to merge).

    Matches on the normalised V-number; and on family name (any case) + date of birth +
    nationality where one of the two has no V-number (two different V-numbers are two
    people). Only records the actor may see are returned, with the list columns; a search
    is recorded as a `list` of clients. Nothing to search on: no candidates, nothing recorded.
    """
    v_number = normalise_v_number(v_number or "")
    family_name = (family_name or "").strip()
    nationality = (str(nationality or "")).strip().upper()
    conditions = Q()
    if v_number:
        conditions |= Q(v_number=v_number)
    if family_name and date_of_birth and nationality:
        by_name = Q(
            family_name__iexact=family_name,
            date_of_birth=date_of_birth,
            nationality=nationality,
        )
        if v_number:
            by_name &= Q(v_number="")
        conditions |= by_name
    if not conditions:
        return DuplicateCandidates(clients=[])
    audit_record(actor=actor, action=AuditAction.LIST, object_type=CLIENT_OBJECT_TYPE)
    found = with_list_columns(clients_visible_to(actor).filter(conditions))
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    clients = list(found.order_by("family_name", "given_names")[:20])
    elsewhere = False
    if v_number and not any(c.v_number == v_number for c in clients):
        others = Client.objects.active().filter(v_number=v_number)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        elsewhere = others.exists()
    return DuplicateCandidates(clients=clients, v_number_elsewhere=elsewhere, searched=True)
