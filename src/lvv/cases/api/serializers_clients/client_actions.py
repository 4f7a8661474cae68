"""API shapes of the client's writes and actions: registration, a change of identity, contact
details or vulnerabilities (with the `version` read), the duplicate check, a status
transition, a transfer and a merge.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.accounts.api.serializers import MunicipalityReferenceSerializer
from lvv.accounts.models import Organisation
from lvv.network.models import Municipality

from ...models import ClientStatus, DatePrecision, Sex, Transfer, Vulnerability
from ..conflicts import VERSION_HELP
from ..fields import UuidRelatedField
from .client import ClientOutputSerializer, PartnerReferenceSerializer


def _cbs_code_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="cbs_code", queryset=Municipality.objects.all(), **kwargs
    )


class _ClientFieldsSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Give what is known; set date_of_birth_precision to month or year."),
    )
    date_of_birth_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text=_("Default: day when a date is given, unknown when not."),
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    nationality = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text=_("ISO 3166 alpha-2, e.g. ER.")
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        help_text=_('ISO 639 codes, e.g. ["ti", "ar"].'),
    )
    v_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("10 digits; spaces, dots and dashes are ignored."),
    )
    bsn = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("9 digits, 11-proef.")
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )


class ClientCreateInputSerializer(_ClientFieldsSerializer):
    family_name = serializers.CharField(max_length=150)
    municipality = _cbs_code_field(
        required=False,
        help_text=_(
            "CBS code. Coordinators: their own (default); caseworkers: where their "
            "organisation runs a location."
        ),
    )
    partner = UuidRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Uuid of the partner NGO that keeps the file. Caseworkers: their own."),
    )
    on = serializers.DateField(
        required=False, help_text=_("Registration date (status intake since); default today.")
    )


class ClientUpdateInputSerializer(_ClientFieldsSerializer):
    """A PATCH sends only the fields it changes, but always the `version` it read."""

    family_name = serializers.CharField(max_length=150, required=False)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)

    # Never partial: every field but `version` is optional already. drf-spectacular marks a
    # PATCH body partial (all optional); this keeps `version` required in the schema too.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value) -> None:
        pass


class DuplicateQuerySerializer(serializers.Serializer):
    v_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)


class DuplicateCandidatesOutputSerializer(serializers.Serializer):
    candidates = serializers.SerializerMethodField()
    v_number_registered_elsewhere = serializers.BooleanField(
        source="v_number_elsewhere",
        help_text=_("The V-number belongs to a client you may not see; registering it fails."),
    )

    def get_candidates(self, result) -> list[dict]:
        return ClientOutputSerializer(result.clients, many=True, context=self.context).data


class TransitionInputSerializer(serializers.Serializer):
    to_status = serializers.CharField(
        max_length=30,
        help_text=_("The status to move to: %(statuses)s.")
        % {"statuses": ", ".join(ClientStatus.values)},
    )
    on = serializers.DateField(required=False, help_text=_("Date of the change; default today."))


class TransferInputSerializer(serializers.Serializer):
    to_municipality = _cbs_code_field(help_text=_("CBS code of the receiving municipality."))
    to_partner = UuidRelatedField(
        queryset=Organisation.objects.all(), help_text=_("Uuid of the receiving partner NGO.")
    )
    transferred_on = serializers.DateField(required=False, help_text=_("Default today."))
    reason = serializers.CharField(required=False, allow_blank=True)


class TransferOutputSerializer(serializers.ModelSerializer):
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    from_municipality = MunicipalityReferenceSerializer(read_only=True)
    to_municipality = MunicipalityReferenceSerializer(read_only=True)
    from_partner = PartnerReferenceSerializer(read_only=True)
    to_partner = PartnerReferenceSerializer(read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "uuid",
            "client",
            "from_municipality",
            "to_municipality",
            "from_partner",
            "to_partner",
            "transferred_on",
            "reason",
        ]
        read_only_fields = fields


class MergeInputSerializer(serializers.Serializer):
    duplicate = serializers.UUIDField(
        help_text=_("Uuid of the record merged into this one; it is kept, marked merged.")
    )
    reason = serializers.CharField(required=False, allow_blank=True)
