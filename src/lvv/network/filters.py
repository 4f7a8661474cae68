"""Filters of the location list, shared by the page and the API (which adds its own)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Location, LocationKind
from .selectors import locations_open_on, municipalities_visible_to


class LocationFilterBase(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=LocationKind.choices,
        empty_label=_("All kinds"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    open_on = django_filters.DateFilter(
        label=_("Open on"),
        method="filter_open_on",
        help_text=_("Only locations open on this day."),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )

    class Meta:
        model = Location
        fields = ["kind", "open_on"]

    def filter_open_on(self, queryset, name, value):
        return locations_open_on(queryset, value)


class LocationPageFilter(LocationFilterBase):
    """The filter form above the location list: pick a municipality by name."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=lambda request: municipalities_visible_to(request.actor),
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    class Meta(LocationFilterBase.Meta):
        fields = ["municipality", "kind", "open_on"]
