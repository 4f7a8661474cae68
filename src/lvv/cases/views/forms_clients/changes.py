"""Changes to a client's place in the register: a status transition, a transfer, a merge of
a duplicate record, and a household link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lvv.core.forms import SELECT, TEXT, TEXTAREA, DateInput, ServiceForm
from lvv.network.models import Municipality

from ...models import ClientStatus, HouseholdRelation
from ...selectors.clients import partner_organisations
from .fields import today


class TransitionForm(ServiceForm):
    # Any value is passed on: a step the table does not allow (a stale page, a hand-made
    # request) reaches the service, which explains what is allowed instead.
    to_status = forms.CharField(
        label=_("Next step"),
        max_length=30,
        error_messages={"required": _("Choose the next step.")},
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)

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
    transferred_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)
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
