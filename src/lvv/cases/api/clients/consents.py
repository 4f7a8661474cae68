"""A client's consents over the API: list, record, withdraw."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...models import Consent
from ...selectors import clients as selectors
from ...services import consent as consent_services
from ..serializers_clients.consents import (
    ConsentInputSerializer,
    ConsentOutputSerializer,
    ConsentWithdrawInputSerializer,
)
from .base import CLIENT_UUID_PATH, KEEP, UUID_PATH, ClientScopedViewSet, validated_input


@extend_schema_view(
    list=extend_schema(summary="The client's consents", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Record a consent",
        description=(
            "Sharing with a chain partner names the recipient; the partner sees the client from "
            "`given_on` on. One consent per purpose and recipient in force at a time."
        ),
        parameters=[CLIENT_UUID_PATH],
        request=ConsentInputSerializer,
        responses={status.HTTP_201_CREATED: ConsentOutputSerializer},
    ),
)
class ConsentViewSet(ClientScopedViewSet):
    capabilities = {"list": KEEP, "create": KEEP, "withdraw": KEEP}
    serializer_class = ConsentOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consent.objects.none()
        return selectors.consents_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.consents_of(client))
        return self.get_paginated_response(ConsentOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()  # scope first: a foreign client is a 404, whatever the body
        data = validated_input(ConsentInputSerializer, request)
        consent = consent_services.consent_give(actor=self.actor, client=client, **data)
        consent = self.get_queryset().get(pk=consent.pk)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw a consent",
        description="Out of force from `withdrawn_on` (default today): at once for the partner.",
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=ConsentWithdrawInputSerializer,
        responses=ConsentOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, client_uuid=None, uuid=None):
        consent = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = validated_input(ConsentWithdrawInputSerializer, request)
        consent = consent_services.consent_withdraw(actor=self.actor, consent=consent, **data)
        return Response(ConsentOutputSerializer(self.get_queryset().get(pk=consent.pk)).data)
