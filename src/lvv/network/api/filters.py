"""API filters of the network register."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..filters import LocationFilterBase
from ..models import Municipality, Region


class LocationFilter(LocationFilterBase):
    municipality = django_filters.CharFilter(
        field_name="municipality__cbs_code",
        help_text=_("CBS code of the municipality (e.g. GM0363)."),
    )
    operator = django_filters.UUIDFilter(
        field_name="operator__uuid", help_text=_("Uuid of the operating partner organisation.")
    )

    class Meta(LocationFilterBase.Meta):
        fields = ["municipality", "operator", "kind", "open_on"]


class MunicipalityFilter(django_filters.FilterSet):
    cbs_code = django_filters.CharFilter(
        field_name="cbs_code", lookup_expr="iexact", help_text=_("CBS code, e.g. GM0363.")
    )
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Part of the name.")
    )

    class Meta:
        model = Municipality
        fields = ["cbs_code", "name"]


class RegionFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_serves",
        help_text=_("CBS code of a municipality the region serves."),
    )

    class Meta:
        model = Region
        fields = ["municipality"]

    def filter_serves(self, queryset, name, value):
        serving = Region.objects.filter(municipalities__cbs_code=value).values("pk")
        return queryset.filter(pk__in=serving)
