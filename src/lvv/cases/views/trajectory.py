"""Pages of placements, trajectory, case meetings and outflow.

Form pages live under /clienten/<uuid>/... : each looks the client up through the access gate
(404 outside one's scope), shows one form, calls one service and goes back to the client file.
Case meetings live under /clienten/overleggen. Which role may open a page is declared on it;
the services check again, so a hand-made POST gets no further than a button would.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ..access import is_coordinator, may_write_client_files
from ..models import CaseDiscussion, Client
from ..selectors import meetings as meeting_selectors
from ..selectors.placements import open_placement, placement_of_client
from ..selectors.trajectory import (
    action_of_client,
    client_in_scope,
    escalation_of_client,
    procedure_of_client,
)
from ..services import meetings as meeting_services
from ..services import outflow as outflow_services
from ..services import placements as placement_services
from ..services import trajectory as trajectory_services
from . import forms_trajectory as forms

READ_CAPABILITIES = (Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA)


def client_file_url(client: Client) -> str:
    """The client file page (built by the client-register pages); the meeting list until it
    exists, so these pages work on their own."""
    try:
        return reverse("cases:client-detail", kwargs={"uuid": client.uuid})
    except NoReverseMatch:
        return reverse("cases:meeting-list")


class AnyCapabilityPage(CapabilityRequiredMixin):
    """A page open to members holding any one of `any_capability`."""

    any_capability: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        actor = getattr(request, "actor", None)
        if (
            request.user.is_authenticated
            and not actor.is_superuser
            and not any(actor.can(capability) for capability in self.any_capability)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceFormPage(CapabilityRequiredMixin, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    required_capability = Capability.VIEW_CLIENT_FILES
    template_name = "cases/trajectory/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("Saved.")

    def get(self, request, *args, **kwargs):
        self.prepare()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.prepare()
        return super().post(request, *args, **kwargs)

    def prepare(self) -> None:
        """Look up what the page is about (404 outside one's scope) before anything else."""

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.call_service(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_after())

    def success_url_after(self) -> str:
        return self.cancel_url()

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.cancel_url(),
        )
        return context


class ClientFormPage(ServiceFormPage):
    """A form about one client, found through the access gate; back to the client file."""

    def prepare(self) -> None:
        # Showing the form shows who the client is: a read of the file. A post is audited by
        # the service it calls.
        self.client = client_in_scope(
            self.actor, self.kwargs["uuid"], audit=self.request.method == "GET"
        )

    def cancel_url(self) -> str:
        return client_file_url(self.client)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "client": self.client}


# --- placements --------------------------------------------------------------------------------


class PlacementStartView(ClientFormPage):
    form_class = forms.PlacementStartForm
    title = gettext_lazy("Place the client")
    success_message = gettext_lazy("The placement has been saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "client": self.client,
            "may_override": is_coordinator(self.actor),
        }

    def call_service(self, form):
        return placement_services.placement_start(
            actor=self.actor, client=self.client, **form.service_data()
        )


class _OpenPlacementPage(ClientFormPage):
    """A page that needs the client's open placement; without one, back to the file."""

    def dispatch_without_placement(self):
        messages.info(self.request, _("The client has no open placement."))
        return redirect(self.cancel_url())

    def get(self, request, *args, **kwargs):
        self.prepare()
        if self.placement is None:
            return self.dispatch_without_placement()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.prepare()
        if self.placement is None:
            return self.dispatch_without_placement()
        return super().post(request, *args, **kwargs)

    def prepare(self) -> None:
        super().prepare()
        self.placement = open_placement(self.client)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "placement": self.placement}

    def get_initial(self):
        return {**super().get_initial(), **forms.SeenPlacementMixin.initial_for(self.placement)}

    def seen_placement(self, form):
        """The placement the form was opened on, which may no longer be the open one: the
        service then refuses it as a conflict rather than acting on another placement."""
        uuid, version = form.seen()
        placement = placement_of_client(self.client, uuid)
        if placement is None:
            raise ValidationError({"version": forms.EXPIRED})
        return placement, version


class PlacementEndView(_OpenPlacementPage):
    form_class = forms.PlacementEndForm
    title = gettext_lazy("End the placement")
    success_message = gettext_lazy("The placement has been ended.")

    def call_service(self, form):
        placement, version = self.seen_placement(form)
        return placement_services.placement_end(
            actor=self.actor,
            placement=placement,
            expected_version=version,
            **form.service_data(),
        )


class PlacementMoveView(_OpenPlacementPage):
    form_class = forms.PlacementMoveForm
    title = gettext_lazy("Move the client to another location")
    success_message = gettext_lazy("The client has been moved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "client": self.client,
            "may_override": is_coordinator(self.actor),
        }

    def call_service(self, form):
        placement, version = self.seen_placement(form)
        return placement_services.placement_move(
            actor=self.actor,
            client=self.client,
            expected_placement=placement,
            expected_version=version,
            **form.service_data(),
        )


# --- scenario and trajectory -------------------------------------------------------------------


class ScenarioAgreeView(ClientFormPage):
    form_class = forms.ScenarioForm
    title = gettext_lazy("Record the agreed guidance scenario")
    intro = gettext_lazy(
        "A scenario is the plan worked toward, not an outcome. After the rest period it moves "
        "the client to 'guidance scenario agreed'; later it replaces the current scenario."
    )
    success_message = gettext_lazy("The guidance scenario has been saved.")

    def get_form_kwargs(self):
        discussed = CaseDiscussion.objects.filter(meeting=OuterRef("pk"), client=self.client)
        meetings = (
            meeting_selectors.meetings_visible_to(self.actor)
            .filter(Exists(discussed))
            .order_by("-held_on")
        )
        return {**super().get_form_kwargs(), "meetings": meetings}

    def call_service(self, form):
        return trajectory_services.scenario_agree(
            actor=self.actor, client=self.client, **form.service_data()
        )


class TrajectoryStartView(ClientFormPage):
    form_class = forms.TrajectoryStartForm
    title = gettext_lazy("Start the trajectory")
    success_message = gettext_lazy("The trajectory has started.")

    def call_service(self, form):
        return trajectory_services.trajectory_start(
            actor=self.actor, client=self.client, **form.service_data()
        )


# --- actions, procedures, escalations ----------------------------------------------------------


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


# --- outflow -----------------------------------------------------------------------------------


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


# --- case meetings -----------------------------------------------------------------------------


class MeetingListView(AnyCapabilityPage, ListView):
    """The meetings one may see, newest first, filtered (htmx swaps only the results)."""

    any_capability = READ_CAPABILITIES
    template_name = "cases/trajectory/meeting_list.html"
    results_template_name = "cases/trajectory/_meeting_results.html"
    paginate_by = 25

    def get_queryset(self):
        meetings = meeting_selectors.meeting_list(self.actor)
        self.filterset = forms.MeetingPageFilter(
            self.request.GET or None,
            queryset=meetings,
            municipalities=meeting_selectors.meeting_municipalities_visible_to(self.actor),
        )
        return self.filterset.qs

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.results_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            may_create=meeting_selectors.meeting_municipalities_for(self.actor).exists(),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class MeetingCreateView(ServiceFormPage):
    form_class = forms.MeetingForm
    template_name = "cases/trajectory/meeting_form.html"
    title = gettext_lazy("New case meeting (LSO)")
    success_message = gettext_lazy("The case meeting has been saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "municipalities": meeting_selectors.meeting_municipalities_for(self.actor),
            "organisations": meeting_selectors.meeting_attendee_choices(),
        }

    def get_initial(self):
        municipality = getattr(self.actor.organisation, "municipality", None)
        return {"municipality": municipality.cbs_code} if municipality is not None else {}

    def call_service(self, form):
        self.meeting = meeting_services.meeting_create(actor=self.actor, **form.service_data())
        return self.meeting

    def success_url_after(self) -> str:
        return reverse("cases:meeting-detail", kwargs={"uuid": self.meeting.uuid})

    def cancel_url(self) -> str:
        return reverse("cases:meeting-list")


class MeetingDetailView(AnyCapabilityPage, DetailView):
    any_capability = READ_CAPABILITIES
    template_name = "cases/trajectory/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        return get_object_or_404(
            meeting_selectors.meetings_visible_to(self.actor).prefetch_related("attendees"),
            uuid=self.kwargs["uuid"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            discussions=meeting_selectors.meeting_read(self.actor, self.object),
            may_write=may_write_client_files(self.actor),
        )
        return context


class _MeetingFormPage(ServiceFormPage):
    def prepare(self) -> None:
        self.meeting = get_object_or_404(
            meeting_selectors.meetings_visible_to(self.actor), uuid=self.kwargs["uuid"]
        )

    def cancel_url(self) -> str:
        return reverse("cases:meeting-detail", kwargs={"uuid": self.meeting.uuid})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}


class MeetingDiscussionAddView(_MeetingFormPage):
    form_class = forms.DiscussionForm
    title = gettext_lazy("Add a client discussed")
    success_message = gettext_lazy("The client has been added to the meeting.")

    def get_form_kwargs(self):
        clients = meeting_selectors.clients_to_discuss(self.actor, self.meeting)
        return {**super().get_form_kwargs(), "clients": clients}

    def call_service(self, form):
        return meeting_services.meeting_discussion_add(
            actor=self.actor, meeting=self.meeting, **form.service_data()
        )


class MeetingDecisionCreateView(_MeetingFormPage):
    """A decision about one client discussed, with the actions it leads to (a formset of
    rows; empty rows are skipped) and, if ticked, an escalation. One service call."""

    form_class = forms.DecisionForm
    template_name = "cases/trajectory/decision_form.html"
    title = gettext_lazy("Record a decision")
    success_message = gettext_lazy("The decision has been saved.")

    def prepare(self) -> None:
        super().prepare()
        self.discussion = get_object_or_404(
            meeting_selectors.discussions_visible_to(self.actor, self.meeting),
            uuid=self.kwargs["discussion_uuid"],
        )

    def get_formset(self):
        if not hasattr(self, "_formset"):
            data = self.request.POST if self.request.method == "POST" else None
            self._formset = forms.DecisionActionFormSet(
                data,
                prefix="actions",
                form_kwargs={"client": self.discussion.client},
            )
        return self._formset

    def post(self, request, *args, **kwargs):
        self.prepare()
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def call_service(self, form):
        filled = [row for row in self.get_formset() if row.is_filled()]
        actions = [row.cleaned_data for row in filled]
        try:
            return meeting_services.meeting_decision_record(
                actor=self.actor, discussion=self.discussion, actions=actions, **form.service_data()
            )
        except ValidationError as error:
            self._place_action_errors(error, filled)
            raise

    def _place_action_errors(self, error: ValidationError, filled) -> None:
        # `actions.<n>.<field>` belongs to the n-th filled row; the rest goes to the form.
        if not hasattr(error, "error_dict"):
            return
        for name in list(error.error_dict):
            parts = name.split(".")
            if parts[0] == "actions" and len(parts) == 3 and parts[1].isdigit():
                row = filled[int(parts[1])]
                row.add_error(parts[2] if parts[2] in row.fields else None, error.error_dict[name])
                del error.error_dict[name]

    def get_context_data(self, **kwargs):
        subject = _("About: %(name)s") % {"name": self.discussion.client.full_name}
        return {
            **super().get_context_data(**kwargs),
            "discussion": self.discussion,
            "formset": self.get_formset(),
            "subject": subject,
        }


urlpatterns = [
    path("overleggen", MeetingListView.as_view(), name="meeting-list"),
    path("overleggen/nieuw", MeetingCreateView.as_view(), name="meeting-create"),
    path("overleggen/<uuid:uuid>", MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "overleggen/<uuid:uuid>/clienten/toevoegen",
        MeetingDiscussionAddView.as_view(),
        name="meeting-discussion-add",
    ),
    path(
        "overleggen/<uuid:uuid>/besprekingen/<uuid:discussion_uuid>/besluit",
        MeetingDecisionCreateView.as_view(),
        name="meeting-decision-create",
    ),
    path("<uuid:uuid>/plaatsing/nieuw", PlacementStartView.as_view(), name="placement-start"),
    path("<uuid:uuid>/plaatsing/beeindigen", PlacementEndView.as_view(), name="placement-end"),
    path("<uuid:uuid>/plaatsing/verhuizen", PlacementMoveView.as_view(), name="placement-move"),
    path("<uuid:uuid>/scenario/nieuw", ScenarioAgreeView.as_view(), name="scenario-agree"),
    path("<uuid:uuid>/traject/starten", TrajectoryStartView.as_view(), name="trajectory-start"),
    path("<uuid:uuid>/acties/nieuw", ActionCreateView.as_view(), name="action-create"),
    path(
        "<uuid:uuid>/acties/<uuid:action_uuid>/afronden",
        ActionCompleteView.as_view(),
        name="action-complete",
    ),
    path(
        "<uuid:uuid>/acties/<uuid:action_uuid>/annuleren",
        ActionCancelView.as_view(),
        name="action-cancel",
    ),
    path("<uuid:uuid>/procedures/nieuw", ProcedureCreateView.as_view(), name="procedure-create"),
    path(
        "<uuid:uuid>/procedures/<uuid:procedure_uuid>/beeindigen",
        ProcedureEndView.as_view(),
        name="procedure-end",
    ),
    path("<uuid:uuid>/escalaties/nieuw", EscalationRaiseView.as_view(), name="escalation-raise"),
    path(
        "<uuid:uuid>/escalaties/<uuid:escalation_uuid>/opschalen",
        EscalationEscalateView.as_view(),
        name="escalation-escalate",
    ),
    path(
        "<uuid:uuid>/escalaties/<uuid:escalation_uuid>/afsluiten",
        EscalationResolveView.as_view(),
        name="escalation-resolve",
    ),
    path("<uuid:uuid>/uitstroom", OutflowRecordView.as_view(), name="outflow-record"),
]
