"""API shapes for the caller and the organisation register: input and output kept apart."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.network.models import Municipality

from ..models import Membership, Organisation
from ..roles import Capability, OrganisationKind, Role


class MunicipalityReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name"]
        read_only_fields = fields


class OrganisationOutputSerializer(serializers.ModelSerializer):
    municipality = MunicipalityReferenceSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("For a municipality: the municipality it is. For others: where it is based."),
    )

    class Meta:
        model = Organisation
        fields = ["uuid", "name", "short_name", "kind", "municipality", "is_active"]
        read_only_fields = fields


class OrganisationInputSerializer(serializers.Serializer):
    """What a functional administrator sends to register an organisation.

    Uniqueness of the name and whether a municipality is needed are checked by the service,
    so the API and the admin refuse the same things with the same field names.
    """

    name = serializers.CharField(max_length=200)
    short_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "CBS code of the municipality (e.g. GM0363). Required for kind `municipality`."
        ),
    )


class MeOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]
        read_only_fields = fields


class MeMembershipSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    organisation = MeOrganisationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["uuid", "role", "organisation"]
        read_only_fields = fields


class MeOutputSerializer(serializers.Serializer):
    """The caller: who they are, the membership they act in, and what it lets them do."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    membership = MeMembershipSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The membership this request acts in; null for a superuser without one."),
    )
    capabilities = serializers.SerializerMethodField(
        help_text=_("What the role of this membership allows, in alphabetical order.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Capability.choices)))
    def get_capabilities(self, actor) -> list[str]:
        if actor.membership is None:
            return []
        return sorted(str(capability) for capability in actor.membership.policy.capabilities)
