"""The data-subject access export (AVG art. 15): everything held on one person, and who
accessed it.

Everything: the client record (and the records merged into it), household links (the
relative by uuid only: a relative is another person), journal with corrections, consents,
intakes with every answer and exclusion, status history, placements, scenarios,
trajectories, actions, procedures, escalations, case discussions and decisions, outflows and
transfers. Who accessed it: every audit event with the person as data subject (who, which
organisation and role, when, what). The export itself is recorded first, so it appears in
the log it contains.

Who may take it: a municipal coordinator for a client of their municipality (they answer
requests for their LVV) and operators (`lvv subject_access_export`). Caseworkers, chain
partners and the functional admin may not; the privacy officer (auditor role) never sees file
contents and asks the coordinator or an operator.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import is_coordinator, is_operator
from ..models import (
    Action,
    CaseDiscussion,
    Consent,
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
    StatusChange,
    Trajectory,
    Transfer,
)
from ..models.clients import CLIENT_DETAIL_FIELDS
from .access_log import access_log_events
from .clients import clients_visible_to

PERSON_FIELDS = ("uuid", *CLIENT_DETAIL_FIELDS)

# Section name -> (model, path from a row to the client, fields; `a__b` follows a relation).
SECTIONS: tuple[tuple[str, type[models.Model], str, tuple[str, ...]], ...] = (
    (
        "journal",
        JournalEntry,
        "client",
        (
            "uuid",
            "occurred_on",
            "text",
            "author__username",
            "author_organisation__name",
            "corrects__uuid",
            "created_at",
        ),
    ),
    (
        "consents",
        Consent,
        "client",
        (
            "purpose",
            "recipient__name",
            "legal_basis",
            "given_on",
            "withdrawn_on",
            "document_reference",
        ),
    ),
    (
        "intakes",
        Intake,
        "client",
        (
            "uuid",
            "intake_on",
            "municipality__name",
            "decision",
            "decision_reason",
            "decided_on",
            "decided_by__username",
        ),
    ),
    (
        "intake_answers",
        IntakeAnswer,
        "intake__client",
        ("intake__uuid", "criterion__label", "answer", "note"),
    ),
    (
        "intake_exclusions",
        IntakeExclusion,
        "intake__client",
        ("intake__uuid", "ground__label", "note"),
    ),
    (
        "status_history",
        StatusChange,
        "client",
        ("from_status", "to_status", "changed_on", "changed_by__username"),
    ),
    (
        "placements",
        Placement,
        "client",
        (
            "uuid",
            "location__name",
            "start",
            "end",
            "end_reason",
            "room",
            "bed",
            "capacity_override_reason",
        ),
    ),
    ("scenarios", GuidanceScenario, "client", ("kind", "agreed_on", "note")),
    ("trajectories", Trajectory, "client", ("start", "end")),
    (
        "actions",
        Action,
        "client",
        ("description", "owner__name", "due_on", "status", "completed_on"),
    ),
    ("procedures", Procedure, "client", ("kind", "started_on", "ended_on", "outcome")),
    (
        "escalations",
        Escalation,
        "client",
        ("level", "raised_on", "reason", "status", "closed_on", "outcome"),
    ),
    (
        "case_discussions",
        CaseDiscussion,
        "client",
        ("meeting__held_on", "meeting__municipality__name", "summary"),
    ),
    (
        "meeting_decisions",
        MeetingDecision,
        "discussion__client",
        ("discussion__meeting__held_on", "text"),
    ),
    ("outflows", Outflow, "client", ("left_on", "reason__label", "municipality__name", "note")),
    (
        "transfers",
        Transfer,
        "client",
        (
            "transferred_on",
            "from_municipality__name",
            "to_municipality__name",
            "from_partner__name",
            "to_partner__name",
            "reason",
        ),
    ),
)

ACCESS_LOG_FIELDS = (
    "occurred_at",
    "actor_username",
    "organisation_name",
    "role",
    "action",
    "object_type",
    "object_id",
    "changed_fields",
    "outcome",
)


def actor_may_export_subject_data(actor: Actor) -> bool:
    """Coordinators (for their municipality's clients) and operators."""
    return is_operator(actor) or is_coordinator(actor)


def _plain(value: Any) -> Any:
    """A value as JSON and a spreadsheet take it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "code"):  # a country
        return value.code or ""
    return str(value)


def _value(obj: models.Model, path: str) -> Any:
    *hops, name = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    display = getattr(obj, f"get_{name}_display", None)
    return _plain(display() if display is not None else getattr(obj, name))


def _rows(objects: Iterable[models.Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    fields = tuple(fields)
    return [{name: _value(obj, name) for name in fields} for obj in objects]


def _related(path: str) -> list[str]:
    hops = [hop for hop in path.split("__")[:-1]]
    return ["__".join(hops[: index + 1]) for index in range(len(hops))]


def subject_access_data(*, actor: Actor, client_uuid: UUID | str) -> dict[str, Any]:
    """Everything held on the client with `client_uuid`, and its access log, as plain data
    (sections of rows). Recorded as an `export` with the client as subject.

    Guarantees: coordinators and operators only (PermissionDenied); a client outside the
    actor's scope raises Client.DoesNotExist (answer 404); the export event is written in
    the same transaction before the log is read, so it is part of the export.
    """
    if not actor_may_export_subject_data(actor):
        raise PermissionDenied(_("Only a municipal coordinator can export a client's data."))
    with transaction.atomic():
        client = (
            clients_visible_to(actor)
            .select_related("municipality", "partner")
            .get(uuid=client_uuid)
        )
        audit_record(actor=actor, action=AuditAction.EXPORT, obj=client, subject=client)
        merged = list(client.merged_from.all())
        ids = [client.pk, *(record.pk for record in merged)]
        data: dict[str, Any] = {
            "generated_at": _plain(timezone.now()),
            "generated_by": actor.user.username if actor.user else "lvv",
            "client": _rows(
                [client],
                (
                    *PERSON_FIELDS,
                    "status",
                    "status_since",
                    "municipality__name",
                    "partner__name",
                    "pseudonym",
                    "created_at",
                    "anonymised_on",
                ),
            ),
            "merged_records": _rows(merged, PERSON_FIELDS),
            "household": [
                {
                    "relation": link.get_relation_display(),
                    "direction": _("the client is this relation of the relative")
                    if link.client_id in ids
                    else _("the relative is this relation of the client"),
                    "relative": str(
                        link.relative.uuid if link.client_id in ids else link.client.uuid
                    ),
                }
                for link in HouseholdLink.objects.select_related("client", "relative").filter(
                    Q(client_id__in=ids) | Q(relative_id__in=ids)
                )
            ],
        }
        for section, model, path, fields in SECTIONS:
            related = sorted({hop for name in fields for hop in _related(name)})
            rows = model.objects.filter(**{f"{path}_id__in": ids})
            if related:
                rows = rows.select_related(*related)
            data[section] = _rows(rows.order_by("pk"), fields)
        data["access_log"] = _rows(
            access_log_events(client).order_by("sequence"), ACCESS_LOG_FIELDS
        )
    return data
