"""The network register over the API: read by everyone who may view the network, written by
functional administrators, and (locations, capacity) by municipal coordinators for their own
municipality. Which role may call which action is declared in `capabilities`; the services
enforce the own-municipality rule, so no endpoint can forget it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from .. import services
from ..models import Location, LocationCapacity, Municipality, Region
from ..selectors import (
    actor_may_manage_locations_in,
    capacity_totals_on,
    location_capacity_history,
    locations_visible_to,
    municipalities_visible_to,
    regions_visible_to,
)
from .filters import LocationFilter, MunicipalityFilter, RegionFilter
from .serializers import (
    LocationCapacityInputSerializer,
    LocationCapacityOutputSerializer,
    LocationInputSerializer,
    LocationOutputSerializer,
    MunicipalityInputSerializer,
    MunicipalityOutputSerializer,
    RegionInputSerializer,
    RegionOutputSerializer,
)

MANAGE_LOCATIONS = frozenset({Capability.MANAGE_NETWORK, Capability.MANAGE_OWN_LOCATIONS})

UUID_PATH = OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)
LOCATION_UUID_PATH = OpenApiParameter(
    "location_uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Uuid of the location."
)


class _RegisterViewSet(LvvGenericViewSet):
    """list / retrieve / create / partial_update, with separate input and output shapes."""

    input_serializer_class: type
    output_serializer_class: type
    detail_route: str

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.input_serializer_class
        return self.output_serializer_class

    def _output(self, obj, *, created: bool = False) -> Response:
        data = self.output_serializer_class(self._reread(obj)).data
        if not created:
            return Response(data)
        url = reverse(self.detail_route, kwargs=self._detail_kwargs(obj))
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": url})

    def _detail_kwargs(self, obj) -> dict:
        return {"uuid": obj.uuid}

    def _reread(self, obj):
        # Answer with the row as the list shows it (annotations and joins included).
        return self.get_queryset().get(pk=obj.pk)

    def _input(self, *, partial: bool = False) -> dict:
        serializer = self.input_serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.output_serializer_class(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.output_serializer_class(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="List municipalities"),
    retrieve=extend_schema(summary="One municipality", parameters=[UUID_PATH]),
    create=extend_schema(
        summary="Add a municipality",
        request=MunicipalityInputSerializer,
        responses={status.HTTP_201_CREATED: MunicipalityOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a municipality",
        parameters=[UUID_PATH],
        request=MunicipalityInputSerializer,
        responses=MunicipalityOutputSerializer,
    ),
)
class MunicipalityViewSet(_RegisterViewSet):
    """Municipalities by CBS code; functional administrators add and change them."""

    capabilities = {
        "list": Capability.VIEW_NETWORK,
        "retrieve": Capability.VIEW_NETWORK,
        "create": Capability.MANAGE_NETWORK,
        "partial_update": Capability.MANAGE_NETWORK,
    }
    input_serializer_class = MunicipalityInputSerializer
    output_serializer_class = MunicipalityOutputSerializer
    filterset_class = MunicipalityFilter
    detail_route = "api:municipality-detail"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Municipality.objects.none()
        return municipalities_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        municipality = services.municipality_create(actor=self.actor, **self._input())
        return self._output(municipality, created=True)

    def partial_update(self, request, *args, **kwargs):
        municipality = services.municipality_update(
            actor=self.actor, municipality=self.get_object(), data=self._input(partial=True)
        )
        return self._output(municipality)


@extend_schema_view(
    list=extend_schema(summary="List LVV regions"),
    retrieve=extend_schema(summary="One LVV region", parameters=[UUID_PATH]),
    create=extend_schema(
        summary="Add an LVV region",
        request=RegionInputSerializer,
        responses={status.HTTP_201_CREATED: RegionOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an LVV region",
        parameters=[UUID_PATH],
        request=RegionInputSerializer,
        responses=RegionOutputSerializer,
    ),
)
class RegionViewSet(_RegisterViewSet):
    """LVV regions: a central municipality and the municipalities it serves."""

    capabilities = {
        "list": Capability.VIEW_NETWORK,
        "retrieve": Capability.VIEW_NETWORK,
        "create": Capability.MANAGE_NETWORK,
        "partial_update": Capability.MANAGE_NETWORK,
    }
    input_serializer_class = RegionInputSerializer
    output_serializer_class = RegionOutputSerializer
    filterset_class = RegionFilter
    detail_route = "api:region-detail"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Region.objects.none()
        return regions_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        region = services.region_create(actor=self.actor, **self._input())
        return self._output(region, created=True)

    def partial_update(self, request, *args, **kwargs):
        region = services.region_update(
            actor=self.actor, region=self.get_object(), data=self._input(partial=True)
        )
        return self._output(region)


@extend_schema_view(
    list=extend_schema(
        summary="List locations",
        description="Each location with its places today (`current_capacity`).",
    ),
    retrieve=extend_schema(summary="One location", parameters=[UUID_PATH]),
    create=extend_schema(
        summary="Open a location",
        description=(
            "Functional administrators anywhere; municipal coordinators in their own "
            "municipality only (403 otherwise)."
        ),
        request=LocationInputSerializer,
        responses={status.HTTP_201_CREATED: LocationOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change or close a location",
        description="Set `end` (exclusive) to close it; capacity may not run past it.",
        parameters=[UUID_PATH],
        request=LocationInputSerializer,
        responses=LocationOutputSerializer,
    ),
)
class LocationViewSet(_RegisterViewSet):
    """Locations where partner organisations give shelter, with their places today."""

    capabilities = {
        "list": Capability.VIEW_NETWORK,
        "retrieve": Capability.VIEW_NETWORK,
        "create": MANAGE_LOCATIONS,
        "partial_update": MANAGE_LOCATIONS,
    }
    input_serializer_class = LocationInputSerializer
    output_serializer_class = LocationOutputSerializer
    filterset_class = LocationFilter
    detail_route = "api:location-detail"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Location.objects.none()
        return capacity_totals_on(timezone.localdate(), locations_visible_to(self.actor))

    def create(self, request, *args, **kwargs):
        location = services.location_create(actor=self.actor, **self._input())
        return self._output(location, created=True)

    def partial_update(self, request, *args, **kwargs):
        location = services.location_update(
            actor=self.actor, location=self.get_object(), data=self._input(partial=True)
        )
        return self._output(location)


@extend_schema_view(
    list=extend_schema(summary="Capacity periods of a location", parameters=[LOCATION_UUID_PATH]),
    retrieve=extend_schema(
        summary="One capacity period", parameters=[LOCATION_UUID_PATH, UUID_PATH]
    ),
    create=extend_schema(
        summary="Add a capacity period",
        description=(
            "Periods of one location may not overlap and must lie inside the location's open "
            "period. `end` is exclusive."
        ),
        parameters=[LOCATION_UUID_PATH],
        request=LocationCapacityInputSerializer,
        responses={status.HTTP_201_CREATED: LocationCapacityOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a capacity period",
        parameters=[LOCATION_UUID_PATH, UUID_PATH],
        request=LocationCapacityInputSerializer,
        responses=LocationCapacityOutputSerializer,
    ),
)
class LocationCapacityViewSet(_RegisterViewSet):
    """The capacity periods of one location (`end` exclusive)."""

    capabilities = {
        "list": Capability.VIEW_NETWORK,
        "retrieve": Capability.VIEW_NETWORK,
        "create": MANAGE_LOCATIONS,
        "partial_update": MANAGE_LOCATIONS,
    }
    input_serializer_class = LocationCapacityInputSerializer
    output_serializer_class = LocationCapacityOutputSerializer
    detail_route = "api:location-capacity-detail"

    def get_location(self) -> Location:
        if not hasattr(self, "_location"):
            self._location = get_object_or_404(
                locations_visible_to(self.actor), uuid=self.kwargs["location_uuid"]
            )
        return self._location

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LocationCapacity.objects.none()
        return location_capacity_history(self.get_location()).select_related("location")

    def _detail_kwargs(self, obj) -> dict:
        return {"location_uuid": obj.location.uuid, "uuid": obj.uuid}

    def create(self, request, *args, **kwargs):
        location = self.get_location()
        if not actor_may_manage_locations_in(self.actor, location.municipality):
            # Refused before the body is read: another municipality's location is a 403, not a
            # 400 that would let the caller probe the rules (the service checks the same).
            raise PermissionDenied(
                _("You may only change locations and capacity in your own municipality.")
            )
        capacity = services.location_capacity_add(
            actor=self.actor, location=location, **self._input()
        )
        return self._output(capacity, created=True)

    def partial_update(self, request, *args, **kwargs):
        capacity = services.location_capacity_update(
            actor=self.actor, capacity=self.get_object(), data=self._input(partial=True)
        )
        return self._output(capacity)
