"""API input shapes of the programme. Only the shape is checked here; the services check the
rules, so the API, the pages and the admin refuse the same things with the same field names.

Objects the caller refers to are looked up among what the caller may see (`context["actor"]`),
so a uuid of something out of sight is "does not exist", not a leak.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Organisation
from lvv.network.models import Location, Municipality, Region

from ..models import (
    AgreementParty,
    DecisionKind,
    FundingKind,
    NoticeUnit,
    PlannedLvvStatus,
)
from ..selectors import (
    agreements_visible_to,
    decisions_visible_to,
    programmes_visible_to,
)

END_HELP = _("Exclusive: the first day no longer included.")


@extend_schema_field(OpenApiTypes.UUID)
class UuidRelatedField(serializers.SlugRelatedField):
    """An object referenced by uuid; a malformed uuid is an input error, not a crash."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


class ScopedUuidField(UuidRelatedField):
    """A uuid reference looked up through a selector with the caller as actor."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        actor = self.context.get("actor")
        if actor is None:
            # Schema generation has no caller: an empty queryset of the right model.
            actor = Actor(user=None, membership=None, channel=Channel.API)
        return self.selector(actor)


def cbs_code(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        help_text=kwargs.pop("help_text", _("CBS code of the municipality, e.g. GM0014.")),
        **kwargs,
    )


def money_input(**kwargs) -> serializers.DecimalField:
    # Negative amounts are refused by the services, on the same field name.
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class ProgrammeDecisionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    date = serializers.DateField()
    title = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    parliamentary_paper = serializers.CharField(max_length=100, required=False, allow_blank=True)
    publication = serializers.CharField(max_length=100, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class ProgrammeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    basis = ScopedUuidField(decisions_visible_to, required=False, allow_null=True)
    target_lvv_count = serializers.IntegerField(required=False, min_value=0)


class AgreementInputSerializer(serializers.Serializer):
    municipality = cbs_code()
    title = serializers.CharField(max_length=200)
    start = serializers.DateField(help_text=_("The first day the agreement applies."))
    end = serializers.DateField(help_text=END_HELP)
    programme = ScopedUuidField(programmes_visible_to, required=False, allow_null=True)
    parties = serializers.ListField(
        child=serializers.ChoiceField(choices=AgreementParty.choices),
        required=False,
        help_text=_("Always including municipality and state_secretary."),
    )
    mandate = ScopedUuidField(
        decisions_visible_to,
        required=False,
        allow_null=True,
        help_text=_("Uuid of a mandate decision."),
    )
    basis = ScopedUuidField(decisions_visible_to, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class FundingSpecSerializer(serializers.Serializer):
    """The funding of a period: a kind and the fields that kind needs."""

    kind = serializers.ChoiceField(choices=FundingKind.choices)
    amount = money_input(
        required=False, allow_null=True, help_text=_("Per year, or for the whole period.")
    )
    price_per_place = money_input(required=False, allow_null=True)
    state_funded_places = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    total_places = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    reference_year = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        return {name: value for name, value in values.items() if value is not None}


class ExtendInputSerializer(serializers.Serializer):
    new_end = serializers.DateField(help_text=END_HELP)
    decision = ScopedUuidField(decisions_visible_to)
    funding = FundingSpecSerializer(
        required=False,
        allow_null=True,
        help_text=_("The funding of the new period, if the decision sets it."),
    )


class TerminateInputSerializer(serializers.Serializer):
    end = serializers.DateField(help_text=_("Exclusive: the first day without the agreement."))
    decision = ScopedUuidField(decisions_visible_to)


class ExtensionPreviewInputSerializer(serializers.Serializer):
    agreements = serializers.ListField(
        child=ScopedUuidField(agreements_visible_to),
        required=False,
        help_text=_("Uuids of the agreements to extend. Or give `programme`."),
    )
    programme = ScopedUuidField(
        programmes_visible_to,
        required=False,
        allow_null=True,
        help_text=_("Extend every agreement in force of this programme."),
    )
    new_end = serializers.DateField(help_text=END_HELP)
    funding = FundingSpecSerializer(required=False, allow_null=True)

    def validate(self, attrs):
        if bool(attrs.get("agreements")) == bool(attrs.get("programme")):
            raise serializers.ValidationError(
                {"agreements": _("Give either a list of agreements or a programme.")}
            )
        return attrs


class ExtensionApplyInputSerializer(ExtensionPreviewInputSerializer):
    decision = ScopedUuidField(decisions_visible_to)


class FundingRuleInputSerializer(serializers.Serializer):
    agreement = ScopedUuidField(agreements_visible_to)
    kind = serializers.ChoiceField(choices=FundingKind.choices)
    start = serializers.DateField()
    end = serializers.DateField(help_text=END_HELP)
    decision = ScopedUuidField(decisions_visible_to, required=False, allow_null=True)
    amount = money_input(
        required=False, allow_null=True, help_text=_("Per year, or for the whole period.")
    )
    price_per_place = money_input(required=False, allow_null=True)
    state_funded_places = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    total_places = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    reference_year = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=300)


class SpendingInputSerializer(serializers.Serializer):
    municipality = cbs_code()
    agreement = ScopedUuidField(agreements_visible_to, required=False, allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField(help_text=END_HELP + " " + _("Within one calendar year."))
    amount = money_input()
    description = serializers.CharField(max_length=200)


class PartnerContractInputSerializer(serializers.Serializer):
    municipality = cbs_code()
    partner = UuidRelatedField(
        queryset=Organisation.objects.all(), help_text=_("Uuid of the partner NGO.")
    )
    agreement = ScopedUuidField(agreements_visible_to, required=False, allow_null=True)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    start = serializers.DateField()
    end = serializers.DateField(help_text=END_HELP)
    amount = money_input(help_text=_("For the whole contract period."))
    locations = serializers.ListField(
        child=UuidRelatedField(queryset=Location.objects.all()), required=False
    )
    notice_period = serializers.IntegerField(required=False, min_value=0)
    notice_unit = serializers.ChoiceField(choices=NoticeUnit.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class PlannedYearInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    planned_places = serializers.IntegerField(min_value=0)
    budget = money_input()


class PlannedLvvInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    central_municipality = cbs_code(required=False, allow_null=True)
    region = UuidRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PlannedLvvStatus.choices, required=False)
    programme = ScopedUuidField(programmes_visible_to, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    years = PlannedYearInputSerializer(
        many=True,
        required=False,
        help_text=_("Planned places and budget per year; when given, replaces all years."),
    )
