"""The caller (`/me`) and the organisation register (`/organisations`)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from .. import services
from ..models import Organisation
from ..roles import Capability
from ..selectors import organisations_visible_to
from .base import LvvGenericViewSet
from .filters import OrganisationFilter
from .serializers import (
    MeOutputSerializer,
    OrganisationInputSerializer,
    OrganisationOutputSerializer,
)


class MeViewSet(LvvGenericViewSet):
    """Who is calling, in which membership, and what that membership may do."""

    capabilities = {"retrieve": None}
    serializer_class = MeOutputSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(operation_id="me_retrieve", responses=MeOutputSerializer)
    def retrieve(self, request, *args, **kwargs):
        return Response(MeOutputSerializer(self.actor).data)


class OrganisationViewSet(LvvGenericViewSet):
    """The organisation register: every member reads it, a functional administrator adds to it."""

    capabilities = {
        "list": None,
        "retrieve": None,
        "create": Capability.MANAGE_NETWORK,
    }
    serializer_class = OrganisationOutputSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return Organisation.objects.none()
        return organisations_visible_to(self.actor)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(OrganisationOutputSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(OrganisationOutputSerializer(self.get_object()).data)

    @extend_schema(
        request=OrganisationInputSerializer,
        responses={status.HTTP_201_CREATED: OrganisationOutputSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = OrganisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.organisation_create(actor=self.actor, **serializer.validated_data)
        location = reverse("api:organisation-detail", kwargs={"uuid": organisation.uuid})
        return Response(
            OrganisationOutputSerializer(organisation).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )
