"""The client itself over the API: list, file, registration and change, and the actions on
one client (status transition, transfer, merge, access log) or before registering one
(duplicate candidates)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ...access import client_sections_for
from ...models import Client
from ...selectors import access_log as access_log_selectors
from ...selectors import clients as selectors
from ...services import clients as client_services
from ...services import merge as merge_services
from ...services import transfers as transfer_services
from ...services import workflow as workflow_services
from ..conflicts import CONFLICT_RESPONSE, ConflictAs409Mixin
from ..filters_clients import ClientFilter
from ..serializers_clients.access_log import AccessLogEventSerializer
from ..serializers_clients.client import ClientOutputSerializer
from ..serializers_clients.client_actions import (
    ClientCreateInputSerializer,
    ClientUpdateInputSerializer,
    DuplicateCandidatesOutputSerializer,
    DuplicateQuerySerializer,
    MergeInputSerializer,
    TransferInputSerializer,
    TransferOutputSerializer,
    TransitionInputSerializer,
)
from .base import KEEP, READ, UUID_PATH, validated_input


@extend_schema_view(
    list=extend_schema(
        summary="List clients",
        description=(
            "Only the clients the caller may see (caseworker: their organisation's and those "
            "placed at its locations; coordinator: their municipality's; chain partner: those "
            "who consented to sharing with it). Chain partners get identity, status and "
            "current location only. Every listing is recorded in the audit trail."
        ),
    ),
    retrieve=extend_schema(
        summary="One client's file",
        description="404 for a client outside your scope. Every reading is recorded.",
        parameters=[UUID_PATH],
    ),
    create=extend_schema(
        summary="Register a client",
        description=(
            "Call `GET /clients/duplicate-candidates` first and show the candidates. "
            "The client starts in status `intake`."
        ),
        request=ClientCreateInputSerializer,
        responses={status.HTTP_201_CREATED: ClientOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change identity, contact details or vulnerabilities",
        description=(
            "Send the `version` you read (optimistic locking): if someone changed the file "
            "since, the answer is 409 Conflict and nothing changes. A saved change raises "
            "the version."
        ),
        parameters=[UUID_PATH],
        request=ClientUpdateInputSerializer,
        responses={status.HTTP_200_OK: ClientOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class ClientViewSet(ConflictAs409Mixin, LvvGenericViewSet):
    capabilities = {
        "list": READ,
        "retrieve": READ,
        "create": KEEP,
        "partial_update": KEEP,
        "transition": KEEP,
        "transfer": KEEP,
        "merge": KEEP,
        "duplicate_candidates": KEEP,
        "access_log": frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_AUDIT}),
    }
    serializer_class = ClientOutputSerializer
    filterset_class = ClientFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Client.objects.none()
        return selectors.with_list_columns(selectors.clients_visible_to(self.actor))

    def _context(self, **extra) -> dict:
        return {"sections": client_sections_for(self.actor), **extra}

    def _detail(self, client: Client, *, code=status.HTTP_200_OK) -> Response:
        household = []
        sections = client_sections_for(self.actor)
        if "household" in sections:
            household = selectors.household_of(actor=self.actor, client=client)
        data = ClientOutputSerializer(
            client, context=self._context(detail=True, household=household)
        ).data
        headers = {}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api:client-detail", kwargs={"uuid": client.uuid})
        return Response(data, status=code, headers=headers)

    def _reread(self, client: Client) -> Client:
        return self.get_queryset().get(pk=client.pk)

    def _visible(self) -> Client:
        try:
            return selectors.client_get_visible(actor=self.actor, uuid=self.kwargs["uuid"])
        except Client.DoesNotExist as missing:
            raise Http404 from missing

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(selectors.clients_listed_by(actor=self.actor))
        page = self.paginate_queryset(queryset)
        data = ClientOutputSerializer(page, many=True, context=self._context()).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        try:
            client = selectors.client_file_for(actor=self.actor, uuid=kwargs["uuid"])
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        return self._detail(client)

    def create(self, request, *args, **kwargs):
        data = validated_input(ClientCreateInputSerializer, request)
        client = client_services.client_create(actor=self.actor, **data)
        return self._detail(self._reread(client), code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        client = self._visible()
        data = validated_input(ClientUpdateInputSerializer, request)
        version = data.pop("version")
        client = client_services.client_update(
            actor=self.actor, client=client, data=data, expected_version=version
        )
        return self._detail(self._reread(client))

    @extend_schema(
        summary="Change the status",
        description=(
            "Only transitions the workflow allows from the current status; an error at "
            "`to_status` names the allowed ones. Steps with their own endpoint (intake "
            "decision, outflow) are refused here."
        ),
        parameters=[UUID_PATH],
        request=TransitionInputSerializer,
        responses=ClientOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, uuid=None):
        client = self._visible()
        data = validated_input(TransitionInputSerializer, request)
        client = workflow_services.client_transition_by_hand(
            actor=self.actor, client=client, **data
        )
        return self._detail(self._reread(client))

    @extend_schema(
        summary="Transfer to another municipality and partner",
        description=(
            "The file follows; history stays. The open placement ends on the transfer date. "
            "Afterwards the sending organisation may no longer see the client."
        ),
        parameters=[UUID_PATH],
        request=TransferInputSerializer,
        responses={status.HTTP_201_CREATED: TransferOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, uuid=None):
        client = self._visible()
        data = validated_input(TransferInputSerializer, request)
        transfer = transfer_services.client_transfer(actor=self.actor, client=client, **data)
        return Response(TransferOutputSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Merge a duplicate record into this one (coordinators)",
        description=(
            "Every related row moves to this client; the duplicate is kept, marked merged, and "
            "disappears from lists. Same municipality only."
        ),
        parameters=[UUID_PATH],
        request=MergeInputSerializer,
        responses=ClientOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, uuid=None):
        survivor = self._visible()
        data = validated_input(MergeInputSerializer, request)
        duplicate = selectors.clients_visible_to(self.actor).filter(uuid=data["duplicate"]).first()
        survivor = merge_services.client_merge(
            actor=self.actor,
            survivor=survivor,
            duplicate=duplicate,
            reason=data.get("reason", ""),
        )
        return self._detail(self._reread(survivor))

    @extend_schema(
        summary="Possible duplicates of a person about to be registered",
        description=(
            "On the V-number; and on family name + date of birth + nationality where one of "
            "the two has no V-number. Only clients you may see; a V-number registered outside "
            "your scope is flagged without details. No parameters: no candidates."
        ),
        parameters=[DuplicateQuerySerializer],
        responses=DuplicateCandidatesOutputSerializer,
    )
    @action(detail=False, methods=["get"], url_path="duplicate-candidates")
    def duplicate_candidates(self, request):
        query = DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = selectors.duplicate_candidates(actor=self.actor, **query.validated_data)
        return Response(DuplicateCandidatesOutputSerializer(result, context=self._context()).data)

    @extend_schema(
        summary="Who accessed this client's file",
        description=(
            "Audit events with the client as data subject, newest first. Coordinators for "
            "clients in their municipality; auditors (privacy officers) for any uuid, without "
            "the file itself. The reading is recorded."
        ),
        parameters=[UUID_PATH],
        responses=AccessLogEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, uuid=None):
        try:
            events = access_log_selectors.client_access_log_for(actor=self.actor, client_uuid=uuid)
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AccessLogEventSerializer(page, many=True).data)
