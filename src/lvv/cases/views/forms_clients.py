"""Page forms of the client register. They turn what a person types into what the services
expect (a partial date of birth into a date and its precision, an inclusive day into the
stored one) and put the services' errors at the matching field; the rules stay in the services.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lvv.accounts.actors import Actor
from lvv.core.forms import SELECT, TEXT, TEXTAREA, DateInput, ServiceForm
from lvv.network.models import Municipality

from ..access import is_coordinator, is_operator
from ..api.filters_clients import ClientFilterBase, placed_at
from ..models import (
    Answer,
    ClientStatus,
    ConsentPurpose,
    DatePrecision,
    HouseholdRelation,
    IntakeDecision,
    LegalBasis,
    Sex,
    Vulnerability,
)
from ..selectors.clients import (
    chain_partner_organisations,
    criteria_for,
    exclusion_grounds_for,
    locations_for_filter,
    municipalities_for_new_clients,
    municipalities_of_visible_clients,
    partner_organisations,
)
from .forms_concurrency import HiddenErrorsAboveMixin, submission_key_field, version_field


def _today() -> date:
    return timezone.localdate()


# --- the client ---------------------------------------------------------------------------------

_PARTIAL_DATE_FORMATS = (
    (re.compile(r"^(\d{4})$"), DatePrecision.YEAR, lambda m: date(int(m[1]), 1, 1)),
    (
        re.compile(r"^(\d{4})-(\d{1,2})$"),
        DatePrecision.MONTH,
        lambda m: date(int(m[1]), int(m[2]), 1),
    ),
    (
        re.compile(r"^(\d{1,2})-(\d{4})$"),
        DatePrecision.MONTH,
        lambda m: date(int(m[2]), int(m[1]), 1),
    ),
    (
        re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
        DatePrecision.DAY,
        lambda m: date(int(m[1]), int(m[2]), int(m[3])),
    ),
    (
        re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"),
        DatePrecision.DAY,
        lambda m: date(int(m[3]), int(m[2]), int(m[1])),
    ),
)


def parse_partial_date(value: str) -> tuple[date | None, str]:
    """'17-05-1990', '1990-05-17', '05-1990', '1990-05', '1990' or '' (unknown)."""
    value = re.sub(r"[\s/.]", "-", (value or "").strip())
    if not value:
        return None, DatePrecision.UNKNOWN
    for pattern, precision, build in _PARTIAL_DATE_FORMATS:
        match = pattern.match(value)
        if match:
            try:
                return build(match), precision
            except ValueError:
                break
    raise ValidationError(
        _("Write a date as 17-05-1990, a month as 05-1990, or a year as 1990."),
        code="invalid_date",
    )


def format_partial_date(value: date | None, precision: str) -> str:
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}-{value.year}"
    return value.strftime("%d-%m-%Y")


def country_choices():
    return [("", _("Unknown")), *list(countries)]


class ClientForm(HiddenErrorsAboveMixin, ServiceForm):
    """Identity, contact and vulnerabilities; on registration also municipality and partner.
    Editing carries the version of the file the person saw (`version`, hidden)."""

    service_fields = {
        "date_of_birth_precision": "date_of_birth",
        "on": NON_FIELD_ERRORS,
        "version": NON_FIELD_ERRORS,
    }

    family_name = forms.CharField(
        label=_("Family name"), max_length=150, widget=forms.TextInput(attrs=TEXT)
    )
    given_names = forms.CharField(
        label=_("Given names"), max_length=150, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_(
            "As far as known: 17-05-1990, or only month and year (05-1990), or only the year "
            "(1990). Empty: unknown."
        ),
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, initial=Sex.OTHER, widget=forms.Select(attrs=SELECT)
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, widget=forms.Select(attrs=SELECT)
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Language codes separated by commas, e.g. ti, ar, en."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
    )
    v_number = forms.CharField(
        label=_("V-number"),
        required=False,
        max_length=20,
        help_text=_("10 digits, e.g. 1234567890."),
        widget=forms.TextInput(
            attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        help_text=_("Citizen service number, if any: 9 digits."),
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "type": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "type": "email"}),
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        required=False,
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox"}),
    )
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = country_choices()

    def clean_date_of_birth(self):
        return parse_partial_date(self.cleaned_data.get("date_of_birth", ""))

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["date_of_birth"], data["date_of_birth_precision"] = data.pop("date_of_birth")
        return data

    @staticmethod
    def initial_for(client) -> dict[str, Any]:
        return {
            "family_name": client.family_name,
            "given_names": client.given_names,
            "date_of_birth": format_partial_date(
                client.date_of_birth, client.date_of_birth_precision
            ),
            "sex": client.sex,
            "nationality": client.nationality.code or "",
            "languages": ", ".join(client.languages or []),
            "v_number": client.v_number,
            "bsn": client.bsn,
            "phone": client.phone,
            "email": client.email,
            "vulnerabilities": client.vulnerabilities,
            "version": client.version,
        }


class ClientCreateForm(ClientForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="cbs_code",
        help_text=_("The municipality whose LVV is responsible for the client."),
        widget=forms.Select(attrs=SELECT),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=None,
        to_field_name="uuid",
        help_text=_("The partner organisation that keeps the file."),
        widget=forms.Select(attrs=SELECT),
    )
    confirm_new_person = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person."),
        required=False,
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]  # a new file has no version yet
        municipalities = municipalities_for_new_clients(actor).order_by("name")
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.get().cbs_code
        if is_coordinator(actor) or is_operator(actor):
            self.fields["partner"].queryset = partner_organisations()
        else:
            # A caseworker registers for their own organisation; nothing to choose.
            del self.fields["partner"]

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("confirm_new_person", None)
        return data


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
        label=_("Decided on"), required=False, widget=DateInput(), initial=_today
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

    intake_on = forms.DateField(label=_("Intake date"), widget=DateInput(), initial=_today)
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
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=_today)
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
        initial=_today,
    )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- journal ------------------------------------------------------------------------------------


class JournalEntryForm(ServiceForm):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
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


# --- status, transfer, merge, household --------------------------------------------------------


class TransitionForm(ServiceForm):
    # Any value is passed on: a step the table does not allow (a stale page, a hand-made
    # request) reaches the service, which explains what is allowed instead.
    to_status = forms.CharField(
        label=_("Next step"),
        max_length=30,
        error_messages={"required": _("Choose the next step.")},
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)

    def __init__(self, *args, statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].widget = forms.RadioSelect(
            attrs={"class": "utrecht-radio-button"},
            choices=[(status, ClientStatus(status).label) for status in statuses],
        )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class TransferForm(ServiceForm):
    to_municipality = forms.ModelChoiceField(
        label=_("To municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="cbs_code",
        widget=forms.Select(attrs=SELECT),
    )
    to_partner = forms.ModelChoiceField(
        label=_("To partner organisation"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.Select(attrs=SELECT),
    )
    transferred_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_partner"].queryset = partner_organisations()

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class MergeForm(ServiceForm):
    """Pick the duplicate among the candidates, or give its uuid (from its file's address)."""

    duplicate = forms.ChoiceField(
        label=_("Possible duplicates"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button"}),
    )
    other = forms.UUIDField(
        label=_("Or another record"),
        required=False,
        help_text=_("The code at the end of the address of the other file."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    confirm = forms.BooleanField(
        label=_("I have checked that both records are the same person. This cannot be undone."),
        error_messages={"required": _("Confirm that both records are the same person.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            (str(client.uuid), f"{client.full_name} ({client.v_number or '—'})")
            for client in candidates
        ]

    def clean(self):
        data = super().clean()
        chosen = data.get("duplicate") or data.get("other")
        if not chosen:
            raise ValidationError({"duplicate": _("Choose the record to merge into this one.")})
        data["chosen"] = str(chosen)
        return data


class HouseholdForm(ServiceForm):
    relation = forms.ChoiceField(
        label=_("This client is the … of"),
        choices=HouseholdRelation.choices,
        widget=forms.Select(attrs=SELECT),
    )
    relative = forms.ModelChoiceField(
        label=_("Family member"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, relatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = relatives
        self.fields["relative"].label_from_instance = lambda c: (
            f"{c.full_name} ({c.v_number or '—'})"
        )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- the list's filters ------------------------------------------------------------------------


class ClientPageFilter(ClientFilterBase):
    """The filter form above the client list (a plain GET, swapped in by htmx)."""

    location = django_filters.ModelChoiceFilter(
        label=_("Location"),
        queryset=lambda request: locations_for_filter(request.actor),
        to_field_name="uuid",
        empty_label=_("All locations"),
        method="filter_location",
        widget=forms.Select(attrs=SELECT),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=lambda request: municipalities_of_visible_clients(request.actor),
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta(ClientFilterBase.Meta):
        fields = ["search", "status", "location", "municipality", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_fields = self.form.fields
        form_fields["search"].widget.attrs.update({**TEXT, "type": "search"})
        form_fields["status"].widget.attrs.update(SELECT)
        form_fields["overdue"].widget = forms.CheckboxInput()

    def filter_overdue(self, queryset, name, value):
        # A checkbox: ticked narrows to overdue steps, unticked shows everyone.
        return queryset.filter(is_overdue=True) if value else queryset

    def filter_location(self, queryset, name, value):
        return placed_at(queryset, value.uuid) if value else queryset
