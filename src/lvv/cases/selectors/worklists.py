"""Work lists: which steps are overdue, for a caseworker's and a coordinator's clients.

A step's deadline is `status_since` plus the days `STEP_DEADLINES` names for the status, read
from the municipality's `CaseSettings` (or `DEFAULT_CASE_SETTINGS` for a municipality without
a row). It is computed in SQL (a join on the settings and date arithmetic), so a list can be
filtered and ordered on it without reading every client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..access import may_write_client_files
from ..models import DEFAULT_CASE_SETTINGS, STEP_DEADLINES, Action, ActionStatus, Client

ONE_DAY = timedelta(days=1)


def _deadline_days() -> Case:
    """Days allowed for the current step: the municipality's setting, else the default."""
    whens = [
        When(
            status=status,
            then=Coalesce(
                F(f"municipality__case_settings__{setting}"),
                Value(getattr(DEFAULT_CASE_SETTINGS, setting)),
            ),
        )
        for status, setting in STEP_DEADLINES.items()
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def with_step_deadlines(queryset: QuerySet[Client], *, on: date | None = None) -> QuerySet[Client]:
    """Annotate `step_deadline_days`, `step_due_on` (None for steps without a deadline) and
    `is_overdue` (the due day lies before `on`, default today)."""
    on = on or timezone.localdate()
    due = Cast(
        ExpressionWrapper(
            F("status_since")
            + ExpressionWrapper(
                Value(ONE_DAY) * F("step_deadline_days"), output_field=DurationField()
            ),
            output_field=DateField(),
        ),
        DateField(),
    )
    return (
        queryset.annotate(step_deadline_days=_deadline_days())
        .annotate(step_due_on=due)
        .annotate(
            is_overdue=Case(
                When(step_due_on__lt=on, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def overdue_only(queryset: QuerySet[Client]) -> QuerySet[Client]:
    """Narrow an annotated queryset (see `with_step_deadlines`) to overdue steps."""
    return queryset.filter(is_overdue=True)


@dataclass
class WorkList:
    on: date
    clients: QuerySet[Client]  # overdue steps, most overdue first
    actions: QuerySet[Action]  # open actions past their due day


def work_list_for(*, actor: Actor, on: date | None = None) -> WorkList:
    """The overdue steps of the clients the actor keeps files of (a caseworker: their
    organisation's; a coordinator: their municipality's), most overdue first, with the open
    actions on those clients past their due day. Recorded as a listing of clients.

    Roles that do not keep files get empty lists (pages and the API refuse them earlier).
    """
    from .clients import clients_visible_to, with_list_columns

    on = on or timezone.localdate()
    if not may_write_client_files(actor):
        return WorkList(on=on, clients=Client.objects.none(), actions=Action.objects.none())
    audit_record(actor=actor, action=AuditAction.LIST, object_type="cases.client")
    visible = clients_visible_to(actor)
    clients = overdue_only(with_list_columns(visible, on=on)).order_by(
        "step_due_on", "family_name", "pk"
    )
    actions = (
        Action.objects.filter(
            Q(client__in=visible.values("pk")), status=ActionStatus.OPEN, due_on__lt=on
        )
        .select_related("client", "owner")
        .order_by("due_on", "pk")
    )
    return WorkList(on=on, clients=clients, actions=actions)
