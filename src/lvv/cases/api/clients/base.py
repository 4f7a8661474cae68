"""What the client register's viewsets share: who may read and keep files, the path
parameters, input parsing, and the client of a nested URL found through the gate."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ...models import Client
from ...selectors import clients as selectors

KEEP = Capability.VIEW_CLIENT_FILES
READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})

UUID_PATH = OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)
CLIENT_UUID_PATH = OpenApiParameter(
    "client_uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Uuid of the client."
)


def validated_input(serializer_class, request, **context) -> dict:
    """The request body validated by `serializer_class`; invalid input is a 400."""
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ClientScopedViewSet(LvvGenericViewSet):
    """Views under /clients/{client_uuid}/...: the client is found through the gate."""

    def get_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_get_visible(
                    actor=self.actor, uuid=self.kwargs["client_uuid"]
                )
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client

    def read_client(self) -> Client:
        """For a GET that shows part of the file: the reading is recorded."""
        try:
            self._client = selectors.client_file_for(
                actor=self.actor, uuid=self.kwargs["client_uuid"]
            )
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        return self._client
