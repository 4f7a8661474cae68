"""The programme registers over the API: decisions, programmes, agreements (with their actions),
funding rules, spending, partner contracts and the network plan.

Every action needs VIEW_PROGRAMME (`capabilities`); writing actions are also listed in
`manager_actions` (programme managers) or `municipal_actions` (a municipality's coordinators),
and the services check again, including the municipality of the row itself.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.api.permissions import HasCapability, HasMembership
from lvv.accounts.roles import Capability

from .. import services
from ..models import (
    Agreement,
    AgreementStatus,
    Decision,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    Programme,
    SpendingRecord,
)
from ..selectors import (
    agreement_allocations,
    agreement_wind_down,
    agreements_visible_to,
    decisions_visible_to,
    funding_rules_visible_to,
    partner_contracts_visible_to,
    planned_lvvs_visible_to,
    programmes_visible_to,
    spending_visible_to,
)
from . import inputs
from .filters import (
    AgreementFilter,
    DecisionFilter,
    FundingRuleFilter,
    PartnerContractFilter,
    PlannedLvvFilter,
    SpendingFilter,
)
from .permissions import ProgrammeWritePermission
from .serializers import (
    AgreementDetailSerializer,
    AgreementOutputSerializer,
    AmendmentOutputSerializer,
    FundingRuleOutputSerializer,
    PartnerContractOutputSerializer,
    PlannedLvvOutputSerializer,
    ProgrammeDecisionOutputSerializer,
    ProgrammeOutputSerializer,
    SpendingOutputSerializer,
    WindDownSerializer,
)

VIEW = Capability.VIEW_PROGRAMME
UUID_PATH = OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)


class ProgrammeBaseViewSet(LvvGenericViewSet):
    """The actor in the serializer context, input parsing, and the write permission."""

    permission_classes = [HasMembership, HasCapability, ProgrammeWritePermission]
    manager_actions: frozenset[str] = frozenset()
    municipal_actions: frozenset[str] = frozenset()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ProgrammeViewSet(ProgrammeBaseViewSet):
    """list / retrieve / create / partial_update with separate input and output shapes."""

    model: type
    input_serializer_class: type
    output_serializer_class: type
    detail_route: str

    def visible(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.visible()

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.input_serializer_class
        return self.output_serializer_class

    def output(self, obj, *, created: bool = False) -> Response:
        data = self.output_serializer_class(self.get_queryset().get(pk=obj.pk)).data
        if not created:
            return Response(data)
        url = reverse(self.detail_route, kwargs={"uuid": obj.uuid})
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": url})

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.output_serializer_class(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.output_serializer_class(self.get_object()).data)


def _crud_schema(noun: str, input_serializer, output_serializer, **extra):
    schemas = {
        "list": extend_schema(summary=f"List {noun}s"),
        "retrieve": extend_schema(summary=f"One {noun}", parameters=[UUID_PATH]),
        "create": extend_schema(
            summary=f"Add a {noun}",
            request=input_serializer,
            responses={status.HTTP_201_CREATED: output_serializer},
        ),
        "partial_update": extend_schema(
            summary=f"Change a {noun}",
            parameters=[UUID_PATH],
            request=input_serializer,
            responses=output_serializer,
        ),
    }
    return extend_schema_view(**{**schemas, **extra})


CRUD_VIEW = {"list": VIEW, "retrieve": VIEW, "create": VIEW, "partial_update": VIEW}


@_crud_schema(
    "decision", inputs.ProgrammeDecisionInputSerializer, ProgrammeDecisionOutputSerializer
)
class DecisionViewSet(ProgrammeViewSet):
    """The register of letters, agreements and decisions (public documents)."""

    capabilities = CRUD_VIEW
    manager_actions = frozenset({"create", "partial_update"})
    model = Decision
    input_serializer_class = inputs.ProgrammeDecisionInputSerializer
    output_serializer_class = ProgrammeDecisionOutputSerializer
    filterset_class = DecisionFilter
    detail_route = "api:decision-detail"

    def visible(self):
        return decisions_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        decision = services.decision_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(decision, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        decision = services.decision_update(actor=self.actor, decision=self.get_object(), data=data)
        return self.output(decision)


@_crud_schema("programme", inputs.ProgrammeInputSerializer, ProgrammeOutputSerializer)
class ProgrammeRegisterViewSet(ProgrammeViewSet):
    """Programmes: groups of agreements decided on together, with the target number of LVVs."""

    capabilities = CRUD_VIEW
    manager_actions = frozenset({"create", "partial_update"})
    model = Programme
    input_serializer_class = inputs.ProgrammeInputSerializer
    output_serializer_class = ProgrammeOutputSerializer
    detail_route = "api:programme-detail"

    def visible(self):
        return programmes_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        programme = services.programme_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(programme, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        programme = services.programme_update(
            actor=self.actor, programme=self.get_object(), data=data
        )
        return self.output(programme)


@_crud_schema(
    "agreement",
    inputs.AgreementInputSerializer,
    AgreementOutputSerializer,
    retrieve=extend_schema(
        summary="One agreement, with its allocations per year",
        parameters=[UUID_PATH],
        responses=AgreementDetailSerializer,
    ),
)
class AgreementViewSet(ProgrammeViewSet):
    """Agreements (convenanten): national for programme managers, own municipality for
    coordinators. Status changes, extensions and early terminations are explicit POSTs."""

    capabilities = {
        **CRUD_VIEW,
        "activate": VIEW,
        "close": VIEW,
        "extend": VIEW,
        "terminate": VIEW,
        "wind_down": VIEW,
    }
    manager_actions = frozenset(
        {"create", "partial_update", "activate", "close", "extend", "terminate"}
    )
    model = Agreement
    input_serializer_class = inputs.AgreementInputSerializer
    output_serializer_class = AgreementOutputSerializer
    filterset_class = AgreementFilter
    detail_route = "api:agreement-detail"

    def visible(self):
        return agreements_visible_to(self.actor)

    def retrieve(self, request, *args, **kwargs):
        agreement = self.get_object()
        agreement.allocations = [
            {"year": year.year, "amount": year.amount} for year in agreement_allocations(agreement)
        ]
        return Response(AgreementDetailSerializer(agreement).data)

    def create(self, request, *args, **kwargs):
        agreement = services.agreement_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(agreement, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        agreement = services.agreement_update(
            actor=self.actor, agreement=self.get_object(), data=data
        )
        return self.output(agreement)

    def _status(self, status_value):
        agreement = services.agreement_change_status(
            actor=self.actor, agreement=self.get_object(), status=status_value
        )
        return self.output(agreement)

    @extend_schema(
        summary="Put a draft agreement into force",
        parameters=[UUID_PATH],
        request=None,
        responses=AgreementOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, *args, **kwargs):
        return self._status(AgreementStatus.IN_FORCE)

    @extend_schema(
        summary="Mark an agreement in force as ended (after its last day)",
        parameters=[UUID_PATH],
        request=None,
        responses=AgreementOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._status(AgreementStatus.ENDED)

    @extend_schema(
        summary="Extend an agreement by a decision",
        description=(
            "Sets a later `new_end` (exclusive), recorded as an amendment pointing at "
            "`decision`; with `funding`, the new period gets that funding rule."
        ),
        parameters=[UUID_PATH],
        request=inputs.ExtendInputSerializer,
        responses={status.HTTP_201_CREATED: AmendmentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, *args, **kwargs):
        data = self.parse(inputs.ExtendInputSerializer)
        amendment = services.agreement_extend(
            actor=self.actor,
            agreement=self.get_object(),
            new_end=data["new_end"],
            decision=data["decision"],
            funding=data.get("funding") or None,
        )
        return Response(AmendmentOutputSerializer(amendment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Terminate an agreement early by a decision",
        description="`end` is exclusive: the first day without the agreement.",
        parameters=[UUID_PATH],
        request=inputs.TerminateInputSerializer,
        responses={status.HTTP_201_CREATED: AmendmentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, *args, **kwargs):
        data = self.parse(inputs.TerminateInputSerializer)
        amendment = services.agreement_terminate(
            actor=self.actor,
            agreement=self.get_object(),
            end=data["end"],
            decision=data["decision"],
        )
        return Response(AmendmentOutputSerializer(amendment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="What stops when the agreement ends",
        description=(
            "Partner contracts running on its last day, their locations with places, and "
            "clients placed there today (counts only; null when not available)."
        ),
        parameters=[UUID_PATH],
        responses=WindDownSerializer,
    )
    @action(detail=True, methods=["get"], url_path="wind-down")
    def wind_down(self, request, *args, **kwargs):
        wind_down = agreement_wind_down(self.actor, self.get_object(), today=timezone.localdate())
        return Response(WindDownSerializer(wind_down).data)


@_crud_schema("funding rule", inputs.FundingRuleInputSerializer, FundingRuleOutputSerializer)
class FundingRuleViewSet(ProgrammeViewSet):
    """Funding rules per agreement period; programme managers write them."""

    capabilities = CRUD_VIEW
    manager_actions = frozenset({"create", "partial_update"})
    model = FundingRule
    input_serializer_class = inputs.FundingRuleInputSerializer
    output_serializer_class = FundingRuleOutputSerializer
    filterset_class = FundingRuleFilter
    detail_route = "api:funding-rule-detail"

    def visible(self):
        return funding_rules_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        rule = services.funding_rule_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(rule, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        rule = self.get_object()
        if "agreement" in data and data["agreement"].pk == rule.agreement_id:
            data.pop("agreement")  # naming the same agreement again is no change
        rule = services.funding_rule_update(actor=self.actor, rule=rule, data=data)
        return self.output(rule)


@_crud_schema("spending record", inputs.SpendingInputSerializer, SpendingOutputSerializer)
class SpendingViewSet(ProgrammeViewSet):
    """Spending per period (within one calendar year); a municipality's coordinators write."""

    capabilities = CRUD_VIEW
    municipal_actions = frozenset({"create", "partial_update"})
    model = SpendingRecord
    input_serializer_class = inputs.SpendingInputSerializer
    output_serializer_class = SpendingOutputSerializer
    filterset_class = SpendingFilter
    detail_route = "api:spending-record-detail"

    def visible(self):
        return spending_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        record = services.spending_record_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(record, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        record = services.spending_record_update(
            actor=self.actor, record=self.get_object(), data=data
        )
        return self.output(record)


@_crud_schema(
    "partner contract", inputs.PartnerContractInputSerializer, PartnerContractOutputSerializer
)
class PartnerContractViewSet(ProgrammeViewSet):
    """Contracts between a municipality and a partner NGO, with their decision deadline."""

    capabilities = CRUD_VIEW
    municipal_actions = frozenset({"create", "partial_update"})
    model = PartnerContract
    input_serializer_class = inputs.PartnerContractInputSerializer
    output_serializer_class = PartnerContractOutputSerializer
    filterset_class = PartnerContractFilter
    detail_route = "api:partner-contract-detail"

    def visible(self):
        return partner_contracts_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        contract = services.partner_contract_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(contract, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        contract = services.partner_contract_update(
            actor=self.actor, contract=self.get_object(), data=data
        )
        return self.output(contract)


@_crud_schema("planned LVV", inputs.PlannedLvvInputSerializer, PlannedLvvOutputSerializer)
class PlannedLvvViewSet(ProgrammeViewSet):
    """The network plan: planned LVVs with status, places and budget per year."""

    capabilities = CRUD_VIEW
    manager_actions = frozenset({"create", "partial_update"})
    model = PlannedLvv
    input_serializer_class = inputs.PlannedLvvInputSerializer
    output_serializer_class = PlannedLvvOutputSerializer
    filterset_class = PlannedLvvFilter
    detail_route = "api:planned-lvv-detail"

    def visible(self):
        return planned_lvvs_visible_to(self.actor)

    def create(self, request, *args, **kwargs):
        plan = services.planned_lvv_create(
            actor=self.actor, **self.parse(self.input_serializer_class)
        )
        return self.output(plan, created=True)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(self.input_serializer_class, partial=True)
        plan = services.planned_lvv_update(actor=self.actor, plan=self.get_object(), data=data)
        return self.output(plan)
