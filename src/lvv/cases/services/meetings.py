"""Local case meetings (LSO): the meeting, the clients discussed, and per client the
decisions, which become actions with owners and deadlines, or an escalation.

Who may write: caseworkers and coordinators (file keepers), on meetings they can see
(`selectors.meetings.meetings_visible_to`), about clients they can see. Chain partners attend
and read, but do not keep the minutes here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.network.models import Municipality

from ..models import Action, CaseDiscussion, CaseMeeting, Client, Escalation, MeetingDecision
from ..selectors.meetings import meeting_municipalities_for, meetings_visible_to
from . import trajectory
from .clients import lock_client_for_write
from .placements import require_file_keeper


def _lock_meeting(*, actor: Actor, meeting: CaseMeeting) -> CaseMeeting:
    require_file_keeper(actor)
    locked = (
        CaseMeeting.objects.select_for_update()
        .filter(pk=meeting.pk, pk__in=meetings_visible_to(actor).values("pk"))
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("This meeting is not in your scope."))
    return locked


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    municipality: Municipality,
    held_on: date,
    attendees: Iterable[Organisation] = (),
) -> CaseMeeting:
    """Record an LSO held on a day in a municipality, with the organisations that attended.

    Guarantees: the actor keeps files and may hold meetings in `municipality` (a coordinator
    their own; a caseworker where their organisation works) (error on `municipality`); every
    attendee is an active municipality, partner organisation or chain partner (error on
    `attendees`); the actor's own organisation is always among the attendees.
    """
    require_file_keeper(actor)
    errors: dict[str, list[str]] = {}
    if (
        municipality is None
        or not meeting_municipalities_for(actor).filter(pk=municipality.pk).exists()
    ):
        errors["municipality"] = [_("You cannot hold a meeting for this municipality.")]
    if held_on is None:
        errors["held_on"] = [_("Give the date of the meeting.")]
    organisations = {organisation.pk: organisation for organisation in attendees}
    if actor.organisation is not None:
        organisations.setdefault(actor.organisation.pk, actor.organisation)
    allowed = set(
        Organisation.objects.filter(
            pk__in=organisations, is_active=True, kind__in=trajectory.ACTION_OWNER_KINDS
        ).values_list("pk", flat=True)
    )
    if set(organisations) - allowed:
        errors["attendees"] = [
            _("Attendees are municipalities, partner organisations and chain partners.")
        ]
    if errors:
        raise ValidationError(errors)
    meeting = CaseMeeting(municipality=municipality, held_on=held_on)
    try:
        meeting.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    meeting.save()
    meeting.attendees.set(list(organisations.values()))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        changed_fields=["municipality", "held_on", "attendees"],
    )
    return meeting


@transaction.atomic
def meeting_discussion_add(
    *, actor: Actor, meeting: CaseMeeting, client: Client, summary: str = ""
) -> CaseDiscussion:
    """Add a client to the clients discussed in a meeting.

    Guarantees: the meeting is visible to the actor (PermissionDenied otherwise); the client is
    one the actor may see (the same answer whether it exists or not), of the meeting's
    municipality, and not yet on this meeting (errors on `client`).
    """
    meeting = _lock_meeting(actor=actor, meeting=meeting)
    visible = Client.objects.visible_to(actor).filter(pk=getattr(client, "pk", None)).first()
    if visible is None:
        raise ValidationError({"client": _("Choose a client you keep the file of.")})
    client = lock_client_for_write(actor=actor, client=visible)
    if client.municipality_id != meeting.municipality_id:
        raise ValidationError(
            {"client": _("This client is not in the LVV of the meeting's municipality.")}
        )
    if meeting.discussions.filter(client=client).exists():
        raise ValidationError({"client": _("This client is already on the meeting.")})
    discussion = CaseDiscussion(meeting=meeting, client=client, summary=(summary or "").strip())
    discussion.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=discussion,
        changed_fields=["meeting", "client", "summary"],
        subject=client,
    )
    return discussion


@transaction.atomic
def meeting_decision_record(
    *,
    actor: Actor,
    discussion: CaseDiscussion,
    text: str,
    actions: Sequence[Mapping] = (),
    escalate: bool = False,
) -> MeetingDecision:
    """Record a decision about a client discussed in a meeting, together with the actions it
    leads to (each `{"description", "owner", "due_on"}`) and, with `escalate`, the escalation
    of the case: raised at the first level above the LSO, or one level higher when the case
    is already escalated. All in one transaction.

    Guarantees: the meeting and the client are in the actor's scope (PermissionDenied); `text`
    is given (error on `text`); each action is valid, with its deadline not before the meeting
    (errors on `actions.<n>.<field>`); an escalation is possible (errors on `escalate`).
    Nothing is written on any error.
    """
    meeting = _lock_meeting(actor=actor, meeting=discussion.meeting)
    client = lock_client_for_write(actor=actor, client=discussion.client)
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Write down the decision.")]
    actions = [dict(item) for item in actions]
    errors.update(
        trajectory.decision_actions_problems(
            client=client, actions=actions, held_on=meeting.held_on
        )
    )
    current: Escalation | None = None
    if escalate:
        current = trajectory.open_escalation(client)
        try:
            trajectory.require_admitted(client, field="escalate")
        except ValidationError as error:
            errors.update(error.message_dict)
        if current is not None:
            if trajectory.NEXT_ESCALATION_LEVEL[current.level] is None:
                errors.setdefault("escalate", []).append(
                    _("The case is already at the highest level (%(level)s).")
                    % {"level": current.get_level_display()}
                )
            if meeting.held_on < current.raised_on:
                errors.setdefault("escalate", []).append(
                    _("The current escalation is more recent than this meeting.")
                )
    if errors:
        raise ValidationError(errors)
    decision = MeetingDecision(discussion=discussion, text=text.strip())
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=decision,
        changed_fields=["discussion", "text"],
        subject=client,
    )
    for item in actions:
        action: Action = trajectory.build_action(
            client=client,
            description=item["description"],
            owner=item["owner"],
            due_on=item["due_on"],
            decision=decision,
        )
        action.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=action,
            changed_fields=[*trajectory.ACTION_FIELDS, "decision"],
            subject=client,
        )
    if escalate:
        if current is None:
            escalation = Escalation(
                client=client,
                level=trajectory.NEXT_ESCALATION_LEVEL[None],
                raised_on=meeting.held_on,
                reason=decision.text,
            )
            escalation.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=escalation,
                changed_fields=trajectory.ESCALATION_FIELDS,
                subject=client,
            )
        else:
            trajectory.escalate_further(
                actor=actor,
                client=client,
                escalation=current,
                on=meeting.held_on,
                reason=decision.text,
            )
    return decision
