"""One client's file: the file page, who accessed it, and the subject-access export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import ListView, TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ...access import Section, is_coordinator, is_operator
from ...exports import subject_access_archive, subject_access_filename
from ...models import Client, ClientStatus, Vulnerability
from ...selectors import access_log as access_log_selectors
from ...selectors import clients as selectors
from ...selectors import subject_access
from ...services import workflow as workflow_services
from .base import READ, ClientMixin, ClientPage, HtmxPartialMixin, capabilities_of


class ClientDetailView(ClientPage, ClientMixin, TemplateView):
    required_capabilities = READ
    template_name = "cases/client_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.read_client()
        file = selectors.client_file_sections(actor=self.actor, client=client)
        may_write = (
            Capability.VIEW_CLIENT_FILES in capabilities_of(self.actor)
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
            shows_file_link=Capability.VIEW_CLIENT_FILES in capabilities_of(self.actor),
        )
        return context


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
