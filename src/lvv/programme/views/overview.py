"""The programme's overview pages: the dashboard, the deadline warnings, and the timelines."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..charts import svg_data_uri, timeline_svg
from ..forms import AsOfForm
from ..models import AgreementStatus
from ..money import ROUNDING_RULE
from ..selectors import (
    actor_sees_national,
    agreements_ending_between,
    agreements_visible_to,
    deadline_warnings_visible_to,
    funding_overview_visible_to,
    municipalities_in_programme_of,
    municipality_timeline,
    programme_timeline,
)
from ..selectors.access import actor_programme_municipality
from .base import ProgrammePage, current_day


class DashboardView(ProgrammePage, TemplateView):
    """What needs attention: deadline warnings, agreements ending within a year, and this
    year's money. National for programme managers, their own municipality for coordinators."""

    template_name = "programme/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = current_day()
        context.update(
            today=today,
            national=actor_sees_national(self.actor),
            municipality=actor_programme_municipality(self.actor),
            warnings=deadline_warnings_visible_to(self.actor, as_of=today),
            ending=agreements_ending_between(self.actor, today, today + timedelta(days=365)),
            in_force=agreements_visible_to(self.actor)
            .filter(status=AgreementStatus.IN_FORCE)
            .count(),
            overview=funding_overview_visible_to(self.actor, year=today.year),
            rounding_rule=ROUNDING_RULE,
        )
        return context


class WarningsView(ProgrammePage, TemplateView):
    template_name = "programme/warnings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AsOfForm(self.request.GET or None)
        as_of = current_day()
        if form.is_valid() and form.cleaned_data["as_of"]:
            as_of = form.cleaned_data["as_of"]
        context.update(
            form=form,
            as_of=as_of,
            warnings=deadline_warnings_visible_to(self.actor, as_of=as_of),
        )
        return context


class TimelineMixin:
    """Draw a timeline as an SVG image and put the same items in a table beside it."""

    def timeline_context(self, timeline) -> dict:
        as_of_label = _("Today") if timeline.as_of == current_day() else _("As known on")
        svg = (
            None
            if timeline.is_empty
            else timeline_svg(timeline, today_label=f"{as_of_label} {timeline.as_of:%d-%m-%Y}")
        )
        counts = {}
        for item in timeline.items:
            counts[item.kind_label] = counts.get(item.kind_label, 0) + 1
        summary = "; ".join(f"{label}: {count}" for label, count in counts.items())
        return {
            "timeline": timeline,
            "chart_src": svg_data_uri(svg) if svg else None,
            "chart_summary": summary,
            "as_of_label": date_format(timeline.as_of, "DATE_FORMAT"),
        }

    def as_of(self):
        form = AsOfForm(self.request.GET or None)
        if form.is_valid() and form.cleaned_data["as_of"]:
            return form, form.cleaned_data["as_of"]
        return form, current_day()


def _with_agreements(actor):
    return municipalities_in_programme_of(actor).filter(agreements__isnull=False).distinct()


class ProgrammeTimelineView(ProgrammePage, TimelineMixin, TemplateView):
    template_name = "programme/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, as_of = self.as_of()
        context.update(
            form=form,
            municipalities=_with_agreements(self.actor),
            **self.timeline_context(programme_timeline(self.actor, as_of=as_of)),
        )
        return context


class MunicipalityTimelineView(ProgrammePage, TimelineMixin, TemplateView):
    template_name = "programme/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = get_object_or_404(
            municipalities_in_programme_of(self.actor), uuid=self.kwargs["uuid"]
        )
        form, as_of = self.as_of()
        context.update(
            form=form,
            municipality=municipality,
            municipalities=_with_agreements(self.actor),
            **self.timeline_context(municipality_timeline(self.actor, municipality, as_of=as_of)),
        )
        return context
