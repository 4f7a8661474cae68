from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lvv.accounts.actors import Channel, actor_for_request
from lvv.audit.admin_mixins import AuditedModelAdmin

from . import services
from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_active"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    readonly_fields = ["uuid", "last_login", "date_joined"]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (lost phone or backup codes)"))
    def reset_second_factor(self, request, queryset):
        actor = actor_for_request(request, channel=Channel.ADMIN)
        users = list(queryset)
        for user in users:
            services.second_factor_reset(actor=actor, user=user)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset; they were notified by e-mail.",
                "The second factor of %(count)d users was reset; they were notified by e-mail.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )

    def user_change_password(self, request, id, form_url=""):
        # An administrator setting someone's password: audited and notified like a self-service
        # change (Django's view saves the form itself, outside save_model).
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.password_changed(
                actor=actor_for_request(request, channel=Channel.ADMIN),
                user=self.get_object(request, id),
            )
        return response


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["uuid"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["uuid"]
