"""Filtering the audit trail: one set of filters for pages and API, differing only in dates.

People type an inclusive last day ("to and including"); the API takes `[start, end)` with
`end` exclusive, as every period in the API. Days are Dutch calendar days (Europe/Amsterdam).
"""

from __future__ import annotations

from datetime import date, datetime, time

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvv.core.periods import exclusive_end

from .models import AuditAction, AuditEvent, AuditOutcome


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class AuditEventFilterBase(django_filters.FilterSet):
    """Who, what, which object, which outcome: exact matches, as an investigation needs."""

    actor_username = django_filters.CharFilter(
        field_name="actor_username",
        lookup_expr="iexact",
        label=_("Username"),
        help_text=_("The exact username of whoever acted (not case-sensitive)."),
    )
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices, label=_("Action"), empty_label=_("All actions")
    )
    object_type = django_filters.CharFilter(
        field_name="object_type",
        label=_("Object type"),
        help_text=_("As app.model, for example cases.client."),
    )
    object_id = django_filters.CharFilter(
        field_name="object_id",
        label=_("Object id"),
        help_text=_("The uuid of the object (the sequence number for audit events)."),
    )
    outcome = django_filters.ChoiceFilter(
        choices=AuditOutcome.choices, label=_("Outcome"), empty_label=_("All outcomes")
    )

    class Meta:
        model = AuditEvent
        fields = ["actor_username", "action", "object_type", "object_id", "outcome"]

    def occurred_on_or_after(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=start_of_day(value))

    def occurred_before(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=start_of_day(value))

    def occurred_up_to_and_including(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=start_of_day(exclusive_end(value)))


class _InclusiveDatesForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        return cleaned


class AuditEventPageFilter(AuditEventFilterBase):
    """The filter form on the audit pages: dates as a person reads them, last day included."""

    date_from = django_filters.DateFilter(
        method="occurred_on_or_after",
        label=_("From"),
        help_text=_("First day, included."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        method="occurred_up_to_and_including",
        label=_("Up to and including"),
        help_text=_("Last day, included."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta(AuditEventFilterBase.Meta):
        form = _InclusiveDatesForm
        fields = [*AuditEventFilterBase.Meta.fields, "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
            else:
                widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")
