"""The invariants of one row, each reported at its field, and the derived dates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.network.tests.factories import MunicipalityFactory, RegionFactory
from lvv.programme.models import (
    AGREEMENT_TRANSITIONS,
    AgreementAmendment,
    AgreementStatus,
    AmendmentKind,
    DecisionKind,
    FundingKind,
    FundingRule,
    NoticeUnit,
    PlannedLvv,
    SpendingRecord,
)
from lvv.programme.tests.factories import (
    AgreementFactory,
    DecisionFactory,
    FundingRuleFactory,
    PartnerContractFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


# --- the workflow as data -------------------------------------------------------------------


def test_every_status_has_its_transitions_and_ended_states_are_final():
    assert set(AGREEMENT_TRANSITIONS) == set(AgreementStatus.values)
    assert AGREEMENT_TRANSITIONS[AgreementStatus.DRAFT] == {AgreementStatus.IN_FORCE}
    assert AGREEMENT_TRANSITIONS[AgreementStatus.IN_FORCE] == {
        AgreementStatus.ENDED,
        AgreementStatus.TERMINATED,
    }
    assert AGREEMENT_TRANSITIONS[AgreementStatus.ENDED] == frozenset()
    assert AGREEMENT_TRANSITIONS[AgreementStatus.TERMINATED] == frozenset()


# --- agreements -----------------------------------------------------------------------------


def test_an_agreement_shows_its_inclusive_last_day():
    agreement = AgreementFactory.build(start=D(2019, 4, 1), end=D(2022, 7, 1))
    assert agreement.last_day == D(2022, 6, 30)
    assert agreement.period.days() == 1187


def test_an_agreement_must_end_after_it_starts():
    agreement = AgreementFactory(start=D(2019, 4, 1), end=D(2020, 1, 1))
    agreement.end = D(2019, 4, 1)
    assert "end" in errors_of(agreement)


@pytest.mark.parametrize(
    "parties",
    [
        ["municipality"],  # the State Secretary is always a party
        ["municipality", "state_secretary", "king"],
        ["municipality", "state_secretary", "ind", "ind"],
        "municipality",
    ],
)
def test_parties_are_checked(parties):
    agreement = AgreementFactory()
    agreement.parties = parties
    assert "parties" in errors_of(agreement)


def test_the_mandate_must_be_a_mandate_decision():
    agreement = AgreementFactory()
    agreement.mandate = DecisionFactory(kind=DecisionKind.PARLIAMENTARY_LETTER)
    assert "mandate" in errors_of(agreement)
    agreement.mandate = DecisionFactory(kind=DecisionKind.MANDATE_DECISION)
    agreement.full_clean()


def test_two_agreements_of_one_municipality_may_not_overlap():
    first = AgreementFactory(start=D(2019, 4, 1), end=D(2021, 7, 1))
    second = AgreementFactory.build(
        municipality=first.municipality, start=D(2021, 6, 30), end=D(2022, 7, 1)
    )
    assert "start" in errors_of(second)
    # Starting on the first one's exclusive end is fine: they touch, they do not overlap.
    second.start = D(2021, 7, 1)
    second.full_clean()
    # Another municipality may have the same period.
    AgreementFactory.build(
        municipality=MunicipalityFactory(), start=D(2019, 4, 1), end=D(2021, 7, 1)
    ).full_clean()


def test_an_extension_must_lengthen_and_a_termination_shorten():
    agreement = AgreementFactory(end=D(2022, 7, 1))
    decision = DecisionFactory()
    extension = AgreementAmendment(
        agreement=agreement,
        decision=decision,
        kind=AmendmentKind.EXTENSION,
        previous_end=D(2022, 7, 1),
        new_end=D(2022, 1, 1),
    )
    assert "new_end" in errors_of(extension)
    termination = AgreementAmendment(
        agreement=agreement,
        decision=decision,
        kind=AmendmentKind.EARLY_TERMINATION,
        previous_end=D(2022, 7, 1),
        new_end=D(2023, 1, 1),
    )
    assert "new_end" in errors_of(termination)


# --- funding rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": FundingKind.YEARLY_LUMP_SUM}, "amount"),
        ({"kind": FundingKind.PERIOD_SUM}, "amount"),
        ({"kind": FundingKind.PER_PLACE, "price_per_place": E("1.00")}, "state_funded_places"),
        ({"kind": FundingKind.PER_PLACE, "state_funded_places": 3}, "price_per_place"),
        ({"kind": FundingKind.SAME_LEVEL_AS_YEAR}, "reference_year"),
        ({"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("-0.01")}, "amount"),
        (
            {"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("1.00"), "reference_year": 2019},
            "reference_year",
        ),
        (
            {
                "kind": FundingKind.PER_PLACE,
                "price_per_place": E("1.00"),
                "state_funded_places": 340,
                "total_places": 300,
            },
            "total_places",
        ),
        ({"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2021}, "reference_year"),
    ],
)
def test_funding_rules_need_the_fields_of_their_kind(fields, field):
    agreement = AgreementFactory(start=D(2021, 1, 1), end=D(2022, 1, 1))
    rule = FundingRule(agreement=agreement, start=D(2021, 1, 1), end=D(2022, 1, 1), **fields)
    assert field in errors_of(rule)


def test_funding_lies_within_its_agreement_and_does_not_overlap():
    agreement = AgreementFactory(start=D(2019, 4, 1), end=D(2021, 7, 1))
    early = FundingRule(
        agreement=agreement,
        kind=FundingKind.YEARLY_LUMP_SUM,
        amount=E("1.00"),
        start=D(2019, 1, 1),
        end=D(2020, 1, 1),
    )
    assert "start" in errors_of(early)
    late = FundingRule(
        agreement=agreement,
        kind=FundingKind.YEARLY_LUMP_SUM,
        amount=E("1.00"),
        start=D(2021, 1, 1),
        end=D(2021, 7, 2),
    )
    assert "end" in errors_of(late)
    FundingRuleFactory(agreement=agreement, start=D(2019, 4, 1), end=D(2020, 1, 1))
    overlapping = FundingRule(
        agreement=agreement,
        kind=FundingKind.YEARLY_LUMP_SUM,
        amount=E("1.00"),
        start=D(2019, 12, 31),
        end=D(2020, 6, 1),
    )
    assert "start" in errors_of(overlapping)


# --- spending and contracts ---------------------------------------------------------------------


def test_spending_lies_within_one_calendar_year():
    municipality = MunicipalityFactory()
    whole_year = SpendingRecord(
        municipality=municipality,
        start=D(2021, 1, 1),
        end=D(2022, 1, 1),
        amount=E("10.00"),
        description="2021",
    )
    whole_year.full_clean()
    assert whole_year.year == 2021
    across = SpendingRecord(
        municipality=municipality,
        start=D(2021, 7, 1),
        end=D(2022, 1, 2),
        amount=E("10.00"),
        description="te lang",
    )
    assert "end" in errors_of(across)


def test_spending_under_an_agreement_of_another_municipality_is_refused():
    record = SpendingRecord(
        municipality=MunicipalityFactory(),
        agreement=AgreementFactory(),
        start=D(2021, 1, 1),
        end=D(2021, 2, 1),
        amount=E("1.00"),
        description="x",
    )
    assert "agreement" in errors_of(record)


@pytest.mark.parametrize(
    "end, period, unit, deadline",
    [
        (D(2022, 7, 1), 3, NoticeUnit.MONTHS, D(2022, 4, 1)),  # the seed letter's case
        (D(2023, 1, 1), 3, NoticeUnit.MONTHS, D(2022, 10, 1)),
        (D(2022, 5, 31), 3, NoticeUnit.MONTHS, D(2022, 2, 28)),  # no 31 February
        (D(2024, 5, 31), 3, NoticeUnit.MONTHS, D(2024, 2, 29)),  # leap year
        (D(2022, 1, 15), 2, NoticeUnit.MONTHS, D(2021, 11, 15)),  # across a year
        (D(2022, 7, 1), 90, NoticeUnit.DAYS, D(2022, 4, 2)),
        (D(2022, 7, 1), 0, NoticeUnit.DAYS, D(2022, 7, 1)),
    ],
)
def test_the_decision_deadline_is_the_end_minus_the_notice_period(end, period, unit, deadline):
    contract = PartnerContractFactory.build(
        start=D(2019, 4, 1), end=end, notice_period=period, notice_unit=unit
    )
    assert contract.decision_deadline == deadline


def test_a_contract_is_with_a_partner_ngo_of_the_same_municipality():
    contract = PartnerContractFactory()
    contract.partner = OrganisationFactory(kind=OrganisationKind.DTV)
    assert "partner" in errors_of(contract)
    contract = PartnerContractFactory()
    contract.agreement = AgreementFactory()
    assert "agreement" in errors_of(contract)


def test_a_planned_lvv_names_the_region_its_central_municipality_runs():
    region = RegionFactory()
    plan = PlannedLvv(name="LVV Noord", central_municipality=MunicipalityFactory(), region=region)
    assert "region" in errors_of(plan)
    plan.central_municipality = region.central_municipality
    plan.full_clean()
