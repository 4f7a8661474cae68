"""The filter form above the client list."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lvv.core.forms import SELECT, TEXT

from ...api.filters_clients import ClientFilterBase, placed_at
from ...selectors.clients import locations_for_filter, municipalities_of_visible_clients


class ClientPageFilter(ClientFilterBase):
    """The filter form above the client list (a plain GET, swapped in by htmx)."""

    location = django_filters.ModelChoiceFilter(
        label=_("Location"),
        queryset=lambda request: locations_for_filter(request.actor),
        to_field_name="uuid",
        empty_label=_("All locations"),
        method="filter_location",
        widget=forms.Select(attrs=SELECT),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=lambda request: municipalities_of_visible_clients(request.actor),
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta(ClientFilterBase.Meta):
        fields = ["search", "status", "location", "municipality", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_fields = self.form.fields
        form_fields["search"].widget.attrs.update({**TEXT, "type": "search"})
        form_fields["status"].widget.attrs.update(SELECT)
        form_fields["overdue"].widget = forms.CheckboxInput()

    def filter_overdue(self, queryset, name, value):
        # A checkbox: ticked narrows to overdue steps, unticked shows everyone.
        return queryset.filter(is_overdue=True) if value else queryset

    def filter_location(self, queryset, name, value):
        return placed_at(queryset, value.uuid) if value else queryset
