"""Quarter sign-offs in Django's admin: to look at, never to change (signing off and reopening
are acts of a coordinator, through the pages and the API, with their audit events)."""

from django.contrib import admin

from lvv.audit.admin_mixins import AuditedModelAdmin

from .models import QuarterSubmission, SubmissionEvent


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["occurred_at", "kind", "user", "organisation", "finding_counts", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuarterSubmission)
class QuarterSubmissionAdmin(AuditedModelAdmin):
    list_display = ["municipality", "year", "quarter", "status", "signed_off_at"]
    list_filter = ["status", "year", "quarter"]
    search_fields = ["municipality__name", "municipality__cbs_code"]
    list_select_related = ["municipality"]
    inlines = [SubmissionEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
