"""Computed programme resources over the API: allocations per municipality per year, the
funding overview, deadline warnings, and the bulk extension (preview, then apply)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.roles import Capability

from .. import services
from ..models import AgreementStatus
from ..selectors import (
    agreement_extension_preview,
    agreements_visible_to,
    allocations_visible_to,
    deadline_warnings_visible_to,
    funding_overview_visible_to,
    municipalities_in_programme_of,
)
from . import inputs
from .serializers import (
    AllocationOutputSerializer,
    AmendmentOutputSerializer,
    DeadlineWarningSerializer,
    ExtensionPreviewSerializer,
    FundingOverviewRowSerializer,
)
from .views import ProgrammeBaseViewSet

VIEW = Capability.VIEW_PROGRAMME

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Only this calendar year.")
MUNICIPALITY = OpenApiParameter(
    "municipality", OpenApiTypes.STR, description="CBS code of the municipality, e.g. GM0014."
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Compute as known on this day (decisions dated later left out); default today.",
)


class ComputedQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    municipality = serializers.CharField(required=False, max_length=6)
    as_of = serializers.DateField(required=False)


class ComputedViewSet(ProgrammeBaseViewSet):
    """A list computed by a selector, paginated like any register."""

    filter_backends: list = []

    serializer_class = serializers.Serializer  # each action documents its own shapes

    def get_queryset(self):  # nothing stored to query; the selectors compute
        return []

    def query(self) -> dict:
        serializer = ComputedQuerySerializer(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        params = dict(serializer.validated_data)
        code = params.pop("municipality", None)
        if code is not None:
            municipality = (
                municipalities_in_programme_of(self.actor).filter(cbs_code__iexact=code).first()
            )
            if municipality is None:
                raise serializers.ValidationError(
                    {"municipality": _("No municipality with this CBS code is visible to you.")}
                )
            params["municipality"] = municipality
        return params

    def paginated(self, items, serializer_class) -> Response:
        page = self.paginate_queryset(items)
        return self.get_paginated_response(serializer_class(page, many=True).data)


class AllocationViewSet(ComputedViewSet):
    """The state contribution per municipality per calendar year, computed from the funding
    rules, with the exact shares it is made of."""

    capabilities = {"list": VIEW}

    @extend_schema(
        summary="Allocations per municipality per year",
        description=(
            "Exact shares per rule and year (yearly amount × days/days in year; a fixed "
            "amount × days/days in period), added up per municipality per year and rounded "
            "once to cents, half a cent upwards."
        ),
        parameters=[YEAR, MUNICIPALITY],
        responses=AllocationOutputSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        params = self.query()
        params.pop("as_of", None)
        return self.paginated(
            allocations_visible_to(self.actor, **params), AllocationOutputSerializer
        )


class FundingOverviewViewSet(ComputedViewSet):
    capabilities = {"list": VIEW}

    @extend_schema(
        summary="Budget, committed, contracted and spent per municipality per year",
        parameters=[YEAR, MUNICIPALITY],
        responses=FundingOverviewRowSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        params = self.query()
        params.pop("as_of", None)
        overview = funding_overview_visible_to(self.actor, **params)
        return self.paginated(overview.rows, FundingOverviewRowSerializer)


class DeadlineWarningViewSet(ComputedViewSet):
    """Partner contracts that need a decision before the funding of their next period is
    decided: "decision needed by <date>, otherwise wind-down must start"."""

    capabilities = {"list": VIEW}

    @extend_schema(
        summary="Deadline warnings, soonest first",
        parameters=[AS_OF, MUNICIPALITY],
        responses=DeadlineWarningSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        params = self.query()
        warnings = deadline_warnings_visible_to(self.actor, as_of=params.get("as_of"))
        if "municipality" in params:
            warnings = [w for w in warnings if w.municipality.pk == params["municipality"].pk]
        return self.paginated(warnings, DeadlineWarningSerializer)


class AgreementExtensionViewSet(ComputedViewSet):
    """Extend several agreements to one new end by one decision: preview, then apply."""

    capabilities = {"preview": VIEW, "apply": VIEW}
    manager_actions = frozenset({"preview", "apply"})

    def _agreements(self, data) -> list:
        if data.get("programme") is not None:
            return list(
                agreements_visible_to(self.actor).filter(
                    programme=data["programme"], status=AgreementStatus.IN_FORCE
                )
            )
        return data["agreements"]

    @extend_schema(
        summary="Preview a bulk extension (writes nothing)",
        description=(
            "Per agreement: current and new end, the problem that would stop it (if any) and "
            "the extra state contribution per year. `is_valid` says whether apply would "
            "succeed. An incomplete `funding` is a 400 on `funding.<field>`."
        ),
        request=inputs.ExtensionPreviewInputSerializer,
        responses=ExtensionPreviewSerializer,
    )
    @action(detail=False, methods=["post"])
    def preview(self, request, *args, **kwargs):
        data = self.parse(inputs.ExtensionPreviewInputSerializer)
        preview = agreement_extension_preview(
            agreements=self._agreements(data),
            new_end=data["new_end"],
            funding=data.get("funding") or None,
        )
        if preview.funding_errors:
            raise DjangoValidationError(preview.funding_errors)
        return Response(ExtensionPreviewSerializer(preview).data)

    @extend_schema(
        summary="Apply a bulk extension: all agreements or none",
        description=(
            "Refused as a whole (400 on `agreements`, one message per agreement, naming it) "
            "when any agreement is not in force or would not be extended."
        ),
        request=inputs.ExtensionApplyInputSerializer,
        responses={status.HTTP_201_CREATED: AmendmentOutputSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def apply(self, request, *args, **kwargs):
        data = self.parse(inputs.ExtensionApplyInputSerializer)
        amendments = services.agreements_extend(
            actor=self.actor,
            agreements=self._agreements(data),
            new_end=data["new_end"],
            decision=data["decision"],
            funding=data.get("funding") or None,
        )
        return Response(
            AmendmentOutputSerializer(amendments, many=True).data, status=status.HTTP_201_CREATED
        )
