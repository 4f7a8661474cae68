"""Placements over the API: a client's placements, one placement and its end, and a move to
another location."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from ...models import Placement
from ...selectors import placements as placement_selectors
from ...services import placements as placement_services
from ..conflicts import CONFLICT_RESPONSE, ConflictAs409Mixin
from ..filters_trajectory import PlacementFilter
from ..serializers_trajectory.placements import (
    PlacementEndInputSerializer,
    PlacementMoveInputSerializer,
    PlacementOutputSerializer,
    PlacementStartInputSerializer,
)
from .base import (
    CLIENT_UUID,
    READ,
    UUID,
    WRITE,
    ClientPartViewSet,
    TrajectoryViewSet,
    client_part_create_schema,
    client_part_list_schema,
)


@extend_schema_view(
    list=client_part_list_schema("Placements of a client", PlacementOutputSerializer),
    create=client_part_create_schema(
        "Place a client at a location",
        PlacementStartInputSerializer,
        PlacementOutputSerializer,
        description=(
            "Refused (400 on `location`, stating occupancy and capacity) when the location is "
            "full on the start day, unless a municipal coordinator gives `override_reason`."
        ),
    ),
)
class ClientPlacementViewSet(ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    filterset_class = PlacementFilter
    queryset = Placement.objects.none()

    def list(self, request, *args, **kwargs):
        placements = placement_selectors.client_placements(
            actor=self.actor, client=self.get_client()
        )
        return self._list(PlacementOutputSerializer, placements)

    def create(self, request, *args, **kwargs):
        placement = placement_services.placement_start(
            actor=self.actor, client=self.get_client(), **self._input(PlacementStartInputSerializer)
        )
        location = reverse("api:placement-detail", kwargs={"uuid": placement.uuid})
        return self._render(
            PlacementOutputSerializer, placement, code=status.HTTP_201_CREATED, location=location
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="One placement", parameters=[UUID], responses=PlacementOutputSerializer
    ),
    end=extend_schema(
        summary="End a placement",
        description=(
            "`end` is exclusive: the first day the client is no longer there. Send the "
            "placement's `version` as you read it: if it changed since, 409 Conflict."
        ),
        parameters=[UUID],
        request=PlacementEndInputSerializer,
        responses={status.HTTP_200_OK: PlacementOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class PlacementViewSet(ConflictAs409Mixin, TrajectoryViewSet):
    capabilities = {"retrieve": READ, "end": WRITE}
    queryset = Placement.objects.none()

    def get_placement(self) -> Placement:
        return placement_selectors.placement_visible_to(self.actor, self.kwargs["uuid"])

    def retrieve(self, request, *args, **kwargs):
        placement = self.get_placement()
        placement_selectors.audit_section_read(self.actor, placement.client, "cases.placement")
        return self._render(PlacementOutputSerializer, placement)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        placement = self.get_placement()  # out of scope: 404 before the input is read
        data = self._input(PlacementEndInputSerializer)
        placement = placement_services.placement_end(
            actor=self.actor,
            placement=placement,
            expected_version=data.pop("version"),
            **data,
        )
        return self._render(PlacementOutputSerializer, placement)


@extend_schema_view(
    create=extend_schema(
        summary="Move a client to another location",
        description=(
            "Ends the open placement on `on` and starts one at `to_location` on the same day, "
            "atomically. Answers with the new placement. With `placement` and `version` (the "
            "open placement as you read it), 409 Conflict when another placement is open now "
            "or that one changed since."
        ),
        parameters=[CLIENT_UUID],
        request=PlacementMoveInputSerializer,
        responses={status.HTTP_201_CREATED: PlacementOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class ClientMoveViewSet(ConflictAs409Mixin, ClientPartViewSet):
    capabilities = {"create": WRITE}
    queryset = Placement.objects.none()

    def create(self, request, *args, **kwargs):
        client = self.get_client()
        data = self._input(PlacementMoveInputSerializer)
        if "placement" in data:
            seen = placement_selectors.placement_of_client(client, data.pop("placement"))
            if seen is None:
                raise ValidationError({"placement": _("This is not a placement of the client.")})
            data["expected_placement"] = seen
            data["expected_version"] = data.pop("version")
        placement = placement_services.placement_move(actor=self.actor, client=client, **data)
        location = reverse("api:placement-detail", kwargs={"uuid": placement.uuid})
        return self._render(
            PlacementOutputSerializer, placement, code=status.HTTP_201_CREATED, location=location
        )
