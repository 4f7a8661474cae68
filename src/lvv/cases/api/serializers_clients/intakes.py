"""API shapes of a client's intakes: the answers per admission criterion, the exclusion
grounds found and the decision. Criteria and grounds go by code, looked up among those of the
client's municipality (pass `municipality` in the context).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import AdmissionCriterion, Answer, ExclusionGround, Intake, IntakeDecision
from ..conflicts import SUBMISSION_KEY_HELP


class IntakeAnswerOutputSerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True)
    question = serializers.CharField(source="criterion.label", read_only=True)
    answer = serializers.ChoiceField(choices=Answer.choices, read_only=True)
    note = serializers.CharField(read_only=True)


class IntakeExclusionOutputSerializer(serializers.Serializer):
    ground = serializers.CharField(source="ground.code", read_only=True)
    label = serializers.CharField(source="ground.label", read_only=True)
    note = serializers.CharField(read_only=True)


class IntakeOutputSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    answers = IntakeAnswerOutputSerializer(many=True, read_only=True)
    exclusions = IntakeExclusionOutputSerializer(many=True, read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = [
            "uuid",
            "intake_on",
            "municipality",
            "answers",
            "exclusions",
            "decision",
            "decision_reason",
            "decided_on",
            "decided_by",
        ]
        read_only_fields = fields

    def get_decided_by(self, intake) -> str | None:
        user = intake.decided_by
        return (user.get_full_name() or user.username) if user is not None else None


class _CodeInMunicipalityField(serializers.CharField):
    """A criterion or ground by code, looked up among those of the client's municipality."""

    model = None

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        municipality = self.context["municipality"]
        # The municipality's own criterion wins over a national one with the same code.
        found = (
            self.model.objects.filter(
                Q(municipality=municipality) | Q(municipality__isnull=True),
                code=code,
                is_active=True,
            )
            .order_by(F("municipality").asc(nulls_last=True))
            .first()
        )
        if found is None:
            raise serializers.ValidationError(
                _("'%(code)s' is not in use in this municipality.") % {"code": code}
            )
        return found


class CriterionField(_CodeInMunicipalityField):
    model = AdmissionCriterion


class GroundField(_CodeInMunicipalityField):
    model = ExclusionGround


class IntakeAnswerInputSerializer(serializers.Serializer):
    criterion = CriterionField(help_text=_("Code of the admission criterion."))
    answer = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class IntakeExclusionInputSerializer(serializers.Serializer):
    ground = GroundField(help_text=_("Code of the exclusion ground."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class IntakeInputSerializer(serializers.Serializer):
    intake_on = serializers.DateField(required=False, help_text=_("Default today."))
    submission_key = serializers.UUIDField(required=False, help_text=SUBMISSION_KEY_HELP)
    answers = IntakeAnswerInputSerializer(
        many=True,
        help_text=_("One answer for every active criterion of the client's municipality."),
    )
    exclusions = IntakeExclusionInputSerializer(many=True, required=False, default=list)
    decision = serializers.ChoiceField(
        choices=IntakeDecision.choices,
        required=False,
        help_text=_("Decide at once (optional): admitted, refused or referred."),
    )
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False)


class IntakeDecideInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=IntakeDecision.choices, help_text=_("admitted, refused or referred.")
    )
    decision_reason = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, help_text=_("Default today."))
