"""API filters of placements, actions and case meetings."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Action, ActionStatus, CaseMeeting, Placement


class PlacementFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        field_name="end",
        lookup_expr="isnull",
        help_text=_("true: only the open placement; false: only ended ones."),
    )

    class Meta:
        model = Placement
        fields = ["open"]


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    owner = django_filters.UUIDFilter(
        field_name="owner__uuid", help_text=_("Uuid of the owning organisation.")
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lt", help_text=_("Due before this day (exclusive).")
    )

    class Meta:
        model = Action
        fields = ["status", "owner", "due_before"]


class MeetingFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipality__cbs_code",
        lookup_expr="iexact",
        help_text=_("CBS code of the municipality (e.g. GM0344)."),
    )
    held_from = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", help_text=_("Held on or after this day.")
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lt", help_text=_("Held before this day (exclusive).")
    )

    class Meta:
        model = CaseMeeting
        fields = ["municipality", "held_from", "held_before"]
