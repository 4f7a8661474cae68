"""Reads of the local case meetings (LSO): which meetings an actor may see, and which of the
clients discussed in them.

A meeting is visible to:
- a municipal coordinator: every meeting of their municipality;
- a caseworker: meetings their organisation attended, and meetings that discussed a client
  they may see (so the decisions about their own clients are never hidden from them);
- a chain partner: meetings their organisation attended;
- operators: all. Everyone else: none.

Inside a visible meeting, the clients discussed are always narrowed by
`Client.objects.visible_to(actor)`: a chain partner sees only clients who consented to sharing
with it, a caseworker of one NGO not the clients of another. Reading a meeting is audited
(and, per client shown, with that client as the subject, for their access log).
"""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import Capability, OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.network.models import Municipality

from ..access import is_operator
from ..models import Action, CaseDiscussion, CaseMeeting, Client, MeetingDecision
from .trajectory import ACTION_OWNER_KINDS


def meetings_visible_to(actor: Actor) -> QuerySet[CaseMeeting]:
    """The meetings the actor may read (see the module docstring), with the municipality
    joined and the number of discussed clients the actor may see (`visible_clients`), all in
    one query (subqueries, no joins that could repeat rows)."""
    visible_clients = Client.objects.visible_to(actor).values("pk")
    discussed = CaseDiscussion.objects.filter(meeting=OuterRef("pk"), client__in=visible_clients)
    counted = discussed.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    meetings = CaseMeeting.objects.select_related("municipality").annotate(
        visible_clients=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )
    if is_operator(actor):
        return meetings
    organisation = actor.organisation
    if organisation is None:
        return meetings.none()
    attended = Exists(
        CaseMeeting.attendees.through.objects.filter(
            casemeeting_id=OuterRef("pk"), organisation_id=organisation.pk
        )
    )
    if actor.can(Capability.VIEW_CLIENT_FILES):
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return meetings.filter(municipality_id=organisation.municipality_id)
        return meetings.filter(attended | Exists(discussed))
    if actor.can(Capability.VIEW_SHARED_CLIENT_DATA):
        return meetings.filter(attended)
    return meetings.none()


def meeting_municipalities_for(actor: Actor) -> QuerySet[Municipality]:
    """Where the actor may hold (create) a meeting: a coordinator in their municipality, a
    caseworker where their organisation runs a location or is based; operators anywhere."""
    if is_operator(actor):
        return Municipality.objects.all()
    organisation = actor.organisation
    if organisation is None or not actor.can(Capability.VIEW_CLIENT_FILES):
        return Municipality.objects.none()
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return Municipality.objects.filter(pk=organisation.municipality_id)
    return Municipality.objects.filter(
        Q(locations__operator=organisation) | Q(pk=organisation.municipality_id)
    ).distinct()


def meeting_attendee_choices() -> QuerySet[Organisation]:
    """Organisations that can attend an LSO: municipalities, partners and chain partners."""
    return Organisation.objects.filter(is_active=True, kind__in=ACTION_OWNER_KINDS).order_by("name")


def discussions_visible_to(actor: Actor, meeting: CaseMeeting) -> QuerySet[CaseDiscussion]:
    """The clients discussed in `meeting` that the actor may see, with their decisions and the
    actions those decisions became (prefetched: a fixed number of queries per meeting)."""
    actions = Action.objects.select_related("owner").order_by("due_on", "pk")
    decisions = MeetingDecision.objects.order_by("created_at", "pk").prefetch_related(
        Prefetch("actions", queryset=actions)
    )
    return (
        CaseDiscussion.objects.filter(
            meeting=meeting, client__in=Client.objects.visible_to(actor).values("pk")
        )
        .select_related("client")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .order_by("client__family_name", "client__given_names", "pk")
    )


def meeting_list(actor: Actor) -> QuerySet[CaseMeeting]:
    """The visible meetings, newest first; the listing is audited (no client data is shown in
    a list of meetings, only dates, municipalities and counts)."""
    audit_record(actor=actor, action=AuditAction.LIST, object_type="cases.casemeeting")
    return (
        meetings_visible_to(actor)
        .prefetch_related(Prefetch("attendees", queryset=Organisation.objects.order_by("name")))
        .order_by("-held_on", "-created_at")
    )


def meeting_read(actor: Actor, meeting: CaseMeeting) -> list[CaseDiscussion]:
    """The discussions of a visible meeting as the actor may see them; audits the read of the
    meeting and of each client shown (subject = client)."""
    discussions = list(discussions_visible_to(actor, meeting))
    audit_record(actor=actor, action=AuditAction.READ, obj=meeting)
    for discussion in discussions:
        audit_record(
            actor=actor, action=AuditAction.READ, obj=discussion, subject=discussion.client
        )
    return discussions


def meeting_municipalities_visible_to(actor: Actor) -> QuerySet[Municipality]:
    """The municipalities of the meetings the actor may see (to filter a list by)."""
    return Municipality.objects.filter(
        pk__in=meetings_visible_to(actor).values("municipality")
    ).order_by("name")


def clients_to_discuss(actor: Actor, meeting: CaseMeeting) -> QuerySet[Client]:
    """The clients the actor may add to `meeting`: visible to them, of the meeting's
    municipality, not yet on it."""
    already = CaseDiscussion.objects.filter(meeting=meeting).values("client")
    return (
        Client.objects.visible_to(actor)
        .filter(municipality_id=meeting.municipality_id)
        .exclude(pk__in=already)
        .order_by("family_name", "given_names")
    )
