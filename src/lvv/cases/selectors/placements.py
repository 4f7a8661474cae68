"""Reads of placements, always of a client the actor may see (`Client.objects.visible_to`).

Reading a client's placements is reading their file: it is audited with the client as the
subject, here, so no page or endpoint can forget it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import Section, client_sections_for
from ..models import Client, Placement


def require_section(actor: Actor, section: str) -> None:
    """PermissionDenied unless the actor's role may see this part of a client file."""
    if section not in client_sections_for(actor):
        raise PermissionDenied


def audit_section_read(actor: Actor, client: Client, object_type: str) -> None:
    """One READ event for a part of a client's file, with the client as the subject."""
    audit_record(actor=actor, action=AuditAction.READ, object_type=object_type, subject=client)


def client_placements(*, actor: Actor, client: Client, audit: bool = True) -> QuerySet[Placement]:
    """The placements of a client in the actor's scope, newest first, with location and
    operator joined. Raises Http404 for a client outside the scope, PermissionDenied when the
    role may not see placements. Audited as a read of the client's file unless `audit=False`
    (for a page that audits the whole file once)."""
    require_section(actor, Section.PLACEMENTS)
    if not Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        raise Http404
    if audit:
        audit_section_read(actor, client, "cases.placement")
    return (
        Placement.objects.filter(client=client)
        .select_related("location", "location__operator", "location__municipality")
        .order_by("-start", "-created_at")
    )


def placement_visible_to(actor: Actor, uuid) -> Placement:
    """One placement of a client in the actor's scope, else Http404."""
    placement = (
        Placement.objects.filter(uuid=uuid, client__in=Client.objects.visible_to(actor))
        .select_related("client", "location")
        .first()
    )
    if placement is None:
        raise Http404
    require_section(actor, Section.PLACEMENTS)
    return placement


def placement_of_client(client: Client, uuid) -> Placement | None:
    """One placement of `client` by uuid, open or not (the caller has checked the scope)."""
    return Placement.objects.filter(client=client, uuid=uuid).select_related("location").first()


def open_placement(client: Client) -> Placement | None:
    """The client's open placement, if any (the caller has checked the scope)."""
    return (
        Placement.objects.filter(client=client, end__isnull=True).select_related("location").first()
    )
