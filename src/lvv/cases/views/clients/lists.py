"""The lists of clients: the register (filtered, htmx swaps only the results) and the work
list of overdue steps."""

from __future__ import annotations

from django.views.generic import ListView, TemplateView

from lvv.accounts.roles import Capability

from ...access import client_sections_for
from ...models import Client
from ...selectors import clients as selectors
from ...selectors.worklists import work_list_for
from ..forms_clients.filters import ClientPageFilter
from .base import READ, ClientPage, HtmxPartialMixin, capabilities_of


class ClientListView(ClientPage, HtmxPartialMixin, ListView):
    """Clients the actor may see, filtered (htmx swaps only the results)."""

    required_capabilities = READ
    template_name = "cases/client_list.html"
    partial_template_name = "cases/_client_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ClientPageFilter(
            self.request.GET or None,
            queryset=selectors.clients_listed_by(actor=self.actor),
            request=self.request,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Client.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            sections=client_sections_for(self.actor),
            may_create=Capability.VIEW_CLIENT_FILES in capabilities_of(self.actor),
        )
        return context


class WorkListView(ClientPage, TemplateView):
    template_name = "cases/work_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work_list"] = work_list_for(actor=self.actor)
        return context
