"""A client's journal over the API: list, add, correct."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...models import JournalEntry
from ...selectors import clients as selectors
from ...services import journal as journal_services
from ..serializers_clients.journal import (
    JournalCorrectionInputSerializer,
    JournalEntryInputSerializer,
    JournalEntryOutputSerializer,
)
from .base import CLIENT_UUID_PATH, KEEP, UUID_PATH, ClientScopedViewSet, validated_input


@extend_schema_view(
    list=extend_schema(summary="The client's journal, newest first", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Add a journal entry",
        parameters=[CLIENT_UUID_PATH],
        request=JournalEntryInputSerializer,
        responses={status.HTTP_201_CREATED: JournalEntryOutputSerializer},
    ),
)
class JournalViewSet(ClientScopedViewSet):
    """Entries are never changed or deleted; `correct` adds a new entry pointing to the old."""

    capabilities = {"list": KEEP, "create": KEEP, "correct": KEEP}
    serializer_class = JournalEntryOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JournalEntry.objects.none()
        return selectors.journal_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.journal_of(client))
        return self.get_paginated_response(JournalEntryOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()  # scope first: a foreign client is a 404, whatever the body
        data = validated_input(JournalEntryInputSerializer, request)
        entry = journal_services.journal_entry_add(actor=self.actor, client=client, **data)
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(JournalEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a journal entry",
        description="Adds a correction pointing to the entry; the entry itself stays unchanged.",
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=JournalCorrectionInputSerializer,
        responses={status.HTTP_201_CREATED: JournalEntryOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, client_uuid=None, uuid=None):
        entry = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = validated_input(JournalCorrectionInputSerializer, request)
        correction = journal_services.journal_entry_correct(actor=self.actor, entry=entry, **data)
        correction = self.get_queryset().get(pk=correction.pk)
        return Response(
            JournalEntryOutputSerializer(correction).data, status=status.HTTP_201_CREATED
        )
