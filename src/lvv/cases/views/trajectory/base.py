"""What the trajectory's pages share: the client file's address, who may open a page, and
the form page that looks up its subject, calls one service and goes back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ...models import Client
from ...selectors.trajectory import client_in_scope

READ_CAPABILITIES = (Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA)


def client_file_url(client: Client) -> str:
    """The client file page (built by the client-register pages); the meeting list until it
    exists, so these pages work on their own."""
    try:
        return reverse("cases:client-detail", kwargs={"uuid": client.uuid})
    except NoReverseMatch:
        return reverse("cases:meeting-list")


class AnyCapabilityPage(CapabilityRequiredMixin):
    """A page open to members holding any one of `any_capability`."""

    any_capability: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        actor = getattr(request, "actor", None)
        if (
            request.user.is_authenticated
            and not actor.is_superuser
            and not any(actor.can(capability) for capability in self.any_capability)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceFormPage(CapabilityRequiredMixin, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    required_capability = Capability.VIEW_CLIENT_FILES
    template_name = "cases/trajectory/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("Saved.")

    def get(self, request, *args, **kwargs):
        self.prepare()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.prepare()
        return super().post(request, *args, **kwargs)

    def prepare(self) -> None:
        """Look up what the page is about (404 outside one's scope) before anything else."""

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.call_service(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_after())

    def success_url_after(self) -> str:
        return self.cancel_url()

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.cancel_url(),
        )
        return context


class ClientFormPage(ServiceFormPage):
    """A form about one client, found through the access gate; back to the client file."""

    def prepare(self) -> None:
        # Showing the form shows who the client is: a read of the file. A post is audited by
        # the service it calls.
        self.client = client_in_scope(
            self.actor, self.kwargs["uuid"], audit=self.request.method == "GET"
        )

    def cancel_url(self) -> str:
        return client_file_url(self.client)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "client": self.client}
