"""Fixtures of the placement, trajectory, meeting and outflow tests: a small LVV network in two
municipalities, one member in every role, and helpers to prove a refused write left nothing.

Import the fixtures you use into a test module (`from .trajectory_fixtures import world`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Membership, Organisation
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, actor_for, member
from lvv.audit.models import AuditEvent
from lvv.cases.models import (
    Action,
    CaseDiscussion,
    CaseMeeting,
    Client,
    ClientStatus,
    Escalation,
    GuidanceScenario,
    MeetingDecision,
    Outflow,
    Placement,
    Procedure,
    StatusChange,
    Trajectory,
)
from lvv.cases.reference_data import load_reference_data
from lvv.network.models import Location, Municipality
from lvv.network.tests.factories import LocationCapacityFactory, LocationFactory

from .trajectory_factories import ClientFactory, ConsentFactory

D = datetime.date

# What `from .trajectory_fixtures import *` brings into a test module: the fixtures.
__all__ = ["reference_data", "snapshot", "world"]


class Snapshot:
    """Counts of every table these services write, and the audit trail, to prove a refused
    write left nothing behind."""

    MODELS = (
        Placement,
        GuidanceScenario,
        Trajectory,
        Action,
        Procedure,
        Escalation,
        CaseMeeting,
        CaseDiscussion,
        MeetingDecision,
        Outflow,
        StatusChange,
        AuditEvent,
    )

    def __init__(self):
        self.counts = self._counts()

    @classmethod
    def _counts(cls):
        return {model.__name__: model.objects.count() for model in cls.MODELS}

    def assert_unchanged(self):
        assert self._counts() == self.counts


@dataclass
class World:
    """Utrecht and Amsterdam, each with a municipality, NGOs running locations, a chain partner
    (DT&V) and a member in every role. `shelter` has 2 places, `second` 5, `other_shelter`
    (another NGO) 5, `amsterdam_shelter` 5; all open since 2019."""

    utrecht: Municipality
    amsterdam: Municipality
    utrecht_org: Organisation
    amsterdam_org: Organisation
    ngo: Organisation
    other_ngo: Organisation
    amsterdam_ngo: Organisation
    dtv: Organisation
    ind: Organisation
    ministry: Organisation
    shelter: Location
    second: Location
    other_shelter: Location
    amsterdam_shelter: Location
    caseworker: Membership
    other_caseworker: Membership
    amsterdam_caseworker: Membership
    coordinator: Membership
    amsterdam_coordinator: Membership
    chain_partner: Membership
    ind_partner: Membership
    programme_manager: Membership
    analyst: Membership
    auditor: Membership
    functional_admin: Membership

    def actor(self, name: str, channel: str = Channel.WEB) -> Actor:
        return actor_for(getattr(self, name), channel=channel)

    def client(self, status: str = ClientStatus.DOSSIER_REQUESTED, **kwargs) -> Client:
        """A client of the Utrecht NGO (unless told otherwise), status since 1 January 2024."""
        kwargs.setdefault("municipality", self.utrecht)
        kwargs.setdefault("partner", self.ngo)
        kwargs.setdefault("status_since", D(2024, 1, 1))
        return ClientFactory(status=status, **kwargs)

    def share(self, client: Client, organisation: Organisation | None = None) -> None:
        """The client consents to sharing with the chain partner (DT&V unless told)."""
        ConsentFactory(client=client, recipient=organisation or self.dtv)


def _location(name, municipality, operator, places):
    location = LocationFactory(
        name=name, municipality=municipality, operator=operator, start=D(2019, 1, 1)
    )
    LocationCapacityFactory(
        location=location,
        start=D(2019, 1, 1),
        end=None,
        state_funded_places=places,
        municipality_funded_places=0,
    )
    return location


@pytest.fixture
def reference_data(db):
    """The national reference lists (outflow reasons...), also after a database flush."""
    load_reference_data(apps)


@pytest.fixture
def snapshot(db):
    return Snapshot


@pytest.fixture
def world(db, reference_data) -> World:
    # Made directly, not with MunicipalityFactory: its CBS-code sequence (GM9000 + n) runs out
    # of four digits when hundreds of tests in one run each call it.
    utrecht = Municipality.objects.create(cbs_code="GM0344", name="Utrecht")
    amsterdam = Municipality.objects.create(cbs_code="GM0363", name="Amsterdam")
    kind = OrganisationKind
    utrecht_org = OrganisationFactory(
        name="Gemeente Utrecht", kind=kind.MUNICIPALITY, municipality=utrecht
    )
    amsterdam_org = OrganisationFactory(
        name="Gemeente Amsterdam", kind=kind.MUNICIPALITY, municipality=amsterdam
    )
    ngo = OrganisationFactory(name="Stichting Noodopvang", kind=kind.PARTNER_NGO)
    other_ngo = OrganisationFactory(name="Stichting Andere Opvang", kind=kind.PARTNER_NGO)
    amsterdam_ngo = OrganisationFactory(name="Amsterdamse Opvang", kind=kind.PARTNER_NGO)
    dtv = OrganisationFactory(name="DT&V", kind=kind.DTV)
    ind = OrganisationFactory(name="IND", kind=kind.IND)
    ministry = OrganisationFactory(name="Ministerie van JenV", kind=kind.MINISTRY)
    return World(
        utrecht=utrecht,
        amsterdam=amsterdam,
        utrecht_org=utrecht_org,
        amsterdam_org=amsterdam_org,
        ngo=ngo,
        other_ngo=other_ngo,
        amsterdam_ngo=amsterdam_ngo,
        dtv=dtv,
        ind=ind,
        ministry=ministry,
        shelter=_location("Noodopvang Utrecht", utrecht, ngo, 2),
        second=_location("Tweede locatie", utrecht, ngo, 5),
        other_shelter=_location("Andere opvang", utrecht, other_ngo, 5),
        amsterdam_shelter=_location("Opvang Amsterdam", amsterdam, amsterdam_ngo, 5),
        caseworker=member(Role.CASEWORKER, organisation=ngo),
        other_caseworker=member(Role.CASEWORKER, organisation=other_ngo),
        amsterdam_caseworker=member(Role.CASEWORKER, organisation=amsterdam_ngo),
        coordinator=member(Role.MUNICIPAL_COORDINATOR, organisation=utrecht_org),
        amsterdam_coordinator=member(Role.MUNICIPAL_COORDINATOR, organisation=amsterdam_org),
        chain_partner=member(Role.CHAIN_PARTNER, organisation=dtv),
        ind_partner=member(Role.CHAIN_PARTNER, organisation=ind),
        programme_manager=member(Role.PROGRAMME_MANAGER, organisation=ministry),
        analyst=member(Role.ANALYST),
        auditor=member(Role.AUDITOR, organisation=ministry),
        functional_admin=member(Role.FUNCTIONAL_ADMIN, organisation=ministry),
    )


def audit_events(**filters):
    return AuditEvent.objects.filter(**filters).order_by("sequence")
