"""API output shapes of the programme. Input shapes live in `inputs.py`.

References go by public key: a municipality by CBS code, everything else by uuid. Periods are
`start` and `end`, `end` exclusive. Money is a decimal string in euros with two decimals.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.accounts.models import Organisation
from lvv.network.models import Municipality

from ..models import (
    Agreement,
    AgreementAmendment,
    AgreementParty,
    Decision,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvYear,
    Programme,
    SpendingRecord,
)

END_HELP = _("Exclusive: the first day no longer included.")


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


class ProgrammeMunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name"]
        read_only_fields = fields


class ProgrammePartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name"]
        read_only_fields = fields


class ProgrammeDecisionReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["uuid", "date", "reference", "title"]
        read_only_fields = fields


class ProgrammeDecisionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "uuid",
            "kind",
            "date",
            "reference",
            "parliamentary_paper",
            "publication",
            "title",
            "summary",
            "url",
        ]
        read_only_fields = fields


class ProgrammeOutputSerializer(serializers.ModelSerializer):
    basis = ProgrammeDecisionReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Programme
        fields = ["uuid", "name", "description", "basis", "target_lvv_count"]
        read_only_fields = fields


class ProgrammeReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["uuid", "name"]
        read_only_fields = fields


class PeriodEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["original", "extension", "early_termination"],
        read_only=True,
        help_text=_(
            "original: the first period; extension: from the old end to the new one; "
            "early_termination: the part cut off, from the new end to the old one."
        ),
    )
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    decision = ProgrammeDecisionReferenceSerializer(read_only=True, allow_null=True)


class AgreementOutputSerializer(serializers.ModelSerializer):
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    programme = ProgrammeReferenceSerializer(read_only=True, allow_null=True)
    parties = serializers.ListField(
        child=serializers.ChoiceField(choices=AgreementParty.choices), read_only=True
    )
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    mandate = ProgrammeDecisionReferenceSerializer(read_only=True, allow_null=True)
    basis = ProgrammeDecisionReferenceSerializer(read_only=True, allow_null=True)
    history = serializers.SerializerMethodField(
        help_text=_("Every period the agreement had, with the decision behind each change.")
    )

    class Meta:
        model = Agreement
        fields = [
            "uuid",
            "title",
            "municipality",
            "programme",
            "parties",
            "start",
            "end",
            "status",
            "mandate",
            "basis",
            "notes",
            "history",
        ]
        read_only_fields = fields

    @extend_schema_field(PeriodEntrySerializer(many=True))
    def get_history(self, agreement) -> list:
        from ..selectors import agreement_history

        return PeriodEntrySerializer(agreement_history(agreement), many=True).data


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    amount = money()


class AgreementDetailSerializer(AgreementOutputSerializer):
    allocations = YearAmountSerializer(
        many=True,
        read_only=True,
        help_text=_("The state contribution to this agreement per calendar year."),
    )

    class Meta(AgreementOutputSerializer.Meta):
        fields = [*AgreementOutputSerializer.Meta.fields, "allocations"]
        read_only_fields = fields


class AmendmentOutputSerializer(serializers.ModelSerializer):
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True)
    decision = ProgrammeDecisionReferenceSerializer(read_only=True)
    previous_end = serializers.DateField(read_only=True, help_text=END_HELP)
    new_end = serializers.DateField(read_only=True, help_text=END_HELP)

    class Meta:
        model = AgreementAmendment
        fields = ["uuid", "agreement", "kind", "decision", "previous_end", "new_end"]
        read_only_fields = fields


class FundingRuleOutputSerializer(serializers.ModelSerializer):
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True)
    decision = ProgrammeDecisionReferenceSerializer(read_only=True, allow_null=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    amount = money(allow_null=True, help_text=_("Per year, or for the whole period."))
    price_per_place = money(allow_null=True, help_text=_("Per state-funded place per year."))

    class Meta:
        model = FundingRule
        fields = [
            "uuid",
            "agreement",
            "decision",
            "kind",
            "start",
            "end",
            "amount",
            "price_per_place",
            "state_funded_places",
            "total_places",
            "reference_year",
            "notes",
        ]
        read_only_fields = fields


class FundingShareSerializer(serializers.Serializer):
    agreement = serializers.UUIDField(source="rule.agreement.uuid", read_only=True)
    funding_rule = serializers.UUIDField(source="rule.uuid", read_only=True)
    kind = serializers.CharField(source="rule.kind", read_only=True)
    start = serializers.DateField(source="period.start", read_only=True)
    end = serializers.DateField(source="period.end", read_only=True, help_text=END_HELP)
    days = serializers.IntegerField(read_only=True)
    yearly_amount = money(
        source="yearly_amount_rounded",
        allow_null=True,
        help_text=_("The yearly amount the share is taken from; null for a fixed amount."),
    )
    amount = money(
        source="rounded",
        help_text=_(
            "This share alone, rounded; the allocation is rounded once, from exact shares."
        ),
    )


class AllocationOutputSerializer(serializers.Serializer):
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    year = serializers.IntegerField(read_only=True)
    amount = money(
        help_text=_(
            "Exact shares added up and rounded once to cents, half a cent upwards (ROUND_HALF_UP)."
        )
    )
    shares = FundingShareSerializer(many=True, read_only=True)


class FundingOverviewRowSerializer(serializers.Serializer):
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    year = serializers.IntegerField(read_only=True)
    budget = money(allow_null=True, help_text=_("From the network plan; null when none."))
    committed = money(help_text=_("The state's allocation."))
    contracted = money(help_text=_("Partner contracts, spread over the years by days."))
    spent = money()
    remaining = money(help_text=_("Committed minus spent."))


class SpendingOutputSerializer(serializers.ModelSerializer):
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True, allow_null=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    amount = money()

    class Meta:
        model = SpendingRecord
        fields = ["uuid", "municipality", "agreement", "start", "end", "amount", "description"]
        read_only_fields = fields


class ProgrammeLocationSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PartnerContractOutputSerializer(serializers.ModelSerializer):
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    partner = ProgrammePartnerSerializer(read_only=True)
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True, allow_null=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    amount = money()
    locations = ProgrammeLocationSerializer(many=True, read_only=True)
    decision_deadline = serializers.DateField(
        read_only=True,
        help_text=_("The last day to extend or give notice in time: end minus notice period."),
    )

    class Meta:
        model = PartnerContract
        fields = [
            "uuid",
            "municipality",
            "partner",
            "agreement",
            "reference",
            "start",
            "end",
            "amount",
            "locations",
            "notice_period",
            "notice_unit",
            "decision_deadline",
            "notes",
        ]
        read_only_fields = fields


class DeadlineWarningSerializer(serializers.Serializer):
    contract = serializers.UUIDField(source="contract.uuid", read_only=True)
    municipality = ProgrammeMunicipalitySerializer(read_only=True)
    partner = ProgrammePartnerSerializer(read_only=True)
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True)
    deadline = serializers.DateField(read_only=True, help_text=_("The last day to decide."))
    contract_end = serializers.DateField(source="contract.end", read_only=True, help_text=END_HELP)
    funded_until = serializers.DateField(
        read_only=True,
        help_text=_("The agreement's end (exclusive) as decided on `as_of`."),
    )
    as_of = serializers.DateField(read_only=True)
    days_left = serializers.IntegerField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    message = serializers.CharField(read_only=True)


class WindDownLocationSerializer(serializers.Serializer):
    location = ProgrammeLocationSerializer(read_only=True)
    state_funded_places = serializers.IntegerField(read_only=True)
    total_places = serializers.IntegerField(read_only=True)
    open_placements = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Clients placed there today; null when not available."),
    )


class WindDownContractSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    partner = ProgrammePartnerSerializer(read_only=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    decision_deadline = serializers.DateField(read_only=True)


class WindDownSerializer(serializers.Serializer):
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True)
    end = serializers.DateField(read_only=True, help_text=END_HELP)
    has_follow_up = serializers.BooleanField(read_only=True)
    follow_up = serializers.SerializerMethodField()
    contracts = WindDownContractSerializer(many=True, read_only=True)
    locations = WindDownLocationSerializer(many=True, read_only=True)
    state_funded_places = serializers.IntegerField(read_only=True)
    total_places = serializers.IntegerField(read_only=True)
    placements_available = serializers.BooleanField(read_only=True)
    open_placements = serializers.IntegerField(read_only=True, allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_follow_up(self, wind_down) -> list[str]:
        return [str(agreement.uuid) for agreement in wind_down.follow_up]


class PlannedYearSerializer(serializers.ModelSerializer):
    budget = money()

    class Meta:
        model = PlannedLvvYear
        fields = ["year", "planned_places", "budget"]
        read_only_fields = fields


class ProgrammeRegionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PlannedLvvOutputSerializer(serializers.ModelSerializer):
    central_municipality = ProgrammeMunicipalitySerializer(read_only=True, allow_null=True)
    region = ProgrammeRegionSerializer(read_only=True, allow_null=True)
    programme = ProgrammeReferenceSerializer(read_only=True, allow_null=True)
    years = PlannedYearSerializer(many=True, read_only=True)

    class Meta:
        model = PlannedLvv
        fields = [
            "uuid",
            "name",
            "central_municipality",
            "region",
            "status",
            "programme",
            "notes",
            "years",
        ]
        read_only_fields = fields


class PreviewRowSerializer(serializers.Serializer):
    agreement = serializers.UUIDField(source="agreement.uuid", read_only=True)
    title = serializers.CharField(source="agreement.title", read_only=True)
    municipality = ProgrammeMunicipalitySerializer(source="agreement.municipality", read_only=True)
    current_end = serializers.DateField(read_only=True, help_text=END_HELP)
    new_end = serializers.DateField(read_only=True, help_text=END_HELP)
    problem = serializers.CharField(read_only=True, allow_null=True)
    impact = serializers.SerializerMethodField(
        help_text=_("The extra state contribution per calendar year (rounded per year).")
    )

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_impact(self, row) -> list:
        return YearAmountSerializer(
            [{"year": year, "amount": amount} for year, amount in row.impact], many=True
        ).data


class ExtensionPreviewSerializer(serializers.Serializer):
    new_end = serializers.DateField(read_only=True, help_text=END_HELP)
    is_valid = serializers.BooleanField(
        read_only=True, help_text=_("Whether applying this would succeed now.")
    )
    problems = serializers.ListField(child=serializers.CharField(), read_only=True)
    rows = PreviewRowSerializer(many=True, read_only=True)
    impact_by_year = serializers.SerializerMethodField()

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_impact_by_year(self, preview) -> list:
        return YearAmountSerializer(
            [{"year": y, "amount": a} for y, a in preview.impact_by_year.items()], many=True
        ).data
