"""Form pages for what is recorded in a client's file: intake and its decision, consent and
its withdrawal, journal entries and their corrections."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...selectors import clients as selectors
from ...services import consent as consent_services
from ...services import intake as intake_services
from ...services import journal as journal_services
from ..forms_clients.records import (
    ConsentForm,
    ConsentWithdrawForm,
    IntakeDecideForm,
    IntakeForm,
    JournalCorrectionForm,
    JournalEntryForm,
)
from .base import ClientFormPage


class IntakeCreateView(ClientFormPage):
    template_name = "cases/intake_form.html"
    success_message = gettext_lazy("The intake has been saved.")

    @property
    def title(self):
        return _("Intake of %(name)s") % {"name": self.get_client().full_name}

    def get_form(self, form_class=None):
        return IntakeForm(**self.get_form_kwargs(), municipality=self.get_client().municipality)

    def call_service(self, form):
        return intake_services.intake_create(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class IntakeDecideView(ClientFormPage):
    form_class = IntakeDecideForm
    template_name = "cases/intake_decide.html"
    success_message = gettext_lazy("The decision has been saved.")
    submit_label = gettext_lazy("Save the decision")

    @property
    def title(self):
        return _("Decision on the intake of %(name)s") % {"name": self.get_client().full_name}

    def get_intake(self):
        if not hasattr(self, "_intake"):
            self._intake = get_object_or_404(
                selectors.intakes_of(self.get_client()), uuid=self.kwargs["intake_uuid"]
            )
        return self._intake

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intake"] = self.get_intake()
        return context

    def call_service(self, form):
        return intake_services.intake_decide(
            actor=self.actor, intake=self.get_intake(), **form.service_data()
        )


class ConsentCreateView(ClientFormPage):
    form_class = ConsentForm
    success_message = gettext_lazy("The consent has been recorded.")

    @property
    def title(self):
        return _("Record consent of %(name)s") % {"name": self.get_client().full_name}

    def call_service(self, form):
        return consent_services.consent_give(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class ConsentWithdrawView(ClientFormPage):
    form_class = ConsentWithdrawForm
    template_name = "cases/consent_withdraw.html"
    success_message = gettext_lazy("The consent has been withdrawn.")
    submit_label = gettext_lazy("Withdraw consent")

    @property
    def title(self):
        return _("Withdraw consent of %(name)s") % {"name": self.get_client().full_name}

    def get_consent(self):
        if not hasattr(self, "_consent"):
            self._consent = get_object_or_404(
                selectors.consents_of(self.get_client()), uuid=self.kwargs["consent_uuid"]
            )
        return self._consent

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consent"] = self.get_consent()
        return context

    def call_service(self, form):
        return consent_services.consent_withdraw(
            actor=self.actor, consent=self.get_consent(), **form.service_data()
        )


class JournalCreateView(ClientFormPage):
    form_class = JournalEntryForm
    success_message = gettext_lazy("The journal entry has been added.")

    @property
    def title(self):
        return _("Journal entry for %(name)s") % {"name": self.get_client().full_name}

    def call_service(self, form):
        return journal_services.journal_entry_add(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class JournalCorrectView(ClientFormPage):
    form_class = JournalCorrectionForm
    template_name = "cases/journal_correct.html"
    success_message = gettext_lazy("The correction has been added.")

    @property
    def title(self):
        return _("Correct a journal entry of %(name)s") % {"name": self.get_client().full_name}

    def get_entry(self):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                selectors.journal_of(self.get_client()), uuid=self.kwargs["entry_uuid"]
            )
        return self._entry

    def get_initial(self):
        entry = self.get_entry()
        return {"occurred_on": entry.occurred_on, "text": entry.text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.get_entry()
        return context

    def call_service(self, form):
        return journal_services.journal_entry_correct(
            actor=self.actor, entry=self.get_entry(), **form.service_data()
        )
