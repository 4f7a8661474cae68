"""A client's intakes over the API: list, record, decide."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...models import Intake
from ...selectors import clients as selectors
from ...services import intake as intake_services
from ..serializers_clients.intakes import (
    IntakeDecideInputSerializer,
    IntakeInputSerializer,
    IntakeOutputSerializer,
)
from .base import CLIENT_UUID_PATH, KEEP, UUID_PATH, ClientScopedViewSet, validated_input


@extend_schema_view(
    list=extend_schema(summary="The client's intakes", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Record an intake",
        description=(
            "One answer for every active admission criterion of the client's municipality "
            "(national ones and its own), the exclusion grounds found, and optionally the "
            "decision at once. With a `submission_key`, a repeated request creates no second "
            "intake and answers with the first."
        ),
        parameters=[CLIENT_UUID_PATH],
        request=IntakeInputSerializer,
        responses={status.HTTP_201_CREATED: IntakeOutputSerializer},
    ),
)
class IntakeViewSet(ClientScopedViewSet):
    capabilities = {"list": KEEP, "create": KEEP, "decide": KEEP}
    serializer_class = IntakeOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Intake.objects.none()
        return selectors.intakes_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.intakes_of(client))
        return self.get_paginated_response(IntakeOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()
        data = validated_input(IntakeInputSerializer, request, municipality=client.municipality)
        intake = intake_services.intake_create(actor=self.actor, client=client, **data)
        intake = self.get_queryset().get(pk=intake.pk)
        return Response(IntakeOutputSerializer(intake).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide an intake",
        description=(
            "Admitted moves the client to `dossier_requested`, refused to `refused`; referred "
            "(driehoeksoverleg) keeps the intake open for a later decision. A reason is required."
        ),
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=IntakeDecideInputSerializer,
        responses=IntakeOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, client_uuid=None, uuid=None):
        intake = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = validated_input(IntakeDecideInputSerializer, request)
        intake = intake_services.intake_decide(
            actor=self.actor,
            intake=intake,
            decision=data["decision"],
            reason=data["decision_reason"],
            decided_on=data.get("decided_on"),
        )
        return Response(IntakeOutputSerializer(self.get_queryset().get(pk=intake.pk)).data)
