"""API shapes of placements, trajectory, case meetings, outflow and occupancy; input and
output kept apart.

References go by public key: locations, organisations, clients, meetings by uuid, a
municipality by CBS code, an outflow reason by its code. Periods are `start` and `end` with
`end` exclusive. Chain partners get the `Shared...` output shapes: which one an actor gets is
decided in one place, `output_serializer_for`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.accounts.models import Organisation
from lvv.network.models import Location, Municipality

from ..models import (
    Action,
    CaseDiscussion,
    CaseMeeting,
    Client,
    Escalation,
    GuidanceScenario,
    MeetingDecision,
    Outflow,
    OutflowReason,
    Placement,
    PlacementEndReason,
    Procedure,
    ProcedureKind,
    ScenarioKind,
    Trajectory,
)
from ..selectors.trajectory import ACTION_OWNER_KINDS, shares_only
from .conflicts import SUBMISSION_KEY_HELP, VERSION_HELP

END_HELP = _("Exclusive: the first day no longer included. Empty (null): still open.")


class UuidRelatedField(serializers.SlugRelatedField):
    """An object referenced by uuid; a malformed uuid is an input error, not a crash."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


def _owner_field(**kwargs) -> UuidRelatedField:
    return UuidRelatedField(
        queryset=Organisation.objects.filter(is_active=True, kind__in=ACTION_OWNER_KINDS),
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.UUID)
class ScopedUuidField(UuidRelatedField):
    """A uuid looked up in a queryset that depends on the caller (`scope(actor)`), so a
    reference outside the caller's scope reads exactly like one that does not exist."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        actor = getattr(request, "actor", None)
        return self.scope(actor)


# --- references in output ----------------------------------------------------------------------


class CaseOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]
        read_only_fields = fields


class PlacementLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["uuid", "name"]
        read_only_fields = fields


class MeetingMunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name"]
        read_only_fields = fields


class DiscussedClientSerializer(serializers.ModelSerializer):
    """Who a row is about: the uuid and the name (identity is shared with chain partners)."""

    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Client
        fields = ["uuid", "name"]
        read_only_fields = fields


# --- placements --------------------------------------------------------------------------------


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


# --- scenario and trajectory -------------------------------------------------------------------


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
    from ..selectors.meetings import meetings_visible_to

    return meetings_visible_to(actor)


class TrajectoryOutputSerializer(serializers.ModelSerializer):
    end = serializers.DateField(read_only=True, allow_null=True, help_text=END_HELP)

    class Meta:
        model = Trajectory
        fields = ["uuid", "start", "end"]
        read_only_fields = fields


class TrajectoryStartInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The first day of the trajectory."))


# --- actions, procedures, escalations ----------------------------------------------------------


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
    owner = _owner_field(help_text=_("Uuid of the organisation that owns the action."))
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


# --- outflow -----------------------------------------------------------------------------------


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


# --- case meetings -----------------------------------------------------------------------------


class MeetingOutputSerializer(serializers.ModelSerializer):
    municipality = MeetingMunicipalitySerializer(read_only=True)
    attendees = CaseOrganisationSerializer(many=True, read_only=True)
    clients_discussed = serializers.IntegerField(
        source="visible_clients",
        read_only=True,
        help_text=_("The number of clients discussed that you may see."),
    )

    class Meta:
        model = CaseMeeting
        fields = ["uuid", "municipality", "held_on", "attendees", "clients_discussed"]
        read_only_fields = fields


class DecisionOutputSerializer(serializers.ModelSerializer):
    actions = ActionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = MeetingDecision
        fields = ["uuid", "text", "actions"]
        read_only_fields = fields


class DiscussionOutputSerializer(serializers.ModelSerializer):
    client = DiscussedClientSerializer(read_only=True)
    decisions = DecisionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = CaseDiscussion
        fields = ["uuid", "client", "summary", "decisions"]
        read_only_fields = fields


class MeetingDetailOutputSerializer(MeetingOutputSerializer):
    discussions = serializers.SerializerMethodField(
        help_text=_("Only the clients discussed that you may see.")
    )

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "discussions"]
        read_only_fields = fields

    @extend_schema_field(DiscussionOutputSerializer(many=True))
    def get_discussions(self, meeting) -> list[dict]:
        return DiscussionOutputSerializer(self.context["discussions"], many=True).data


class MeetingInputSerializer(serializers.Serializer):
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        help_text=_("CBS code of the municipality, e.g. GM0344."),
    )
    held_on = serializers.DateField()
    attendees = UuidRelatedField(
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text=_("Uuids of the attending organisations (yours is always added)."),
    )


class DiscussionInputSerializer(serializers.Serializer):
    client = ScopedUuidField(
        scope=lambda actor: Client.objects.visible_to(actor),
        help_text=_("Uuid of a client you may see, of the meeting's municipality."),
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = _owner_field(help_text=_("Uuid of the organisation that owns the action."))
    due_on = serializers.DateField(help_text=_("The deadline."))


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    actions = DecisionActionInputSerializer(many=True, required=False, default=list)
    escalate = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Escalate the case: to the local steering group, or one level higher when it is "
            "already escalated."
        ),
    )


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


# --- the one choice between the full and the shared shape ----------------------------------

SHARED_SHAPES = {
    PlacementOutputSerializer: SharedPlacementOutputSerializer,
    ScenarioOutputSerializer: SharedScenarioOutputSerializer,
    OutflowOutputSerializer: SharedOutflowOutputSerializer,
}


def output_serializer_for(actor, full: type) -> type:
    """The output shape for this actor: the full one for file keepers, the shared one (without
    room, bed, notes and override details) for chain partners."""
    if shares_only(actor):
        return SHARED_SHAPES.get(full, full)
    return full
