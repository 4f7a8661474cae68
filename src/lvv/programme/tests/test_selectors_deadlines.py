"""Deadline warnings: when they appear, when they go, and who sees them."""

import datetime

import pytest

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import actor_for, member
from lvv.programme import selectors, services
from lvv.programme.models import AgreementStatus
from lvv.programme.tests.conftest import coordinator_of
from lvv.programme.tests.factories import AgreementFactory, DecisionFactory, PartnerContractFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def contracts_warned(actor, as_of):
    return [w.contract for w in selectors.deadline_warnings_visible_to(actor, as_of=as_of)]


def test_a_contract_ending_with_its_agreement_gets_a_warning(manager_actor, groningen_contract):
    (warning,) = selectors.deadline_warnings_visible_to(manager_actor, as_of=D(2022, 3, 2))
    assert warning.contract == groningen_contract
    assert warning.deadline == D(2022, 4, 1)
    assert warning.funded_last_day == D(2022, 6, 30)
    assert warning.contract_last_day == D(2022, 6, 30)
    assert (warning.days_left, warning.is_overdue) == (30, False)
    assert "1 april 2022" in warning.message


def test_a_passed_deadline_is_overdue(manager_actor, groningen_contract):
    (warning,) = selectors.deadline_warnings_visible_to(manager_actor, as_of=D(2022, 4, 2))
    assert warning.is_overdue
    assert warning.days_left == -1


def test_no_warning_once_the_contract_has_ended(manager_actor, groningen_contract):
    assert contracts_warned(manager_actor, D(2022, 7, 1)) == []


def test_no_warning_when_the_agreement_runs_past_the_contract(manager_actor, pilots, groningen):
    PartnerContractFactory(
        agreement=pilots["Groningen"],
        municipality=groningen,
        start=D(2021, 7, 1),
        end=D(2022, 1, 1),
    )
    assert contracts_warned(manager_actor, D(2021, 12, 1)) == []


def test_a_decided_follow_up_agreement_ends_the_warning(
    manager_actor, groningen_contract, groningen
):
    successor = AgreementFactory(
        municipality=groningen,
        start=D(2022, 7, 1),
        end=D(2024, 1, 1),
        status=AgreementStatus.DRAFT,
    )
    # A draft is no decision yet.
    assert contracts_warned(manager_actor, D(2022, 3, 1)) == [groningen_contract]
    successor.status = AgreementStatus.IN_FORCE
    successor.basis = DecisionFactory(date=D(2022, 2, 1))
    successor.save()
    assert contracts_warned(manager_actor, D(2022, 3, 1)) == []
    # Before the decision behind the follow-up, the warning stood.
    assert contracts_warned(manager_actor, D(2022, 1, 31)) == [groningen_contract]


def test_an_agreement_terminated_early_has_its_decision_wind_down_not_a_warning(
    manager_actor, groningen_contract, pilots
):
    decision = DecisionFactory(date=D(2022, 2, 1), title="Beëindiging")
    services.agreement_terminate(
        actor=manager_actor, agreement=pilots["Groningen"], end=D(2022, 6, 1), decision=decision
    )
    assert contracts_warned(manager_actor, D(2022, 3, 1)) == []
    # As known before the termination decision: the contract's funding was still undecided.
    assert contracts_warned(manager_actor, D(2022, 1, 15)) == [groningen_contract]


def test_a_contract_without_a_funding_agreement_gets_no_warning(manager_actor, groningen_contract):
    groningen_contract.agreement = None
    groningen_contract.save()
    assert contracts_warned(manager_actor, D(2022, 3, 1)) == []


def test_coordinators_see_their_own_municipalitys_warnings(
    pilots, groningen_contract, amsterdam, manager_actor
):
    amsterdam_contract = PartnerContractFactory(
        agreement=pilots["Amsterdam"],
        municipality=amsterdam,
        start=D(2021, 7, 1),
        end=D(2022, 7, 1),
    )
    groningen_coordinator = actor_for(coordinator_of(groningen_contract.municipality))
    amsterdam_coordinator = actor_for(coordinator_of(amsterdam))
    as_of = D(2022, 3, 1)
    assert contracts_warned(groningen_coordinator, as_of) == [groningen_contract]
    assert contracts_warned(amsterdam_coordinator, as_of) == [amsterdam_contract]
    assert set(contracts_warned(manager_actor, as_of)) == {groningen_contract, amsterdam_contract}
    for role in (Role.CASEWORKER, Role.ANALYST, Role.CHAIN_PARTNER, Role.AUDITOR):
        assert contracts_warned(actor_for(member(role)), as_of) == []
