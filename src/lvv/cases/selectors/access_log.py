"""Who accessed a client's file: the audit events with the client as data subject.

The file keepers (caseworkers, coordinators) see it beside the file; a coordinator and, as a
recorded exception, the privacy officer (auditor role, who never sees client files) can read
it on its own page, for a data-subject request. Reading the log is itself recorded.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Capability
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.services import audit_record

from ..access import is_coordinator, is_operator
from ..models import Client

AUDIT_EVENT_OBJECT_TYPE = "audit.auditevent"


def access_log_events(client: Client) -> QuerySet[AuditEvent]:
    """Events about the client, newest first, including those about records merged into it
    (their history stays with the surviving file). Scope only: callers check the right."""
    subjects = [client.uuid, *client.merged_from.values_list("uuid", flat=True)]
    return AuditEvent.objects.filter(subject_id__in=subjects).order_by("-sequence")


def actor_may_read_access_log_page(actor: Actor) -> bool:
    """The separate log page: coordinators (for their municipality's clients) and auditors."""
    return is_operator(actor) or is_coordinator(actor) or actor.can(Capability.VIEW_AUDIT)


def client_access_log_for(*, actor: Actor, client_uuid: UUID | str) -> QuerySet[AuditEvent]:
    """The access log of the client with `client_uuid`, for the log page and the API.

    Guarantees: a coordinator gets it only for a client in their scope (else
    Client.DoesNotExist: 404); an auditor gets the events with that subject without any data
    of the file itself (not even the name), and that reading is recorded as a `read` of audit
    events with the client as subject, so the exception shows in the log it reads; anyone else
    is refused (PermissionDenied). Every reading is recorded.
    """
    if not actor_may_read_access_log_page(actor):
        raise PermissionDenied
    try:
        client_uuid = UUID(str(client_uuid))
    except ValueError as error:
        raise Client.DoesNotExist(f"{client_uuid!r} is not a uuid") from error
    if is_operator(actor) or is_coordinator(actor):
        client = Client.objects.visible_to(actor).filter(uuid=client_uuid).first()
        if client is None:
            raise Client.DoesNotExist(f"no client {client_uuid} visible to this actor")
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            object_type=AUDIT_EVENT_OBJECT_TYPE,
            subject=client,
        )
        return access_log_events(client)
    # The privacy officer: only the events, addressed by the uuid asked for. An unsaved
    # instance carries the uuid into the event's subject without reading the file.
    subject = Client(uuid=client_uuid)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        object_type=AUDIT_EVENT_OBJECT_TYPE,
        subject=subject,
    )
    return AuditEvent.objects.filter(subject_id=subject.uuid).order_by("-sequence")
