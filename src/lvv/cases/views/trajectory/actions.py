"""Form pages of a client's actions, procedures and escalations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ...selectors.trajectory import action_of_client, escalation_of_client, procedure_of_client
from ...services import trajectory as trajectory_services
from .. import forms_trajectory as forms
from .base import READ_CAPABILITIES, AnyCapabilityPage, ClientFormPage


class ActionCreateView(ClientFormPage):
    form_class = forms.ActionForm
    title = gettext_lazy("New action")
    success_message = gettext_lazy("The action has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client": self.client}

    def call_service(self, form):
        return trajectory_services.action_create(
            actor=self.actor, client=self.client, **form.service_data()
        )


class _ActionPage(ClientFormPage):
    def prepare(self) -> None:
        super().prepare()
        self.action = action_of_client(
            actor=self.actor, client=self.client, uuid=self.kwargs["action_uuid"]
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.action.description}


class ActionCompleteView(AnyCapabilityPage, _ActionPage):
    """Open to chain partners too: they may complete an action their organisation owns (the
    service decides)."""

    any_capability = READ_CAPABILITIES
    required_capability = None
    form_class = forms.ActionCompleteForm
    title = gettext_lazy("Complete the action")
    success_message = gettext_lazy("The action is done.")

    def call_service(self, form):
        return trajectory_services.action_complete(
            actor=self.actor, action=self.action, **form.service_data()
        )


class ActionCancelView(_ActionPage):
    form_class = forms.ServiceForm
    title = gettext_lazy("Cancel the action")
    intro = gettext_lazy("The action stays in the file, marked as cancelled.")
    submit_label = gettext_lazy("Cancel the action")
    success_message = gettext_lazy("The action has been cancelled.")

    def call_service(self, form):
        return trajectory_services.action_cancel(actor=self.actor, action=self.action)


class ProcedureCreateView(ClientFormPage):
    form_class = forms.ProcedureForm
    title = gettext_lazy("Record a procedure")
    success_message = gettext_lazy("The procedure has been saved.")

    def call_service(self, form):
        return trajectory_services.procedure_start(
            actor=self.actor, client=self.client, **form.service_data()
        )


class ProcedureEndView(ClientFormPage):
    form_class = forms.ProcedureEndForm
    title = gettext_lazy("Record the end of the procedure")
    success_message = gettext_lazy("The procedure has been ended.")

    def prepare(self) -> None:
        super().prepare()
        self.procedure = procedure_of_client(
            actor=self.actor, client=self.client, uuid=self.kwargs["procedure_uuid"]
        )

    def get_context_data(self, **kwargs):
        subject = self.procedure.get_kind_display()
        return {**super().get_context_data(**kwargs), "subject": subject}

    def call_service(self, form):
        return trajectory_services.procedure_end(
            actor=self.actor, procedure=self.procedure, **form.service_data()
        )


class EscalationRaiseView(ClientFormPage):
    form_class = forms.EscalationRaiseForm
    title = gettext_lazy("Escalate the case")
    intro = gettext_lazy("The case goes to the local steering group (stuurgroep).")
    success_message = gettext_lazy("The case has been escalated.")

    def call_service(self, form):
        return trajectory_services.escalation_raise(
            actor=self.actor, client=self.client, **form.service_data()
        )


class _EscalationPage(ClientFormPage):
    def prepare(self) -> None:
        super().prepare()
        self.escalation = escalation_of_client(
            actor=self.actor, client=self.client, uuid=self.kwargs["escalation_uuid"]
        )

    def get_context_data(self, **kwargs):
        subject = self.escalation.get_level_display()
        return {**super().get_context_data(**kwargs), "subject": subject}


class EscalationEscalateView(_EscalationPage):
    form_class = forms.EscalationEscalateForm
    title = gettext_lazy("Escalate one level higher")
    success_message = gettext_lazy("The case has been escalated one level higher.")

    def call_service(self, form):
        return trajectory_services.escalation_escalate(
            actor=self.actor, escalation=self.escalation, **form.service_data()
        )


class EscalationResolveView(_EscalationPage):
    form_class = forms.EscalationResolveForm
    title = gettext_lazy("Resolve the escalation")
    success_message = gettext_lazy("The escalation has been resolved.")

    def call_service(self, form):
        return trajectory_services.escalation_resolve(
            actor=self.actor, escalation=self.escalation, **form.service_data()
        )
