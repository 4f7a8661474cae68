"""Pages of the monitor: the table of every indicator for a chosen unit and period, its CSV and
XLSX downloads, and (analysts) the pseudonymised record-level export.

Thin: parse the form (`query.monitor_query`), check the unit against the actor
(`selectors.access`), compute (`selectors.monitor`), publish with suppression (`tables`),
render or stream (`exports`).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin
from lvv.core.periods import exclusive_end

from .. import exports, indicators
from ..query import monitor_query
from ..selectors import access
from ..selectors.monitor import Level, monitor_for
from ..services.exports import record_export_audit
from ..tables import publish


class MonitorForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=Level.choices)
    unit = forms.CharField(
        label=gettext_lazy("Unit"),
        required=False,
        help_text=gettext_lazy("Not needed for national figures."),
    )
    period = forms.CharField(
        label=gettext_lazy("Quarter"),
        required=False,
        help_text=gettext_lazy("For example 2022-Q2. Or leave empty and give from and to."),
    )
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(
        label=gettext_lazy("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.data.get("level") or Level.NATIONAL
        units = access.units_visible_to(actor, level) if level in Level.values else []
        if level != Level.NATIONAL:
            self.fields["unit"] = forms.ChoiceField(
                label=gettext_lazy("Unit"),
                choices=[("", "—"), *[(unit.key, unit.name) for unit in units]],
                required=False,
            )


def _parse(request):
    """(form, unit, period) from the query string; unit/period None while not valid."""
    data = request.GET.copy()
    data.setdefault("level", Level.NATIONAL)
    form = MonitorForm(data, actor=request.actor)
    if not form.is_valid():
        return form, None, None
    cleaned = form.cleaned_data
    try:
        unit, period = monitor_query(
            level=cleaned["level"],
            unit=cleaned.get("unit"),
            period=cleaned.get("period"),
            start=cleaned.get("start"),
            end=exclusive_end(cleaned.get("last_day")),
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            field = {"from": "start", "to": "last_day"}.get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return form, None, None
    if not access.may_view_unit(request.actor, unit):
        raise PermissionDenied(_("You may not see the monitor of this unit."))
    return form, unit, period


class MonitorView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_MONITOR
    template_name = "monitoring/monitor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, unit, period = _parse(self.request)
        context["form"] = form
        context["may_export_records"] = access.may_export_records(self.actor)
        context["period_semantics"] = indicators.PERIOD_SEMANTICS
        if unit is not None:
            monitor = monitor_for(actor=self.actor, unit=unit, period=period)
            context["published"] = publish(
                monitor, suppressed=not access.sees_unsuppressed(self.actor, unit)
            )
            context["query_string"] = self.request.GET.urlencode()
        return context


class MonitorDownloadView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_MONITOR

    def get(self, request, fmt: str):
        if fmt not in exports.CONTENT_TYPES:
            raise Http404
        form, unit, period = _parse(request)
        if unit is None:
            return HttpResponseBadRequest(
                form.errors.as_text() or _("Choose a unit and a period."),
                content_type="text/plain; charset=utf-8",
            )
        monitor = monitor_for(actor=self.actor, unit=unit, period=period)
        published = publish(monitor, suppressed=not access.sees_unsuppressed(self.actor, unit))
        writer = exports.monitor_csv if fmt == "csv" else exports.monitor_xlsx
        body = writer([published])
        response = StreamingHttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
        name = f"lvv-monitor-{unit.level}-{unit.key}-{period.start}-{period.end}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RecordExportView(CapabilityRequiredMixin, View):
    """Analysts only: one row per national stay, pseudonymised; audited."""

    required_capability = Capability.VIEW_MONITOR

    def get(self, request, fmt: str):
        if fmt not in exports.CONTENT_TYPES:
            raise Http404
        if not access.may_export_records(self.actor):
            raise PermissionDenied(_("Only analysts may take the record-level export."))
        record_export_audit(actor=self.actor, file_format=fmt)
        body = exports.records_csv() if fmt == "csv" else exports.records_xlsx()
        response = StreamingHttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="lvv-records.{fmt}"'
        return response


urlpatterns: list = [
    path("", MonitorView.as_view(), name="monitor"),
    path("downloaden.<str:fmt>", MonitorDownloadView.as_view(), name="monitor-download"),
    path("pseudoniemen.<str:fmt>", RecordExportView.as_view(), name="record-export"),
]
