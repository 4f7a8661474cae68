"""The funding page (budget, committed, contracted, spent per municipality per year, with the
allocation's make-up and the rounding rule) and the spending forms."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import services
from ..forms import SELECT, SpendingForm
from ..money import ROUNDING_RULE
from ..selectors import (
    actor_may_write_municipal,
    actor_may_write_municipal_in,
    allocations_visible_to,
    funding_overview_visible_to,
    municipalities_in_programme_of,
    spending_visible_to,
)
from .base import ProgrammePage, ServiceFormView


class FundingFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities_in_programme_of(actor)


class FundingView(ProgrammePage, TemplateView):
    template_name = "programme/funding.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FundingFilterForm(self.request.GET or None, actor=self.actor)
        year = municipality = None
        if form.is_valid():
            year = form.cleaned_data["year"]
            municipality = form.cleaned_data["municipality"]
        spending = spending_visible_to(self.actor).order_by("municipality__name", "start")
        if municipality is not None:
            spending = spending.filter(municipality=municipality)
        if year is not None:
            spending = spending.filter(start__year=year)
        context.update(
            filter_form=form,
            overview=funding_overview_visible_to(self.actor, year=year, municipality=municipality),
            allocations=allocations_visible_to(self.actor, year=year, municipality=municipality),
            spending=spending,
            rounding_rule=ROUNDING_RULE,
        )
        return context


def _funding_url() -> str:
    return reverse("programme:funding")


class SpendingCreateView(ServiceFormView):
    form_class = SpendingForm
    title = _("Record spending")
    success_message = _("The spending has been recorded.")

    def may_write(self) -> bool:
        return actor_may_write_municipal(self.actor)

    def call_service(self, form):
        return services.spending_record_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return _funding_url()

    def cancel_url(self) -> str:
        return _funding_url()


class SpendingUpdateView(ServiceFormView):
    form_class = SpendingForm
    title = _("Correct spending")
    success_message = _("The spending has been recorded.")

    def get_record(self):
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(
                spending_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._record

    def may_write(self) -> bool:
        return actor_may_write_municipal_in(self.actor, self.get_record().municipality)

    def get_initial(self):
        record = self.get_record()
        return {
            "municipality": record.municipality.cbs_code,
            "agreement": record.agreement.uuid if record.agreement else None,
            "start": record.start,
            "last_day": record.last_day,
            "amount": record.amount,
            "description": record.description,
        }

    def call_service(self, form):
        return services.spending_record_update(
            actor=self.actor, record=self.get_record(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return _funding_url()

    def cancel_url(self) -> str:
        return _funding_url()
