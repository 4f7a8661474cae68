"""Registering a client (duplicates shown before anything is saved) and changing the
client's identity, contact details and vulnerabilities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ...selectors import clients as selectors
from ...services import clients as client_services
from ..forms_clients.fields import parse_partial_date
from ..forms_clients.identity import ClientCreateForm, ClientForm
from .base import ClientFormPage, ClientPage, ServicePage, file_url


class _Unconfirmed(Exception):
    """Possible duplicates not yet confirmed: undo the registration."""


class ClientCreateView(ServicePage):
    """Registration. Possible duplicates are shown before anything is saved: live while typing
    (htmx), and again after submitting, when saving needs an explicit confirmation."""

    template_name = "cases/client_create.html"
    title = gettext_lazy("Register a client")
    success_message = gettext_lazy("The client has been registered.")

    def get_form(self, form_class=None):
        return ClientCreateForm(**self.get_form_kwargs(), actor=self.actor)

    def form_valid(self, form):
        data = form.service_data()
        confirmed = form.cleaned_data.get("confirm_new_person")
        try:
            # Register, then look for candidates other than the new record; unconfirmed
            # candidates undo the registration, so bad input and unconfirmed duplicates
            # both leave nothing behind.
            with transaction.atomic():
                client = client_services.client_create(actor=self.actor, **data)
                found = self._candidates(data, exclude=client)
                if (found.clients or found.v_number_elsewhere) and not confirmed:
                    raise _Unconfirmed
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        except _Unconfirmed:
            self.candidates = self._candidates(data)  # shown to the person: recorded
            form.add_error(
                "confirm_new_person",
                _("Possible duplicates were found. Check them before registering a new client."),
            )
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(client))

    def _candidates(self, data, exclude=None):
        return selectors.duplicate_candidates(
            actor=self.actor,
            v_number=data.get("v_number", ""),
            family_name=data.get("family_name", ""),
            date_of_birth=data.get("date_of_birth"),
            nationality=data.get("nationality", ""),
            exclude=exclude,
        )

    def success_url_for(self, result) -> str:
        return file_url(result)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["candidates"] = getattr(self, "candidates", None)
        return context


class DuplicateCandidatesView(ClientPage, View):
    """The candidates for the fields typed so far (htmx fragment of the registration form)."""

    def get(self, request):
        try:
            date_of_birth, _precision = parse_partial_date(request.GET.get("date_of_birth", ""))
        except ValidationError:
            date_of_birth = None
        result = selectors.duplicate_candidates(
            actor=self.actor,
            v_number=request.GET.get("v_number", ""),
            family_name=request.GET.get("family_name", ""),
            date_of_birth=date_of_birth,
            nationality=request.GET.get("nationality", ""),
        )
        response = render(request, "cases/_duplicate_candidates.html", {"candidates": result})
        patch_vary_headers(response, ["HX-Request"])
        return response


class ClientUpdateView(ClientFormPage):
    form_class = ClientForm
    success_message = gettext_lazy("The client's details have been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_client().full_name}

    def get_initial(self):
        return ClientForm.initial_for(self.get_client())

    def call_service(self, form):
        return client_services.client_update(
            actor=self.actor,
            client=self.get_client(),
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
