"""Filters of client lists, shared by the API and the page (which adds labelled widgets).

They only narrow a queryset that already went through the gate (`clients_listed_by`); none of
them can widen what an actor sees.
"""

from __future__ import annotations

import re

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..models import Client, ClientStatus, Placement
from ..validators import normalise_v_number


def search_clients(queryset, value: str):
    """Every word must match a name (any part, any case) or start a V-number."""
    for term in (value or "").split():
        condition = Q(family_name__icontains=term) | Q(given_names__icontains=term)
        digits = normalise_v_number(term)
        if re.fullmatch(r"\d+", digits):
            condition |= Q(v_number__startswith=digits)
        queryset = queryset.filter(condition)
    return queryset


def placed_at(queryset, location_uuid):
    here = Placement.objects.filter(
        client=OuterRef("pk"), end__isnull=True, location__uuid=location_uuid
    )
    return queryset.filter(Exists(here))


class ClientFilterBase(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ClientStatus.choices, empty_label=_("All statuses")
    )
    search = django_filters.CharFilter(
        label=_("Name or V-number"),
        method="filter_search",
        help_text=_("Part of a name, or the start of a V-number."),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue steps"),
        method="filter_overdue",
        help_text=_("Only clients whose current step is past its deadline."),
    )

    class Meta:
        model = Client
        fields = ["status", "search", "overdue"]

    def filter_search(self, queryset, name, value):
        return search_clients(queryset, value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_overdue=value)


class ClientFilter(ClientFilterBase):
    """`GET /clients?status=&location=&municipality=&search=&overdue=`."""

    location = django_filters.UUIDFilter(
        method="filter_location", help_text=_("Uuid of the location the client is placed at now.")
    )
    municipality = django_filters.CharFilter(
        field_name="municipality__cbs_code",
        lookup_expr="iexact",
        help_text=_("CBS code of the municipality, e.g. GM0344."),
    )

    class Meta(ClientFilterBase.Meta):
        fields = ["status", "location", "municipality", "search", "overdue"]

    def filter_location(self, queryset, name, value):
        return placed_at(queryset, value) if value else queryset
