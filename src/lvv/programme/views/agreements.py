"""Agreement pages: the list, the detail with its history, funding and contracts, the forms
that create, correct, extend and terminate, the status actions, and the wind-down view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from .. import services
from ..filters import AgreementPageFilter
from ..forms import AgreementForm, ExtendForm, FundingRuleForm, TerminateForm
from ..models import (
    AGREEMENT_TRANSITIONS,
    Agreement,
    AgreementParty,
    AgreementStatus,
    default_parties,
)
from ..money import ROUNDING_RULE
from ..selectors import (
    actor_may_manage_programme,
    agreement_allocations,
    agreement_history,
    agreement_wind_down,
    agreements_visible_to,
    deadline_warnings_visible_to,
    funding_rules_visible_to,
    partner_contracts_visible_to,
)
from .base import AgreementMixin, HtmxResultsMixin, ProgrammePage, ServiceFormView, current_day


def agreement_url(agreement: Agreement) -> str:
    return reverse("programme:agreement-detail", kwargs={"uuid": agreement.uuid})


class AgreementListView(ProgrammePage, HtmxResultsMixin, ListView):
    template_name = "programme/agreement_list.html"
    results_template_name = "programme/_agreement_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = AgreementPageFilter(
            self.request.GET or None,
            queryset=agreements_visible_to(self.actor),
            request=self.request,
        )
        return self.filterset.qs.order_by("municipality__name", "start")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query=query.urlencode())
        return context


# Status actions a page offers, per target status: the button's text.
STATUS_ACTIONS = {
    AgreementStatus.IN_FORCE: gettext_lazy("Put into force"),
    AgreementStatus.ENDED: gettext_lazy("Mark as ended"),
}


class AgreementDetailView(ProgrammePage, AgreementMixin, DetailView):
    template_name = "programme/agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        return self.get_agreement()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        may_manage = actor_may_manage_programme(self.actor)
        allowed = AGREEMENT_TRANSITIONS[agreement.status]
        context.update(
            history=agreement_history(agreement),
            allocations=agreement_allocations(agreement),
            funding_rules=funding_rules_visible_to(self.actor).filter(agreement=agreement),
            contracts=partner_contracts_visible_to(self.actor).filter(agreement=agreement),
            warnings=[
                w
                for w in deadline_warnings_visible_to(self.actor)
                if w.agreement.pk == agreement.pk
            ],
            rounding_rule=ROUNDING_RULE,
            party_labels=[AgreementParty(p).label for p in agreement.parties],
            status_actions=[
                (status, label) for status, label in STATUS_ACTIONS.items() if status in allowed
            ]
            if may_manage
            else [],
            may_extend=may_manage and agreement.status == AgreementStatus.IN_FORCE,
        )
        return context


class AgreementCreateView(ServiceFormView):
    form_class = AgreementForm
    title = gettext_lazy("New agreement")
    intro = gettext_lazy("A new agreement starts as a draft; put it into force when signed.")
    success_message = gettext_lazy("The agreement has been saved.")

    def get_initial(self):
        return {"parties": default_parties()}

    def call_service(self, form):
        return services.agreement_create(actor=self.actor, **form.service_data())

    def success_url_for(self, obj) -> str:
        return agreement_url(obj)

    def cancel_url(self) -> str:
        return reverse("programme:agreement-list")


class AgreementUpdateView(AgreementMixin, ServiceFormView):
    form_class = AgreementForm
    success_message = gettext_lazy("The agreement has been saved.")

    @property
    def title(self):
        return _("Edit %(title)s") % {"title": self.get_agreement().title}

    @property
    def intro(self):
        if self.get_agreement().status == AgreementStatus.DRAFT:
            return ""
        return _(
            "This agreement is no longer a draft: its municipality and period stay as they are. "
            "Extend or terminate it to change its end."
        )

    def get_initial(self):
        agreement = self.get_agreement()
        return {
            "municipality": agreement.municipality.cbs_code,
            "title": agreement.title,
            "programme": agreement.programme.uuid if agreement.programme else None,
            "parties": agreement.parties,
            "start": agreement.start,
            "last_day": agreement.last_day,
            "mandate": agreement.mandate.uuid if agreement.mandate else None,
            "basis": agreement.basis.uuid if agreement.basis else None,
            "notes": agreement.notes,
        }

    def call_service(self, form):
        data = form.service_data()
        agreement = self.get_agreement()
        if agreement.status != AgreementStatus.DRAFT:
            # The form shows them; only a draft may change them.
            for name in ("municipality", "start", "end"):
                if data.get(name) == getattr(agreement, name):
                    data.pop(name)
        return services.agreement_update(actor=self.actor, agreement=agreement, data=data)

    def success_url_for(self, obj) -> str:
        return agreement_url(obj)

    def cancel_url(self) -> str:
        return agreement_url(self.get_agreement())


class AgreementStatusView(ProgrammePage, AgreementMixin, View):
    """POST only: move the agreement to the status in the form (the buttons on its page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not actor_may_manage_programme(self.actor):
            raise PermissionDenied
        agreement = self.get_agreement()
        status = request.POST.get("status", "")
        try:
            services.agreement_change_status(actor=self.actor, agreement=agreement, status=status)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status has been changed."))
        return redirect(agreement_url(agreement))


class AgreementExtendView(AgreementMixin, ServiceFormView):
    form_class = ExtendForm
    success_message = gettext_lazy("The agreement has been extended.")

    @property
    def title(self):
        return _("Extend %(title)s") % {"title": self.get_agreement().title}

    @property
    def intro(self):
        agreement = self.get_agreement()
        return _(
            "It now runs up to and including %(day)s. Choose the decision behind the extension "
            "and, if it sets one, the funding of the new period."
        ) % {"day": agreement.last_day.strftime("%d-%m-%Y")}

    def call_service(self, form):
        return services.agreement_extend(
            actor=self.actor, agreement=self.get_agreement(), **form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return agreement_url(self.get_agreement())

    def cancel_url(self) -> str:
        return agreement_url(self.get_agreement())


class AgreementTerminateView(AgreementMixin, ServiceFormView):
    form_class = TerminateForm
    success_message = gettext_lazy("The agreement has been terminated early.")

    @property
    def title(self):
        return _("Terminate %(title)s early") % {"title": self.get_agreement().title}

    intro = gettext_lazy(
        "Funding after the new last day is removed; partner contracts stay, see the wind-down."
    )

    def call_service(self, form):
        data = form.service_data()
        return services.agreement_terminate(
            actor=self.actor,
            agreement=self.get_agreement(),
            end=data["end"],
            decision=data["decision"],
        )

    def success_url_for(self, obj) -> str:
        return reverse("programme:wind-down", kwargs={"uuid": self.get_agreement().uuid})

    def cancel_url(self) -> str:
        return agreement_url(self.get_agreement())


class FundingRuleMixin(AgreementMixin):
    def get_rule(self):
        if not hasattr(self, "_rule"):
            self._rule = get_object_or_404(
                funding_rules_visible_to(self.actor).filter(agreement=self.get_agreement()),
                uuid=self.kwargs["uuid"],
            )
        return self._rule


class FundingRuleCreateView(AgreementMixin, ServiceFormView):
    form_class = FundingRuleForm
    success_message = gettext_lazy("The funding has been saved.")
    intro = ROUNDING_RULE

    @property
    def title(self):
        return _("Funding for %(title)s") % {"title": self.get_agreement().title}

    def get_initial(self):
        agreement = self.get_agreement()
        return {"start": agreement.start, "last_day": agreement.last_day}

    def call_service(self, form):
        return services.funding_rule_create(
            actor=self.actor, agreement=self.get_agreement(), **form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return agreement_url(self.get_agreement())

    def cancel_url(self) -> str:
        return agreement_url(self.get_agreement())


class FundingRuleUpdateView(FundingRuleMixin, ServiceFormView):
    form_class = FundingRuleForm
    success_message = gettext_lazy("The funding has been saved.")
    intro = ROUNDING_RULE

    @property
    def title(self):
        return _("Edit funding for %(title)s") % {"title": self.get_agreement().title}

    def get_initial(self):
        rule = self.get_rule()
        return {
            "kind": rule.kind,
            "start": rule.start,
            "last_day": rule.last_day,
            "amount": rule.amount,
            "price_per_place": rule.price_per_place,
            "state_funded_places": rule.state_funded_places,
            "total_places": rule.total_places,
            "reference_year": rule.reference_year,
            "decision": rule.decision.uuid if rule.decision else None,
            "notes": rule.notes,
        }

    def call_service(self, form):
        return services.funding_rule_update(
            actor=self.actor, rule=self.get_rule(), data=form.service_data()
        )

    def success_url_for(self, obj) -> str:
        return agreement_url(self.get_agreement())

    def cancel_url(self) -> str:
        return agreement_url(self.get_agreement())


class WindDownView(ProgrammePage, AgreementMixin, DetailView):
    """What stops when the agreement ends: contracts, places, clients still placed (counts)."""

    template_name = "programme/wind_down.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        return self.get_agreement()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wind_down"] = agreement_wind_down(self.actor, self.object, today=current_day())
        return context
