"""Filters of the programme's lists, for the pages; the API adds its own (by uuid and code)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementStatus, PartnerContract
from .selectors import municipalities_in_programme_of, programmes_visible_to

SELECT = {"class": "utrecht-select utrecht-select--html-select"}


def _municipalities(request):
    return municipalities_in_programme_of(request.actor)


class AgreementPageFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=_municipalities,
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AgreementStatus.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs=SELECT),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=lambda request: programmes_visible_to(request.actor),
        to_field_name="uuid",
        empty_label=_("All programmes"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = Agreement
        fields = ["municipality", "status", "programme"]


class ContractPageFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=_municipalities,
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )
    running_on = django_filters.DateFilter(
        label=_("Running on"),
        method="filter_running_on",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )

    class Meta:
        model = PartnerContract
        fields = ["municipality", "running_on"]

    def filter_running_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gt=value)
