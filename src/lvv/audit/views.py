from django.views.generic import ListView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from .selectors import audit_events_visible_to


class AuditEventListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_AUDIT
    template_name = "audit/event_list.html"
    paginate_by = 50

    def get_queryset(self):
        return audit_events_visible_to(self.actor).order_by("-sequence")
