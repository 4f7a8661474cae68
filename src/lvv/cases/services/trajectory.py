"""The trajectory toward a durable solution: the agreed scenario, the trajectory itself,
actions, procedures and escalations.

Status changes of the client (rest period → scenario agreed → in trajectory) go through the
one service that enforces `ALLOWED_TRANSITIONS`, `services.workflow.client_transition`; this
module only decides *when* to ask for them. A scenario is a plan: it never counts as an
outcome (that is the outflow).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import Capability, OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import may_write_client_files
from ..models import (
    ADMITTED_STATUSES,
    NEXT_ESCALATION_LEVEL,
    Action,
    ActionStatus,
    CaseMeeting,
    Client,
    ClientStatus,
    Escalation,
    EscalationStatus,
    GuidanceScenario,
    MeetingDecision,
    Procedure,
    ScenarioKind,
    Trajectory,
)
from ..selectors.trajectory import ACTION_OWNER_KINDS
from .clients import lock_client_for_write, today
from .placements import day_label

# A scenario may be revised while the client is guided toward it.
SCENARIO_REVISABLE_STATUSES = frozenset({ClientStatus.SCENARIO_AGREED, ClientStatus.IN_TRAJECTORY})


def transition(*, actor: Actor, client: Client, to_status: str, on: date, field_names=None):
    """Ask the workflow service for a status change, reporting its errors at our field names.

    Imported here, not at the top: the workflow module may import services of this package.
    """
    from .workflow import client_transition

    try:
        result = client_transition(actor=actor, client=client, to_status=to_status, on=on)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        names = {"to_status": "client", "status": "client", **(field_names or {})}
        raise ValidationError(
            {names.get(name, name): messages for name, messages in error.message_dict.items()}
        ) from None
    client.refresh_from_db(fields=["status", "status_since"])
    return result


def _errors_on(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _status_label(client: Client) -> str:
    return str(client.get_status_display())


def require_admitted(client: Client, *, field: str = "client") -> None:
    if client.status not in ADMITTED_STATUSES:
        raise _errors_on(
            field,
            _("This client is not in the LVV (status '%(status)s').")
            % {"status": _status_label(client)},
        )


def day_problems(day: date | None, field: str) -> dict[str, list[str]]:
    """A day on which something happened: given, and not in the future."""
    if day is None:
        return {field: [_("Give the date.")]}
    if day > today():
        return {field: [_("This date lies in the future.")]}
    return {}


def transition_day_problems(client: Client, day: date | None, field: str) -> dict[str, list[str]]:
    """A status changes on a day that is not in the future nor before the current status
    began (the rules of `client_transition`, checked before anything is written)."""
    problems = day_problems(day, field)
    if problems:
        return problems
    if day < client.status_since:
        return {
            field: [
                _("The client's current status started on %(day)s; this date cannot lie before.")
                % {"day": day_label(client.status_since)}
            ]
        }
    return {}


def _full_clean(instance, *, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _audit(actor: Actor, action: str, obj, fields, client: Client) -> None:
    audit_record(actor=actor, action=action, obj=obj, changed_fields=list(fields), subject=client)


# --- scenario and trajectory ------------------------------------------------------------------


@transaction.atomic
def scenario_agree(
    *,
    actor: Actor,
    client: Client,
    kind: str,
    agreed_on: date,
    meeting: CaseMeeting | None = None,
    note: str = "",
) -> GuidanceScenario:
    """Record the guidance scenario agreed for a client (usually in an LSO).

    Guarantees: a client in the rest period moves to `scenario_agreed` (through
    `client_transition`); a client already guided toward a scenario gets a revised one (the
    latest is current) without a status change; any other status is refused (error on
    `client`). `kind` is a ScenarioKind (error on `kind`); `agreed_on` is not before the
    current status began nor before the current scenario (error on `agreed_on`); a `meeting`
    must be one of the client's municipality in which the client was discussed, on
    `agreed_on` (error on `meeting` / `agreed_on`). Nothing is written on error.
    """
    client = lock_client_for_write(actor=actor, client=client)
    errors: dict[str, list[str]] = {}
    transitions = client.status == ClientStatus.REST_PERIOD
    if not transitions and client.status not in SCENARIO_REVISABLE_STATUSES:
        errors["client"] = [
            _("A scenario is agreed after the rest period; this client's status is '%(status)s'.")
            % {"status": _status_label(client)}
        ]
    if kind not in ScenarioKind.values:
        errors["kind"] = [_("Choose a guidance scenario.")]
    if transitions:
        errors.update(transition_day_problems(client, agreed_on, "agreed_on"))
    else:
        errors.update(day_problems(agreed_on, "agreed_on"))
    current = client.scenarios.order_by("-agreed_on", "-created_at").first()
    if (
        not transitions
        and "agreed_on" not in errors
        and current is not None
        and agreed_on < current.agreed_on
    ):
        errors.setdefault("agreed_on", []).append(
            _("The current scenario was agreed on %(day)s; a new one cannot be older.")
            % {"day": day_label(current.agreed_on)}
        )
    if meeting is not None:
        if meeting.municipality_id != client.municipality_id:
            errors.setdefault("meeting", []).append(
                _("This meeting is not of the client's municipality.")
            )
        elif not meeting.discussions.filter(client=client).exists():
            errors.setdefault("meeting", []).append(
                _("The client was not discussed in this meeting; add them to it first.")
            )
        if agreed_on is not None and agreed_on != meeting.held_on:
            errors.setdefault("agreed_on", []).append(
                _("The meeting was held on %(day)s; a scenario agreed in it has that date.")
                % {"day": day_label(meeting.held_on)}
            )
    if errors:
        raise ValidationError(errors)
    scenario = GuidanceScenario(
        client=client, kind=kind, agreed_on=agreed_on, meeting=meeting, note=(note or "").strip()
    )
    _full_clean(scenario)
    scenario.save()
    _audit(actor, AuditAction.CREATE, scenario, ["kind", "agreed_on", "meeting", "note"], client)
    if transitions:
        transition(
            actor=actor,
            client=client,
            to_status=ClientStatus.SCENARIO_AGREED,
            on=agreed_on,
            field_names={"on": "agreed_on"},
        )
    return scenario


@transaction.atomic
def trajectory_start(*, actor: Actor, client: Client, on: date) -> Trajectory:
    """Start the trajectory of a client whose scenario was agreed: creates the open Trajectory
    and moves the client to `in_trajectory` (through `client_transition`).

    Guarantees: the client's status is `scenario_agreed` and no trajectory is open (errors on
    `client`); `on` is not before the scenario was agreed (error on `on`). Nothing is written on
    error.
    """
    client = lock_client_for_write(actor=actor, client=client)
    errors: dict[str, list[str]] = {}
    if client.status != ClientStatus.SCENARIO_AGREED:
        errors["client"] = [
            _(
                "A trajectory starts once a guidance scenario is agreed; this client's status "
                "is '%(status)s'."
            )
            % {"status": _status_label(client)}
        ]
    elif client.trajectories.filter(end__isnull=True).exists():
        errors["client"] = [_("The client already has an open trajectory.")]
    errors.update(transition_day_problems(client, on, "on"))
    if errors:
        raise ValidationError(errors)
    trajectory = Trajectory(client=client, start=on)
    _full_clean(trajectory)
    trajectory.save()
    _audit(actor, AuditAction.CREATE, trajectory, ["client", "start"], client)
    transition(actor=actor, client=client, to_status=ClientStatus.IN_TRAJECTORY, on=on)
    return trajectory


# --- actions -----------------------------------------------------------------------------------


def owner_problem(owner: Organisation | None, client: Client) -> str | None:
    """Why `owner` cannot own an action for `client`, or None when it can."""
    if owner is None:
        return _("Choose the organisation that owns the action.")
    if not owner.is_active or owner.kind not in ACTION_OWNER_KINDS:
        return _(
            "An action is owned by the municipality, a partner organisation or a chain partner."
        )
    if owner.kind == OrganisationKind.MUNICIPALITY and owner.municipality_id != (
        client.municipality_id
    ):
        return _("Only the client's own municipality can own an action for this client.")
    return None


def action_problems(
    *, client: Client, description: str, owner: Organisation | None, due_on: date | None
) -> dict[str, list[str]]:
    """The errors of one action, by field (shared with the decisions of a case meeting)."""
    errors: dict[str, list[str]] = {}
    if not (description or "").strip():
        errors["description"] = [_("Describe what has to be done.")]
    problem = owner_problem(owner, client)
    if problem:
        errors["owner"] = [problem]
    if due_on is None:
        errors["due_on"] = [_("Give the date by which it must be done.")]
    return errors


def build_action(
    *,
    client: Client,
    description: str,
    owner: Organisation,
    due_on: date,
    decision: MeetingDecision | None = None,
) -> Action:
    action = Action(
        client=client,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        decision=decision,
    )
    _full_clean(action)
    return action


ACTION_FIELDS = ("description", "owner", "due_on", "status")


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    client: Client,
    description: str,
    owner: Organisation,
    due_on: date,
    decision: MeetingDecision | None = None,
) -> Action:
    """Add an open action for an admitted client: what, by which organisation, by when.

    Guarantees: the client is admitted (error on `client`); the owner is an active
    municipality (the client's own), partner organisation or chain partner (error on `owner`);
    `description` and `due_on` are given (errors there); a `decision` belongs to a discussion of
    this client (error on `decision`). Nothing is written on error.
    """
    client = lock_client_for_write(actor=actor, client=client)
    require_admitted(client)
    errors = action_problems(client=client, description=description, owner=owner, due_on=due_on)
    if decision is not None and decision.discussion.client_id != client.pk:
        errors["decision"] = [_("This decision is about another client.")]
    if errors:
        raise ValidationError(errors)
    action = build_action(
        client=client, description=description, owner=owner, due_on=due_on, decision=decision
    )
    action.save()
    fields = [*ACTION_FIELDS, "decision"] if decision is not None else ACTION_FIELDS
    _audit(actor, AuditAction.CREATE, action, fields, client)
    return action


def _lock_action(*, actor: Actor, action: Action, owner_may: bool) -> tuple[Client, Action]:
    """The action and its client, locked. File keepers act on clients in their scope; with
    `owner_may`, a chain partner may act on an action its own organisation owns, for a client
    shared with it."""
    if may_write_client_files(actor):
        client = lock_client_for_write(actor=actor, client=action.client)
    elif (
        owner_may
        and actor.can(Capability.VIEW_SHARED_CLIENT_DATA)
        and actor.organisation is not None
        and action.owner_id == actor.organisation.pk
    ):
        client = (
            Client.objects.visible_to(actor).select_for_update().filter(pk=action.client_id).first()
        )
        if client is None:
            raise PermissionDenied(_("This client is not in your scope."))
    else:
        raise PermissionDenied(_("Your role does not allow changing this action."))
    locked = Action.objects.select_for_update().get(pk=action.pk, client=client)
    return client, locked


def _require_open_action(action: Action) -> None:
    if action.status != ActionStatus.OPEN:
        raise _errors_on(
            "status",
            _("This action is no longer open (it is '%(status)s').")
            % {"status": action.get_status_display()},
        )


@transaction.atomic
def action_complete(*, actor: Actor, action: Action, completed_on: date) -> Action:
    """Mark an open action done on `completed_on`.

    Caseworkers and coordinators may complete any action of a client in their scope; a chain
    partner only an action its own organisation owns, of a client shared with it.
    Guarantees: the action was open (error on `status`); `completed_on` is given (error there).
    """
    client, action = _lock_action(actor=actor, action=action, owner_may=True)
    _require_open_action(action)
    if completed_on is None:
        raise _errors_on("completed_on", _("Give the date it was done."))
    action.status = ActionStatus.DONE
    action.completed_on = completed_on
    action.save(update_fields=["status", "completed_on", "updated_at"])
    _audit(actor, AuditAction.UPDATE, action, ["status", "completed_on"], client)
    return action


@transaction.atomic
def action_cancel(*, actor: Actor, action: Action) -> Action:
    """Cancel an open action (it stays in the file, marked cancelled). File keepers only.

    Guarantees: the action was open (error on `status`).
    """
    client, action = _lock_action(actor=actor, action=action, owner_may=False)
    _require_open_action(action)
    action.status = ActionStatus.CANCELLED
    action.save(update_fields=["status", "updated_at"])
    _audit(actor, AuditAction.UPDATE, action, ["status"], client)
    return action


# --- procedures --------------------------------------------------------------------------------


@transaction.atomic
def procedure_start(*, actor: Actor, client: Client, kind: str, started_on: date) -> Procedure:
    """Record a procedure started for an admitted client (a repeat asylum application, a
    medical postponement under art. 64 Vw, ...).

    Guarantees: the client is admitted (error on `client`); `kind` is a ProcedureKind and no
    procedure of that kind is still running (errors on `kind`). Nothing is written on error.
    """
    client = lock_client_for_write(actor=actor, client=client)
    require_admitted(client)
    procedure = Procedure(client=client, kind=kind, started_on=started_on)
    _full_clean(procedure)
    if client.procedures.filter(kind=kind, ended_on__isnull=True).exists():
        raise _errors_on(
            "kind", _("A procedure of this kind is still running; end it before starting again.")
        )
    procedure.save()
    _audit(actor, AuditAction.CREATE, procedure, ["kind", "started_on"], client)
    return procedure


@transaction.atomic
def procedure_end(*, actor: Actor, procedure: Procedure, ended_on: date, outcome: str) -> Procedure:
    """Record that a running procedure ended, on a day, with an outcome.

    Guarantees: the procedure was running and `ended_on` is not before it started (errors on
    `ended_on`); an `outcome` is given (error on `outcome`).
    """
    client = lock_client_for_write(actor=actor, client=procedure.client)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk, client=client)
    errors: dict[str, list[str]] = {}
    if procedure.ended_on is not None:
        errors["ended_on"] = [
            _("This procedure already ended on %(day)s.") % {"day": day_label(procedure.ended_on)}
        ]
    elif ended_on is None or ended_on < procedure.started_on:
        errors["ended_on"] = [
            _("The procedure started on %(day)s; it cannot end before that.")
            % {"day": day_label(procedure.started_on)}
        ]
    if not (outcome or "").strip():
        errors["outcome"] = [_("Describe the outcome of the procedure.")]
    if errors:
        raise ValidationError(errors)
    procedure.ended_on = ended_on
    procedure.outcome = outcome.strip()
    _full_clean(procedure)
    procedure.save(update_fields=["ended_on", "outcome", "updated_at"])
    _audit(actor, AuditAction.UPDATE, procedure, ["ended_on", "outcome"], client)
    return procedure


# --- escalations -------------------------------------------------------------------------------


def open_escalation(client: Client) -> Escalation | None:
    return client.escalations.filter(status=EscalationStatus.OPEN).order_by("-raised_on").first()


def _new_escalation(*, client: Client, level: str, raised_on: date, reason: str) -> Escalation:
    escalation = Escalation(client=client, level=level, raised_on=raised_on, reason=reason.strip())
    _full_clean(escalation)
    escalation.save()
    return escalation


ESCALATION_FIELDS = ("level", "raised_on", "reason", "status")


@transaction.atomic
def escalation_raise(*, actor: Actor, client: Client, reason: str, raised_on: date) -> Escalation:
    """Escalate a stalled case to the first level above the LSO (the local steering group).

    Guarantees: the client is admitted and has no open escalation (to go higher, escalate that
    one further) (errors on `client`); a `reason` is given (error on `reason`).
    """
    client = lock_client_for_write(actor=actor, client=client)
    require_admitted(client)
    errors: dict[str, list[str]] = {}
    current = open_escalation(client)
    if current is not None:
        errors["client"] = [
            _("The case is already escalated to the %(level)s; escalate that further instead.")
            % {"level": current.get_level_display()}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the case is escalated.")]
    if raised_on is None:
        errors["raised_on"] = [_("Give the date of the escalation.")]
    if errors:
        raise ValidationError(errors)
    escalation = _new_escalation(
        client=client, level=NEXT_ESCALATION_LEVEL[None], raised_on=raised_on, reason=reason
    )
    _audit(actor, AuditAction.CREATE, escalation, ESCALATION_FIELDS, client)
    return escalation


def _lock_open_escalation(
    *, actor: Actor, escalation: Escalation, on: date | None
) -> tuple[Client, Escalation]:
    client = lock_client_for_write(actor=actor, client=escalation.client)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk, client=client)
    if escalation.status != EscalationStatus.OPEN:
        raise _errors_on(
            "status",
            _("This escalation is closed (it is '%(status)s').")
            % {"status": escalation.get_status_display()},
        )
    if on is None or on < escalation.raised_on:
        raise _errors_on(
            "on",
            _("The escalation was raised on %(day)s; this date cannot lie before.")
            % {"day": day_label(escalation.raised_on)},
        )
    return client, escalation


def escalate_further(
    *, actor: Actor, client: Client, escalation: Escalation, on: date, reason: str
) -> Escalation:
    """Close `escalation` as escalated and open the next level (the caller holds the locks and
    has checked that the escalation is open)."""
    next_level = NEXT_ESCALATION_LEVEL[escalation.level]
    errors: dict[str, list[str]] = {}
    if next_level is None:
        errors["level"] = [
            _("The case is already at the highest level (%(level)s).")
            % {"level": escalation.get_level_display()}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the case is escalated.")]
    if errors:
        raise ValidationError(errors)
    escalation.status = EscalationStatus.ESCALATED
    escalation.closed_on = on
    escalation.save(update_fields=["status", "closed_on", "updated_at"])
    _audit(actor, AuditAction.UPDATE, escalation, ["status", "closed_on"], client)
    higher = _new_escalation(client=client, level=next_level, raised_on=on, reason=reason)
    _audit(actor, AuditAction.CREATE, higher, ESCALATION_FIELDS, client)
    return higher


@transaction.atomic
def escalation_escalate(
    *, actor: Actor, escalation: Escalation, on: date, reason: str
) -> Escalation:
    """Take an open escalation one level higher (NEXT_ESCALATION_LEVEL): the current one is
    closed with status `escalated` on `on`, a new open one starts at the next level. Returns the
    new one.

    Guarantees: the escalation was open (error on `status`), `on` is not before it was raised
    (error on `on`), a higher level exists (error on `level`), a `reason` is given.
    """
    client, escalation = _lock_open_escalation(actor=actor, escalation=escalation, on=on)
    return escalate_further(actor=actor, client=client, escalation=escalation, on=on, reason=reason)


@transaction.atomic
def escalation_resolve(
    *, actor: Actor, escalation: Escalation, on: date, outcome: str
) -> Escalation:
    """Close an open escalation as resolved on `on`, with its outcome.

    Guarantees: the escalation was open (error on `status`), `on` is not before it was raised
    (error on `on`), an `outcome` is given (error on `outcome`).
    """
    client, escalation = _lock_open_escalation(actor=actor, escalation=escalation, on=on)
    if not (outcome or "").strip():
        raise _errors_on("outcome", _("Describe how the escalation was resolved."))
    escalation.status = EscalationStatus.RESOLVED
    escalation.closed_on = on
    escalation.outcome = outcome.strip()
    escalation.save(update_fields=["status", "closed_on", "outcome", "updated_at"])
    _audit(actor, AuditAction.UPDATE, escalation, ["status", "closed_on", "outcome"], client)
    return escalation


def decision_actions_problems(
    *, client: Client, actions: list[Mapping], held_on: date
) -> dict[str, list[str]]:
    """Errors of the actions a meeting decision creates, as `actions.<n>.<field>`."""
    errors: dict[str, list[str]] = {}
    if actions and client.status not in ADMITTED_STATUSES:
        errors["actions"] = [
            _("Actions are only agreed for a client in the LVV (status '%(status)s').")
            % {"status": _status_label(client)}
        ]
        return errors
    for index, item in enumerate(actions):
        problems = action_problems(
            client=client,
            description=item.get("description", ""),
            owner=item.get("owner"),
            due_on=item.get("due_on"),
        )
        due_on = item.get("due_on")
        if due_on is not None and due_on < held_on:
            problems.setdefault("due_on", []).append(
                _("The deadline cannot lie before the meeting (%(day)s).")
                % {"day": day_label(held_on)}
            )
        for field, messages in problems.items():
            errors[f"actions.{index}.{field}"] = messages
    return errors
