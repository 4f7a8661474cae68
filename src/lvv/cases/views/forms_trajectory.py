"""Page forms of placements, trajectory, case meetings and outflow.

They turn what a person types into what the services expect (an inclusive last day into the
exclusive `end`) and put the services' errors at the matching field; the rules stay in the
services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvv.core.forms import CHECKBOX, SELECT, TEXT, TEXTAREA, DateInput
from lvv.core.forms import ServiceForm as BaseServiceForm
from lvv.core.periods import exclusive_end
from lvv.network.models import Location
from lvv.network.selectors import capacity_totals_on

from ..models import (
    Client,
    PlacementEndReason,
    ProcedureKind,
    ScenarioKind,
)
from ..selectors.occupancy import with_occupancy_on
from ..selectors.trajectory import action_owner_choices, outflow_reasons_active
from .forms_concurrency import (
    EXPIRED,
    HiddenErrorsAboveMixin,
    submission_key_field,
    version_field,
)


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def text_field(label, *, max_length=None, required=True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=TEXT),
        **kwargs,
    )


def textarea_field(label, *, required=True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs=TEXTAREA), **kwargs
    )


class ServiceForm(HiddenErrorsAboveMixin, BaseServiceForm):
    service_fields = {"version": NON_FIELD_ERRORS, "submission_key": NON_FIELD_ERRORS}

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SeenPlacementMixin(forms.Form):
    """The open placement the person saw (uuid and version, hidden): a placement that was
    ended, moved or changed since is refused as a conflict instead of acting on another."""

    seen_placement = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": EXPIRED, "invalid": EXPIRED}
    )
    version = version_field()

    @staticmethod
    def initial_for(placement) -> dict[str, Any]:
        return {"seen_placement": placement.uuid, "version": placement.version}

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("seen_placement", None)
        data.pop("version", None)
        return data

    def seen(self) -> tuple[Any, int]:
        """The uuid and version of the placement the form was opened on."""
        return self.cleaned_data["seen_placement"], self.cleaned_data["version"]


class LocationChoiceField(forms.ModelChoiceField):
    """Locations labelled with today's occupancy, so a full one is seen before choosing."""

    def label_from_instance(self, location: Location) -> str:
        return _("%(name)s (%(occupied)s of %(places)s places occupied today)") % {
            "name": location.name,
            "occupied": location.occupied_places_on,
            "places": location.total_places_on,
        }


def location_choices(client: Client):
    today = timezone.localdate()
    locations = Location.objects.filter(municipality_id=client.municipality_id).order_by("name")
    return with_occupancy_on(capacity_totals_on(today, locations), today)


def _location_field(label) -> LocationChoiceField:
    return LocationChoiceField(
        label=label,
        queryset=Location.objects.none(),
        to_field_name="uuid",
        widget=forms.Select(attrs=SELECT),
        help_text=_("Locations in the client's municipality."),
    )


OVERRIDE_HELP = _(
    "Only when the location is full: why the client is placed anyway. Stored with your name."
)


class _PlacementForm(ServiceForm):
    location_field = "location"

    def __init__(self, *args, client: Client, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.location_field].queryset = location_choices(client)
        if not may_override:
            del self.fields["override_reason"]


class PlacementStartForm(_PlacementForm):
    location = _location_field(_("Location"))
    start = date_field(_("First day"))
    room = text_field(_("Room"), max_length=30, required=False)
    bed = text_field(_("Bed"), max_length=30, required=False)
    override_reason = textarea_field(
        _("Reason for placing above capacity"), required=False, help_text=OVERRIDE_HELP
    )


class PlacementMoveForm(SeenPlacementMixin, _PlacementForm):
    location_field = "to_location"

    to_location = _location_field(_("New location"))
    on = date_field(
        _("Date of the move"),
        help_text=_(
            "The first day at the new location; the current placement ends the day before."
        ),
    )
    room = text_field(_("Room"), max_length=30, required=False)
    bed = text_field(_("Bed"), max_length=30, required=False)
    override_reason = textarea_field(
        _("Reason for placing above capacity"), required=False, help_text=OVERRIDE_HELP
    )


class PlacementEndForm(SeenPlacementMixin, ServiceForm):
    service_fields = {**ServiceForm.service_fields, "end": "last_day"}

    last_day = date_field(_("Last day at the location"), help_text=_("The last night there."))
    reason = forms.ChoiceField(
        label=_("Reason for ending"),
        choices=[c for c in PlacementEndReason.choices if c[0] != PlacementEndReason.OUTFLOW],
        help_text=_("A client who leaves the LVV is recorded as an outflow instead."),
        widget=forms.Select(attrs=SELECT),
    )

    def service_data(self) -> dict[str, Any]:
        return {
            "end": exclusive_end(self.cleaned_data["last_day"]),
            "reason": self.cleaned_data["reason"],
        }


class ScenarioForm(ServiceForm):
    kind = forms.ChoiceField(
        label=_("Guidance scenario"),
        choices=ScenarioKind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    agreed_on = date_field(_("Agreed on"))
    meeting = forms.ModelChoiceField(
        label=_("Agreed in case meeting"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        help_text=_("A case meeting in which the client was discussed."),
        widget=forms.Select(attrs=SELECT),
    )
    note = textarea_field(_("Note"), required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class TrajectoryStartForm(ServiceForm):
    on = date_field(_("First day of the trajectory"))


class ActionForm(ServiceForm):
    description = text_field(_("What has to be done"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        to_field_name="uuid",
        help_text=_("The organisation that does it."),
        widget=forms.Select(attrs=SELECT),
    )
    due_on = date_field(_("Deadline"))

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices(client)


class ActionCompleteForm(ServiceForm):
    completed_on = date_field(_("Done on"))


class ProcedureForm(ServiceForm):
    kind = forms.ChoiceField(
        label=_("Procedure"), choices=ProcedureKind.choices, widget=forms.Select(attrs=SELECT)
    )
    started_on = date_field(_("Started on"))


class ProcedureEndForm(ServiceForm):
    ended_on = date_field(_("Ended on"))
    outcome = text_field(_("Outcome"), max_length=300)


class EscalationRaiseForm(ServiceForm):
    raised_on = date_field(_("Date"))
    reason = textarea_field(_("Why the case is escalated"))


class EscalationEscalateForm(ServiceForm):
    on = date_field(_("Date"))
    reason = textarea_field(_("Why the case goes one level higher"))


class EscalationResolveForm(ServiceForm):
    on = date_field(_("Date"))
    outcome = textarea_field(_("How it was resolved"))


class OutflowForm(ServiceForm):
    left_on = date_field(
        _("Date of leaving"),
        help_text=_(
            "The day the client left the LVV. The placement and the trajectory end the day "
            "before (the last night)."
        ),
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=None,
        to_field_name="code",
        widget=forms.Select(attrs=SELECT),
    )
    note = textarea_field(_("Note"), required=False)
    submission_key = submission_key_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = outflow_reasons_active()


# --- case meetings -----------------------------------------------------------------------------


class MeetingForm(ServiceForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        to_field_name="cbs_code",
        widget=forms.Select(attrs=SELECT),
    )
    held_on = date_field(_("Date"))
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attending organisations"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        help_text=_("Your own organisation is always included."),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    def __init__(self, *args, municipalities, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["attendees"].queryset = organisations


class DiscussionForm(ServiceForm):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.Select(attrs=SELECT),
    )
    summary = textarea_field(_("Summary"), required=False)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class DecisionForm(ServiceForm):
    text = textarea_field(_("Decision"))
    escalate = forms.BooleanField(
        label=_("Escalate the case"),
        required=False,
        help_text=_(
            "To the local steering group, or one level higher if the case is already escalated."
        ),
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


class DecisionActionForm(forms.Form):
    """One action a decision leads to; a row left empty is skipped."""

    description = text_field(_("What has to be done"), max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        widget=forms.Select(attrs=SELECT),
    )
    due_on = date_field(_("Deadline"), required=False)

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices(client)

    def is_filled(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("description", "owner", "due_on"))


DecisionActionFormSet = forms.formset_factory(DecisionActionForm, extra=3, max_num=10)


class MeetingPageFilter(django_filters.FilterSet):
    """The filters above the list of case meetings."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=None,
        to_field_name="cbs_code",
        empty_label=_("All municipalities"),
        widget=forms.Select(attrs=SELECT),
    )
    held_from = django_filters.DateFilter(
        label=_("Held on or after"), field_name="held_on", lookup_expr="gte", widget=DateInput()
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].queryset = municipalities
