"""Pages of municipalities and LVV regions, with the locations in them and their places today."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from .. import services
from ..forms import MunicipalityForm, RegionForm
from ..models import Municipality, Region
from ..selectors import (
    actor_may_manage_locations_in,
    actor_may_manage_network,
    capacity_sum_on,
    capacity_totals_on,
    locations_in_municipality,
    locations_in_region,
    municipalities_visible_to,
    regions_serving,
    regions_visible_to,
)
from .base import NetworkPage, ServiceFormView, current_day

# --- municipalities --------------------------------------------------------------------------


class MunicipalityListView(NetworkPage, ListView):
    template_name = "network/municipality_list.html"
    paginate_by = 100

    def get_queryset(self):
        return municipalities_visible_to(self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = actor_may_manage_network(self.actor)
        return context


class MunicipalityMixin:
    def get_municipality(self) -> Municipality:
        if not hasattr(self, "_municipality"):
            self._municipality = get_object_or_404(
                municipalities_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._municipality


def _municipality_url(municipality: Municipality) -> str:
    return reverse("network:municipality-detail", kwargs={"uuid": municipality.uuid})


class MunicipalityDetailView(NetworkPage, MunicipalityMixin, DetailView):
    template_name = "network/municipality_detail.html"
    context_object_name = "municipality"

    def get_object(self, queryset=None):
        return self.get_municipality()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.object
        today = current_day()
        locations = locations_in_municipality(self.actor, municipality)
        context.update(
            today=today,
            locations=capacity_totals_on(today, locations),
            totals=capacity_sum_on(today, locations),
            regions=regions_serving(self.actor, municipality),
            may_edit=actor_may_manage_network(self.actor),
            may_add_location=actor_may_manage_locations_in(self.actor, municipality),
        )
        return context


class MunicipalityCreateView(ServiceFormView):
    form_class = MunicipalityForm
    title = gettext_lazy("New municipality")
    success_message = gettext_lazy("The municipality has been saved.")

    def may_write(self) -> bool:
        return actor_may_manage_network(self.actor)

    def call_service(self, form):
        return services.municipality_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return _municipality_url(obj)

    def cancel_url(self) -> str:
        return reverse("network:municipality-list")


class MunicipalityUpdateView(MunicipalityMixin, ServiceFormView):
    form_class = MunicipalityForm
    success_message = gettext_lazy("The municipality has been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_municipality().name}

    def may_write(self) -> bool:
        return actor_may_manage_network(self.actor)

    def get_initial(self):
        municipality = self.get_municipality()
        return {"cbs_code": municipality.cbs_code, "name": municipality.name}

    def call_service(self, form):
        return services.municipality_update(
            actor=self.actor, municipality=self.get_municipality(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _municipality_url(obj)

    def cancel_url(self) -> str:
        return _municipality_url(self.get_municipality())


# --- regions ---------------------------------------------------------------------------------


class RegionListView(NetworkPage, ListView):
    template_name = "network/region_list.html"
    paginate_by = 100

    def get_queryset(self):
        return regions_visible_to(self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = actor_may_manage_network(self.actor)
        return context


class RegionMixin:
    def get_region(self) -> Region:
        if not hasattr(self, "_region"):
            self._region = get_object_or_404(
                regions_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._region


def _region_url(region: Region) -> str:
    return reverse("network:region-detail", kwargs={"uuid": region.uuid})


class RegionDetailView(NetworkPage, RegionMixin, DetailView):
    template_name = "network/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset=None):
        return self.get_region()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = current_day()
        locations = locations_in_region(self.actor, self.object)
        context.update(
            today=today,
            locations=capacity_totals_on(today, locations),
            totals=capacity_sum_on(today, locations),
            may_edit=actor_may_manage_network(self.actor),
        )
        return context


class RegionCreateView(ServiceFormView):
    form_class = RegionForm
    title = gettext_lazy("New LVV region")
    success_message = gettext_lazy("The region has been saved.")

    def may_write(self) -> bool:
        return actor_may_manage_network(self.actor)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor}

    def call_service(self, form):
        return services.region_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return _region_url(obj)

    def cancel_url(self) -> str:
        return reverse("network:region-list")


class RegionUpdateView(RegionMixin, ServiceFormView):
    form_class = RegionForm
    success_message = gettext_lazy("The region has been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_region().name}

    def may_write(self) -> bool:
        return actor_may_manage_network(self.actor)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_initial(self):
        region = self.get_region()
        return {
            "name": region.name,
            "central_municipality": region.central_municipality.cbs_code,
            "municipalities": [m.cbs_code for m in region.municipalities.all()],
        }

    def call_service(self, form):
        return services.region_update(
            actor=self.actor, region=self.get_region(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _region_url(obj)

    def cancel_url(self) -> str:
        return _region_url(self.get_region())
