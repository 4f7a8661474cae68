"""Partner contract pages: the list (filtered with htmx), the detail with its decision deadline,
and the forms a municipality's coordinator uses."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from .. import services
from ..filters import ContractPageFilter
from ..forms import PartnerContractForm
from ..selectors import (
    actor_may_write_municipal,
    actor_may_write_municipal_in,
    deadline_warnings_visible_to,
    partner_contracts_visible_to,
)
from ..selectors.access import actor_programme_municipality
from .base import HtmxResultsMixin, ProgrammePage, ServiceFormView


def contract_url(contract) -> str:
    return reverse("programme:contract-detail", kwargs={"uuid": contract.uuid})


class ContractListView(ProgrammePage, HtmxResultsMixin, ListView):
    template_name = "programme/contract_list.html"
    results_template_name = "programme/_contract_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ContractPageFilter(
            self.request.GET or None,
            queryset=partner_contracts_visible_to(self.actor),
            request=self.request,
        )
        return self.filterset.qs.order_by("municipality__name", "start")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query=query.urlencode())
        return context


class ContractMixin:
    def get_contract(self):
        if not hasattr(self, "_contract"):
            self._contract = get_object_or_404(
                partner_contracts_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._contract


class ContractDetailView(ProgrammePage, ContractMixin, DetailView):
    template_name = "programme/contract_detail.html"
    context_object_name = "contract"

    def get_object(self, queryset=None):
        return self.get_contract()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = self.object
        context.update(
            warnings=[
                w for w in deadline_warnings_visible_to(self.actor) if w.contract.pk == contract.pk
            ],
            may_edit=actor_may_write_municipal_in(self.actor, contract.municipality),
        )
        return context


class ContractCreateView(ServiceFormView):
    form_class = PartnerContractForm
    title = gettext_lazy("New partner contract")
    success_message = gettext_lazy("The contract has been saved.")

    def may_write(self) -> bool:
        return actor_may_write_municipal(self.actor)

    def get_initial(self):
        own = actor_programme_municipality(self.actor)
        return {"municipality": own.cbs_code} if own else {}

    def call_service(self, form):
        return services.partner_contract_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return contract_url(obj)

    def cancel_url(self) -> str:
        return reverse("programme:contract-list")


class ContractUpdateView(ContractMixin, ServiceFormView):
    form_class = PartnerContractForm
    success_message = gettext_lazy("The contract has been saved.")

    @property
    def title(self):
        return _("Edit contract with %(partner)s") % {"partner": self.get_contract().partner.name}

    def may_write(self) -> bool:
        return actor_may_write_municipal_in(self.actor, self.get_contract().municipality)

    def get_initial(self):
        contract = self.get_contract()
        return {
            "municipality": contract.municipality.cbs_code,
            "partner": contract.partner.uuid,
            "agreement": contract.agreement.uuid if contract.agreement else None,
            "reference": contract.reference,
            "start": contract.start,
            "last_day": contract.last_day,
            "amount": contract.amount,
            "notice_period": contract.notice_period,
            "notice_unit": contract.notice_unit,
            "locations": [location.uuid for location in contract.locations.all()],
            "notes": contract.notes,
        }

    def call_service(self, form):
        return services.partner_contract_update(
            actor=self.actor, contract=self.get_contract(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return contract_url(obj)

    def cancel_url(self) -> str:
        return contract_url(self.get_contract())
