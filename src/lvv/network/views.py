from django.views.generic import ListView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from .models import Location, Municipality


class LocationListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_NETWORK
    template_name = "network/location_list.html"

    def get_queryset(self):
        return Location.objects.select_related("municipality", "operator")


class MunicipalityListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_NETWORK
    template_name = "network/municipality_list.html"

    def get_queryset(self):
        return Municipality.objects.all()
