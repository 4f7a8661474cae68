"""Form pages that change a client's place in the register: status, transfer, merge of a
duplicate, and household links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ...access import is_coordinator, is_operator
from ...models import HouseholdLink
from ...selectors import clients as selectors
from ...services import clients as client_services
from ...services import merge as merge_services
from ...services import transfers as transfer_services
from ...services import workflow as workflow_services
from ..forms_clients.changes import HouseholdForm, MergeForm, TransferForm, TransitionForm
from .base import ClientFormPage, ClientMixin, ClientPage, file_url


class TransitionView(ClientFormPage):
    template_name = "cases/transition.html"
    success_message = gettext_lazy("The status has been changed.")
    submit_label = gettext_lazy("Change status")

    @property
    def title(self):
        return _("Status of %(name)s") % {"name": self.get_client().full_name}

    def get_form(self, form_class=None):
        statuses = workflow_services.statuses_by_hand(self.get_client())
        return TransitionForm(**self.get_form_kwargs(), statuses=statuses)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.get_client()
        context["own_steps"] = [
            (status, workflow_services.own_step_hint(client, status))
            for status in workflow_services.allowed_next_statuses(client)
            if workflow_services.own_step_hint(client, status)
        ]
        return context

    def call_service(self, form):
        return workflow_services.client_transition_by_hand(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class TransferView(ClientFormPage):
    form_class = TransferForm
    template_name = "cases/transfer.html"
    success_message = gettext_lazy("The client has been transferred.")
    submit_label = gettext_lazy("Transfer")

    @property
    def title(self):
        return _("Transfer %(name)s") % {"name": self.get_client().full_name}

    def call_service(self, form):
        return transfer_services.client_transfer(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )

    def success_url_for(self, result) -> str:
        # After a transfer the actor may no longer see the file.
        if selectors.clients_visible_to(self.actor).filter(pk=result.client_id).exists():
            return file_url(result.client)
        return reverse("cases:client-list")


class MergeView(ClientFormPage):
    template_name = "cases/merge.html"
    success_message = gettext_lazy("The records have been merged.")
    submit_label = gettext_lazy("Merge into this file")

    def get(self, request, *args, **kwargs):
        self._require_coordinator()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_coordinator()
        return super().post(request, *args, **kwargs)

    def _require_coordinator(self):
        if not (is_coordinator(self.actor) or is_operator(self.actor)):
            raise PermissionDenied

    @property
    def title(self):
        return _("Merge a duplicate into %(name)s") % {"name": self.get_client().full_name}

    def candidates(self):
        if not hasattr(self, "_candidates"):
            client = self.get_client()
            self._candidates = selectors.duplicate_candidates(
                actor=self.actor,
                v_number=client.v_number,
                family_name=client.family_name,
                date_of_birth=client.date_of_birth,
                nationality=client.nationality.code or "",
                exclude=client,
            ).clients
        return self._candidates

    def get_form(self, form_class=None):
        return MergeForm(**self.get_form_kwargs(), candidates=self.candidates())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["candidates"] = self.candidates()
        return context

    def call_service(self, form):
        chosen = form.cleaned_data["chosen"]
        duplicate = selectors.clients_visible_to(self.actor).filter(uuid=chosen).first()
        return merge_services.client_merge(
            actor=self.actor,
            survivor=self.get_client(),
            duplicate=duplicate,
            reason=form.cleaned_data.get("reason", ""),
        )


class HouseholdAddView(ClientFormPage):
    success_message = gettext_lazy("The family member has been linked.")

    @property
    def title(self):
        return _("Link a family member of %(name)s") % {"name": self.get_client().full_name}

    def get_form(self, form_class=None):
        client = self.get_client()
        relatives = (
            selectors.clients_visible_to(self.actor)
            .filter(municipality_id=client.municipality_id)
            .exclude(pk=client.pk)
            .order_by("family_name", "given_names")
        )
        return HouseholdForm(**self.get_form_kwargs(), relatives=relatives)

    def call_service(self, form):
        return client_services.household_link_add(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class HouseholdRemoveView(ClientPage, ClientMixin, View):
    """POST only: removing a link is an explicit action, never a link that is followed."""

    http_method_names = ["post"]

    def post(self, request, uuid, link_uuid):
        client = self.get_client()
        link = get_object_or_404(HouseholdLink, uuid=link_uuid)
        try:
            client_services.household_link_remove(actor=self.actor, client=client, link=link)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The family link has been removed."))
        return redirect(file_url(client))
