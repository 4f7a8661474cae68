"""Shared pieces of the network tests: a small register and a way to count what was written."""

import datetime

import pytest

from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, actor_for, member
from lvv.audit.models import AuditEvent
from lvv.network.models import Location, LocationCapacity, Municipality, Region
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
)

D = datetime.date


class Snapshot:
    """Counts of every network table and the audit trail, to prove a refused write left none."""

    MODELS = (Municipality, Region, Location, LocationCapacity, AuditEvent)

    def __init__(self):
        self.counts = self._counts()

    @staticmethod
    def _counts():
        return {model.__name__: model.objects.count() for model in Snapshot.MODELS}

    def assert_unchanged(self):
        assert self._counts() == self.counts


@pytest.fixture
def snapshot(db):
    return Snapshot


@pytest.fixture
def utrecht(db):
    return MunicipalityFactory(cbs_code="GM0344", name="Utrecht")


@pytest.fixture
def amsterdam(db):
    return MunicipalityFactory(cbs_code="GM0363", name="Amsterdam")


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Stichting Noodopvang", kind=OrganisationKind.PARTNER_NGO)


@pytest.fixture
def admin_actor(db):
    return actor_for(member(Role.FUNCTIONAL_ADMIN))


@pytest.fixture
def coordinator(db, utrecht):
    """A municipal coordinator of Utrecht (membership)."""
    organisation = OrganisationFactory(
        name="Gemeente Utrecht", kind=OrganisationKind.MUNICIPALITY, municipality=utrecht
    )
    return member(Role.MUNICIPAL_COORDINATOR, organisation=organisation)


@pytest.fixture
def coordinator_actor(coordinator):
    return actor_for(coordinator)


@pytest.fixture
def location(db, utrecht, partner):
    """A 24-hour location in Utrecht, open since 1 January 2019."""
    return LocationFactory(
        name="Noodopvang Utrecht", municipality=utrecht, operator=partner, start=D(2019, 1, 1)
    )


@pytest.fixture
def capacity(db, location):
    """20 + 5 places through 2019 (end 1 January 2020, exclusive)."""
    return LocationCapacityFactory(
        location=location,
        start=D(2019, 1, 1),
        end=D(2020, 1, 1),
        state_funded_places=20,
        municipality_funded_places=5,
    )
