"""What the client register's pages share: who may open them, the client of the URL (read
and recorded, or looked up for a write), htmx partial answers, and the form page that calls
one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ...models import Client
from ...selectors import clients as selectors

KEEP = frozenset({Capability.VIEW_CLIENT_FILES})
READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})


class ClientPage(CapabilityRequiredMixin):
    """Any one of `required_capabilities` lets the actor in (superusers always)."""

    required_capabilities: frozenset = KEEP

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            actor = request.actor
            if not actor.is_superuser and not any(
                actor.can(capability) for capability in self.required_capabilities
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def file_url(client) -> str:
    """The address of the client's file page."""
    return reverse("cases:client-detail", kwargs={"uuid": client.uuid})


class ClientMixin:
    """The client of the URL: read (recorded) to show it, or looked up for a write."""

    def read_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_file_for(actor=self.actor, uuid=self.kwargs["uuid"])
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client

    def get_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_get_visible(
                    actor=self.actor, uuid=self.kwargs["uuid"]
                )
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client


class HtmxPartialMixin:
    partial_template_name = ""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.partial_template_name]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers with a whole page or only the results.
        patch_vary_headers(response, ["HX-Request"])
        return response


def capabilities_of(actor) -> set:
    """The capabilities the actor holds (every one for a superuser)."""
    if actor.is_superuser:
        return set(Capability.values)
    return {capability for capability in Capability.values if actor.can(capability)}


class ServicePage(ClientPage, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    template_name = "cases/form.html"
    title = ""
    success_message = ""
    submit_label = gettext_lazy("Save")

    def call_service(self, form):
        raise NotImplementedError

    def success_url_for(self, result) -> str:
        raise NotImplementedError

    def cancel_url(self) -> str:
        return reverse("cases:client-list")

    def form_valid(self, form):
        try:
            result = self.call_service(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, cancel_url=self.cancel_url(), submit_label=self.submit_label
        )
        return context


class ClientFormPage(ClientMixin, ServicePage):
    """A form about one client: GET reads the file (recorded), POST writes through a service."""

    def get(self, request, *args, **kwargs):
        self.read_client()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_client()
        return super().post(request, *args, **kwargs)

    def success_url_for(self, result) -> str:
        return file_url(self.get_client())

    def cancel_url(self) -> str:
        return file_url(self.get_client())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["client"] = self.get_client()
        return context
