"""The programme's demo data: the history of domain.md, loaded twice without changing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditEvent
from lvv.programme import selectors
from lvv.programme.demo import load_programme_demo
from lvv.programme.models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    Decision,
    PartnerContract,
    PlannedLvv,
)

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


@pytest.fixture
def demo(db):
    # seed_demo loads the programme's history after the network; a second load adds nothing.
    call_command("seed_demo", "--allow-without-debug", "--quiet-accounts", "--without-clients")
    system = Actor.system()
    assert Agreement.objects.exists()
    assert load_programme_demo(actor=system) is False
    return system


def test_loading_twice_changes_nothing(demo):
    counts = (
        Decision.objects.count(),
        Agreement.objects.count(),
        AgreementAmendment.objects.count(),
        PartnerContract.objects.count(),
        AuditEvent.objects.count(),
    )
    assert load_programme_demo(actor=demo) is False
    assert counts == (
        Decision.objects.count(),
        Agreement.objects.count(),
        AgreementAmendment.objects.count(),
        PartnerContract.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_history_of_the_pilots(demo):
    assert Agreement.objects.count() == 5
    for agreement in Agreement.objects.all():
        assert agreement.status == AgreementStatus.IN_FORCE
        assert (agreement.start, agreement.last_day) == (D(2019, 4, 1), D(2022, 12, 31))
        assert agreement.mandate.publication == "Staatscourant 2019, 18281"
        history = selectors.agreement_history(agreement)
        assert [(e.start, e.last_day) for e in history] == [
            (D(2019, 4, 1), D(2021, 6, 30)),
            (D(2021, 7, 1), D(2022, 6, 30)),
            (D(2022, 7, 1), D(2022, 12, 31)),
        ]
        assert history[1].decision.parliamentary_paper == "19 637, nr. 2749"
        assert history[2].decision.reference == "3692956"
    cooperation = Decision.objects.get(date=D(2018, 11, 29))
    assert cooperation.established_agreements.count() == 5


def test_the_numbers_of_groningen_and_amsterdam(demo):
    allocations = {
        (a.municipality.name, a.year): a.amount for a in selectors.allocations_visible_to(demo)
    }
    assert allocations[("Groningen", 2019)] == E("4600000.00")
    assert allocations[("Groningen", 2020)] == E("4100000.00")
    assert allocations[("Groningen", 2021)] == E("4300000.00")
    assert allocations[("Groningen", 2022)] == E("4300000.00")  # the 2021 level, both halves
    # Amsterdam: 340 state-funded places (of 500) × €27,500 = €9,350,000 a year;
    # 2019 from 1 April: × 275/365.
    assert allocations[("Amsterdam", 2019)] == E("7044520.55")
    assert allocations[("Amsterdam", 2020)] == E("9350000.00")


def test_the_seed_letters_warnings_are_reproducible(demo):
    before = selectors.deadline_warnings_visible_to(demo, as_of=D(2021, 12, 1))
    deadlines = sorted({(w.municipality.name, w.deadline) for w in before})
    assert ("Groningen", D(2022, 4, 1)) in deadlines
    after = selectors.deadline_warnings_visible_to(demo, as_of=D(2021, 12, 17))
    assert all(w.deadline != D(2022, 4, 1) for w in after)


def test_contracts_with_each_pilots_ngo_and_the_plan_of_eight(demo):
    partners = set(PartnerContract.objects.values_list("partner__short_name", flat=True))
    assert partners == {"HVO-Querido", "VidK", "INLIA", "NAS", "SNDVU"}
    assert PartnerContract.objects.count() == 15
    assert PlannedLvv.objects.count() == 8
    assert PlannedLvv.objects.filter(central_municipality__isnull=True).count() == 3


def test_without_the_demo_network_it_loads_what_it_can(db):
    system = Actor.system()
    assert load_programme_demo(actor=system) is True
    assert Agreement.objects.count() == 0
    assert Decision.objects.count() == 4
    assert PlannedLvv.objects.count() == 3
