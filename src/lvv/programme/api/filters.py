"""API filters of the programme registers."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import (
    Agreement,
    AgreementStatus,
    Decision,
    DecisionKind,
    FundingKind,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvStatus,
    SpendingRecord,
)

CBS_HELP = _("CBS code of the municipality, e.g. GM0014.")


def _by_cbs_code(field_name="municipality__cbs_code"):
    return django_filters.CharFilter(
        field_name=field_name, lookup_expr="iexact", help_text=CBS_HELP
    )


def _by_uuid(field_name, help_text):
    return django_filters.UUIDFilter(field_name=field_name, help_text=help_text)


class DecisionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices)
    reference = django_filters.CharFilter(lookup_expr="iexact", help_text=_("The kenmerk."))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text=_("Inclusive.")
    )

    class Meta:
        model = Decision
        fields = ["kind", "reference", "date_from", "date_to"]


class AgreementFilter(django_filters.FilterSet):
    municipality = _by_cbs_code()
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    programme = _by_uuid("programme__uuid", _("Uuid of the programme."))
    active_on = django_filters.DateFilter(
        method="filter_active_on", help_text=_("Only agreements whose period covers this day.")
    )

    class Meta:
        model = Agreement
        fields = ["municipality", "status", "programme", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gt=value)


class FundingRuleFilter(django_filters.FilterSet):
    agreement = _by_uuid("agreement__uuid", _("Uuid of the agreement."))
    kind = django_filters.ChoiceFilter(choices=FundingKind.choices)

    class Meta:
        model = FundingRule
        fields = ["agreement", "kind"]


class SpendingFilter(django_filters.FilterSet):
    municipality = _by_cbs_code()
    agreement = _by_uuid("agreement__uuid", _("Uuid of the agreement."))
    year = django_filters.NumberFilter(field_name="start__year", help_text=_("Calendar year."))

    class Meta:
        model = SpendingRecord
        fields = ["municipality", "agreement", "year"]


class PartnerContractFilter(django_filters.FilterSet):
    municipality = _by_cbs_code()
    partner = _by_uuid("partner__uuid", _("Uuid of the partner organisation."))
    agreement = _by_uuid("agreement__uuid", _("Uuid of the funding agreement."))
    running_on = django_filters.DateFilter(
        method="filter_running_on", help_text=_("Only contracts whose period covers this day.")
    )

    class Meta:
        model = PartnerContract
        fields = ["municipality", "partner", "agreement", "running_on"]

    def filter_running_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gt=value)


class PlannedLvvFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PlannedLvvStatus.choices)
    central_municipality = _by_cbs_code("central_municipality__cbs_code")

    class Meta:
        model = PlannedLvv
        fields = ["status", "central_municipality"]
