"""The one place a client's status changes: `client_transition` enforces ALLOWED_TRANSITIONS.

Other services call it for the steps they own (an intake decision admits or refuses, an
outflow ends the stay), so the table in `models.workflow` is the only rule. The status
buttons on a page and `POST /clients/{uuid}/transition` go through
`client_transition_by_hand`, which refuses the steps that have their own form, so an outflow
is never recorded without its reason, nor an admission without its intake decision.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction

from ..models import ALLOWED_TRANSITIONS, Client, ClientStatus, StatusChange
from .clients import audit_client_write, lock_client_for_write, today

S = ClientStatus
_STATUSES = frozenset(ClientStatus.values)

# Steps recorded through their own service, with what to do instead; keyed by (from, to).
OWN_STEP: dict[tuple[str, str], str] = {
    (S.INTAKE, S.DOSSIER_REQUESTED): gettext_lazy(
        "Decide the intake: admitting requests the dossier."
    ),
    (S.INTAKE, S.REFUSED): gettext_lazy("Decide the intake: refuse it with a reason."),
    # A scenario and a trajectory are records of their own, not only a status.
    (S.REST_PERIOD, S.SCENARIO_AGREED): gettext_lazy("Agree a guidance scenario."),
    (S.SCENARIO_AGREED, S.IN_TRAJECTORY): gettext_lazy("Start the trajectory."),
    (S.OUTFLOW, S.INTAKE): gettext_lazy("Start a new intake."),
    (S.REFUSED, S.INTAKE): gettext_lazy("Start a new intake."),
}
OWN_STEP_TO: dict[str, str] = {
    S.OUTFLOW: gettext_lazy("Record the outflow with its reason."),
}


def _labels(statuses) -> str:
    return ", ".join(f"{ClientStatus(s).label} ({s})" for s in sorted(statuses)) or _("none")


def allowed_next_statuses(client: Client) -> list[str]:
    """The statuses the table allows from the client's current status."""
    return sorted(ALLOWED_TRANSITIONS.get(client.status, frozenset()))


def statuses_by_hand(client: Client) -> list[str]:
    """The allowed next statuses that a plain status button may set."""
    return [
        status
        for status in allowed_next_statuses(client)
        if (client.status, status) not in OWN_STEP and status not in OWN_STEP_TO
    ]


def own_step_hint(client: Client, to_status: str) -> str | None:
    """Why a step needs its own form, or None if a status button may set it."""
    hint = OWN_STEP.get((client.status, to_status)) or OWN_STEP_TO.get(to_status)
    return str(hint) if hint else None


def transition_errors(*, current: str, since: date, to_status: str, on: date) -> dict[str, str]:
    """Why a client in status `current` since `since` cannot move to `to_status` on `on`.

    Empty when the step is allowed: only transitions in ALLOWED_TRANSITIONS (else an error at
    `to_status` naming the statuses allowed from here), `on` neither in the future nor before
    the current status began (error at `on`). Pure: the import checks a whole file with it.
    """
    if to_status not in _STATUSES:
        return {
            "to_status": _("Unknown status. Allowed from here: %(allowed)s.")
            % {"allowed": _labels(ALLOWED_TRANSITIONS.get(current, ()))}
        }
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
    if to_status not in allowed:
        return {
            "to_status": _(
                "A client in status %(current)s cannot move to %(target)s. "
                "Allowed from here: %(allowed)s."
            )
            % {
                "current": ClientStatus(current).label,
                "target": ClientStatus(to_status).label,
                "allowed": _labels(allowed),
            }
        }
    if on > today():
        return {"on": _("This date lies in the future.")}
    if on < since:
        return {
            "on": _("The current status began on %(day)s; a change cannot be earlier.")
            % {"day": since.isoformat()}
        }
    return {}


@transaction.atomic
def client_transition(
    *, actor: Actor, client: Client, to_status: str, on: date | None = None
) -> Client:
    """Move a client to `to_status` on `on` (default today); returns the updated client.

    Guarantees: only transitions in ALLOWED_TRANSITIONS (else an error at `to_status` naming
    the statuses allowed from here); `on` neither before the current status began nor in the
    future (error at `on`); the client row is locked, so two transitions cannot both start
    from the same status. Writes one StatusChange and one audit event (subject = client) in
    the caller's transaction.
    """
    client = lock_client_for_write(actor=actor, client=client)
    on = on or today()
    errors = transition_errors(
        current=client.status, since=client.status_since, to_status=to_status, on=on
    )
    if errors:
        raise ValidationError(errors)
    StatusChange.objects.create(
        client=client,
        from_status=client.status,
        to_status=to_status,
        changed_on=on,
        changed_by=actor.user,
    )
    client.status = to_status
    client.status_since = on
    client.save(update_fields=["status", "status_since", "updated_at"])
    audit_client_write(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=client,
        client=client,
        fields=["status", "status_since"],
    )
    return client


@transaction.atomic
def client_transition_by_hand(
    *, actor: Actor, client: Client, to_status: str, on: date | None = None
) -> Client:
    """A status change asked for directly (status button, `POST .../transition`).

    Guarantees: as `client_transition`, and refuses (error at `to_status`, saying what to do
    instead) the steps that have their own service: intake decisions, a new intake, outflow.
    """
    client = lock_client_for_write(actor=actor, client=client)
    hint = own_step_hint(client, to_status)
    if hint and to_status in ALLOWED_TRANSITIONS.get(client.status, frozenset()):
        raise ValidationError({"to_status": hint})
    return client_transition(actor=actor, client=client, to_status=to_status, on=on)
