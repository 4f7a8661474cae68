"""API shape of who accessed a client's file: the audit events with the client as subject."""

from __future__ import annotations

from rest_framework import serializers

from lvv.audit.models import AuditEvent


class AccessLogEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_username", read_only=True)
    organisation = serializers.CharField(source="organisation_name", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "occurred_at",
            "actor",
            "organisation",
            "role",
            "action",
            "object_type",
            "outcome",
            "changed_fields",
        ]
        read_only_fields = fields
