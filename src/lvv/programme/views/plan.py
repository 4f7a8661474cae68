"""The network plan: the planned LVVs with status, planned places and budget per year."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from .. import services
from ..forms import PlannedLvvForm, PlannedYearForm
from ..selectors import planned_lvvs_visible_to, programmes_visible_to
from .base import ProgrammePage, ServiceFormView


def _plan_url() -> str:
    return reverse("programme:plan")


class PlanView(ProgrammePage, ListView):
    template_name = "programme/plan.html"

    def get_queryset(self):
        return planned_lvvs_visible_to(self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(context["object_list"])
        years = sorted({row.year for plan in plans for row in plan.years.all()})
        table = [
            (plan, [next((r for r in plan.years.all() if r.year == y), None) for y in years])
            for plan in plans
        ]
        context.update(
            years=years,
            table=table,
            programmes=programmes_visible_to(self.actor).exclude(target_lvv_count=0),
        )
        return context


class PlannedLvvMixin:
    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                planned_lvvs_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._plan


class PlannedLvvCreateView(ServiceFormView):
    form_class = PlannedLvvForm
    title = gettext_lazy("New planned LVV")
    success_message = gettext_lazy("The network plan has been saved.")

    def call_service(self, form):
        return services.planned_lvv_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return _plan_url()

    def cancel_url(self) -> str:
        return _plan_url()


class PlannedLvvUpdateView(PlannedLvvMixin, ServiceFormView):
    form_class = PlannedLvvForm
    success_message = gettext_lazy("The network plan has been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_plan().name}

    def get_initial(self):
        plan = self.get_plan()
        return {
            "name": plan.name,
            "central_municipality": getattr(plan.central_municipality, "cbs_code", None),
            "region": plan.region.uuid if plan.region else None,
            "status": plan.status,
            "programme": plan.programme.uuid if plan.programme else None,
            "notes": plan.notes,
        }

    def call_service(self, form):
        return services.planned_lvv_update(
            actor=self.actor, plan=self.get_plan(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _plan_url()

    def cancel_url(self) -> str:
        return _plan_url()


class PlannedYearView(PlannedLvvMixin, ServiceFormView):
    form_class = PlannedYearForm
    success_message = gettext_lazy("The network plan has been saved.")
    intro = gettext_lazy("An existing year is overwritten.")

    @property
    def title(self):
        return _("Places and budget of %(name)s for a year") % {"name": self.get_plan().name}

    def call_service(self, form):
        return services.planned_lvv_year_set(
            actor=self.actor, plan=self.get_plan(), **form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _plan_url()

    def cancel_url(self) -> str:
        return _plan_url()
