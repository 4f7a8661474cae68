"""Pages of the audit trail, for auditors and superusers: list, one event, verify the chain.

Every reading goes through `audit_events_listed_by` / `audit_event_read_by`, which record it.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views import View
from django.views.generic import ListView, TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from .filters import AuditEventPageFilter
from .models import AuditEvent
from .selectors import (
    audit_chain_verify,
    audit_event_integrity,
    audit_event_read_by,
    audit_events_listed_by,
)


class AuditPageMixin(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_AUDIT

    def partial_or_page(self, request, response):
        # htmx swaps in a fragment; the same URL without htmx is the full page, so caches
        # must keep the two apart.
        patch_vary_headers(response, ("HX-Request",))
        return response


class AuditEventListView(AuditPageMixin, ListView):
    template_name = "audit/event_list.html"
    partial_template_name = "audit/_event_results.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = AuditEventPageFilter(
            self.request.GET or None, queryset=audit_events_listed_by(actor=self.actor)
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return AuditEvent.objects.none()
        return self.filterset.qs

    def get_template_names(self):
        if self.request.htmx:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filterset.form
        return context

    def get(self, request, *args, **kwargs):
        return self.partial_or_page(request, super().get(request, *args, **kwargs))


class AuditEventDetailView(AuditPageMixin, TemplateView):
    template_name = "audit/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            event = audit_event_read_by(actor=self.actor, sequence=int(kwargs["sequence"]))
        except AuditEvent.DoesNotExist as missing:
            raise Http404 from missing
        context["event"] = event
        context["integrity"] = audit_event_integrity(event)
        return context


class AuditChainVerifyView(AuditPageMixin, View):
    """POST only: verifying reads the whole chain, so it is an explicit action, not a link."""

    http_method_names = ["post"]

    def post(self, request):
        context = {"result": audit_chain_verify()}
        template = "audit/_verify_result.html" if request.htmx else "audit/verify_result.html"
        return self.partial_or_page(request, render(request, template, context))
