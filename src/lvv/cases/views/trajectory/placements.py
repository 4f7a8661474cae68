"""Form pages of placements: place a client, end the open placement, move to another
location."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...access import is_coordinator
from ...selectors.placements import open_placement, placement_of_client
from ...services import placements as placement_services
from .. import forms_trajectory as forms
from .base import ClientFormPage


class PlacementStartView(ClientFormPage):
    form_class = forms.PlacementStartForm
    title = gettext_lazy("Place the client")
    success_message = gettext_lazy("The placement has been saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "client": self.client,
            "may_override": is_coordinator(self.actor),
        }

    def call_service(self, form):
        return placement_services.placement_start(
            actor=self.actor, client=self.client, **form.service_data()
        )


class _OpenPlacementPage(ClientFormPage):
    """A page that needs the client's open placement; without one, back to the file."""

    def dispatch_without_placement(self):
        messages.info(self.request, _("The client has no open placement."))
        return redirect(self.cancel_url())

    def get(self, request, *args, **kwargs):
        self.prepare()
        if self.placement is None:
            return self.dispatch_without_placement()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.prepare()
        if self.placement is None:
            return self.dispatch_without_placement()
        return super().post(request, *args, **kwargs)

    def prepare(self) -> None:
        super().prepare()
        self.placement = open_placement(self.client)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "placement": self.placement}

    def get_initial(self):
        return {**super().get_initial(), **forms.SeenPlacementMixin.initial_for(self.placement)}

    def seen_placement(self, form):
        """The placement the form was opened on, which may no longer be the open one: the
        service then refuses it as a conflict rather than acting on another placement."""
        uuid, version = form.seen()
        placement = placement_of_client(self.client, uuid)
        if placement is None:
            raise ValidationError({"version": forms.EXPIRED})
        return placement, version


class PlacementEndView(_OpenPlacementPage):
    form_class = forms.PlacementEndForm
    title = gettext_lazy("End the placement")
    success_message = gettext_lazy("The placement has been ended.")

    def call_service(self, form):
        placement, version = self.seen_placement(form)
        return placement_services.placement_end(
            actor=self.actor,
            placement=placement,
            expected_version=version,
            **form.service_data(),
        )


class PlacementMoveView(_OpenPlacementPage):
    form_class = forms.PlacementMoveForm
    title = gettext_lazy("Move the client to another location")
    success_message = gettext_lazy("The client has been moved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "client": self.client,
            "may_override": is_coordinator(self.actor),
        }

    def call_service(self, form):
        placement, version = self.seen_placement(form)
        return placement_services.placement_move(
            actor=self.actor,
            client=self.client,
            expected_placement=placement,
            expected_version=version,
            **form.service_data(),
        )
