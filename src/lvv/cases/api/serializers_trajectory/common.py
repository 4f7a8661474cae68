"""Fields and reference shapes the trajectory's API shapes share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.accounts.models import Organisation
from lvv.network.models import Location, Municipality

from ...models import Client
from ...selectors.trajectory import ACTION_OWNER_KINDS
from ..fields import UuidRelatedField

END_HELP = _("Exclusive: the first day no longer included. Empty (null): still open.")


def owner_field(**kwargs) -> UuidRelatedField:
    """An active organisation that may own an action, by uuid."""
    return UuidRelatedField(
        queryset=Organisation.objects.filter(is_active=True, kind__in=ACTION_OWNER_KINDS),
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.UUID)
class ScopedUuidField(UuidRelatedField):
    """A uuid looked up in a queryset that depends on the caller (`scope(actor)`), so a
    reference outside the caller's scope reads exactly like one that does not exist."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        actor = getattr(request, "actor", None)
        return self.scope(actor)


# --- references in output ----------------------------------------------------------------------


class CaseOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]
        read_only_fields = fields


class PlacementLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["uuid", "name"]
        read_only_fields = fields


class MeetingMunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name"]
        read_only_fields = fields


class DiscussedClientSerializer(serializers.ModelSerializer):
    """Who a row is about: the uuid and the name (identity is shared with chain partners)."""

    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Client
        fields = ["uuid", "name"]
        read_only_fields = fields
