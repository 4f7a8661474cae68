"""API of the monitor: the published tables of a unit and period, and the indicator
definitions.

`GET /api/v1/monitor?level=municipality&unit=GM0363&period=2022-Q2` (or `from`/`to`, `to`
exclusive): the same tables as the page, with suppression stated and applied for everyone
without access to that unit's files. `GET /api/v1/monitor/indicators`: the definitions.
Errors are problem+json naming the parameter.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability
from lvv.network.models import Location

from .. import indicators
from ..query import monitor_query
from ..selectors import access
from ..selectors.monitor import Level, monitor_for
from ..tables import publish


class CellSerializer(serializers.Serializer):
    value = serializers.CharField(
        allow_null=True,
        help_text=_("The figure as text (a number or a CBS code); null when suppressed."),
    )
    display = serializers.CharField(help_text=_('As shown: the figure, "<5", "x" or "–".'))
    hidden = serializers.BooleanField(help_text=_("Suppressed by disclosure control."))


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    is_total = serializers.BooleanField()
    definition = serializers.CharField(
        allow_blank=True, help_text=_("The row's own definition, where it is an indicator.")
    )
    cells = CellSerializer(many=True)


class ColumnSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class TableSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The indicator code (see /monitor/indicators)."))
    title = serializers.CharField()
    definition = serializers.CharField()
    version = serializers.IntegerField()
    unit_label = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)


class UnitSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    key = serializers.CharField()
    name = serializers.CharField()


class SuppressionSerializer(serializers.Serializer):
    applied = serializers.BooleanField()
    threshold = serializers.IntegerField()
    rule = serializers.CharField()


class MonitorOutputSerializer(serializers.Serializer):
    unit = UnitSerializer()
    start = serializers.DateField()
    end = serializers.DateField(help_text=_("Exclusive."))
    period_label = serializers.CharField()
    suppression = SuppressionSerializer()
    checks = serializers.DictField(child=serializers.BooleanField())
    tables = TableSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField()
    since = serializers.CharField()


def _value(value):
    return None if value is None else str(value)


def published_json(published) -> dict:
    monitor = published.monitor
    return {
        "unit": {
            "level": monitor.unit.level,
            "key": monitor.unit.key,
            "name": str(monitor.unit.name),
        },
        "start": monitor.period.start,
        "end": monitor.period.end,
        "period_label": published.period_label,
        "suppression": {
            "applied": published.suppressed,
            "threshold": published.threshold,
            "rule": published.rule,
        },
        "checks": published.checks,
        "tables": [
            {
                "code": table.code,
                "title": table.title,
                "definition": table.definition,
                "version": table.version,
                "unit_label": table.unit_label,
                "columns": [{"code": code, "label": str(label)} for code, label in table.columns],
                "rows": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "is_total": row.is_total,
                        "definition": row.definition,
                        "cells": [
                            {"value": _value(c.value), "display": c.display, "hidden": c.hidden}
                            for c in row.cells
                        ],
                    }
                    for row in table.rows
                ],
            }
            for table in published.tables
        ],
    }


QUERY_PARAMETERS = [
    OpenApiParameter(
        "level", OpenApiTypes.STR, enum=Level.values, description="Default: national."
    ),
    OpenApiParameter(
        "unit",
        OpenApiTypes.STR,
        description="Location uuid, municipality CBS code (GM0363) or region uuid or name.",
    ),
    OpenApiParameter("period", OpenApiTypes.STR, description="A quarter, e.g. 2022-Q2."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (instead of period)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Exclusive end (with from)."),
]


class MonitorViewSet(LvvGenericViewSet):
    capabilities = {"list": Capability.VIEW_MONITOR, "indicators": Capability.VIEW_MONITOR}
    pagination_class = None
    serializer_class = MonitorOutputSerializer
    queryset = Location.objects.none()  # figures are computed, not read from one model

    @extend_schema(
        summary="The monitor of a unit over a period",
        description=(
            "Every indicator as published tables. Analysts and programme managers: every "
            "unit, suppressed (cells below the threshold as '<5', secondary suppression as "
            "'x'). Coordinators: their municipality and its locations unsuppressed, its "
            "regions and the national figures suppressed."
        ),
        parameters=QUERY_PARAMETERS,
        responses=MonitorOutputSerializer,
    )
    def list(self, request, *args, **kwargs):
        params = request.query_params
        unit, period = monitor_query(
            level=params.get("level"),
            unit=params.get("unit"),
            period=params.get("period"),
            start=params.get("from"),
            end=params.get("to"),
        )
        if not access.may_view_unit(self.actor, unit):
            raise PermissionDenied(_("You may not see the monitor of this unit."))
        monitor = monitor_for(actor=self.actor, unit=unit, period=period)
        published = publish(monitor, suppressed=not access.sees_unsuppressed(self.actor, unit))
        return Response(published_json(published))

    @extend_schema(
        summary="The indicator definitions",
        description="The current version of every indicator of the monitor.",
        responses=IndicatorSerializer(many=True),
    )
    def indicators(self, request, *args, **kwargs):
        data = [
            {
                "code": i.code,
                "version": i.version,
                "title": str(i.title),
                "unit": str(i.unit),
                "definition": str(i.definition),
                "since": i.since,
            }
            for i in indicators.current().values()
        ]
        return Response(IndicatorSerializer(data, many=True).data)


urlpatterns: list = [
    path("monitor", MonitorViewSet.as_view({"get": "list"}), name="monitor"),
    path(
        "monitor/indicators",
        MonitorViewSet.as_view({"get": "indicators"}, detail=False),
        name="monitor-indicators",
    ),
]
