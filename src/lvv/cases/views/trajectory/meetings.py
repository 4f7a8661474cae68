"""Pages of case meetings (LSO): the list, a new meeting, one meeting, a client discussed
added, and a decision with its actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from ...access import may_write_client_files
from ...selectors import meetings as meeting_selectors
from ...services import meetings as meeting_services
from .. import forms_trajectory as forms
from .base import READ_CAPABILITIES, AnyCapabilityPage, ServiceFormPage


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
