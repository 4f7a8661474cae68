"""The trail in the admin: to look at, never to change. Looking is recorded like on the pages."""

from django.contrib import admin

from .models import AuditEvent
from .selectors import audit_event_read_by, audit_events_listed_by, audit_events_visible_to


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "sequence",
        "occurred_at",
        "actor_username",
        "role",
        "action",
        "object_type",
        "object_id",
        "outcome",
    ]
    list_filter = ["action", "outcome", "object_type"]
    search_fields = ["actor_username", "object_id", "request_id"]
    date_hierarchy = "occurred_at"
    ordering = ["-sequence"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The same scope as the pages: only auditors and superusers see anything.
        return audit_events_visible_to(request.actor)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            audit_events_listed_by(actor=request.actor)  # records the listing
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            event = self.get_object(request, object_id)
            if event is not None:
                audit_event_read_by(actor=request.actor, sequence=event.sequence)  # records
        return response
