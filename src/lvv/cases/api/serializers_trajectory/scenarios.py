"""API shapes of guidance scenarios and of the trajectory's start and period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import GuidanceScenario, ScenarioKind, Trajectory
from .common import END_HELP, ScopedUuidField


class SharedScenarioOutputSerializer(serializers.ModelSerializer):
    meeting = serializers.UUIDField(
        source="meeting.uuid", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = GuidanceScenario
        fields = ["uuid", "kind", "agreed_on", "meeting"]
        read_only_fields = fields


class ScenarioOutputSerializer(SharedScenarioOutputSerializer):
    class Meta(SharedScenarioOutputSerializer.Meta):
        fields = [*SharedScenarioOutputSerializer.Meta.fields, "note"]
        read_only_fields = fields


class ScenarioInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScenarioKind.choices)
    agreed_on = serializers.DateField()
    meeting = ScopedUuidField(
        scope=lambda actor: _visible_meetings(actor),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Uuid of the case meeting (LSO) in which it was agreed, if any."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _visible_meetings(actor):
    from ...selectors.meetings import meetings_visible_to

    return meetings_visible_to(actor)


class TrajectoryOutputSerializer(serializers.ModelSerializer):
    end = serializers.DateField(read_only=True, allow_null=True, help_text=END_HELP)

    class Meta:
        model = Trajectory
        fields = ["uuid", "start", "end"]
        read_only_fields = fields


class TrajectoryStartInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The first day of the trajectory."))
