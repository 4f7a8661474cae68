"""The audit trail over the API: list, one event, verify the chain. Auditors only."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ..models import AuditEvent
from ..selectors import audit_chain_verify, audit_event_read_by, audit_events_listed_by
from .filters import AuditEventFilter
from .serializers import AuditEventSerializer, ChainVerificationSerializer

SEQUENCE_PARAMETER = OpenApiParameter(
    "sequence",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=(
        "The event's sequence number in the chain. Audit events have no uuid: the sequence "
        "number is their stable public identifier."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary="List audit events, newest first",
        description="Listing the trail is itself recorded in the trail (action `list`).",
    ),
    retrieve=extend_schema(
        summary="One audit event",
        description="Reading an event is itself recorded in the trail (action `read`).",
        parameters=[SEQUENCE_PARAMETER],
    ),
)
class AuditEventViewSet(LvvGenericViewSet):
    # Events have no uuid; the sequence number identifies them. Bounded to 18 digits so a
    # huge number is a 404, not a database overflow.
    lookup_field = "sequence"
    lookup_value_regex = "[1-9][0-9]{0,17}"
    queryset = AuditEvent.objects.none()  # for the schema; requests go through the selectors
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    capabilities = {
        "list": Capability.VIEW_AUDIT,
        "retrieve": Capability.VIEW_AUDIT,
        "verify": Capability.VIEW_AUDIT,
    }

    def list(self, request):
        events = self.filter_queryset(audit_events_listed_by(actor=self.actor))
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    def retrieve(self, request, sequence: str):
        try:
            event = audit_event_read_by(actor=self.actor, sequence=int(sequence))
        except AuditEvent.DoesNotExist as missing:
            raise Http404 from missing
        return Response(AuditEventSerializer(event).data)

    @extend_schema(
        summary="Verify the hash chain",
        description=(
            "Recomputes every link of the chain and reports the first broken one. "
            "Answers 200 whether or not the chain is intact; see `ok`."
        ),
        request=None,
        responses=ChainVerificationSerializer,
    )
    @action(detail=False, methods=["post"])
    def verify(self, request):
        result = audit_chain_verify()
        data = {
            "ok": result.ok,
            "checked": result.checked,
            "broken_at": result.broken_at,
            "reason": result.reason,
        }
        return Response(ChainVerificationSerializer(data).data)
