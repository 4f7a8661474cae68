"""Pages of the monitor: dashboards.

- `/monitor/dashboard`: for a unit (national, LVV region, municipality, location) and a range
  of quarters, charts of utilisation per month (per municipality, and per location below the
  national level), inflow and outflow, outflow groups and length of stay per quarter; each
  chart with its description, its definition and its data as a table beside it.
- `/monitor/dashboard/grafiek/<chart>.svg`: one of those charts as an SVG document, to embed.
- `/monitor/programma`: the programme dashboard: the state contribution per municipality and
  year against the place-nights used and the durable outcomes, with the definitions.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from .. import disclosure
from ..charts import (
    cost_block,
    flows_block,
    occupancy_block,
    outflow_groups_block,
    stay_block,
)
from ..selectors.access import units_visible_to
from ..selectors.monitor import Level, last_complete_quarter, period_label, quarters, unit_resolve
from ..selectors.series import dashboard_range, default_unit, occupancy_months, quarterly_series
from ..selectors.series_costs import programme_costs
from ..selectors.series_occupancy import monthly_occupancy

FIRST_YEAR = 2019  # the pilots started in 2019
LEVEL_ORDER = (Level.NATIONAL, Level.REGION, Level.MUNICIPALITY, Level.LOCATION)


def _quarter_choices() -> list[tuple[str, str]]:
    from ..selectors.monitor import quarter_period

    last = last_complete_quarter(timezone.localdate())
    first = quarter_period(f"{FIRST_YEAR}-Q1")
    if last.start < first.start:
        return []
    labels = [period_label(period) for period in quarters(first, last)]
    return [(label, label) for label in reversed(labels)]


class DashboardForm(forms.Form):
    eenheid = forms.ChoiceField(label=gettext_lazy("Unit"), required=False)
    van = forms.ChoiceField(label=gettext_lazy("From quarter"), required=False)
    tot = forms.ChoiceField(label=gettext_lazy("Up to and including quarter"), required=False)

    def __init__(self, actor, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = []
        for level in LEVEL_ORDER:
            units = units_visible_to(actor, level)
            if units:
                choices = [(f"{unit.level}:{unit.key}", unit.name) for unit in units]
                groups.append((str(Level(level).label), choices))
        self.fields["eenheid"].choices = groups
        quarters_offered = _quarter_choices()
        self.fields["van"].choices = [("", "—"), *quarters_offered]
        self.fields["tot"].choices = [("", "—"), *quarters_offered]


def dashboard_selection(actor, data) -> tuple[DashboardForm, object, object, object]:
    """The form, the unit and the first and last quarter asked for (defaults where the form
    leaves them open or is wrong; the form then carries the error)."""
    form = DashboardForm(actor, data or None)
    unit = default_unit(actor)
    first, last = dashboard_range(None, None)
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["eenheid"]
        try:
            if chosen:
                level, _sep, key = chosen.partition(":")
                unit = unit_resolve(level, key)
            first, last = dashboard_range(
                form.cleaned_data["van"] or None, form.cleaned_data["tot"] or None
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                field_name = {"from": "van", "to": "tot", "unit": "eenheid"}.get(name)
                form.add_error(field_name if field_name in form.fields else None, problems)
            first, last = dashboard_range(None, None)
    form = (
        form
        if form.is_bound
        else DashboardForm(
            actor,
            initial={
                "eenheid": f"{unit.level}:{unit.key}",
                "van": period_label(first),
                "tot": period_label(last),
            },
        )
    )
    return form, unit, first, last


def dashboard_blocks(actor, unit, first, last, *, only: str | None = None):
    """The dashboard's charts for `unit` over the quarters `first`..`last` (or just `only`)."""
    blocks = []

    def wants(slug: str) -> bool:
        return only is None or only == slug

    if wants("bezetting-gemeenten") or wants("bezetting-locaties"):
        month_first, month_last = occupancy_months(first, last)
        occupancy = monthly_occupancy(actor=actor, unit=unit, first=month_first, last=month_last)
        if wants("bezetting-gemeenten"):
            blocks.append(occupancy_block(occupancy, by="municipality"))
        if unit.level != Level.NATIONAL and wants("bezetting-locaties"):
            blocks.append(occupancy_block(occupancy, by="location"))
    quarterly = [
        ("instroom-uitstroom", flows_block),
        ("uitstroomgroepen", outflow_groups_block),
        ("verblijfsduur", stay_block),
    ]
    if any(wants(slug) for slug, _build in quarterly):
        series = quarterly_series(actor=actor, unit=unit, first=first, last=last)
        blocks += [build(series) for slug, build in quarterly if wants(slug)]
    else:
        series = None
    return blocks, series


class DashboardView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_MONITOR
    template_name = "monitoring/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, unit, first, last = dashboard_selection(self.actor, self.request.GET)
        blocks, series = dashboard_blocks(self.actor, unit, first, last)
        context.update(
            form=form,
            unit=unit,
            first_label=period_label(first),
            last_label=period_label(last),
            blocks=blocks,
            suppressed=series.suppressed,
            rule=series.rule,
            query=self.request.GET.urlencode(),
        )
        return context


class ChartSvgView(CapabilityRequiredMixin, View):
    """One dashboard chart as an SVG document (same parameters as the dashboard page)."""

    required_capability = Capability.VIEW_MONITOR
    SLUGS = (
        "bezetting-gemeenten",
        "bezetting-locaties",
        "instroom-uitstroom",
        "uitstroomgroepen",
        "verblijfsduur",
    )

    def get(self, request, slug: str):
        if slug not in self.SLUGS:
            raise Http404
        _form, unit, first, last = dashboard_selection(self.actor, request.GET)
        blocks, _series = dashboard_blocks(self.actor, unit, first, last, only=slug)
        if not blocks:
            raise Http404
        response = HttpResponse(blocks[0].svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{slug}.svg"'
        return response


class ProgrammeYearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["jaar"].choices = [
            ("", gettext_lazy("All years")),
            *((y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)),
        ]


class ProgrammeDashboardView(CapabilityRequiredMixin, TemplateView):
    """Money against use and outcomes: programme managers nationally, a coordinator their
    own municipality (both need the funding, VIEW_PROGRAMME, and the monitor)."""

    required_capability = Capability.VIEW_PROGRAMME
    template_name = "monitoring/dashboard_programme.html"

    def get_context_data(self, **kwargs):
        if not (self.actor.is_superuser or self.actor.can(Capability.VIEW_MONITOR)):
            raise PermissionDenied
        context = super().get_context_data(**kwargs)
        form = ProgrammeYearForm(self.request.GET or None)
        year = form.cleaned_data["jaar"] if form.is_bound and form.is_valid() else None
        rows = programme_costs(actor=self.actor, year=year or None)
        context.update(
            form=form,
            rows=rows,
            block=cost_block(rows) if rows else None,
            rule=disclosure.rule_text(),
            threshold=disclosure.threshold(),
        )
        return context


urlpatterns = [
    path("dashboard", DashboardView.as_view(), name="dashboard"),
    path("dashboard/grafiek/<slug:slug>.svg", ChartSvgView.as_view(), name="dashboard-chart"),
    path("programma", ProgrammeDashboardView.as_view(), name="programme-dashboard"),
]
