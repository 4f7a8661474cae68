"""Shared scene for the client register's tests: two municipalities, their partners and
locations, a member in every role, and a way to prove a refused write left nothing behind.

`world` (below) is the scene most tests start from:

- Utrecht: partner NGO `ngo_a` runs `location_a`; `coordinator_a` at Gemeente Utrecht;
  `caseworker_a` at ngo_a; `client_a` kept by ngo_a in Utrecht.
- Amsterdam: the same with `_b`.
- Chain partners `dtv` and `ind` (`chain_dtv`, `chain_ind` members), and members without
  client data: `programme_manager`, `analyst`, `auditor`, `functional_admin`.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps

from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, actor_for, member
from lvv.audit.models import AuditEvent
from lvv.cases.reference_data import load_reference_data
from lvv.network.models import Municipality
from lvv.network.tests.factories import LocationFactory

from .factories import ClientFactory

# The members of `world`, by name: for tests parametrised over every role (the fixture builds
# one member per name, and checks it builds exactly these).
MEMBER_NAMES = (
    "caseworker_a",
    "caseworker_b",
    "coordinator_a",
    "coordinator_b",
    "chain_dtv",
    "chain_ind",
    "programme_manager",
    "analyst",
    "auditor",
    "functional_admin",
)


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The national criteria, exclusion grounds and outflow reasons, also after a flush."""
    load_reference_data(apps)


class Snapshot:
    """Row counts of every table of the client register and of the audit trail."""

    def __init__(self):
        self.counts = self._counts()

    @staticmethod
    def _counts() -> dict[str, int]:
        models = [*apps.get_app_config("cases").get_models(), AuditEvent]
        return {model.__name__: model.objects.count() for model in models}

    def assert_unchanged(self):
        assert self._counts() == self.counts


@pytest.fixture
def snapshot(db):
    """`before = snapshot()`; ...; `before.assert_unchanged()`."""
    return Snapshot


def _build_world():
    # Not MunicipalityFactory: its sequence runs past GM9999 in a long test session.
    utrecht, _ = Municipality.objects.get_or_create(cbs_code="GM0344", defaults={"name": "Utrecht"})
    amsterdam, _ = Municipality.objects.get_or_create(
        cbs_code="GM0363", defaults={"name": "Amsterdam"}
    )
    ngo_a = OrganisationFactory(
        name="Stichting Noodopvang Utrecht", kind=OrganisationKind.PARTNER_NGO
    )
    ngo_b = OrganisationFactory(name="HVO-Querido", kind=OrganisationKind.PARTNER_NGO)
    gemeente_a = OrganisationFactory(
        name="Gemeente Utrecht", kind=OrganisationKind.MUNICIPALITY, municipality=utrecht
    )
    gemeente_b = OrganisationFactory(
        name="Gemeente Amsterdam", kind=OrganisationKind.MUNICIPALITY, municipality=amsterdam
    )
    dtv = OrganisationFactory(name="DT&V", kind=OrganisationKind.DTV)
    ind = OrganisationFactory(name="IND", kind=OrganisationKind.IND)
    location_a = LocationFactory(name="Locatie Utrecht", municipality=utrecht, operator=ngo_a)
    location_b = LocationFactory(name="Locatie Amsterdam", municipality=amsterdam, operator=ngo_b)
    members = {
        "caseworker_a": member(Role.CASEWORKER, organisation=ngo_a),
        "caseworker_b": member(Role.CASEWORKER, organisation=ngo_b),
        "coordinator_a": member(Role.MUNICIPAL_COORDINATOR, organisation=gemeente_a),
        "coordinator_b": member(Role.MUNICIPAL_COORDINATOR, organisation=gemeente_b),
        "chain_dtv": member(Role.CHAIN_PARTNER, organisation=dtv),
        "chain_ind": member(Role.CHAIN_PARTNER, organisation=ind),
        "programme_manager": member(Role.PROGRAMME_MANAGER),
        "analyst": member(Role.ANALYST),
        "auditor": member(Role.AUDITOR),
        "functional_admin": member(Role.FUNCTIONAL_ADMIN),
    }
    assert tuple(members) == MEMBER_NAMES
    client_a = ClientFactory(
        municipality=utrecht, partner=ngo_a, family_name="Tesfay", given_names="Amanuel"
    )
    client_b = ClientFactory(
        municipality=amsterdam, partner=ngo_b, family_name="Haile", given_names="Senait"
    )
    world = SimpleNamespace(
        utrecht=utrecht,
        amsterdam=amsterdam,
        ngo_a=ngo_a,
        ngo_b=ngo_b,
        gemeente_a=gemeente_a,
        gemeente_b=gemeente_b,
        dtv=dtv,
        ind=ind,
        location_a=location_a,
        location_b=location_b,
        client_a=client_a,
        client_b=client_b,
        members=members,
        **members,
    )
    world.actor = lambda name, **kwargs: actor_for(members[name], **kwargs)
    return world


@pytest.fixture
def world(db):
    return _build_world()


@pytest.fixture
def assert_refused(db):
    """`assert_refused(lambda: service(...), "field")`: the error names the field, and no row
    of the client register and no audit event was written."""
    from django.core.exceptions import ValidationError

    def _check(call, field: str):
        before = Snapshot()
        with pytest.raises(ValidationError) as caught:
            call()
        error = caught.value
        assert hasattr(error, "error_dict"), error
        assert field in error.message_dict, error.message_dict
        before.assert_unchanged()
        return error.message_dict[field]

    return _check
