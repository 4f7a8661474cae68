"""API shapes of an outflow: the client leaving the LVV, with its reason and group."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Outflow, OutflowReason
from ..conflicts import SUBMISSION_KEY_HELP


class OutflowOutputSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(source="reason.code", read_only=True)
    reason_label = serializers.CharField(source="reason.label", read_only=True)
    group = serializers.CharField(
        source="reason.group",
        read_only=True,
        help_text=_("durable, semi_durable or none: derived from the reason's reference data."),
    )
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = Outflow
        fields = ["uuid", "left_on", "reason", "reason_label", "group", "municipality", "note"]
        read_only_fields = fields


class SharedOutflowOutputSerializer(OutflowOutputSerializer):
    class Meta(OutflowOutputSerializer.Meta):
        fields = [f for f in OutflowOutputSerializer.Meta.fields if f != "note"]
        read_only_fields = fields


class OutflowInputSerializer(serializers.Serializer):
    left_on = serializers.DateField(
        help_text=_("The first day the client is no longer in the LVV.")
    )
    reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OutflowReason.objects.filter(is_active=True),
        help_text=_("Code of an active outflow reason, e.g. return_iom."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    submission_key = serializers.UUIDField(required=False, help_text=SUBMISSION_KEY_HELP)
