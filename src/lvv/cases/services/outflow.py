"""Outflow (uitstroom): a client leaves the LVV on a day, for a fine-grained reason.

Recording it is one transaction that
- closes the open placement (end = the day of leaving, reason `outflow`),
- closes the open trajectory (end = the day of leaving),
- cancels the actions still open: nobody works on a file whose client has left, and open
  actions would otherwise stay on the owners' work lists forever; they are kept, marked
  cancelled, so the file still shows what was planned. Completed actions are untouched.
  Procedures (they run at the IND, beyond the LVV) and escalations are left as they are;
- moves the client to `outflow` through `client_transition`;
- writes the Outflow row and an audit event for every row it changed.

If any step fails, nothing changes. The group (durable, semi-durable, none) is never stored
on the outflow: it is derived from the reason's reference data, so regrouping a reason
regroups every outflow with it.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..models import (
    ADMITTED_STATUSES,
    Action,
    ActionStatus,
    Client,
    ClientStatus,
    Outflow,
    OutflowReason,
    Placement,
    PlacementEndReason,
    Trajectory,
)
from .clients import lock_client_for_write
from .placements import day_label
from .trajectory import transition, transition_day_problems
from .versions import claim_version, existing_submission

OUTFLOW_FIELDS = ("left_on", "reason", "note", "municipality")


@transaction.atomic
def outflow_record(
    *,
    actor: Actor,
    client: Client,
    left_on: date,
    reason: OutflowReason,
    note: str = "",
    submission_key: UUID | None = None,
) -> Outflow:
    """Record that an admitted client left the LVV on `left_on` (the first day no longer in
    it), closing the open placement and trajectory and cancelling open actions, atomically.

    Guarantees: the client is admitted (error on `client`); `reason` is an active outflow
    reason (error on `reason`); `left_on` is not in the future, lies after the open placement's
    start and not before the trajectory's start or the current status (errors on `left_on`).
    Nothing is written on error; if any later step fails, nothing is written at all.

    `submission_key` (the one-time key of the form or request, unique in the database) makes
    a repeat harmless: a second submission with the same key returns the outflow the first
    one recorded and writes nothing.
    """
    client = lock_client_for_write(actor=actor, client=client)
    repeated = existing_submission(Outflow, key=submission_key, client=client)
    if repeated is not None:
        return repeated
    errors: dict[str, list[str]] = {}
    if client.status not in ADMITTED_STATUSES:
        errors["client"] = [
            _("Only a client in the LVV can leave it; this client's status is '%(status)s'.")
            % {"status": client.get_status_display()}
        ]
    reason = (
        OutflowReason.objects.filter(pk=getattr(reason, "pk", None), is_active=True).first()
        if reason is not None
        else None
    )
    if reason is None:
        errors["reason"] = [_("Choose the reason for leaving.")]
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("location")
        .filter(client=client, end__isnull=True)
        .first()
    )
    trajectory = (
        Trajectory.objects.select_for_update().filter(client=client, end__isnull=True).first()
    )
    errors.update(
        transition_day_problems(client, left_on, "left_on")
        or _left_on_problems(client, left_on, placement, trajectory)
    )
    if errors:
        raise ValidationError(errors)

    if placement is not None:
        claim_version(placement, None)
        placement.end = left_on
        placement.end_reason = PlacementEndReason.OUTFLOW
        placement.save(update_fields=["end", "end_reason", "updated_at"])
        _audit(actor, AuditAction.UPDATE, placement, ["end", "end_reason"], client)
    if trajectory is not None:
        trajectory.end = left_on
        trajectory.save(update_fields=["end", "updated_at"])
        _audit(actor, AuditAction.UPDATE, trajectory, ["end"], client)
    for action in Action.objects.select_for_update().filter(
        client=client, status=ActionStatus.OPEN
    ):
        action.status = ActionStatus.CANCELLED
        action.save(update_fields=["status", "updated_at"])
        _audit(actor, AuditAction.UPDATE, action, ["status"], client)
    transition(
        actor=actor,
        client=client,
        to_status=ClientStatus.OUTFLOW,
        on=left_on,
        field_names={"on": "left_on"},
    )
    outflow = Outflow(
        client=client,
        municipality_id=client.municipality_id,
        left_on=left_on,
        reason=reason,
        note=(note or "").strip(),
        submission_key=submission_key or None,
    )
    outflow.save()
    _audit(
        actor, AuditAction.CREATE, outflow, ["left_on", "reason", "note", "municipality"], client
    )
    return outflow


def _left_on_problems(
    client: Client, left_on: date, placement: Placement | None, trajectory: Trajectory | None
) -> dict[str, list[str]]:
    problems: list[str] = []
    if placement is not None and left_on <= placement.start:
        problems.append(
            _(
                "The client was placed at %(location)s on %(day)s; the date of leaving is the "
                "day after at the earliest."
            )
            % {"location": placement.location.name, "day": day_label(placement.start)}
        )
    if trajectory is not None and left_on < trajectory.start:
        problems.append(
            _("The trajectory started on %(day)s; the client cannot have left before.")
            % {"day": day_label(trajectory.start)}
        )
    return {"left_on": problems} if problems else {}


def _audit(actor: Actor, action: str, obj, fields, client: Client) -> None:
    audit_record(actor=actor, action=action, obj=obj, changed_fields=list(fields), subject=client)
