"""API of the monitor: data quality and the quarterly sign-off.

- `GET /monitor/quality?period=2022-Q2[&municipality=GM0344]`: the checks of a municipality's
  quarter as counts, with the uuids of the clients concerned only where the caller may open
  those files (`Client.objects.visible_to`): coordinators their own municipality; programme
  managers and analysts any municipality, counts only.
- `GET /monitor/submissions`, `GET /monitor/submissions/{uuid}`: sign-offs (no client data).
- `POST /monitor/submissions`: sign off a quarter (coordinators, their own municipality).
- `POST /monitor/submissions/{uuid}/reopen`: reopen it, with a reason.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability
from lvv.network.models import Municipality

from ..models import QuarterSubmission, quarter_period
from ..selectors.quality import (
    actor_municipality,
    last_ended_quarter,
    parse_quarter,
    quality_municipalities_for,
    quality_report_for,
    submissions_visible_to,
)
from ..services import quarter_reopen, quarter_sign_off

READ = frozenset({Capability.SUBMIT_MONITOR, Capability.VIEW_MONITOR})
SUBMIT = Capability.SUBMIT_MONITOR


# --- shapes ------------------------------------------------------------------------------------


class QualityQuerySerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        help_text=_("A quarter, e.g. 2022-Q2. Default: the last quarter that has ended."),
    )
    municipality = serializers.CharField(
        required=False,
        help_text=_(
            "CBS code of one municipality (e.g. GM0344). Default: every municipality the caller "
            "may check (a coordinator's own; nationally every municipality with LVV locations)."
        ),
    )

    def validate_period(self, value):
        try:
            return parse_quarter(value, field_name="period")
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["period"]) from None


class CheckOutputSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True, help_text=_("Clients found (all of them)."))
    clients = serializers.SerializerMethodField(
        help_text=_("Uuids of the clients found whose files the caller may open.")
    )

    def get_clients(self, check) -> list[str]:
        return [str(client.uuid) for client in check.clients]


class SubmissionOutputSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    period = serializers.CharField(source="period_code", read_only=True)
    signed_off_organisation = serializers.CharField(
        source="signed_off_organisation.name", read_only=True, allow_null=True, default=None
    )
    finding_counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_("Per check, the number of clients found at the last sign-off."),
    )

    class Meta:
        model = QuarterSubmission
        fields = [
            "uuid",
            "municipality",
            "municipality_name",
            "year",
            "quarter",
            "period",
            "status",
            "signed_off_at",
            "signed_off_organisation",
            "finding_counts",
            "explanation",
            "reopened_at",
            "reopen_reason",
        ]
        read_only_fields = fields


class MunicipalityQualitySerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    total = serializers.IntegerField(read_only=True, help_text=_("Findings of all checks."))
    checks = CheckOutputSerializer(many=True, read_only=True)
    submission = serializers.SerializerMethodField()

    @extend_schema_field(SubmissionOutputSerializer(allow_null=True))
    def get_submission(self, report) -> dict | None:
        submission = self.context["submissions"].get(report.municipality.pk)
        return SubmissionOutputSerializer(submission).data if submission is not None else None


class QualityOutputSerializer(serializers.Serializer):
    period = serializers.CharField(read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, help_text=_("Exclusive."))
    results = MunicipalityQualitySerializer(many=True, read_only=True)


class SignOffInputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("The quarter to sign off, e.g. 2022-Q2."))
    explanation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when a check still has findings. Do not name clients."),
    )


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("What must be corrected. Do not name clients."))


class SubmissionFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    municipality = serializers.CharField(required=False)


# --- views -------------------------------------------------------------------------------------


def _municipalities_for(actor, code: str | None) -> list[Municipality]:
    """The municipality asked for, or every one the actor may check that has LVV locations."""
    allowed = quality_municipalities_for(actor)
    if not code:
        municipalities = list(allowed.filter(locations__isnull=False).distinct())
        own = actor_municipality(actor)
        if not municipalities and own is not None and allowed.filter(pk=own.pk).exists():
            municipalities = [own]  # a coordinator's municipality, locations or not
        return municipalities
    municipality = Municipality.objects.filter(cbs_code=code.strip().upper()).first()
    if municipality is None:
        raise serializers.ValidationError({"municipality": [_("No municipality with this code.")]})
    if not allowed.filter(pk=municipality.pk).exists():
        raise PermissionDenied
    return [municipality]


@extend_schema_view(
    list=extend_schema(
        summary="Data-quality checks of a municipality's quarter",
        description=(
            "Per municipality, each check with the number of clients it finds, and the uuids "
            "of those whose files the caller may open (coordinators: their municipality's; "
            "programme managers and analysts: none, counts only). Listing client uuids is "
            "recorded in the audit trail."
        ),
        parameters=[QualityQuerySerializer],
        responses=QualityOutputSerializer,
    )
)
class QualityViewSet(LvvGenericViewSet):
    capabilities = {"list": READ}
    pagination_class = None
    queryset = QuarterSubmission.objects.none()

    def list(self, request, *args, **kwargs):
        query = QualityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, quarter = query.validated_data.get("period") or last_ended_quarter()
        municipalities = _municipalities_for(self.actor, query.validated_data.get("municipality"))
        reports = [
            quality_report_for(actor=self.actor, municipality=m, year=year, quarter=quarter)
            for m in municipalities
        ]
        submissions = {
            s.municipality_id: s
            for s in submissions_visible_to(self.actor).filter(
                year=year, quarter=quarter, municipality__in=[m.pk for m in municipalities]
            )
        }
        period = quarter_period(year, quarter)
        body = {
            "period": f"{year}-Q{quarter}",
            "start": period.start,
            "end": period.end,
            "results": reports,
        }
        return Response(QualityOutputSerializer(body, context={"submissions": submissions}).data)


@extend_schema_view(
    list=extend_schema(
        summary="Quarterly sign-offs",
        description=(
            "Sign-offs of quarters: coordinators see their own municipality's, programme "
            "managers and analysts every municipality's. Counts only, no client data."
        ),
        parameters=[SubmissionFilterSerializer],
        responses=SubmissionOutputSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One quarterly sign-off", responses=SubmissionOutputSerializer),
    create=extend_schema(
        summary="Sign off a quarter",
        description=(
            "Coordinators sign off a quarter of their own municipality once it has ended. The "
            "data-quality checks run again and their counts are kept; when any check still "
            "finds something, `explanation` is required. Refused (400) for a quarter signed "
            "off already (reopen it first)."
        ),
        request=SignOffInputSerializer,
        responses={201: SubmissionOutputSerializer},
    ),
    reopen=extend_schema(
        summary="Reopen a signed-off quarter",
        description="So the data can be corrected and the quarter signed off again.",
        request=ReopenInputSerializer,
        responses=SubmissionOutputSerializer,
    ),
)
class SubmissionViewSet(LvvGenericViewSet):
    capabilities = {"list": READ, "retrieve": READ, "create": SUBMIT, "reopen": SUBMIT}
    serializer_class = SubmissionOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no actor
            return QuarterSubmission.objects.none()
        return submissions_visible_to(self.actor)

    def list(self, request, *args, **kwargs):
        query = SubmissionFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        submissions = self.get_queryset()
        if "year" in query.validated_data:
            submissions = submissions.filter(year=query.validated_data["year"])
        if query.validated_data.get("municipality"):
            code = query.validated_data["municipality"].strip().upper()
            submissions = submissions.filter(municipality__cbs_code=code)
        page = self.paginate_queryset(submissions)
        return self.get_paginated_response(SubmissionOutputSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        submission = get_object_or_404(self.get_queryset(), uuid=kwargs["uuid"])
        return Response(SubmissionOutputSerializer(submission).data)

    def create(self, request, *args, **kwargs):
        data = SignOffInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year, quarter = parse_quarter(data.validated_data["period"], field_name="period")
        municipality = actor_municipality(self.actor)
        if municipality is None:
            raise PermissionDenied
        submission = quarter_sign_off(
            actor=self.actor,
            municipality=municipality,
            year=year,
            quarter=quarter,
            explanation=data.validated_data["explanation"],
        )
        location = reverse("api:monitor-submission-detail", kwargs={"uuid": submission.uuid})
        return Response(
            SubmissionOutputSerializer(submission).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        submission = get_object_or_404(self.get_queryset(), uuid=kwargs["uuid"])
        data = ReopenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = quarter_reopen(
            actor=self.actor, submission=submission, reason=data.validated_data["reason"]
        )
        return Response(SubmissionOutputSerializer(submission).data)


router = SimpleRouter(trailing_slash=False)
router.register("monitor/quality", QualityViewSet, "monitor-quality")
router.register("monitor/submissions", SubmissionViewSet, "monitor-submission")

urlpatterns = router.urls
