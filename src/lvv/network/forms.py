"""Page forms of the network register. They take what a person types (an inclusive last day)
and hand the services what they expect (an exclusive `end`); the rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind
from lvv.accounts.selectors import organisations_visible_to
from lvv.core.forms import SELECT, TEXT, DateInput, ServiceForm
from lvv.core.periods import exclusive_end

from .models import LocationKind
from .selectors import municipalities_managed_by, municipalities_visible_to


class MunicipalityForm(ServiceForm):
    cbs_code = forms.CharField(
        label=_("CBS code"),
        max_length=10,
        help_text=_("'GM' followed by four digits, e.g. GM0363."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput(attrs=TEXT))

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RegionForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    central_municipality = forms.ModelChoiceField(
        label=_("Central municipality"),
        queryset=None,
        to_field_name="cbs_code",
        help_text=_("The municipality that runs the LVV for the region."),
        widget=forms.Select(attrs=SELECT),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=None,
        to_field_name="cbs_code",
        required=False,
        help_text=_("The central municipality is always included."),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 10}),
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = municipalities_visible_to(actor)
        self.fields["central_municipality"].queryset = municipalities
        self.fields["municipalities"].queryset = municipalities

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class LocationForm(ServiceForm):
    service_fields = {"end": "last_day"}

    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    operator = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=None,
        to_field_name="uuid",
        help_text=_("The partner organisation that runs the location."),
        widget=forms.Select(attrs=SELECT),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        to_field_name="cbs_code",
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=LocationKind.choices, widget=forms.Select(attrs=SELECT)
    )
    street = forms.CharField(
        label=_("Street"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    house_number = forms.CharField(
        label=_("House number"), max_length=20, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Four digits and two letters, e.g. 1011 AB."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    start = forms.DateField(
        label=_("Opening date"),
        help_text=_("The first day the location is open."),
        widget=DateInput(),
    )
    last_day = forms.DateField(
        label=_("Last day open"),
        required=False,
        help_text=_("The last day the location is open (inclusive). Empty while it stays open."),
        widget=DateInput(),
    )

    def __init__(self, *args, actor: Actor, current_operator=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = organisations_visible_to(actor).filter(kind=OrganisationKind.PARTNER_NGO)
        active = partners.filter(is_active=True)
        if current_operator is not None:
            # An operator that has since become inactive stays selectable for its locations.
            active = active | partners.filter(pk=current_operator.pk)
        self.fields["operator"].queryset = active.order_by("name")
        self.fields["municipality"].queryset = municipalities_managed_by(actor)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["end"] = exclusive_end(data.pop("last_day"))
        return data


class CapacityForm(ServiceForm):
    service_fields = {"end": "last_day"}

    start = forms.DateField(
        label=_("From"), help_text=_("The first day of this capacity."), widget=DateInput()
    )
    last_day = forms.DateField(
        label=_("Up to and including"),
        required=False,
        help_text=_("The last day of this capacity. Empty: until further notice."),
        widget=DateInput(),
    )
    state_funded_places = forms.IntegerField(
        label=_("State-funded places"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    municipality_funded_places = forms.IntegerField(
        label=_("Municipality-funded places"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["end"] = exclusive_end(data.pop("last_day"))
        return data
