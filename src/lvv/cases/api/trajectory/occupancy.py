"""The occupancy of a location per day over the API, derived from placements."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from ...models import Placement
from ...selectors import occupancy as occupancy_selectors
from ..serializers_trajectory.placements import (
    OccupancyDayOutputSerializer,
    OccupancyQuerySerializer,
)
from .base import LOCATION_UUID, OCCUPANCY, TrajectoryViewSet


@extend_schema_view(
    list=extend_schema(
        summary="Occupancy of a location per day",
        description=(
            "Clients placed and places available on each day of `[start, end)` (`end` "
            "exclusive, at most 366 days), derived from placements. Caseworkers: their own "
            "organisation's locations; coordinators: their municipality's; programme managers "
            "and analysts: all."
        ),
        parameters=[
            LOCATION_UUID,
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Exclusive."),
        ],
        responses=OccupancyDayOutputSerializer(many=True),
    ),
)
class LocationOccupancyViewSet(TrajectoryViewSet):
    capabilities = {"list": OCCUPANCY}
    pagination_class = None
    queryset = Placement.objects.none()

    def list(self, request, *args, **kwargs):
        location = get_object_or_404(
            occupancy_selectors.occupancy_locations_visible_to(self.actor),
            uuid=self.kwargs["location_uuid"],
        )
        query = OccupancyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        days = occupancy_selectors.location_occupancy(location=location, **query.validated_data)
        return Response(OccupancyDayOutputSerializer(days, many=True).data)
