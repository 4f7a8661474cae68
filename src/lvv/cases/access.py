"""Need-to-know, in one place: which clients an actor may see, and which parts of a file.

Every selector of client data starts from `Client.objects.visible_to(actor)` (which calls
`clients_scope`; `clients_scope_parts` gives the same scope as a union, for set reads) and
every page and endpoint shows only the sections `client_sections_for` allows. Nothing else
in the code decides who sees a client.

- caseworker: clients whose partner organisation is theirs, or who are placed at a location
  their organisation runs;
- municipal coordinator: clients of their municipality's LVV;
- chain partner (IND, DT&V, AVIM, IOM): only clients whose consent to share with that
  organisation is in force today, and only the sections a case meeting needs;
- programme manager, analyst, auditor, functional admin: no client data (aggregates elsewhere);
- superuser and the command line (operators): everything, audited like anyone else.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.roles import Capability, OrganisationKind


class Section:
    IDENTITY = "identity"  # names, date of birth, sex, nationality, languages, V-number
    STATUS = "status"
    CONTACT = "contact"  # telephone, e-mail
    BSN = "bsn"
    VULNERABILITIES = "vulnerabilities"
    HOUSEHOLD = "household"
    JOURNAL = "journal"
    CONSENT = "consent"
    INTAKE = "intake"
    PLACEMENTS = "placements"
    TRAJECTORY = "trajectory"  # scenario, actions, procedures, escalations
    MEETINGS = "meetings"
    OUTFLOW = "outflow"
    ACCESS_LOG = "access_log"


ALL_SECTIONS = frozenset(value for name, value in vars(Section).items() if not name.startswith("_"))

# What a chain partner needs in a case meeting: who, where, the plan, the actions, the outcome.
CHAIN_PARTNER_SECTIONS = frozenset(
    {
        Section.IDENTITY,
        Section.STATUS,
        Section.PLACEMENTS,
        Section.TRAJECTORY,
        Section.MEETINGS,
        Section.OUTFLOW,
    }
)


def is_operator(actor: Actor) -> bool:
    """Superusers and commands run on the server see every file (and are audited)."""
    if actor.is_superuser:
        return True
    return actor.membership is None and actor.channel in {Channel.COMMAND, Channel.SYSTEM}


def clients_scope(queryset: QuerySet, actor: Actor) -> QuerySet:
    """Narrow a Client queryset to what `actor` may see (merged-away records never show)."""
    queryset = queryset.filter(merged_into__isnull=True)
    parts = _scope_parts(actor)
    if parts is None:
        return queryset
    if not parts:
        return queryset.none()
    return queryset.filter(reduce(or_, parts))


def clients_scope_parts(queryset: QuerySet, actor: Actor) -> list[QuerySet]:
    """The same scope as `clients_scope`, as querysets whose union it is (one per reason to
    see a client; none if the actor may see none).

    For reads that need the set rather than an ordered page (which municipalities hold any
    visible client): each part can use its own index, where the single `OR` of the scope
    makes the database test every client (a caseworker at 100,000 clients: 31 ms, #7).
    """
    queryset = queryset.filter(merged_into__isnull=True)
    parts = _scope_parts(actor)
    if parts is None:
        return [queryset]
    return [queryset.filter(part) for part in parts]


def _scope_parts(actor: Actor) -> list[Q] | None:
    """Who may see which clients, as conditions whose OR is the scope: None for everything
    (operators), an empty list for nothing."""
    from .models import Consent, ConsentPurpose, Placement

    if is_operator(actor):
        return None
    organisation = actor.organisation
    if organisation is None:
        return []
    if actor.can(Capability.VIEW_CLIENT_FILES):
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return [Q(municipality_id=organisation.municipality_id)]
        if organisation.kind == OrganisationKind.PARTNER_NGO:
            # An uncorrelated IN (a hashed set, computed once) rather than EXISTS per client row:
            # the caseworker's list then walks the name index like everyone else's (#7).
            placed_here = Placement.objects.filter(
                end__isnull=True, location__operator=organisation
            ).values("client_id")
            return [Q(partner=organisation), Q(pk__in=placed_here)]
        return []
    if actor.can(Capability.VIEW_SHARED_CLIENT_DATA):
        shared = Consent.objects.in_force_on(timezone.localdate()).filter(
            client=OuterRef("pk"),
            purpose=ConsentPurpose.SHARE_WITH_CHAIN_PARTNER,
            recipient=organisation,
        )
        return [Q(Exists(shared))]
    return []


def client_sections_for(actor: Actor) -> frozenset[str]:
    """The parts of a client file the actor may see (given they may see the client at all)."""
    if is_operator(actor) or actor.can(Capability.VIEW_CLIENT_FILES):
        return ALL_SECTIONS
    if actor.can(Capability.VIEW_SHARED_CLIENT_DATA):
        return CHAIN_PARTNER_SECTIONS
    return frozenset()


def may_write_client_files(actor: Actor) -> bool:
    """Caseworkers and coordinators keep files; chain partners only read what is shared."""
    return is_operator(actor) or actor.can(Capability.VIEW_CLIENT_FILES)


def is_coordinator(actor: Actor) -> bool:
    organisation = actor.organisation
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.MUNICIPALITY
        and actor.can(Capability.VIEW_CLIENT_FILES)
    )
