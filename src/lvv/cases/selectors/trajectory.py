"""Reads of the trajectory part of a client file: scenarios, trajectories, actions,
procedures, escalations and outflows, always of a client the actor may see.

Every function that returns a part of one client's file audits the read (client as the
subject) unless told `audit=False` by a page that audits the whole file once.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import CHAIN_PARTNER_KINDS, OrganisationKind

from ..access import Section, may_write_client_files
from ..models import (
    Action,
    Client,
    Escalation,
    GuidanceScenario,
    Outflow,
    OutflowReason,
    Procedure,
    Trajectory,
)
from .placements import audit_section_read, require_section

# Organisations that can own an action or attend an LSO: the ones that work on a case.
ACTION_OWNER_KINDS = frozenset(
    {OrganisationKind.MUNICIPALITY, OrganisationKind.PARTNER_NGO} | CHAIN_PARTNER_KINDS
)

SECTION_OF = {
    GuidanceScenario: Section.TRAJECTORY,
    Trajectory: Section.TRAJECTORY,
    Action: Section.TRAJECTORY,
    Procedure: Section.TRAJECTORY,
    Escalation: Section.TRAJECTORY,
    Outflow: Section.OUTFLOW,
}


def client_in_scope(actor: Actor, uuid, *, audit: bool = False) -> Client:
    """The client with this uuid if the actor may see them, else Http404 (never 403: a client
    outside one's scope does not exist for one). With `audit`, the look-up is recorded as a read
    of the client's file (a form page shows who the client is)."""
    client = Client.objects.visible_to(actor).select_related("municipality").filter(uuid=uuid)
    found = client.first()
    if found is None:
        raise Http404
    if audit:
        audit_section_read(actor, found, "cases.client")
    return found


def shares_only(actor: Actor) -> bool:
    """Whether the actor reads shared data only (a chain partner) rather than keeping files."""
    return not may_write_client_files(actor)


def _of_client(model, *, actor: Actor, client: Client, audit: bool) -> QuerySet:
    require_section(actor, SECTION_OF[model])
    if not Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        raise Http404
    if audit:
        audit_section_read(actor, client, f"cases.{model._meta.model_name}")
    return model.objects.filter(client=client)


def client_scenarios(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's guidance scenarios, the current (latest) first."""
    return (
        _of_client(GuidanceScenario, actor=actor, client=client, audit=audit)
        .select_related("meeting")
        .order_by("-agreed_on", "-created_at")
    )


def client_trajectories(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's trajectories, the newest first (at most one is open)."""
    return _of_client(Trajectory, actor=actor, client=client, audit=audit).order_by(
        "-start", "-created_at"
    )


def client_actions(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's actions by due date, with the owner and the decision they came from."""
    return (
        _of_client(Action, actor=actor, client=client, audit=audit)
        .select_related("owner", "decision__discussion__meeting")
        .order_by("due_on", "created_at")
    )


def client_procedures(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's procedures, the latest started first."""
    return _of_client(Procedure, actor=actor, client=client, audit=audit).order_by(
        "-started_on", "-created_at"
    )


def client_escalations(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's escalations, the latest raised first (status kept on each level)."""
    return _of_client(Escalation, actor=actor, client=client, audit=audit).order_by(
        "-raised_on", "-created_at"
    )


def client_outflows(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet:
    """The client's outflows with their reason (and so their group), the latest first."""
    return (
        _of_client(Outflow, actor=actor, client=client, audit=audit)
        .select_related("reason", "municipality")
        .order_by("-left_on", "-created_at")
    )


def _child_in_scope(model, *, actor: Actor, client: Client, uuid):
    require_section(actor, SECTION_OF[model])
    found = model.objects.filter(uuid=uuid, client=client).select_related("client").first()
    if found is None:
        raise Http404
    return found


def action_of_client(*, actor: Actor, client: Client, uuid) -> Action:
    """One action of a client already found through `client_in_scope`, else Http404."""
    return _child_in_scope(Action, actor=actor, client=client, uuid=uuid)


def procedure_of_client(*, actor: Actor, client: Client, uuid) -> Procedure:
    return _child_in_scope(Procedure, actor=actor, client=client, uuid=uuid)


def escalation_of_client(*, actor: Actor, client: Client, uuid) -> Escalation:
    return _child_in_scope(Escalation, actor=actor, client=client, uuid=uuid)


def outflow_reasons_active() -> QuerySet[OutflowReason]:
    """The reasons one may choose when recording an outflow (reference data, in order)."""
    return OutflowReason.objects.filter(is_active=True).order_by("order", "code")


def action_owner_choices(client: Client) -> QuerySet[Organisation]:
    """Organisations that may own an action for `client`: active partner organisations and
    chain partners, and the client's own municipality."""
    other_municipality = Q(kind=OrganisationKind.MUNICIPALITY) & ~Q(
        municipality_id=client.municipality_id
    )
    return (
        Organisation.objects.filter(is_active=True, kind__in=ACTION_OWNER_KINDS)
        .exclude(other_municipality)
        .order_by("name")
    )
