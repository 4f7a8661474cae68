"""Location pages: the filtered list (htmx), the detail with capacity, and their forms."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from .. import services
from ..filters import LocationPageFilter
from ..forms import CapacityForm, LocationForm
from ..models import Location, LocationCapacity
from ..selectors import (
    actor_may_manage_locations,
    actor_may_manage_locations_in,
    capacity_sum_on,
    capacity_totals_on,
    location_capacity_history,
    location_capacity_on,
    locations_visible_to,
)
from .base import NetworkPage, ServiceFormView, current_day


class LocationListView(NetworkPage, ListView):
    """The locations, filtered by municipality, kind and "open on"; with htmx only the results
    are swapped in, without JavaScript the same form is a plain GET."""

    template_name = "network/location_list.html"
    results_template_name = "network/_location_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = LocationPageFilter(
            self.request.GET or None,
            queryset=locations_visible_to(self.actor),
            request=self.request,
        )
        filtered = self.filterset.qs
        # Places are counted on the "open on" day when one is asked for, else today.
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        self.count_day = cleaned.get("open_on") or current_day()
        self.totals = capacity_sum_on(self.count_day, filtered)
        return capacity_totals_on(self.count_day, filtered)

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.results_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            count_day=self.count_day,
            totals=self.totals,
            query=query.urlencode(),
            may_create=actor_may_manage_locations(self.actor),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers with a whole page or only the results: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response


class LocationMixin:
    def get_location(self) -> Location:
        if not hasattr(self, "_location"):
            uuid = self.kwargs.get("location_uuid", self.kwargs.get("uuid"))
            self._location = get_object_or_404(locations_visible_to(self.actor), uuid=uuid)
        return self._location


class LocationDetailView(NetworkPage, LocationMixin, DetailView):
    template_name = "network/location_detail.html"
    context_object_name = "location"

    def get_object(self, queryset=None):
        return self.get_location()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        location = self.object
        today = current_day()
        context.update(
            today=today,
            capacities=location_capacity_history(location),
            current=location_capacity_on(location, today),
            may_edit=actor_may_manage_locations_in(self.actor, location.municipality),
        )
        return context


def _location_url(location: Location) -> str:
    return reverse("network:location-detail", kwargs={"uuid": location.uuid})


class LocationCreateView(ServiceFormView):
    form_class = LocationForm
    title = gettext_lazy("New location")
    success_message = gettext_lazy("The location has been saved.")

    def may_write(self) -> bool:
        return actor_may_manage_locations(self.actor)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_initial(self):
        initial = super().get_initial()
        own = getattr(self.actor.organisation, "municipality", None)
        if own is not None:
            initial["municipality"] = own.cbs_code
        return initial

    def call_service(self, form):
        return services.location_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return _location_url(obj)

    def cancel_url(self) -> str:
        return reverse("network:location-list")


class LocationUpdateView(LocationMixin, ServiceFormView):
    form_class = LocationForm
    success_message = gettext_lazy("The location has been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_location().name}

    def may_write(self) -> bool:
        return actor_may_manage_locations_in(self.actor, self.get_location().municipality)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "actor": self.actor,
            "current_operator": self.get_location().operator,
        }

    def get_initial(self):
        location = self.get_location()
        return {
            "name": location.name,
            "operator": location.operator.uuid,
            "municipality": location.municipality.cbs_code,
            "kind": location.kind,
            "street": location.street,
            "house_number": location.house_number,
            "postcode": location.postcode,
            "city": location.city,
            "start": location.start,
            "last_day": location.last_day,
        }

    def call_service(self, form):
        return services.location_update(
            actor=self.actor, location=self.get_location(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _location_url(obj)

    def cancel_url(self) -> str:
        return _location_url(self.get_location())


class CapacityCreateView(LocationMixin, ServiceFormView):
    form_class = CapacityForm
    success_message = gettext_lazy("The capacity has been saved.")

    @property
    def title(self):
        return _("Add capacity to %(name)s") % {"name": self.get_location().name}

    def may_write(self) -> bool:
        return actor_may_manage_locations_in(self.actor, self.get_location().municipality)

    def call_service(self, form):
        return services.location_capacity_add(
            actor=self.actor, location=self.get_location(), **form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _location_url(self.get_location())

    def cancel_url(self) -> str:
        return _location_url(self.get_location())


class CapacityUpdateView(LocationMixin, ServiceFormView):
    form_class = CapacityForm
    success_message = gettext_lazy("The capacity has been saved.")

    @property
    def title(self):
        return _("Edit capacity of %(name)s") % {"name": self.get_location().name}

    def get_capacity(self) -> LocationCapacity:
        if not hasattr(self, "_capacity"):
            self._capacity = get_object_or_404(
                location_capacity_history(self.get_location()), uuid=self.kwargs["uuid"]
            )
        return self._capacity

    def may_write(self) -> bool:
        return actor_may_manage_locations_in(self.actor, self.get_location().municipality)

    def get_initial(self):
        capacity = self.get_capacity()
        return {
            "start": capacity.start,
            "last_day": capacity.last_day,
            "state_funded_places": capacity.state_funded_places,
            "municipality_funded_places": capacity.municipality_funded_places,
        }

    def call_service(self, form):
        return services.location_capacity_update(
            actor=self.actor, capacity=self.get_capacity(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _location_url(self.get_location())

    def cancel_url(self) -> str:
        return _location_url(self.get_location())
