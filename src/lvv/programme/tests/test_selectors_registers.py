"""Who sees which rows: one gate per register, used by every page and endpoint."""

import datetime

import pytest

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import actor_for, member
from lvv.programme import selectors, services
from lvv.programme.tests.factories import (
    PartnerContractFactory,
    PlannedLvvFactory,
    SpendingRecordFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NO_ACCESS = [Role.CASEWORKER, Role.CHAIN_PARTNER, Role.ANALYST, Role.AUDITOR, Role.FUNCTIONAL_ADMIN]


@pytest.fixture
def books(pilots, municipalities, seed_letter):
    for name, agreement in pilots.items():
        PartnerContractFactory(agreement=agreement, municipality=municipalities[name])
        SpendingRecordFactory(municipality=municipalities[name])
        PlannedLvvFactory(name=f"LVV {name}", central_municipality=municipalities[name])


SELECTORS = [
    selectors.agreements_visible_to,
    selectors.funding_rules_visible_to,
    selectors.partner_contracts_visible_to,
    selectors.spending_visible_to,
    selectors.planned_lvvs_visible_to,
]


@pytest.mark.parametrize("selector", SELECTORS, ids=lambda s: s.__name__)
def test_programme_managers_see_every_municipality(selector, books, manager_actor):
    assert selector(manager_actor).count() == 5


@pytest.mark.parametrize("selector", SELECTORS, ids=lambda s: s.__name__)
def test_coordinators_see_their_own_municipality_only(
    selector, books, coordinator_actor, groningen
):
    rows = list(selector(coordinator_actor))
    assert len(rows) == 1
    owner = (
        getattr(rows[0], "municipality", None)
        or getattr(rows[0], "central_municipality", None)
        or rows[0].agreement.municipality
    )
    assert owner == groningen


@pytest.mark.parametrize("role", NO_ACCESS)
@pytest.mark.parametrize(
    "selector", [*SELECTORS, selectors.decisions_visible_to, selectors.programmes_visible_to]
)
def test_other_roles_see_nothing(role, selector, books):
    assert selector(actor_for(member(role))).count() == 0


def test_decisions_are_public_to_everyone_in_the_programme(books, coordinator_actor, seed_letter):
    assert list(selectors.decisions_visible_to(coordinator_actor)) == [seed_letter]


def test_a_coordinator_without_a_municipality_sees_nothing(books):
    from lvv.accounts.roles import OrganisationKind
    from lvv.accounts.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    organisation.municipality = None  # an inconsistent row must not widen the scope
    actor = actor_for(member(Role.MUNICIPAL_COORDINATOR, organisation=organisation))
    assert selectors.agreements_visible_to(actor).count() == 0


def test_an_agreement_as_known_on_a_day(pilots, seed_letter, manager_actor):
    groningen = pilots["Groningen"]
    services.agreement_extend(
        actor=manager_actor, agreement=groningen, new_end=D(2023, 1, 1), decision=seed_letter
    )
    groningen = selectors.agreements_visible_to(manager_actor).get(pk=groningen.pk)
    assert selectors.agreement_state_on(groningen, D(2021, 12, 16)).end == D(2022, 7, 1)
    assert selectors.agreement_state_on(groningen, D(2021, 12, 17)).end == D(2023, 1, 1)


def test_agreements_ending_within_a_window(pilots, manager_actor):
    # Their last day is 30 June 2022.
    assert (
        selectors.agreements_ending_between(manager_actor, D(2022, 6, 30), D(2022, 6, 30)).count()
        == 5
    )
    assert (
        selectors.agreements_ending_between(manager_actor, D(2022, 7, 1), D(2023, 7, 1)).count()
        == 0
    )


def test_listing_agreements_costs_a_fixed_number_of_queries(
    pilots, seed_letter, manager_actor, django_assert_max_num_queries
):
    services.agreements_extend(
        actor=manager_actor,
        agreements=list(pilots.values()),
        new_end=D(2023, 1, 1),
        decision=seed_letter,
    )
    with django_assert_max_num_queries(2):
        histories = [
            selectors.agreement_history(a) for a in selectors.agreements_visible_to(manager_actor)
        ]
    assert all(len(history) == 2 for history in histories)
