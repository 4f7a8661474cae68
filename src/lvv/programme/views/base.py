"""What every programme page shares: the capability gate, the form-to-service plumbing, and
lookups through the scoped selectors.

Every page needs VIEW_PROGRAMME (programme managers and municipal coordinators); write pages
also ask the selectors whether this actor may write *this* (programme managers: agreements,
decisions, funding, plan; coordinators: their own municipality's contracts and spending), and
the services ask again, so a hand-made POST gets no further than a button would.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.generic import FormView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ..selectors import (
    actor_may_manage_programme,
    actor_may_write_municipal,
    agreements_visible_to,
)


class ProgrammePage(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_PROGRAMME

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            may_manage=actor_may_manage_programme(self.actor),
            may_write_municipal=actor_may_write_municipal(self.actor),
        )
        return context


def current_day() -> date:
    return timezone.localdate()


class HtmxResultsMixin:
    """With htmx only the results are swapped in; without JavaScript the same GET is a page."""

    results_template_name = ""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.results_template_name]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class AgreementMixin:
    def get_agreement(self):
        if not hasattr(self, "_agreement"):
            uuid = self.kwargs.get("agreement_uuid", self.kwargs.get("uuid"))
            self._agreement = get_object_or_404(agreements_visible_to(self.actor), uuid=uuid)
        return self._agreement


class ServiceFormView(ProgrammePage, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    template_name = "programme/form.html"
    title = ""
    intro = ""
    success_message = ""

    def may_write(self) -> bool:
        return actor_may_manage_programme(self.actor)

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self) -> None:
        if not self.may_write():
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor}

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.call_service(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(obj))

    def success_url_for(self, obj) -> str:
        raise NotImplementedError

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, cancel_url=self.cancel_url())
        return context
