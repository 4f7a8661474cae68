"""What is recorded in a client's file: the intake (with its decision), consents and journal
entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from lvv.core.forms import SELECT, TEXT, TEXTAREA, DateInput, ServiceForm
from lvv.network.models import Municipality

from ...models import Answer, ConsentPurpose, IntakeDecision, LegalBasis
from ...selectors.clients import chain_partner_organisations, criteria_for, exclusion_grounds_for
from ..forms_concurrency import HiddenErrorsAboveMixin, submission_key_field
from .fields import today

# --- intake -------------------------------------------------------------------------------------


DECISION_CHOICES = [
    ("", _("Decide later")),
    *[(value, label) for value, label in IntakeDecision.choices if value != IntakeDecision.PENDING],
]


class IntakeDecisionFields(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.Select(attrs=SELECT)
    )
    decision_reason = forms.CharField(
        label=_("Reason for the decision"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), required=False, widget=DateInput(), initial=today
    )


class IntakeForm(HiddenErrorsAboveMixin, ServiceForm):
    """One radio group (with a note) per criterion of the client's municipality, a checkbox
    (with a note) per exclusion ground, and optionally the decision. A one-time
    `submission_key` (hidden) makes a double submit create one intake."""

    service_fields = {
        "answers": NON_FIELD_ERRORS,
        "exclusions": NON_FIELD_ERRORS,
        "submission_key": NON_FIELD_ERRORS,
    }

    intake_on = forms.DateField(label=_("Intake date"), widget=DateInput(), initial=today)
    submission_key = submission_key_field()

    def __init__(self, *args, municipality: Municipality, with_decision: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria_for(municipality))
        self.grounds = list(exclusion_grounds_for(municipality))
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label,
                choices=Answer.choices,
                widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button"}),
                error_messages={"required": _("Answer this question.")},
            )
            self.fields[f"answer_note_{criterion.pk}"] = forms.CharField(
                label=_("Note on: %(question)s") % {"question": criterion.label},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs=TEXT),
            )
        for ground in self.grounds:
            self.fields[f"ground_{ground.pk}"] = forms.BooleanField(
                label=ground.label, required=False
            )
            self.fields[f"ground_note_{ground.pk}"] = forms.CharField(
                label=_("Note on: %(ground)s") % {"ground": ground.label},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs=TEXT),
            )
        if with_decision:
            self.fields.update(IntakeDecisionFields().fields)
            self.fields["decision"].required = False

    def criterion_rows(self):
        return [
            (criterion, self[f"answer_{criterion.pk}"], self[f"answer_note_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def ground_rows(self):
        return [
            (ground, self[f"ground_{ground.pk}"], self[f"ground_note_{ground.pk}"])
            for ground in self.grounds
        ]

    def decision_fields(self):
        return [
            self[name]
            for name in ("decision", "decision_reason", "decided_on")
            if name in self.fields
        ]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = [
            {
                "criterion": criterion,
                "answer": data[f"answer_{criterion.pk}"],
                "note": data.get(f"answer_note_{criterion.pk}", ""),
            }
            for criterion in self.criteria
        ]
        exclusions = [
            {"ground": ground, "note": data.get(f"ground_note_{ground.pk}", "")}
            for ground in self.grounds
            if data.get(f"ground_{ground.pk}")
        ]
        result = {
            "intake_on": data["intake_on"],
            "answers": answers,
            "exclusions": exclusions,
            "submission_key": data["submission_key"],
        }
        if data.get("decision"):
            result.update(
                decision=data["decision"],
                decision_reason=data.get("decision_reason", ""),
                decided_on=data.get("decided_on"),
            )
        return result


class IntakeDecideForm(ServiceForm, IntakeDecisionFields):
    service_fields = {"reason": "decision_reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = DECISION_CHOICES[1:]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {
            "decision": data["decision"],
            "reason": data.get("decision_reason", ""),
            "decided_on": data.get("decided_on"),
        }


# --- consent ------------------------------------------------------------------------------------


class ConsentForm(ServiceForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=ConsentPurpose.choices, widget=forms.Select(attrs=SELECT)
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        help_text=_("The chain partner the data may be shared with (for sharing only)."),
        widget=forms.Select(attrs=SELECT),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, widget=forms.Select(attrs=SELECT)
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=today)
    document_reference = forms.CharField(
        label=_("Document reference"),
        required=False,
        max_length=100,
        help_text=_("Where the signed consent is kept, e.g. its number in the document system."),
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = chain_partner_organisations()

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConsentWithdrawForm(ServiceForm):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn from"),
        help_text=_("The first day the consent no longer applies; today takes effect at once."),
        widget=DateInput(),
        initial=today,
    )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- journal ------------------------------------------------------------------------------------


class JournalEntryForm(ServiceForm):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Write what happened.")},
    )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class JournalCorrectionForm(JournalEntryForm):
    text = forms.CharField(
        label=_("Corrected text"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The original entry stays in the journal, marked as corrected."),
        error_messages={"required": _("Write the corrected text.")},
    )
