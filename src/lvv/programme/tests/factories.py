import datetime
from decimal import Decimal

import factory

from lvv.accounts.roles import OrganisationKind
from lvv.network.tests.factories import MunicipalityFactory
from lvv.programme.models import (
    Agreement,
    AgreementStatus,
    Decision,
    DecisionKind,
    FundingKind,
    FundingRule,
    NoticeUnit,
    PartnerContract,
    PlannedLvv,
    PlannedLvvStatus,
    Programme,
    SpendingRecord,
)

D = datetime.date


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    kind = DecisionKind.PARLIAMENTARY_LETTER
    date = D(2021, 12, 17)
    reference = factory.Sequence(lambda n: f"REF-{n}")
    title = factory.Sequence(lambda n: f"Besluit {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programma {n}")
    target_lvv_count = 8


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.LazyAttribute(lambda o: f"Convenant LVV {o.municipality.name}")
    start = D(2019, 4, 1)
    end = D(2021, 7, 1)
    status = AgreementStatus.IN_FORCE


class FundingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRule

    agreement = factory.SubFactory(AgreementFactory)
    kind = FundingKind.YEARLY_LUMP_SUM
    start = factory.LazyAttribute(lambda o: o.agreement.start)
    end = factory.LazyAttribute(lambda o: o.agreement.end)
    amount = Decimal("1000000.00")


class PartnerContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContract

    municipality = factory.LazyAttribute(lambda o: o.agreement.municipality)
    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.SubFactory(
        "lvv.accounts.tests.factories.OrganisationFactory", kind=OrganisationKind.PARTNER_NGO
    )
    start = factory.LazyAttribute(lambda o: o.agreement.start)
    end = factory.LazyAttribute(lambda o: o.agreement.end)
    amount = Decimal("500000.00")
    notice_period = 3
    notice_unit = NoticeUnit.MONTHS


class SpendingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendingRecord

    municipality = factory.SubFactory(MunicipalityFactory)
    start = D(2020, 1, 1)
    end = D(2021, 1, 1)
    amount = Decimal("100.00")
    description = "Kosten"


class PlannedLvvFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedLvv

    name = factory.Sequence(lambda n: f"LVV {n}")
    central_municipality = factory.SubFactory(MunicipalityFactory)
    status = PlannedLvvStatus.PLANNED
