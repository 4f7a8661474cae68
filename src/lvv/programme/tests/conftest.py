"""Shared pieces of the programme tests: the five pilots as the seed letter found them, the
people who work with them, and a way to prove a refused write left nothing behind."""

import datetime
from decimal import Decimal

import pytest

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, actor_for, member
from lvv.audit.models import AuditEvent
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
)
from lvv.programme.models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    Decision,
    FundingKind,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvYear,
    Programme,
    SpendingRecord,
)
from lvv.programme.tests.factories import (
    AgreementFactory,
    DecisionFactory,
    FundingRuleFactory,
    PartnerContractFactory,
    ProgrammeFactory,
)

D = datetime.date
E = Decimal

PILOTS = [
    ("GM0363", "Amsterdam"),
    ("GM0772", "Eindhoven"),
    ("GM0014", "Groningen"),
    ("GM0599", "Rotterdam"),
    ("GM0344", "Utrecht"),
]


class Snapshot:
    """Counts of every programme table and the audit trail, to prove a refused write left none."""

    MODELS = (
        Decision,
        Programme,
        Agreement,
        AgreementAmendment,
        FundingRule,
        SpendingRecord,
        PartnerContract,
        PlannedLvv,
        PlannedLvvYear,
        AuditEvent,
    )

    def __init__(self):
        self.counts = self._counts()
        self.ends = dict(Agreement.objects.values_list("pk", "end"))
        self.statuses = dict(Agreement.objects.values_list("pk", "status"))

    @classmethod
    def _counts(cls):
        return {model.__name__: model.objects.count() for model in cls.MODELS}

    def assert_unchanged(self):
        assert self._counts() == self.counts
        assert dict(Agreement.objects.values_list("pk", "end")) == self.ends
        assert dict(Agreement.objects.values_list("pk", "status")) == self.statuses


@pytest.fixture(autouse=True)
def _short_cbs_codes():
    # MunicipalityFactory numbers codes GM9000 + n: past n = 999 the code no longer fits its
    # six characters (PostgreSQL refuses it, SQLite does not notice). Each test starts afresh.
    MunicipalityFactory.reset_sequence()


@pytest.fixture
def snapshot(db):
    return Snapshot


@pytest.fixture
def system():
    return Actor.system()


@pytest.fixture
def manager(db):
    return member(Role.PROGRAMME_MANAGER)


@pytest.fixture
def manager_actor(manager):
    return actor_for(manager)


@pytest.fixture
def municipalities(db):
    return {name: MunicipalityFactory(cbs_code=code, name=name) for code, name in PILOTS}


@pytest.fixture
def groningen(municipalities):
    return municipalities["Groningen"]


@pytest.fixture
def amsterdam(municipalities):
    return municipalities["Amsterdam"]


def coordinator_of(municipality):
    organisation = OrganisationFactory(
        name=f"Gemeente {municipality.name}",
        kind=OrganisationKind.MUNICIPALITY,
        municipality=municipality,
    )
    return member(Role.MUNICIPAL_COORDINATOR, organisation=organisation)


@pytest.fixture
def coordinator(groningen):
    """A municipal coordinator of Groningen (membership)."""
    return coordinator_of(groningen)


@pytest.fixture
def coordinator_actor(coordinator):
    return actor_for(coordinator)


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="LVV-pilots")


@pytest.fixture
def letter_june_2021(db):
    return DecisionFactory(
        date=D(2021, 6, 28),
        reference="",
        parliamentary_paper="19 637, nr. 2749",
        title="Verlenging convenanten LVV tot 1 juli 2022",
    )


@pytest.fixture
def seed_letter(db):
    return DecisionFactory(
        date=D(2021, 12, 17),
        reference="3692956",
        title="Verlenging pilots Landelijke Vreemdelingenvoorzieningen",
    )


@pytest.fixture
def pilots(municipalities, programme):
    """The five pilot agreements in force up to and including 30 June 2022 (end 1 July 2022),
    with a yearly lump sum for 2021 and the first half of 2022 (Groningen: 4.3 million)."""
    agreements = {}
    lump_sums = {
        "Amsterdam": E("9350000.00"),
        "Eindhoven": E("2000000.00"),
        "Groningen": E("4300000.00"),
        "Rotterdam": E("3100000.00"),
        "Utrecht": E("3650000.00"),
    }
    for name, municipality in municipalities.items():
        agreement = AgreementFactory(
            municipality=municipality,
            programme=programme,
            start=D(2019, 4, 1),
            end=D(2022, 7, 1),
            status=AgreementStatus.IN_FORCE,
        )
        FundingRuleFactory(
            agreement=agreement,
            kind=FundingKind.YEARLY_LUMP_SUM,
            start=D(2021, 1, 1),
            end=D(2022, 7, 1),
            amount=lump_sums[name],
        )
        agreements[name] = agreement
    return agreements


@pytest.fixture
def groningen_contract(pilots, groningen):
    """INLIA's contract with Groningen up to and including 30 June 2022, three months' notice,
    covering one location with 80 + 15 places."""
    partner = OrganisationFactory(name="INLIA", kind=OrganisationKind.PARTNER_NGO)
    location = LocationFactory(
        name="Wintertuin", municipality=groningen, operator=partner, start=D(2019, 4, 1)
    )
    LocationCapacityFactory(
        location=location,
        start=D(2019, 4, 1),
        state_funded_places=80,
        municipality_funded_places=15,
    )
    contract = PartnerContractFactory(
        agreement=pilots["Groningen"],
        municipality=groningen,
        partner=partner,
        start=D(2021, 7, 1),
        end=D(2022, 7, 1),
    )
    contract.locations.add(location)
    return contract
