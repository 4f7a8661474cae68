"""API shapes of a client's actions, procedures and escalations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Action, Escalation, Procedure, ProcedureKind
from .common import CaseOrganisationSerializer, owner_field


class ActionOutputSerializer(serializers.ModelSerializer):
    owner = CaseOrganisationSerializer(read_only=True)
    decision = serializers.UUIDField(
        source="decision.uuid",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The case-meeting decision the action came from, if any."),
    )

    class Meta:
        model = Action
        fields = ["uuid", "description", "owner", "due_on", "status", "completed_on", "decision"]
        read_only_fields = fields


class ActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = owner_field(help_text=_("Uuid of the organisation that owns the action."))
    due_on = serializers.DateField(help_text=_("The deadline."))


class ActionCompleteInputSerializer(serializers.Serializer):
    completed_on = serializers.DateField()


class ProcedureOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["uuid", "kind", "started_on", "ended_on", "outcome"]
        read_only_fields = fields


class ProcedureInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProcedureKind.choices)
    started_on = serializers.DateField()


class ProcedureEndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    outcome = serializers.CharField(max_length=300)


class EscalationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["uuid", "level", "raised_on", "reason", "status", "closed_on", "outcome"]
        read_only_fields = fields


class EscalationRaiseInputSerializer(serializers.Serializer):
    raised_on = serializers.DateField()
    reason = serializers.CharField()


class EscalationEscalateInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The day the case goes to the next level."))
    reason = serializers.CharField()


class EscalationResolveInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The day the escalation was resolved."))
    outcome = serializers.CharField()
