"""Partner contracts: recorded by a municipality's own coordinators, checked at their fields."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.audit.models import AuditEvent
from lvv.network.tests.factories import LocationFactory
from lvv.programme import services
from lvv.programme.models import NoticeUnit

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


@pytest.fixture
def inlia(db):
    return OrganisationFactory(name="INLIA", kind=OrganisationKind.PARTNER_NGO)


@pytest.fixture
def wintertuin(groningen, inlia):
    return LocationFactory(name="Wintertuin", municipality=groningen, operator=inlia)


def create(actor, municipality, partner, **overrides):
    fields = {
        "municipality": municipality,
        "partner": partner,
        "start": D(2021, 7, 1),
        "end": D(2022, 7, 1),
        "amount": E("3200000.00"),
        **overrides,
    }
    return services.partner_contract_create(actor=actor, **fields)


def test_a_coordinator_records_a_contract_with_its_locations(
    coordinator_actor, groningen, inlia, wintertuin, pilots
):
    contract = create(
        coordinator_actor,
        groningen,
        inlia,
        agreement=pilots["Groningen"],
        locations=[wintertuin],
        notice_period=3,
        notice_unit=NoticeUnit.MONTHS,
    )
    assert list(contract.locations.all()) == [wintertuin]
    assert contract.decision_deadline == D(2022, 4, 1)
    event = AuditEvent.objects.get(object_id=str(contract.uuid))
    assert "locations" in event.changed_fields


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"amount": E("-0.01")}, "amount"),
        ({"end": D(2021, 7, 1)}, "end"),
        ({"end": D(2021, 1, 1)}, "end"),
    ],
)
def test_bad_contracts_are_refused_at_their_field(
    coordinator_actor, groningen, inlia, snapshot, overrides, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(coordinator_actor, groningen, inlia, **overrides)
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_the_partner_must_be_an_ngo(coordinator_actor, groningen, snapshot):
    police = OrganisationFactory(kind=OrganisationKind.AVIM)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(coordinator_actor, groningen, police)
    assert "partner" in error.value.message_dict
    before.assert_unchanged()


def test_the_locations_must_be_run_by_the_partner(coordinator_actor, groningen, inlia, snapshot):
    elsewhere = LocationFactory(municipality=groningen, name="Ander huis")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(coordinator_actor, groningen, inlia, locations=[elsewhere])
    assert "locations" in error.value.message_dict
    assert "Ander huis" in error.value.message_dict["locations"][0]
    before.assert_unchanged()


def test_the_agreement_must_be_the_municipalitys_own(
    coordinator_actor, groningen, inlia, pilots, snapshot
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(coordinator_actor, groningen, inlia, agreement=pilots["Amsterdam"])
    assert "agreement" in error.value.message_dict
    before.assert_unchanged()


def test_a_coordinator_cannot_record_for_another_municipality(
    coordinator_actor, amsterdam, inlia, snapshot
):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create(coordinator_actor, amsterdam, inlia)
    before.assert_unchanged()


def test_a_programme_manager_does_not_write_contracts(manager_actor, groningen, inlia, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create(manager_actor, groningen, inlia)
    before.assert_unchanged()


def test_updating_the_locations_is_audited_by_name(coordinator_actor, groningen, inlia, wintertuin):
    contract = create(coordinator_actor, groningen, inlia)
    services.partner_contract_update(
        actor=coordinator_actor, contract=contract, data={"locations": [wintertuin]}
    )
    assert list(contract.locations.all()) == [wintertuin]
    event = AuditEvent.objects.filter(object_id=str(contract.uuid)).last()
    assert event.changed_fields == ["locations"]
    # The same again changes nothing and writes nothing.
    count = AuditEvent.objects.count()
    services.partner_contract_update(
        actor=coordinator_actor, contract=contract, data={"locations": [wintertuin]}
    )
    assert AuditEvent.objects.count() == count


def test_a_contract_cannot_move_to_another_municipality(
    coordinator_actor, groningen, amsterdam, inlia, snapshot
):
    contract = create(coordinator_actor, groningen, inlia)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.partner_contract_update(
            actor=coordinator_actor, contract=contract, data={"municipality": amsterdam}
        )
    before.assert_unchanged()
