"""The client's own details: identity, contact and vulnerabilities, and on registration the
municipality and partner that keep the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from lvv.accounts.actors import Actor
from lvv.core.forms import SELECT, TEXT, ServiceForm
from lvv.network.models import Municipality

from ...access import is_coordinator, is_operator
from ...models import Sex, Vulnerability
from ...selectors.clients import municipalities_for_new_clients, partner_organisations
from ..forms_concurrency import HiddenErrorsAboveMixin, version_field
from .fields import country_choices, format_partial_date, parse_partial_date


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
