"""What the trajectory's viewsets share: the capabilities that read and write, the path
parameters, input parsing and output shaping for the caller, and the client of a nested URL
found through the gate."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ...selectors import trajectory as trajectory_selectors
from ..serializers_trajectory.shapes import output_serializer_for

READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})
WRITE = Capability.VIEW_CLIENT_FILES
OCCUPANCY = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_MONITOR})

UUID_REGEX = "[0-9a-f-]{36}"
CLIENT_PREFIX = rf"clients/(?P<client_uuid>{UUID_REGEX})"


def _path(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)


CLIENT_UUID = _path("client_uuid", "Uuid of the client.")
UUID = _path("uuid", "Uuid of the object.")
MEETING_UUID = _path("meeting_uuid", "Uuid of the case meeting.")
DISCUSSION_UUID = _path("discussion_uuid", "Uuid of the client discussed.")
LOCATION_UUID = _path("location_uuid", "Uuid of the location.")


# The schema of the operations every part of a client's file has, under
# /clients/{client_uuid}/<part>: a list, a create, and actions on one item of the part.


def client_part_list_schema(summary: str, output: type):
    """`list`: a page of `output`."""
    return extend_schema(summary=summary, parameters=[CLIENT_UUID], responses=output(many=True))


def client_part_create_schema(summary: str, request: type, output: type, *, description=None):
    """A create (or another collection action such as `start`): `request` in, 201 `output`."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[CLIENT_UUID],
        request=request,
        responses={status.HTTP_201_CREATED: output},
    )


def client_part_item_schema(summary: str, request, responses, *, description=None):
    """An action on one item of the part (`.../{uuid}/<action>`)."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[CLIENT_UUID, UUID],
        request=request,
        responses=responses,
    )


class TrajectoryViewSet(LvvGenericViewSet):
    """Shared plumbing: parse input, shape output for the caller, list with pagination."""

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _shape(self, full: type) -> type:
        return output_serializer_for(self.actor, full)

    def _render(self, full: type, obj, *, code=status.HTTP_200_OK, location: str = "") -> Response:
        headers = {"Location": location} if location else None
        return Response(self._shape(full)(obj).data, status=code, headers=headers)

    def _list(self, full: type, queryset) -> Response:
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(self._shape(full)(page, many=True).data)


class ClientPartViewSet(TrajectoryViewSet):
    """A part of one client's file, under /clients/{client_uuid}/..."""

    def get_client(self):
        if not hasattr(self, "_client"):
            self._client = trajectory_selectors.client_in_scope(
                self.actor, self.kwargs["client_uuid"]
            )
        return self._client
