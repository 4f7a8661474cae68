"""API shapes of a client's consents: given, in force, withdrawn."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.accounts.models import Organisation

from ...models import Consent, ConsentPurpose, LegalBasis
from ..fields import UuidRelatedField
from .client import PartnerReferenceSerializer


class ConsentOutputSerializer(serializers.ModelSerializer):
    recipient = PartnerReferenceSerializer(read_only=True, allow_null=True)
    in_force = serializers.BooleanField(source="is_in_force", read_only=True)
    withdrawn_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Out of force from this day on.")
    )

    class Meta:
        model = Consent
        fields = [
            "uuid",
            "purpose",
            "recipient",
            "legal_basis",
            "given_on",
            "withdrawn_on",
            "document_reference",
            "in_force",
        ]
        read_only_fields = fields


class ConsentInputSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    recipient = UuidRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Uuid of the chain partner (sharing only)."),
    )
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    given_on = serializers.DateField(required=False, help_text=_("Default today."))
    document_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ConsentWithdrawInputSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(
        required=False, help_text=_("First day out of force; default today (at once).")
    )
