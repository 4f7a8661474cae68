"""API of the monitor: the dashboards' series (the charts themselves are pages and SVG files).

- `GET /monitor/dashboard/quarterly?level=&unit=&from=2021-Q1&to=2022-Q4`: per quarter inflow,
  outflow, present at the end, outflow per group, length of stay (quartiles);
- `GET /monitor/dashboard/occupancy?level=&unit=&from=2022-01&to=2022-12`: per month
  place-nights used and available and utilisation, per location and per municipality;
- `GET /monitor/dashboard/programme?year=`: the state contribution against place-nights used
  and durable outcomes, per municipality and year.

Every figure is a `{value, display, hidden}` triple where disclosure control may hide it:
`value` is null when hidden and `display` then says "<5" or "x".
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from .. import disclosure
from ..models import QuarterSubmission
from ..selectors.monitor import Level, unit_resolve
from ..selectors.series import (
    dashboard_range,
    default_unit,
    occupancy_months,
    quarterly_series,
)
from ..selectors.series_costs import programme_costs
from ..selectors.series_occupancy import monthly_occupancy

# --- shapes ------------------------------------------------------------------------------------


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return float(value)
    return int(value)


FIGURE_SCHEMA = {
    "type": "object",
    "properties": {
        "value": {"type": "number", "nullable": True},
        "display": {"type": "string"},
        "hidden": {"type": "boolean"},
    },
    "required": ["value", "display", "hidden"],
}


@extend_schema_field(FIGURE_SCHEMA)
class FigureField(serializers.Field):
    """A published figure: null value and its mark ("<5", "x") when hidden."""

    def to_representation(self, value):
        return {"value": _number(value.value), "display": value.display, "hidden": value.hidden}


@extend_schema_field({"type": "object", "additionalProperties": FIGURE_SCHEMA})
class FigureMapField(serializers.Field):
    def to_representation(self, values):
        return {key: FigureField().to_representation(value) for key, value in values.items()}


class DashboardUnitQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        help_text=gettext_lazy(
            "Default: a coordinator's own municipality, national for everyone else."
        ),
    )
    unit = serializers.CharField(
        required=False,
        help_text=gettext_lazy(
            "Location uuid, municipality CBS code (GM0363), region uuid or name; "
            "not needed for national."
        ),
    )


class DashboardQuarterlyQuerySerializer(DashboardUnitQuerySerializer):
    # `from` is a Python keyword: the fields are declared under their wire names below.
    pass


DashboardQuarterlyQuerySerializer._declared_fields["from"] = serializers.CharField(
    required=False, help_text=gettext_lazy("First quarter, e.g. 2021-Q1. Default: 8 quarters.")
)
DashboardQuarterlyQuerySerializer._declared_fields["to"] = serializers.CharField(
    required=False,
    help_text=gettext_lazy("Last quarter (included). Default: the last complete quarter."),
)


class DashboardOccupancyQuerySerializer(DashboardUnitQuerySerializer):
    pass


DashboardOccupancyQuerySerializer._declared_fields["from"] = serializers.CharField(
    required=False, help_text=gettext_lazy("First month, YYYY-MM. Default: the last 24 months.")
)
DashboardOccupancyQuerySerializer._declared_fields["to"] = serializers.CharField(
    required=False,
    help_text=gettext_lazy("Last month (included), YYYY-MM. Default: that of the last quarter."),
)


class DashboardQuarterPointSerializer(serializers.Serializer):
    period = serializers.CharField(source="label")
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end", help_text=gettext_lazy("Exclusive."))
    inflow = FigureField()
    outflow = FigureField()
    present_at_end = FigureField()
    outflow_groups = FigureMapField()
    stay_of_leavers = FigureMapField()
    stay_of_present = FigureMapField()


class DashboardUnitOutputMixin(serializers.Serializer):
    level = serializers.CharField(source="unit.level")
    unit = serializers.CharField(source="unit.key")
    unit_name = serializers.CharField(source="unit.name")


class DashboardQuarterlyOutputSerializer(DashboardUnitOutputMixin):
    suppressed = serializers.BooleanField()
    suppression_rule = serializers.CharField(source="rule")
    points = DashboardQuarterPointSerializer(many=True)


class DashboardOccupancyLineSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=gettext_lazy("Location uuid or CBS code."))
    name = serializers.CharField()
    used = serializers.ListField(child=serializers.IntegerField())
    available = serializers.ListField(child=serializers.IntegerField())
    utilisation = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True),
        help_text=gettext_lazy("Per month: used over available, in %; null if none available."),
    )


class DashboardOccupancyOutputSerializer(DashboardUnitOutputMixin):
    months = serializers.ListField(child=serializers.CharField(), source="month_labels")
    locations = DashboardOccupancyLineSerializer(many=True)
    municipalities = DashboardOccupancyLineSerializer(many=True)


class DashboardCostRowSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality_code")
    municipality_name = serializers.CharField()
    year = serializers.IntegerField()
    allocation = serializers.DecimalField(max_digits=14, decimal_places=2)
    place_nights_used = serializers.IntegerField()
    cost_per_place_night = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    durable_outflow = FigureField()
    cost_per_durable_outcome = FigureField()


class DashboardProgrammeQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class DashboardProgrammeOutputSerializer(serializers.Serializer):
    definitions = serializers.DictField(child=serializers.CharField())
    suppression_rule = serializers.CharField()
    results = DashboardCostRowSerializer(many=True)


# --- parsing -----------------------------------------------------------------------------------

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(text: str | None, field_name: str) -> date | None:
    if not text:
        return None
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationError({field_name: _("Give a month as YYYY-MM, e.g. 2022-04.")})
    return date(int(match[1]), int(match[2]), 1)


def _unit(actor, data):
    if not data.get("level"):
        return default_unit(actor)
    return unit_resolve(data["level"], data.get("unit"))


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


DEFINITIONS = {
    "allocation": gettext_lazy(
        "The state contribution the funding rules of the municipality's agreements allocate to "
        "the calendar year, in euros (municipal money of its own not included)."
    ),
    "place_nights_used": gettext_lazy(
        "Nights spent by clients at the municipality's locations in the year."
    ),
    "cost_per_place_night": gettext_lazy(
        "The allocation divided by the place-nights used, rounded to cents."
    ),
    "durable_outflow": gettext_lazy(
        "Stays at the municipality ending in the year with an outflow reason of the group "
        "'durable', as in the quarterly monitor."
    ),
    "cost_per_durable_outcome": gettext_lazy(
        "The allocation divided by the durable outflow, rounded to cents; hidden when the "
        "durable outflow is hidden."
    ),
}


# --- views -------------------------------------------------------------------------------------


class _DashboardViewSet(LvvGenericViewSet):
    pagination_class = None
    queryset = QuarterSubmission.objects.none()  # no model behind these: for the schema only


@extend_schema_view(
    list=extend_schema(
        summary="Quarterly series of a unit",
        description=(
            "Per quarter the monitor's inflow, outflow, present at the end, outflow per group "
            "and length of stay (quartiles), with the monitor's suppression for callers who "
            "may not see unsuppressed figures. At most 24 quarters."
        ),
        parameters=[DashboardQuarterlyQuerySerializer],
        responses=DashboardQuarterlyOutputSerializer,
    )
)
class QuarterlyViewSet(_DashboardViewSet):
    capabilities = {"list": Capability.VIEW_MONITOR}

    def list(self, request, *args, **kwargs):
        data = _query(DashboardQuarterlyQuerySerializer, request)
        unit = _unit(self.actor, data)
        first, last = dashboard_range(data.get("from"), data.get("to"))
        series = quarterly_series(actor=self.actor, unit=unit, first=first, last=last)
        return Response(DashboardQuarterlyOutputSerializer(series).data)


@extend_schema_view(
    list=extend_schema(
        summary="Monthly occupancy of a unit",
        description=(
            "Per month place-nights used and available and the utilisation, per location of "
            "the unit and per municipality. Place-nights are not persons: not suppressed. At "
            "most 36 months."
        ),
        parameters=[DashboardOccupancyQuerySerializer],
        responses=DashboardOccupancyOutputSerializer,
    )
)
class OccupancyViewSet(_DashboardViewSet):
    capabilities = {"list": Capability.VIEW_MONITOR}

    def list(self, request, *args, **kwargs):
        data = _query(DashboardOccupancyQuerySerializer, request)
        unit = _unit(self.actor, data)
        first, last = _month(data.get("from"), "from"), _month(data.get("to"), "to")
        if first is None or last is None:
            default_first, default_last = occupancy_months(*dashboard_range(None, None))
            first, last = first or default_first, last or default_last
        # How many months may be asked is the selector's rule (`monthly_occupancy`).
        occupancy = monthly_occupancy(actor=self.actor, unit=unit, first=first, last=last)
        return Response(DashboardOccupancyOutputSerializer(occupancy).data)


@extend_schema_view(
    list=extend_schema(
        summary="Programme costs per municipality and year",
        description=(
            "The state contribution per municipality and calendar year against the place-nights "
            "used and the durable outflow: cost per place-night used and per durable outcome. "
            "Programme managers: every municipality; coordinators: their own."
        ),
        parameters=[DashboardProgrammeQuerySerializer],
        responses=DashboardProgrammeOutputSerializer,
    )
)
class ProgrammeViewSet(_DashboardViewSet):
    capabilities = {"list": Capability.VIEW_PROGRAMME}

    def list(self, request, *args, **kwargs):
        if not (self.actor.is_superuser or self.actor.can(Capability.VIEW_MONITOR)):
            raise PermissionDenied
        data = _query(DashboardProgrammeQuerySerializer, request)
        rows = programme_costs(actor=self.actor, year=data.get("year"))
        body = {
            "definitions": {key: str(text) for key, text in DEFINITIONS.items()},
            "suppression_rule": disclosure.rule_text(),
            "results": rows,
        }
        return Response(DashboardProgrammeOutputSerializer(body).data)


router = SimpleRouter(trailing_slash=False)
router.register("monitor/dashboard/quarterly", QuarterlyViewSet, "monitor-dashboard-quarterly")
router.register("monitor/dashboard/occupancy", OccupancyViewSet, "monitor-dashboard-occupancy")
router.register("monitor/dashboard/programme", ProgrammeViewSet, "monitor-dashboard-programme")

urlpatterns = router.urls
