"""The programme registers in Django's admin, audited like every other write.

The models' `clean()` runs on every admin save, so the admin refuses what the services refuse
(overlapping agreements, funding outside its agreement, a wrong kind of partner). Agreement
ends and statuses are read-only here: they move only through extensions and terminations with
their decision (the pages and the API), so the history cannot be bypassed.
"""

from django.contrib import admin
from django.db import models

from lvv.audit.admin_mixins import AuditedModelAdmin

from .models import (
    Agreement,
    AgreementAmendment,
    Decision,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvYear,
    Programme,
    SpendingRecord,
)

READ_ONLY = ["uuid", "created_at", "updated_at"]


@admin.register(Decision)
class DecisionAdmin(AuditedModelAdmin):
    list_display = ["date", "title", "kind", "reference", "parliamentary_paper"]
    list_filter = ["kind"]
    search_fields = ["title", "reference", "parliamentary_paper", "publication"]
    date_hierarchy = "date"
    readonly_fields = READ_ONLY
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ["name", "target_lvv_count"]
    search_fields = ["name"]
    autocomplete_fields = ["basis"]
    readonly_fields = READ_ONLY


class AmendmentInline(admin.TabularInline):
    model = AgreementAmendment
    extra = 0
    can_delete = False
    fields = ["kind", "decision", "previous_end", "new_end"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class FundingRuleInline(admin.TabularInline):
    model = FundingRule
    extra = 0
    fields = [
        "kind",
        "start",
        "end",
        "amount",
        "price_per_place",
        "state_funded_places",
        "total_places",
        "reference_year",
        "decision",
    ]
    autocomplete_fields = ["decision"]


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    inlines = [AmendmentInline, FundingRuleInline]
    list_display = ["title", "municipality", "start", "end", "status", "programme"]
    list_filter = ["status", "programme", "municipality"]
    search_fields = ["title", "municipality__name"]
    list_select_related = ["municipality", "programme"]
    autocomplete_fields = ["municipality", "mandate", "basis", "programme"]
    date_hierarchy = "start"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return READ_ONLY
        return [*READ_ONLY, "end", "status"]


@admin.register(FundingRule)
class FundingRuleAdmin(AuditedModelAdmin):
    list_display = ["agreement", "kind", "start", "end", "amount", "reference_year"]
    list_filter = ["kind", "agreement__municipality"]
    search_fields = ["agreement__title", "agreement__municipality__name"]
    list_select_related = ["agreement"]
    autocomplete_fields = ["agreement", "decision"]
    readonly_fields = READ_ONLY


@admin.register(SpendingRecord)
class SpendingRecordAdmin(AuditedModelAdmin):
    list_display = ["municipality", "start", "end", "amount", "description"]
    list_filter = ["municipality"]
    search_fields = ["description", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality", "agreement"]
    readonly_fields = READ_ONLY


@admin.register(PartnerContract)
class PartnerContractAdmin(AuditedModelAdmin):
    list_display = ["municipality", "partner", "reference", "start", "end", "amount"]
    list_filter = ["municipality", "partner"]
    search_fields = ["reference", "partner__name", "municipality__name"]
    list_select_related = ["municipality", "partner"]
    autocomplete_fields = ["municipality", "partner", "agreement", "locations"]
    readonly_fields = READ_ONLY


class PlannedYearInline(admin.TabularInline):
    model = PlannedLvvYear
    extra = 0
    fields = ["year", "planned_places", "budget"]


@admin.register(PlannedLvv)
class PlannedLvvAdmin(AuditedModelAdmin):
    inlines = [PlannedYearInline]
    list_display = ["name", "central_municipality", "status", "programme"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "central_municipality__name"]
    autocomplete_fields = ["central_municipality", "region", "programme"]
    readonly_fields = READ_ONLY
