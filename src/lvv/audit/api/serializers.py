"""What the API says about audit events and about a verification of the chain.

Output only: the trail is written by services, never through the API.
"""

from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    sequence = serializers.IntegerField(
        read_only=True,
        help_text="Position in the chain, from 1; the event's identifier (events have no uuid).",
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Names of the fields a write changed, sorted; never their values.",
    )
    previous_hash = serializers.CharField(
        read_only=True, help_text="SHA-256 (hex) of the previous event; 64 zeros for the first."
    )
    hash = serializers.CharField(
        read_only=True,
        help_text="SHA-256 (hex) over this event's content and `previous_hash`.",
    )

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "occurred_at",
            "actor_id",
            "actor_username",
            "organisation_id",
            "organisation_name",
            "role",
            "action",
            "object_type",
            "object_id",
            "outcome",
            "request_id",
            "origin",
            "changed_fields",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields


class ChainVerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="True when every link of the chain is intact.")
    checked = serializers.IntegerField(help_text="How many events were verified as intact.")
    broken_at = serializers.IntegerField(
        allow_null=True,
        help_text="Sequence number of the first broken link; null when the chain is intact.",
    )
    reason = serializers.CharField(
        allow_blank=True, help_text="Why that link is broken; empty when intact."
    )
