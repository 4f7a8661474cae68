"""Admin edits are audited like any other write: same service, same transaction."""

from django.contrib import admin

from lvv.accounts.actors import Channel, actor_for_request

from .models import AuditAction
from .services import audit_record


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes leave an audit event (field names only).

    Django's admin runs each change view in a transaction, so the event commits with the edit.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=actor_for_request(request, channel=Channel.ADMIN),
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            changed_fields=form.changed_data,
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        actor = actor_for_request(request, channel=Channel.ADMIN)
        for obj in formset.new_objects:
            audit_record(actor=actor, action=AuditAction.CREATE, obj=obj)
        for obj, fields in formset.changed_objects:
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, changed_fields=fields)
        for obj in formset.deleted_objects:
            audit_record(actor=actor, action=AuditAction.DELETE, obj=obj)

    def delete_model(self, request, obj):
        audit_record(
            actor=actor_for_request(request, channel=Channel.ADMIN),
            action=AuditAction.DELETE,
            obj=obj,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        actor = actor_for_request(request, channel=Channel.ADMIN)
        for obj in queryset:
            audit_record(actor=actor, action=AuditAction.DELETE, obj=obj)
        super().delete_queryset(request, queryset)
