"""The work list over the API: overdue steps of the clients the caller keeps."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from lvv.accounts.api.base import LvvGenericViewSet

from ...access import client_sections_for
from ...models import Client
from ...selectors.worklists import work_list_for
from ..serializers_clients.client import ClientOutputSerializer
from .base import KEEP


@extend_schema_view(
    list=extend_schema(
        summary="Overdue steps of the clients you keep",
        description=(
            "Clients whose current step is past its deadline (status since + the days of the "
            "municipality's case settings, or the defaults), most overdue first."
        ),
    )
)
class WorkListViewSet(LvvGenericViewSet):
    capabilities = {"list": KEEP}
    serializer_class = ClientOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Client.objects.none()

    def list(self, request, *args, **kwargs):
        work_list = work_list_for(actor=self.actor)
        page = self.paginate_queryset(work_list.clients)
        context = {"sections": client_sections_for(self.actor)}
        return self.get_paginated_response(
            ClientOutputSerializer(page, many=True, context=context).data
        )
