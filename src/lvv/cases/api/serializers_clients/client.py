"""API output shape of a client, and which of its fields an actor receives.

Which fields of a client an actor receives is decided here, once, from the sections
`cases.access.client_sections_for` allows (`SECTION_FIELDS`): a chain partner's answer has no
contact details, BSN, vulnerabilities or household, for lists and details alike. References
go by public keys: a municipality by CBS code, an organisation or client by uuid.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from lvv.accounts.api.serializers import MunicipalityReferenceSerializer
from lvv.accounts.models import Organisation

from ...access import Section
from ...models import Client, HouseholdRelation
from ...models.clients import CLIENT_DETAIL_FIELDS

# The fields of a client that belong to each section of the file. `uuid` and `version` (for
# optimistic locking) are always given.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    Section.IDENTITY: (
        "family_name",
        "given_names",
        "date_of_birth",
        "date_of_birth_precision",
        "sex",
        "nationality",
        "languages",
        "v_number",
        "municipality",
        "partner",
    ),
    Section.STATUS: ("status", "status_since", "step_due_on", "is_overdue", "next_statuses"),
    Section.PLACEMENTS: ("current_location",),
    Section.CONTACT: ("phone", "email"),
    Section.BSN: ("bsn",),
    Section.VULNERABILITIES: ("vulnerabilities",),
    Section.HOUSEHOLD: ("household",),
}


def fields_for_sections(sections) -> set[str]:
    allowed = {"uuid", "version"}
    for section in sections:
        allowed.update(SECTION_FIELDS.get(section, ()))
    return allowed


# --- references ------------------------------------------------------------------------------


class PartnerReferenceSerializer(serializers.ModelSerializer):
    """An organisation named in a file: the keeping partner, a consent's recipient."""

    class Meta:
        model = Organisation
        fields = ["uuid", "name"]
        read_only_fields = fields


class RelativeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["uuid", "full_name"]
        read_only_fields = fields


# --- clients: output -------------------------------------------------------------------------


class HouseholdMemberSerializer(serializers.Serializer):
    link = serializers.UUIDField(source="link.uuid", read_only=True)
    relative = RelativeSerializer(source="other", read_only=True)
    relation = serializers.ChoiceField(
        source="link.relation", choices=HouseholdRelation.choices, read_only=True
    )
    this_client_is = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True: this client is the `relation` of the relative; false: the relative is the "
            "`relation` of this client."
        ),
    )


class ClientOutputSerializer(serializers.ModelSerializer):
    """A client, with only the fields of the sections the caller may see (see SECTION_FIELDS).

    Pass `sections` in the context; fields outside them are left out of the answer entirely.
    """

    nationality = serializers.CharField(
        source="nationality.code", read_only=True, help_text=_("ISO 3166 alpha-2 code.")
    )
    municipality = MunicipalityReferenceSerializer(read_only=True)
    partner = PartnerReferenceSerializer(read_only=True)
    date_of_birth = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("Unknown parts are 1 (see date_of_birth_precision)."),
    )
    step_due_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("When the current step should be done (null: no deadline)."),
    )
    # Text, not `format: email`: most clients have no address, and "" is no e-mail address.
    email = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    current_location = serializers.SerializerMethodField()
    next_statuses = serializers.SerializerMethodField()
    household = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "uuid",
            "version",
            *CLIENT_DETAIL_FIELDS,
            "municipality",
            "partner",
            "status",
            "status_since",
            "step_due_on",
            "is_overdue",
            "current_location",
            "next_statuses",
            "household",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        sections = self.context.get("sections")
        if sections is None:
            return fields
        allowed = fields_for_sections(sections)
        if not self.context.get("detail"):
            allowed -= {"household", "next_statuses"}
        return {name: field for name, field in fields.items() if name in allowed}

    def get_current_location(self, client) -> dict | None:
        if not getattr(client, "current_location_uuid", None):
            return None
        return {"uuid": client.current_location_uuid, "name": client.current_location_name}

    def get_next_statuses(self, client) -> list[str]:
        from ...services.workflow import allowed_next_statuses

        return allowed_next_statuses(client)

    def get_household(self, client) -> list[dict]:
        rows = self.context.get("household") or []
        return HouseholdMemberSerializer(rows, many=True).data


class ClientOutputSchema(OpenApiSerializerExtension):
    """In the OpenAPI document only `uuid` and `version` are required: every other field is left
    out when the caller's role may not see its section (and household, next statuses in lists)."""

    target_class = ClientOutputSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = ["uuid", "version"]
        return schema
