"""The form page that records a client's outflow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ...services import outflow as outflow_services
from .. import forms_trajectory as forms
from .base import ClientFormPage


class OutflowRecordView(ClientFormPage):
    form_class = forms.OutflowForm
    title = gettext_lazy("Record the outflow")
    intro = gettext_lazy(
        "This ends the open placement and the trajectory, cancels the open actions and "
        "records that the client left the LVV."
    )
    submit_label = gettext_lazy("Record the outflow")
    success_message = gettext_lazy("The outflow has been recorded.")

    def call_service(self, form):
        return outflow_services.outflow_record(
            actor=self.actor, client=self.client, **form.service_data()
        )
