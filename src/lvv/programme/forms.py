"""Page forms of the programme. They take what a person types (an inclusive last day, amounts
with a decimal comma) and hand the services what they expect (an exclusive `end`, Decimal);
the rules stay in the services, whose errors land at the matching field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind
from lvv.accounts.selectors import organisations_visible_to
from lvv.core.forms import SELECT, TEXT, DateInput
from lvv.core.forms import TEXTAREA as AREA
from lvv.core.forms import ServiceForm as BaseServiceForm
from lvv.core.periods import exclusive_end
from lvv.network.selectors import locations_visible_to, regions_visible_to

from .models import (
    AgreementParty,
    AgreementStatus,
    DecisionKind,
    FundingKind,
    NoticeUnit,
    PlannedLvvStatus,
)
from .selectors import (
    agreements_visible_to,
    decisions_visible_to,
    municipalities_in_programme_of,
    programmes_visible_to,
)
from .selectors.access import actor_programme_municipality, actor_sees_national

MONEY_HELP = _("In euros with cents, e.g. 4300000,00.")


def money(label, *, required=True, help_text=MONEY_HELP) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "autocomplete": "off"}),
    )


def whole_number(label, *, required=True, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
    )


def last_day_field(label, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput())


def by_uuid(label, queryset=None, *, required=True, help_text="") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        to_field_name="uuid",
        help_text=help_text,
        widget=forms.Select(attrs=SELECT),
    )


def by_cbs_code(label, queryset=None, *, required=True, help_text="") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        help_text=help_text,
        to_field_name="cbs_code",
        widget=forms.Select(attrs=SELECT),
    )


class ServiceForm(BaseServiceForm):
    """The shared service form, knowing the actor (choices depend on their scope)."""

    def __init__(self, *args, actor: Actor | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "last_day" in data:
            data["end"] = exclusive_end(data.pop("last_day"))
        return data


# --- decisions --------------------------------------------------------------------------------


class DecisionForm(ServiceForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DecisionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    reference = forms.CharField(
        label=_("Reference (kenmerk)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    parliamentary_paper = forms.CharField(
        label=_("Parliamentary paper number"),
        max_length=100,
        required=False,
        help_text=_("e.g. 19 637, nr. 2749"),
        widget=forms.TextInput(attrs=TEXT),
    )
    publication = forms.CharField(
        label=_("Official publication"),
        max_length=100,
        required=False,
        help_text=_("e.g. Staatscourant 2019, 18281"),
        widget=forms.TextInput(attrs=TEXT),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs=AREA))
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXT),
    )


# --- agreements -------------------------------------------------------------------------------


class AgreementForm(ServiceForm):
    service_fields = {"end": "last_day"}

    municipality = by_cbs_code(_("Municipality"))
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    programme = by_uuid(_("Programme"), required=False)
    parties = forms.MultipleChoiceField(
        label=_("Parties"),
        choices=AgreementParty.choices,
        help_text=_("The municipality and the State Secretary are always parties."),
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    last_day = last_day_field(_("Last day"), help_text=_("The last day the agreement applies."))
    mandate = by_uuid(_("Mandate decision"), required=False)
    basis = by_uuid(
        _("Basis"),
        required=False,
        help_text=_("The decision or agreement that led to this agreement."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        decisions = decisions_visible_to(actor)
        self.fields["municipality"].queryset = municipalities_in_programme_of(actor)
        self.fields["programme"].queryset = programmes_visible_to(actor)
        self.fields["mandate"].queryset = decisions.filter(kind=DecisionKind.MANDATE_DECISION)
        self.fields["basis"].queryset = decisions


class FundingFields(forms.Form):
    """The funding of a new period, as an extension (or a bulk extension) sets it."""

    funding_kind = forms.ChoiceField(
        label=_("Funding of the new period"),
        choices=[("", _("No funding rule now")), *FundingKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    amount = money(_("Amount"), required=False, help_text=_("Per year, or for the whole period."))
    price_per_place = money(_("Price per place per year"), required=False)
    state_funded_places = whole_number(_("State-funded places"), required=False)
    total_places = whole_number(_("Places in total"), required=False)
    reference_year = whole_number(
        _("Reference year"),
        required=False,
        help_text=_("For “same level as an earlier year”, e.g. 2021."),
    )

    FUNDING_FIELDS = {
        "funding.kind": "funding_kind",
        "funding.amount": "amount",
        "funding.price_per_place": "price_per_place",
        "funding.state_funded_places": "state_funded_places",
        "funding.total_places": "total_places",
        "funding.reference_year": "reference_year",
    }

    def funding(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("funding_kind"):
            return None
        spec = {"kind": data["funding_kind"]}
        for name in ("amount", "price_per_place", "state_funded_places", "total_places"):
            if data.get(name) is not None:
                spec[name] = data[name]
        if data.get("reference_year") is not None:
            spec["reference_year"] = data["reference_year"]
        return spec


class ExtendForm(ServiceForm, FundingFields):
    service_fields = {"new_end": "new_last_day", **FundingFields.FUNDING_FIELDS}

    decision = by_uuid(_("Decision"), help_text=_("The letter or decision that extends it."))
    new_last_day = last_day_field(_("New last day"))

    field_order = ["decision", "new_last_day"]

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions_visible_to(actor)

    def service_data(self) -> dict[str, Any]:
        return {
            "decision": self.cleaned_data["decision"],
            "new_end": exclusive_end(self.cleaned_data["new_last_day"]),
            "funding": self.funding(),
        }


class BulkExtensionForm(ExtendForm):
    service_fields = {**ExtendForm.service_fields}

    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements"),
        queryset=None,
        to_field_name="uuid",
        help_text=_("The agreements in force; all of them are extended, or none."),
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["agreements", "decision", "new_last_day"]

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["agreements"].queryset = agreements_visible_to(actor).filter(
            status=AgreementStatus.IN_FORCE
        )
        self.fields["agreements"].label_from_instance = lambda a: (
            f"{a.municipality.name}: {a.title} ({a.last_day:%d-%m-%Y})"
        )

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "agreements": list(self.cleaned_data["agreements"])}


class TerminateForm(ServiceForm):
    service_fields = {"end": "last_day"}

    decision = by_uuid(_("Decision"), help_text=_("The letter or decision that ends it early."))
    last_day = last_day_field(_("New last day"), help_text=_("The last day it still applies."))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions_visible_to(actor)


class FundingRuleForm(ServiceForm):
    service_fields = {"end": "last_day"}

    kind = forms.ChoiceField(
        label=_("Kind"), choices=FundingKind.choices, widget=forms.Select(attrs=SELECT)
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    last_day = last_day_field(_("Last day"))
    amount = money(_("Amount"), required=False, help_text=_("Per year, or for the whole period."))
    price_per_place = money(_("Price per place per year"), required=False)
    state_funded_places = whole_number(_("State-funded places"), required=False)
    total_places = whole_number(
        _("Places in total"),
        required=False,
        help_text=_("All places, of which the state funds the first `state-funded places`."),
    )
    reference_year = whole_number(_("Reference year"), required=False)
    decision = by_uuid(_("Decision"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions_visible_to(actor)


# --- municipal books: spending and contracts ----------------------------------------------------


def _own_municipalities(actor: Actor):
    if actor_sees_national(actor):
        return municipalities_in_programme_of(actor)
    own = actor_programme_municipality(actor)
    return municipalities_in_programme_of(actor).filter(pk=getattr(own, "pk", None))


class SpendingForm(ServiceForm):
    service_fields = {"end": "last_day"}

    municipality = by_cbs_code(_("Municipality"))
    agreement = by_uuid(_("Agreement"), required=False)
    start = forms.DateField(label=_("Start"), widget=DateInput())
    last_day = last_day_field(_("Last day"), help_text=_("Within the same calendar year."))
    amount = money(_("Amount"))
    description = forms.CharField(
        label=_("Description"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _own_municipalities(actor)
        self.fields["agreement"].queryset = agreements_visible_to(actor)


class PartnerContractForm(ServiceForm):
    service_fields = {"end": "last_day"}

    municipality = by_cbs_code(_("Municipality"))
    partner = by_uuid(_("Partner organisation"))
    agreement = by_uuid(
        _("Funding agreement"),
        required=False,
        help_text=_("The agreement whose state contribution pays for this contract, if any."),
    )
    reference = forms.CharField(
        label=_("Contract reference"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    last_day = last_day_field(_("Last day"))
    amount = money(_("Amount"), help_text=_("For the whole contract period, in euros."))
    notice_period = whole_number(_("Notice period"))
    notice_unit = forms.ChoiceField(
        label=_("Notice period unit"),
        choices=NoticeUnit.choices,
        widget=forms.Select(attrs=SELECT),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        help_text=_("The partner's locations this contract covers."),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _own_municipalities(actor)
        self.fields["partner"].queryset = organisations_visible_to(actor).filter(
            kind=OrganisationKind.PARTNER_NGO
        )
        self.fields["agreement"].queryset = agreements_visible_to(actor)
        self.fields["locations"].queryset = locations_visible_to(actor).filter(
            operator__kind=OrganisationKind.PARTNER_NGO
        )
        self.fields["locations"].label_from_instance = lambda loc: (
            f"{loc.name} ({loc.operator.name}, {loc.municipality.name})"
        )


# --- the network plan -------------------------------------------------------------------------


class PlannedLvvForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    central_municipality = by_cbs_code(
        _("Central municipality"), required=False, help_text=_("Empty while not chosen yet.")
    )
    region = by_uuid(_("LVV region"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=PlannedLvvStatus.choices, widget=forms.Select(attrs=SELECT)
    )
    programme = by_uuid(_("Programme"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["central_municipality"].queryset = municipalities_in_programme_of(actor)
        self.fields["region"].queryset = regions_visible_to(actor)
        self.fields["programme"].queryset = programmes_visible_to(actor)


class PlannedYearForm(ServiceForm):
    year = whole_number(_("Year"))
    planned_places = whole_number(_("Planned places"))
    budget = money(_("Budget"))


# --- filters --------------------------------------------------------------------------------


class AsOfForm(forms.Form):
    """The count date of the deadline warnings: what was decided by then."""

    as_of = forms.DateField(
        label=_("As known on"),
        required=False,
        help_text=_("Empty: today. Decisions dated later are left out."),
        widget=DateInput(),
    )
