"""The network register in Django's admin, audited like every other write.

The models' `clean()` runs on every admin save, so the admin refuses what the services refuse
(an operator that is no partner, capacity outside the open period or overlapping another).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind
from lvv.audit.admin_mixins import AuditedModelAdmin

from .models import Location, LocationCapacity, Municipality, Region


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["name", "cbs_code"]
    search_fields = ["name", "cbs_code"]
    readonly_fields = ["uuid", "created_at", "updated_at"]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "central_municipality"]
    list_filter = ["central_municipality"]
    search_fields = ["name", "central_municipality__name", "municipalities__name"]
    autocomplete_fields = ["central_municipality"]
    filter_horizontal = ["municipalities"]
    readonly_fields = ["uuid", "created_at", "updated_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # As region_create/region_update do: the central municipality is always served.
        form.instance.municipalities.add(form.instance.central_municipality)


class CapacityInlineFormSet(forms.BaseInlineFormSet):
    """Periods entered together in one save may not overlap each other either."""

    def clean(self):
        super().clean()
        periods = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("start"):
                continue
            capacity = form.instance
            for other in periods:
                if capacity.period.overlaps(other.period):
                    raise ValidationError(_("Two capacity periods in this list overlap."))
            periods.append(capacity)


class LocationCapacityInline(admin.TabularInline):
    model = LocationCapacity
    formset = CapacityInlineFormSet
    extra = 0
    fields = ["start", "end", "state_funded_places", "municipality_funded_places"]
    ordering = ["start"]


@admin.register(Location)
class LocationAdmin(AuditedModelAdmin):
    inlines = [LocationCapacityInline]
    list_display = ["name", "municipality", "operator", "kind", "start", "end"]
    list_filter = ["kind", "municipality", "operator"]
    search_fields = ["name", "city", "municipality__name", "operator__name"]
    list_select_related = ["municipality", "operator"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    date_hierarchy = "start"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "operator":
            kwargs["queryset"] = Organisation.objects.filter(kind=OrganisationKind.PARTNER_NGO)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(LocationCapacity)
class LocationCapacityAdmin(AuditedModelAdmin):
    list_display = ["location", "start", "end", "state_funded_places", "municipality_funded_places"]
    list_filter = ["location__municipality", "location__kind"]
    search_fields = ["location__name", "location__municipality__name"]
    list_select_related = ["location"]
    autocomplete_fields = ["location"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
