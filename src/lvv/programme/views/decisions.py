"""The register of decisions: list, detail (with everything the decision changed), forms."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from .. import services
from ..forms import DecisionForm
from ..selectors import (
    agreements_visible_to,
    decisions_visible_to,
    funding_rules_visible_to,
    programmes_visible_to,
)
from .base import ProgrammePage, ServiceFormView


def decision_url(decision) -> str:
    return reverse("programme:decision-detail", kwargs={"uuid": decision.uuid})


class DecisionListView(ProgrammePage, ListView):
    template_name = "programme/decision_list.html"
    paginate_by = 100

    def get_queryset(self):
        return decisions_visible_to(self.actor)


class DecisionMixin:
    def get_decision(self):
        if not hasattr(self, "_decision"):
            self._decision = get_object_or_404(
                decisions_visible_to(self.actor), uuid=self.kwargs["uuid"]
            )
        return self._decision


class DecisionDetailView(ProgrammePage, DecisionMixin, DetailView):
    """A decision with what it changed: amendments, agreements it mandates or founded, funding
    rules it set, programmes resting on it — as far as the actor may see those."""

    template_name = "programme/decision_detail.html"
    context_object_name = "decision"

    def get_object(self, queryset=None):
        return self.get_decision()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        agreements = agreements_visible_to(self.actor)
        amended = agreements.filter(amendments__decision=decision).distinct()
        context.update(
            amendments=[
                amendment
                for agreement in amended
                for amendment in agreement.amendments.all()
                if amendment.decision_id == decision.pk
            ],
            agreements=agreements.filter(Q(mandate=decision) | Q(basis=decision)),
            funding_rules=funding_rules_visible_to(self.actor).filter(decision=decision),
            programmes=programmes_visible_to(self.actor).filter(basis=decision),
        )
        return context


class DecisionCreateView(ServiceFormView):
    form_class = DecisionForm
    title = gettext_lazy("New decision or document")
    success_message = gettext_lazy("The decision has been saved.")

    def call_service(self, form):
        return services.decision_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return decision_url(obj)

    def cancel_url(self) -> str:
        return reverse("programme:decision-list")


class DecisionUpdateView(DecisionMixin, ServiceFormView):
    form_class = DecisionForm
    success_message = gettext_lazy("The decision has been saved.")

    @property
    def title(self):
        return _("Edit %(title)s") % {"title": self.get_decision().title}

    def get_initial(self):
        decision = self.get_decision()
        return {name: getattr(decision, name) for name in services.decisions.DECISION_FIELDS}

    def call_service(self, form):
        return services.decision_update(
            actor=self.actor, decision=self.get_decision(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return decision_url(obj)

    def cancel_url(self) -> str:
        return decision_url(self.get_decision())
