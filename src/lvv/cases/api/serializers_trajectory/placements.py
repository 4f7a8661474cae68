"""API shapes of placements (start, end, move) and of the occupancy derived from them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.network.models import Location

from ...models import Placement, PlacementEndReason
from ..conflicts import VERSION_HELP
from ..fields import UuidRelatedField
from .common import END_HELP, PlacementLocationSerializer


class SharedPlacementOutputSerializer(serializers.ModelSerializer):
    """A placement as a chain partner sees it: where and when, not the room or bed."""

    client = serializers.UUIDField(source="client.uuid", read_only=True)
    location = PlacementLocationSerializer(read_only=True)
    end = serializers.DateField(read_only=True, allow_null=True, help_text=END_HELP)

    class Meta:
        model = Placement
        fields = ["uuid", "client", "location", "start", "end", "end_reason"]
        read_only_fields = fields


class PlacementOutputSerializer(SharedPlacementOutputSerializer):
    capacity_overridden_by = serializers.CharField(
        source="capacity_overridden_by.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The coordinator who placed the client above capacity, if any."),
    )

    class Meta(SharedPlacementOutputSerializer.Meta):
        fields = [
            *SharedPlacementOutputSerializer.Meta.fields,
            "version",
            "room",
            "bed",
            "capacity_override_reason",
            "capacity_overridden_by",
        ]
        read_only_fields = fields


class PlacementStartInputSerializer(serializers.Serializer):
    location = UuidRelatedField(
        queryset=Location.objects.all(), help_text=_("Uuid of the location.")
    )
    start = serializers.DateField(help_text=_("The first day of the placement."))
    room = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    bed = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Only for municipal coordinators: why the client is placed although the "
            "location is full on the start day."
        ),
    )


class PlacementEndInputSerializer(serializers.Serializer):
    end = serializers.DateField(help_text=_("Exclusive: the first day no longer placed."))
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)
    reason = serializers.ChoiceField(
        choices=[c for c in PlacementEndReason.choices if c[0] != PlacementEndReason.OUTFLOW],
        help_text=_("Leaving the LVV is recorded as an outflow, which ends the placement."),
    )


class PlacementMoveInputSerializer(serializers.Serializer):
    to_location = UuidRelatedField(
        queryset=Location.objects.all(), help_text=_("Uuid of the new location.")
    )
    on = serializers.DateField(
        help_text=_("The day of the move: the old placement ends (exclusive), the new starts.")
    )
    room = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    bed = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    placement = serializers.UUIDField(
        required=False,
        help_text=_(
            "Uuid of the open placement as you read it; with `version`, a move is refused "
            "(409) when another placement is open now or this one changed since."
        ),
    )
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=_("The `version` of that placement.")
    )

    def validate(self, attrs):
        if ("placement" in attrs) != ("version" in attrs):
            raise serializers.ValidationError(
                {"version": _("Send the placement and its version together.")}
            )
        return attrs


# --- occupancy ---------------------------------------------------------------------------------


class OccupancyQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("The first day."))
    end = serializers.DateField(help_text=_("Exclusive: the first day after the range."))


class OccupancyDayOutputSerializer(serializers.Serializer):
    day = serializers.DateField(read_only=True)
    occupied_places = serializers.IntegerField(
        read_only=True, help_text=_("Clients placed at the location on that day.")
    )
    total_places = serializers.IntegerField(
        read_only=True, help_text=_("Places of the location's capacity on that day.")
    )
