"""A client's actions, procedures and escalations over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from ...models import Action, Escalation, Procedure
from ...selectors import trajectory as trajectory_selectors
from ...services import trajectory as trajectory_services
from ..filters_trajectory import ActionFilter
from ..serializers_trajectory.actions import (
    ActionCompleteInputSerializer,
    ActionInputSerializer,
    ActionOutputSerializer,
    EscalationEscalateInputSerializer,
    EscalationOutputSerializer,
    EscalationRaiseInputSerializer,
    EscalationResolveInputSerializer,
    ProcedureEndInputSerializer,
    ProcedureInputSerializer,
    ProcedureOutputSerializer,
)
from .base import (
    READ,
    WRITE,
    ClientPartViewSet,
    client_part_create_schema,
    client_part_item_schema,
    client_part_list_schema,
)


@extend_schema_view(
    list=client_part_list_schema("Actions of a client", ActionOutputSerializer),
    create=client_part_create_schema(
        "Add an action", ActionInputSerializer, ActionOutputSerializer
    ),
    complete=client_part_item_schema(
        "Complete an action",
        ActionCompleteInputSerializer,
        ActionOutputSerializer,
        description=(
            "Caseworkers and coordinators for any action of a client in their scope; a chain "
            "partner for an action its own organisation owns."
        ),
    ),
    cancel=client_part_item_schema("Cancel an action", None, ActionOutputSerializer),
)
class ClientActionViewSet(ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "complete": READ, "cancel": WRITE}
    filterset_class = ActionFilter
    queryset = Action.objects.none()

    def get_action(self) -> Action:
        return trajectory_selectors.action_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )

    def list(self, request, *args, **kwargs):
        actions = trajectory_selectors.client_actions(actor=self.actor, client=self.get_client())
        return self._list(ActionOutputSerializer, actions)

    def create(self, request, *args, **kwargs):
        created = trajectory_services.action_create(
            actor=self.actor, client=self.get_client(), **self._input(ActionInputSerializer)
        )
        return self._render(ActionOutputSerializer, created, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        completed = trajectory_services.action_complete(
            actor=self.actor, action=self.get_action(), **self._input(ActionCompleteInputSerializer)
        )
        return self._render(ActionOutputSerializer, completed)

    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        cancelled = trajectory_services.action_cancel(actor=self.actor, action=self.get_action())
        return self._render(ActionOutputSerializer, cancelled)


@extend_schema_view(
    list=client_part_list_schema("Procedures of a client", ProcedureOutputSerializer),
    create=client_part_create_schema(
        "Record a procedure started", ProcedureInputSerializer, ProcedureOutputSerializer
    ),
    end=client_part_item_schema(
        "Record the end of a procedure, with its outcome",
        ProcedureEndInputSerializer,
        ProcedureOutputSerializer,
    ),
)
class ClientProcedureViewSet(ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "end": WRITE}
    queryset = Procedure.objects.none()

    def list(self, request, *args, **kwargs):
        procedures = trajectory_selectors.client_procedures(
            actor=self.actor, client=self.get_client()
        )
        return self._list(ProcedureOutputSerializer, procedures)

    def create(self, request, *args, **kwargs):
        procedure = trajectory_services.procedure_start(
            actor=self.actor, client=self.get_client(), **self._input(ProcedureInputSerializer)
        )
        return self._render(ProcedureOutputSerializer, procedure, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        procedure = trajectory_selectors.procedure_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )
        procedure = trajectory_services.procedure_end(
            actor=self.actor, procedure=procedure, **self._input(ProcedureEndInputSerializer)
        )
        return self._render(ProcedureOutputSerializer, procedure)


@extend_schema_view(
    list=client_part_list_schema(
        "Escalations of a client (every level, with its status)", EscalationOutputSerializer
    ),
    create=client_part_create_schema(
        "Escalate a stalled case to the local steering group",
        EscalationRaiseInputSerializer,
        EscalationOutputSerializer,
    ),
    escalate=client_part_item_schema(
        "Escalate one level higher",
        EscalationEscalateInputSerializer,
        {status.HTTP_201_CREATED: EscalationOutputSerializer},
        description="Closes this escalation as `escalated` and answers with the new, higher one.",
    ),
    resolve=client_part_item_schema(
        "Resolve an escalation", EscalationResolveInputSerializer, EscalationOutputSerializer
    ),
)
class ClientEscalationViewSet(ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "escalate": WRITE, "resolve": WRITE}
    queryset = Escalation.objects.none()

    def get_escalation(self) -> Escalation:
        return trajectory_selectors.escalation_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )

    def list(self, request, *args, **kwargs):
        escalations = trajectory_selectors.client_escalations(
            actor=self.actor, client=self.get_client()
        )
        return self._list(EscalationOutputSerializer, escalations)

    def create(self, request, *args, **kwargs):
        escalation = trajectory_services.escalation_raise(
            actor=self.actor,
            client=self.get_client(),
            **self._input(EscalationRaiseInputSerializer),
        )
        return self._render(EscalationOutputSerializer, escalation, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def escalate(self, request, *args, **kwargs):
        higher = trajectory_services.escalation_escalate(
            actor=self.actor,
            escalation=self.get_escalation(),
            **self._input(EscalationEscalateInputSerializer),
        )
        return self._render(EscalationOutputSerializer, higher, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        resolved = trajectory_services.escalation_resolve(
            actor=self.actor,
            escalation=self.get_escalation(),
            **self._input(EscalationResolveInputSerializer),
        )
        return self._render(EscalationOutputSerializer, resolved)
