"""The client register's reference data in Django's admin, audited like every other write.

Only the lists a functional administrator keeps are here: admission criteria, exclusion
grounds, outflow reasons and their grouping, and the deadlines per municipality. Client files
are deliberately not in the admin: they are read and written only through the pages and the
API, behind the need-to-know gate (cases.access) and the services' rules.
"""

from django.contrib import admin

from lvv.audit.admin_mixins import AuditedModelAdmin

from .models import AdmissionCriterion, CaseSettings, ExclusionGround, OutflowReason

READ_ONLY = ["uuid", "created_at", "updated_at"]


class ReferenceAdmin(AuditedModelAdmin):
    """Reference rows are answered by intakes and outflows: retire them, never delete."""

    readonly_fields = READ_ONLY

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdmissionCriterion)
class AdmissionCriterionAdmin(ReferenceAdmin):
    list_display = ["label", "code", "municipality", "order", "is_active"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["label", "code"]
    autocomplete_fields = ["municipality"]


@admin.register(ExclusionGround)
class ExclusionGroundAdmin(ReferenceAdmin):
    list_display = ["label", "code", "municipality", "refers_to_triangle_meeting", "is_active"]
    list_filter = ["is_active", "refers_to_triangle_meeting", "municipality"]
    search_fields = ["label", "code"]
    autocomplete_fields = ["municipality"]


@admin.register(OutflowReason)
class OutflowReasonAdmin(ReferenceAdmin):
    list_display = ["label", "code", "group", "order", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["label", "code"]


@admin.register(CaseSettings)
class CaseSettingsAdmin(AuditedModelAdmin):
    list_display = [
        "municipality",
        "intake_decision_days",
        "dossier_days",
        "rest_period_days",
        "scenario_to_trajectory_days",
        "maximum_stay_days",
    ]
    search_fields = ["municipality__name", "municipality__cbs_code"]
    autocomplete_fields = ["municipality"]
