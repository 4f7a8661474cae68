"""Pages of the client register: the list, the file, and the forms that keep it.

Every page declares the capabilities it needs (`required_capabilities`, any one will do);
which clients a page may show is decided by the gate through the selectors, so a client
outside the actor's scope is a 404 whatever the page. A page that shows a file reads it with
`client_file_for`, which records the reading; a form hands its data to one service, which
checks scope and rules again and records the write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ..access import Section, client_sections_for, is_coordinator, is_operator
from ..exports import subject_access_archive, subject_access_filename
from ..models import Client, ClientStatus, HouseholdLink, Vulnerability
from ..selectors import access_log as access_log_selectors
from ..selectors import clients as selectors
from ..selectors import subject_access
from ..selectors.worklists import work_list_for
from ..services import clients as client_services
from ..services import consent as consent_services
from ..services import intake as intake_services
from ..services import journal as journal_services
from ..services import merge as merge_services
from ..services import transfers as transfer_services
from ..services import workflow as workflow_services
from .forms_clients import (
    ClientCreateForm,
    ClientForm,
    ClientPageFilter,
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    IntakeDecideForm,
    IntakeForm,
    JournalCorrectionForm,
    JournalEntryForm,
    MergeForm,
    TransferForm,
    TransitionForm,
)

KEEP = frozenset({Capability.VIEW_CLIENT_FILES})
READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})


class ClientPage(CapabilityRequiredMixin):
    """Any one of `required_capabilities` lets the actor in (superusers always)."""

    required_capabilities: frozenset = KEEP

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            actor = request.actor
            if not actor.is_superuser and not any(
                actor.can(capability) for capability in self.required_capabilities
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _file_url(client) -> str:
    return reverse("cases:client-detail", kwargs={"uuid": client.uuid})


class ClientMixin:
    """The client of the URL: read (recorded) to show it, or looked up for a write."""

    def read_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_file_for(actor=self.actor, uuid=self.kwargs["uuid"])
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client

    def get_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_get_visible(
                    actor=self.actor, uuid=self.kwargs["uuid"]
                )
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client


# --- list, work list, file ----------------------------------------------------------------


class HtmxPartialMixin:
    partial_template_name = ""

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.partial_template_name]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers with a whole page or only the results.
        patch_vary_headers(response, ["HX-Request"])
        return response


class ClientListView(ClientPage, HtmxPartialMixin, ListView):
    """Clients the actor may see, filtered (htmx swaps only the results)."""

    required_capabilities = READ
    template_name = "cases/client_list.html"
    partial_template_name = "cases/_client_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ClientPageFilter(
            self.request.GET or None,
            queryset=selectors.clients_listed_by(actor=self.actor),
            request=self.request,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Client.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            sections=client_sections_for(self.actor),
            may_create=Capability.VIEW_CLIENT_FILES in _capabilities(self.actor),
        )
        return context


def _capabilities(actor) -> set:
    if actor.is_superuser:
        return set(Capability.values)
    return {capability for capability in Capability.values if actor.can(capability)}


class WorkListView(ClientPage, TemplateView):
    template_name = "cases/work_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work_list"] = work_list_for(actor=self.actor)
        return context


class ClientDetailView(ClientPage, ClientMixin, TemplateView):
    required_capabilities = READ
    template_name = "cases/client_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.read_client()
        file = selectors.client_file_sections(actor=self.actor, client=client)
        may_write = (
            Capability.VIEW_CLIENT_FILES in _capabilities(self.actor)
            and client.anonymised_on is None
        )
        context.update(
            client=client,
            file=file,
            sections=file.sections,
            may_write=may_write,
            may_merge=may_write and (is_coordinator(self.actor) or is_operator(self.actor)),
            may_read_full_log=access_log_selectors.actor_may_read_access_log_page(self.actor),
            may_export_subject_data=subject_access.actor_may_export_subject_data(self.actor),
            next_steps=[
                (status, ClientStatus(status).label)
                for status in workflow_services.statuses_by_hand(client)
            ],
            vulnerability_labels=[
                Vulnerability(flag).label
                for flag in client.vulnerabilities
                if flag in Vulnerability.values
            ],
            open_intake=selectors.open_intake_of(client)
            if Section.INTAKE in file.sections
            else None,
            may_start_intake=client.status
            in (ClientStatus.INTAKE, ClientStatus.OUTFLOW, ClientStatus.REFUSED),
        )
        return context


class AccessLogView(CapabilityRequiredMixin, HtmxPartialMixin, ListView):
    """Who accessed a file: coordinators for their clients, auditors (privacy officers) for
    any uuid, seeing only the log, never the file. The reading is recorded."""

    template_name = "cases/access_log.html"
    partial_template_name = "cases/access_log.html"
    paginate_by = 100

    def get_queryset(self):
        try:
            return access_log_selectors.client_access_log_for(
                actor=self.actor, client_uuid=self.kwargs["uuid"]
            )
        except Client.DoesNotExist as missing:
            raise Http404 from missing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            client_uuid=self.kwargs["uuid"],
            shows_file_link=Capability.VIEW_CLIENT_FILES in _capabilities(self.actor),
        )
        return context


# --- forms --------------------------------------------------------------------------------


class ServicePage(ClientPage, FormView):
    """Show a form, call one service with its data, put the service's errors at the fields."""

    template_name = "cases/form.html"
    title = ""
    success_message = ""
    submit_label = gettext_lazy("Save")

    def call_service(self, form):
        raise NotImplementedError

    def success_url_for(self, result) -> str:
        raise NotImplementedError

    def cancel_url(self) -> str:
        return reverse("cases:client-list")

    def form_valid(self, form):
        try:
            result = self.call_service(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, cancel_url=self.cancel_url(), submit_label=self.submit_label
        )
        return context


class ClientFormPage(ClientMixin, ServicePage):
    """A form about one client: GET reads the file (recorded), POST writes through a service."""

    def get(self, request, *args, **kwargs):
        self.read_client()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_client()
        return super().post(request, *args, **kwargs)

    def success_url_for(self, result) -> str:
        return _file_url(self.get_client())

    def cancel_url(self) -> str:
        return _file_url(self.get_client())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["client"] = self.get_client()
        return context


class _Unconfirmed(Exception):
    """Possible duplicates not yet confirmed: undo the registration."""


class ClientCreateView(ServicePage):
    """Registration. Possible duplicates are shown before anything is saved: live while typing
    (htmx), and again after submitting, when saving needs an explicit confirmation."""

    template_name = "cases/client_create.html"
    title = gettext_lazy("Register a client")
    success_message = gettext_lazy("The client has been registered.")

    def get_form(self, form_class=None):
        return ClientCreateForm(**self.get_form_kwargs(), actor=self.actor)

    def form_valid(self, form):
        data = form.service_data()
        confirmed = form.cleaned_data.get("confirm_new_person")
        try:
            # Register, then look for candidates other than the new record; unconfirmed
            # candidates undo the registration, so bad input and unconfirmed duplicates
            # both leave nothing behind.
            with transaction.atomic():
                client = client_services.client_create(actor=self.actor, **data)
                found = self._candidates(data, exclude=client)
                if (found.clients or found.v_number_elsewhere) and not confirmed:
                    raise _Unconfirmed
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        except _Unconfirmed:
            self.candidates = self._candidates(data)  # shown to the person: recorded
            form.add_error(
                "confirm_new_person",
                _("Possible duplicates were found. Check them before registering a new client."),
            )
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(client))

    def _candidates(self, data, exclude=None):
        return selectors.duplicate_candidates(
            actor=self.actor,
            v_number=data.get("v_number", ""),
            family_name=data.get("family_name", ""),
            date_of_birth=data.get("date_of_birth"),
            nationality=data.get("nationality", ""),
            exclude=exclude,
        )

    def success_url_for(self, result) -> str:
        return _file_url(result)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["candidates"] = getattr(self, "candidates", None)
        return context


class DuplicateCandidatesView(ClientPage, View):
    """The candidates for the fields typed so far (htmx fragment of the registration form)."""

    def get(self, request):
        from .forms_clients import parse_partial_date

        try:
            date_of_birth, _precision = parse_partial_date(request.GET.get("date_of_birth", ""))
        except ValidationError:
            date_of_birth = None
        result = selectors.duplicate_candidates(
            actor=self.actor,
            v_number=request.GET.get("v_number", ""),
            family_name=request.GET.get("family_name", ""),
            date_of_birth=date_of_birth,
            nationality=request.GET.get("nationality", ""),
        )
        response = render(request, "cases/_duplicate_candidates.html", {"candidates": result})
        patch_vary_headers(response, ["HX-Request"])
        return response


class ClientUpdateView(ClientFormPage):
    form_class = ClientForm
    success_message = gettext_lazy("The client's details have been saved.")

    @property
    def title(self):
        return _("Edit %(name)s") % {"name": self.get_client().full_name}

    def get_initial(self):
        return ClientForm.initial_for(self.get_client())

    def call_service(self, form):
        return client_services.client_update(
            actor=self.actor,
            client=self.get_client(),
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )


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


class TransitionView(ClientFormPage):
    template_name = "cases/transition.html"
    success_message = gettext_lazy("The status has been changed.")
    submit_label = gettext_lazy("Change status")

    @property
    def title(self):
        return _("Status of %(name)s") % {"name": self.get_client().full_name}

    def get_form(self, form_class=None):
        statuses = workflow_services.statuses_by_hand(self.get_client())
        return TransitionForm(**self.get_form_kwargs(), statuses=statuses)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.get_client()
        context["own_steps"] = [
            (status, workflow_services.own_step_hint(client, status))
            for status in workflow_services.allowed_next_statuses(client)
            if workflow_services.own_step_hint(client, status)
        ]
        return context

    def call_service(self, form):
        return workflow_services.client_transition_by_hand(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class TransferView(ClientFormPage):
    form_class = TransferForm
    template_name = "cases/transfer.html"
    success_message = gettext_lazy("The client has been transferred.")
    submit_label = gettext_lazy("Transfer")

    @property
    def title(self):
        return _("Transfer %(name)s") % {"name": self.get_client().full_name}

    def call_service(self, form):
        return transfer_services.client_transfer(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )

    def success_url_for(self, result) -> str:
        # After a transfer the actor may no longer see the file.
        if selectors.clients_visible_to(self.actor).filter(pk=result.client_id).exists():
            return _file_url(result.client)
        return reverse("cases:client-list")


class MergeView(ClientFormPage):
    template_name = "cases/merge.html"
    success_message = gettext_lazy("The records have been merged.")
    submit_label = gettext_lazy("Merge into this file")

    def get(self, request, *args, **kwargs):
        self._require_coordinator()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_coordinator()
        return super().post(request, *args, **kwargs)

    def _require_coordinator(self):
        if not (is_coordinator(self.actor) or is_operator(self.actor)):
            raise PermissionDenied

    @property
    def title(self):
        return _("Merge a duplicate into %(name)s") % {"name": self.get_client().full_name}

    def candidates(self):
        if not hasattr(self, "_candidates"):
            client = self.get_client()
            self._candidates = selectors.duplicate_candidates(
                actor=self.actor,
                v_number=client.v_number,
                family_name=client.family_name,
                date_of_birth=client.date_of_birth,
                nationality=client.nationality.code or "",
                exclude=client,
            ).clients
        return self._candidates

    def get_form(self, form_class=None):
        return MergeForm(**self.get_form_kwargs(), candidates=self.candidates())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["candidates"] = self.candidates()
        return context

    def call_service(self, form):
        chosen = form.cleaned_data["chosen"]
        duplicate = selectors.clients_visible_to(self.actor).filter(uuid=chosen).first()
        return merge_services.client_merge(
            actor=self.actor,
            survivor=self.get_client(),
            duplicate=duplicate,
            reason=form.cleaned_data.get("reason", ""),
        )


class HouseholdAddView(ClientFormPage):
    success_message = gettext_lazy("The family member has been linked.")

    @property
    def title(self):
        return _("Link a family member of %(name)s") % {"name": self.get_client().full_name}

    def get_form(self, form_class=None):
        client = self.get_client()
        relatives = (
            selectors.clients_visible_to(self.actor)
            .filter(municipality_id=client.municipality_id)
            .exclude(pk=client.pk)
            .order_by("family_name", "given_names")
        )
        return HouseholdForm(**self.get_form_kwargs(), relatives=relatives)

    def call_service(self, form):
        return client_services.household_link_add(
            actor=self.actor, client=self.get_client(), **form.service_data()
        )


class SubjectAccessExportView(ClientPage, View):
    """POST only: everything held on the client and who accessed it, as a zip (AVG art. 15).
    Coordinators for their municipality's clients; the export is recorded."""

    http_method_names = ["post"]

    def post(self, request, uuid):
        if not subject_access.actor_may_export_subject_data(self.actor):
            raise PermissionDenied
        try:
            data = subject_access.subject_access_data(actor=self.actor, client_uuid=uuid)
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        response = HttpResponse(subject_access_archive(data), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{subject_access_filename(data)}"'
        return response


class HouseholdRemoveView(ClientPage, ClientMixin, View):
    """POST only: removing a link is an explicit action, never a link that is followed."""

    http_method_names = ["post"]

    def post(self, request, uuid, link_uuid):
        client = self.get_client()
        link = get_object_or_404(HouseholdLink, uuid=link_uuid)
        try:
            client_services.household_link_remove(actor=self.actor, client=client, link=link)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The family link has been removed."))
        return redirect(_file_url(client))


urlpatterns = [
    path("", ClientListView.as_view(), name="client-list"),
    path("nieuw", ClientCreateView.as_view(), name="client-create"),
    path("nieuw/dubbelen", DuplicateCandidatesView.as_view(), name="duplicate-candidates"),
    path("werklijst", WorkListView.as_view(), name="work-list"),
    path("<uuid:uuid>", ClientDetailView.as_view(), name="client-detail"),
    path("<uuid:uuid>/wijzigen", ClientUpdateView.as_view(), name="client-update"),
    path("<uuid:uuid>/toegang", AccessLogView.as_view(), name="client-access-log"),
    path("<uuid:uuid>/inzage", SubjectAccessExportView.as_view(), name="client-subject-access"),
    path("<uuid:uuid>/intake", IntakeCreateView.as_view(), name="intake-create"),
    path(
        "<uuid:uuid>/intake/<uuid:intake_uuid>/besluit",
        IntakeDecideView.as_view(),
        name="intake-decide",
    ),
    path("<uuid:uuid>/toestemming", ConsentCreateView.as_view(), name="consent-create"),
    path(
        "<uuid:uuid>/toestemming/<uuid:consent_uuid>/intrekken",
        ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("<uuid:uuid>/journaal", JournalCreateView.as_view(), name="journal-create"),
    path(
        "<uuid:uuid>/journaal/<uuid:entry_uuid>/corrigeren",
        JournalCorrectView.as_view(),
        name="journal-correct",
    ),
    path("<uuid:uuid>/status", TransitionView.as_view(), name="client-transition"),
    path("<uuid:uuid>/overdragen", TransferView.as_view(), name="client-transfer"),
    path("<uuid:uuid>/samenvoegen", MergeView.as_view(), name="client-merge"),
    path("<uuid:uuid>/huishouden", HouseholdAddView.as_view(), name="household-add"),
    path(
        "<uuid:uuid>/huishouden/<uuid:link_uuid>/verwijderen",
        HouseholdRemoveView.as_view(),
        name="household-remove",
    ),
]
