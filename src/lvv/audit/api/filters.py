"""API filters for the audit trail: the page filters, with the period as `[start, end)`."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ..filters import AuditEventFilterBase


class _PeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("end must be after start (end is exclusive)."))
        return cleaned


class AuditEventFilter(AuditEventFilterBase):
    start = django_filters.DateFilter(
        method="occurred_on_or_after",
        help_text="Events on or after this day (Europe/Amsterdam).",
    )
    end = django_filters.DateFilter(
        method="occurred_before",
        help_text=(
            "Events before this day (Europe/Amsterdam); `end` is exclusive: "
            "end=2022-01-01 includes all of 31 December 2021."
        ),
    )

    class Meta(AuditEventFilterBase.Meta):
        form = _PeriodForm
        fields = [*AuditEventFilterBase.Meta.fields, "start", "end"]
