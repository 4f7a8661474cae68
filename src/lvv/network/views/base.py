"""What every network page shares: the capability gate and the form-to-service plumbing.

Every page needs `VIEW_NETWORK`; the create and edit pages also ask the selectors whether this
actor may change *this* thing (a municipal coordinator: only their own municipality), and the
services ask again, so a hand-made POST gets no further than a button would.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin


class NetworkPage(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_NETWORK


def current_day() -> date:
    """Today in the Netherlands: the count date a page shows places on unless asked otherwise."""
    return timezone.localdate()


class ServiceFormView(NetworkPage, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    template_name = "network/form.html"
    title = ""
    success_message = ""

    def may_write(self) -> bool:
        raise NotImplementedError

    # get/post run after NetworkPage's dispatch has let only members with VIEW_NETWORK in.
    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self) -> None:
        if not self.may_write():
            raise PermissionDenied

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, cancel_url=self.cancel_url())
        return context

    def cancel_url(self) -> str:
        raise NotImplementedError
