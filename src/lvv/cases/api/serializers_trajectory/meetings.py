"""API shapes of case meetings (LSO), the clients discussed and the decisions taken."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.accounts.models import Organisation
from lvv.network.models import Municipality

from ...models import CaseDiscussion, CaseMeeting, Client, MeetingDecision
from ..fields import UuidRelatedField
from .actions import ActionOutputSerializer
from .common import (
    CaseOrganisationSerializer,
    DiscussedClientSerializer,
    MeetingMunicipalitySerializer,
    ScopedUuidField,
    owner_field,
)


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
    owner = owner_field(help_text=_("Uuid of the organisation that owns the action."))
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
