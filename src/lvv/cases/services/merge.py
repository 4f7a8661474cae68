"""Merging two records of the same person: everything moves to the surviving record.

Every row that points to a client (found through the model's relations, so a table added
later is moved too) is re-pointed from the duplicate to the survivor; the duplicate stays,
marked `merged_into`, so nothing is deleted and its audit events remain readable in the
survivor's access log. Coordinators only, within their own municipality.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import is_coordinator, is_operator
from ..models import (
    CaseDiscussion,
    Client,
    DatePrecision,
    HouseholdLink,
    JournalEntry,
    MeetingDecision,
    Placement,
    Trajectory,
)
from .clients import today
from .versions import claim_version

# Identity fields the survivor takes over from the duplicate when it has none of its own.
FILLED_FROM_DUPLICATE = ("given_names", "v_number", "bsn", "phone", "email")

# How exact a date of birth is, to keep the more precise of the two.
_PRECISION_RANK = {
    DatePrecision.UNKNOWN: 0,
    DatePrecision.YEAR: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.DAY: 3,
}


def _client_relations():
    """Every foreign key and one-to-one from any model to Client (hidden ones included)."""
    return [
        relation
        for relation in Client._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
    ]


def _lock_pair(actor: Actor, survivor: Client, duplicate: Client) -> tuple[Client, Client | None]:
    ids = [survivor.pk, getattr(duplicate, "pk", None)]
    locked = {
        client.pk: client
        for client in Client.objects.visible_to(actor)
        .select_for_update()
        .filter(pk__in=[pk for pk in ids if pk is not None])
        .order_by("pk")
    }
    if survivor.pk not in locked:
        raise PermissionDenied(_("This client is not in your care."))
    return locked[survivor.pk], locked.get(ids[1])


def _check(survivor: Client, duplicate: Client | None, requested: Client | None) -> Client:
    if requested is not None and requested.pk == survivor.pk:
        raise ValidationError({"duplicate": _("A client cannot be merged with itself.")})
    if duplicate is None:
        raise ValidationError({"duplicate": _("No client found that you may merge.")})
    if duplicate.municipality_id != survivor.municipality_id:
        raise ValidationError(
            {"duplicate": _("Only records in the same municipality can be merged.")}
        )
    for name, label in (("v_number", _("V-numbers")), ("bsn", _("BSNs"))):
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if mine and theirs and mine != theirs:
            raise ValidationError(
                {
                    "duplicate": _(
                        "The two records have different %(what)s, so they are two people; "
                        "correct the wrong one first."
                    )
                    % {"what": label}
                }
            )
    for model, label in ((Placement, _("placement")), (Trajectory, _("trajectory"))):
        both_open = model.objects.filter(client__in=[survivor, duplicate], end__isnull=True)
        if both_open.count() > 1:
            raise ValidationError(
                {
                    "duplicate": _("Both records have an open %(what)s; end one first.")
                    % {"what": label}
                }
            )
    return duplicate


def _resolve_collisions(actor: Actor, survivor: Client, duplicate: Client) -> None:
    """Rows that would break a rule once re-pointed: links between the two records, the
    same relative linked twice, the same meeting discussing both records. Each removal is
    audited with the survivor as subject."""

    def remove(row) -> None:
        audit_record(actor=actor, action=AuditAction.DELETE, obj=row, subject=survivor)
        row.delete()

    survivor_relatives = set(
        HouseholdLink.objects.filter(client=survivor).values_list("relative_id", flat=True)
    ) | set(HouseholdLink.objects.filter(relative=survivor).values_list("client_id", flat=True))
    doubles = HouseholdLink.objects.filter(
        Q(client=survivor, relative=duplicate)
        | Q(client=duplicate, relative=survivor)
        | Q(client=duplicate, relative_id__in=survivor_relatives)
        | Q(relative=duplicate, client_id__in=survivor_relatives)
    )
    for link in doubles:
        remove(link)
    for discussion in CaseDiscussion.objects.filter(client=duplicate):
        kept = CaseDiscussion.objects.filter(client=survivor, meeting=discussion.meeting).first()
        if kept is None:
            continue
        MeetingDecision.objects.filter(discussion=discussion).update(discussion=kept)
        if discussion.summary:
            kept.summary = "\n\n".join(part for part in (kept.summary, discussion.summary) if part)
            kept.save(update_fields=["summary", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=kept,
            changed_fields=["summary", "decisions"],
            subject=survivor,
        )
        remove(discussion)


def _take_over_identity(survivor: Client, duplicate: Client) -> list[str]:
    changed = []
    for name in FILLED_FROM_DUPLICATE:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
            changed.append(name)
    if not survivor.nationality and duplicate.nationality:
        survivor.nationality = duplicate.nationality
        changed.append("nationality")
    if (
        _PRECISION_RANK[duplicate.date_of_birth_precision]
        > _PRECISION_RANK[survivor.date_of_birth_precision]
    ):
        survivor.date_of_birth = duplicate.date_of_birth
        survivor.date_of_birth_precision = duplicate.date_of_birth_precision
        changed += ["date_of_birth", "date_of_birth_precision"]
    for name in ("languages", "vulnerabilities"):
        merged = list(getattr(survivor, name)) + [
            item for item in getattr(duplicate, name) if item not in getattr(survivor, name)
        ]
        if merged != list(getattr(survivor, name)):
            setattr(survivor, name, merged)
            changed.append(name)
    return changed


@transaction.atomic
def client_merge(*, actor: Actor, survivor: Client, duplicate: Client, reason: str = "") -> Client:
    """Merge `duplicate` into `survivor` and return the survivor.

    Guarantees: coordinators (and operators) only (PermissionDenied otherwise); both records
    visible to the actor, distinct and in the same municipality, without conflicting
    V-numbers or BSNs or two open placements or trajectories (errors at `duplicate`). Every
    related row (journal, consents, intakes, placements, status history, trajectory,
    meetings, outflow, transfers, household, earlier merges) is re-pointed to the survivor;
    the survivor takes identity details it lacked; the duplicate is kept, marked
    `merged_into`, and disappears from every list. Audited for both people, per moved table.
    """
    if not (is_coordinator(actor) or is_operator(actor)):
        raise PermissionDenied(_("Only a municipal coordinator can merge records."))
    requested = duplicate
    survivor, duplicate = _lock_pair(actor, survivor, duplicate)
    duplicate = _check(survivor, duplicate, requested)

    _resolve_collisions(actor, survivor, duplicate)
    moved: list[str] = []
    for relation in _client_relations():
        model = relation.related_model
        name = relation.field.name
        if model is Client:  # earlier merges into the duplicate now point to the survivor
            count = Client.objects.filter(merged_into=duplicate).update(merged_into=survivor)
        else:
            count = model._default_manager.filter(**{name: duplicate}).update(**{name: survivor})
        if count:
            object_type = f"{model._meta.app_label}.{model._meta.model_name}"
            moved.append(f"{object_type}.{name}")
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type=object_type,
                changed_fields=[name],
                subject=survivor,
            )

    # The duplicate leaves the active register first, so its V-number and BSN become free
    # for the survivor under the unique constraints.
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=duplicate,
        changed_fields=["merged_into"],
        subject=duplicate,
    )
    changed = _take_over_identity(survivor, duplicate)
    claim_version(survivor, None)  # anyone editing the survivor's details must reload them
    survivor.full_clean()
    survivor.save()
    if actor.user is not None:
        # The reason belongs in the file, where the people who keep it will read it.
        note = _("Record %(uuid)s was merged into this file.") % {"uuid": duplicate.uuid}
        if reason and reason.strip():
            note = f"{note} {_('Reason:')} {reason.strip()}"
        entry = JournalEntry.objects.create(
            client=survivor,
            occurred_on=today(),
            text=note,
            author=actor.user,
            author_organisation=actor.organisation,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=entry,
            changed_fields=["occurred_on", "text"],
            subject=survivor,
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survivor,
        changed_fields=["merged_from", *changed],
        subject=survivor,
    )
    return survivor
