"""Registering and changing clients; household links."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import Client, ClientStatus, DatePrecision, HouseholdLink
from lvv.cases.services.clients import (
    client_create,
    client_update,
    household_link_add,
    household_link_remove,
)
from lvv.network.tests.factories import MunicipalityFactory

from .factories import ClientFactory, HouseholdLinkFactory

pytestmark = pytest.mark.django_db
D = datetime.date
VALID_BSN = "111222333"  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66 → 11-proef holds


def test_a_caseworker_registers_a_client_for_their_own_organisation(world):
    actor = world.actor("caseworker_a")
    client = client_create(
        actor=actor,
        family_name="  Yohannes ",
        given_names="Abel",
        date_of_birth=D(1988, 7, 23),
        nationality="er",
        languages="ti, AR ,ti",
        v_number="12.345.678-90",
        bsn=VALID_BSN,
        vulnerabilities=["psychological", "medical"],
    )
    client.refresh_from_db()
    assert client.partner == world.ngo_a
    assert client.municipality == world.utrecht  # the only municipality where ngo_a works
    assert client.family_name == "Yohannes"
    assert client.v_number == "1234567890"
    assert client.nationality.code == "ER"
    assert client.languages == ["ti", "ar"]
    assert client.vulnerabilities == ["medical", "psychological"]
    assert client.date_of_birth_precision == DatePrecision.DAY
    assert client.status == ClientStatus.INTAKE
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(client.uuid))
    assert event.subject_id == client.uuid
    assert "v_number" in event.changed_fields and "bsn" in event.changed_fields
    assert "Yohannes" not in str(event.changed_fields)  # names of fields only, never values


@pytest.mark.parametrize(
    ("given", "precision", "stored"),
    [
        (D(1990, 5, 17), DatePrecision.MONTH, D(1990, 5, 1)),
        (D(1990, 5, 17), DatePrecision.YEAR, D(1990, 1, 1)),
        (None, DatePrecision.UNKNOWN, None),
    ],
)
def test_a_partial_date_of_birth_keeps_only_the_known_part(world, given, precision, stored):
    client = client_create(
        actor=world.actor("caseworker_a"),
        family_name="Deel",
        date_of_birth=given,
        date_of_birth_precision=precision,
    )
    client.refresh_from_db()
    assert (client.date_of_birth, client.date_of_birth_precision) == (stored, precision)


def test_a_coordinator_registers_in_their_municipality_for_a_partner(world):
    client = client_create(
        actor=world.actor("coordinator_a"), family_name="Bekele", partner=world.ngo_a
    )
    assert (client.municipality, client.partner) == (world.utrecht, world.ngo_a)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"v_number": "12345"}, "v_number"),
        ({"v_number": "12345678901"}, "v_number"),
        ({"v_number": "ABCDEFGHIJ"}, "v_number"),
        ({"bsn": "123456789"}, "bsn"),  # fails the 11-proef
        ({"bsn": "12345678"}, "bsn"),
        ({"family_name": "   "}, "family_name"),
        ({"date_of_birth": D(2999, 1, 1)}, "date_of_birth"),
        ({"date_of_birth_precision": DatePrecision.MONTH}, "date_of_birth"),
        (
            {"date_of_birth": D(1990, 1, 1), "date_of_birth_precision": DatePrecision.UNKNOWN},
            "date_of_birth_precision",
        ),
        ({"nationality": "XX"}, "nationality"),
        ({"languages": ["Tigrinya!"]}, "languages"),
        ({"vulnerabilities": ["homesick"]}, "vulnerabilities"),
        ({"email": "not-an-address"}, "email"),
        ({"sex": "unknown-value"}, "sex"),
        ({"status": ClientStatus.IN_TRAJECTORY}, "status"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_writes_nothing(world, assert_refused, data, field):
    data = {"family_name": "Goitom", **data}
    assert_refused(lambda: client_create(actor=world.actor("caseworker_a"), **data), field)


def test_a_v_number_already_registered_is_refused_even_when_typed_differently(
    world, assert_refused
):
    ClientFactory(v_number="1234567890", municipality=world.amsterdam, partner=world.ngo_b)
    messages = assert_refused(
        lambda: client_create(
            actor=world.actor("caseworker_a"), family_name="Twee", v_number="12 3456 7890"
        ),
        "v_number",
    )
    assert "V-nummer" in messages[0]


def test_a_bsn_already_registered_is_refused(world, assert_refused):
    ClientFactory(bsn=VALID_BSN, municipality=world.utrecht, partner=world.ngo_a)
    assert_refused(
        lambda: client_create(actor=world.actor("caseworker_a"), family_name="X", bsn=VALID_BSN),
        "bsn",
    )


def test_a_merged_away_record_does_not_block_its_v_number(world):
    survivor = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, v_number="")
    ClientFactory(
        municipality=world.utrecht, partner=world.ngo_a, v_number="5555555555", merged_into=survivor
    )
    client = client_create(
        actor=world.actor("caseworker_a"), family_name="Vrij", v_number="5555555555"
    )
    assert client.v_number == "5555555555"


def test_a_caseworker_cannot_register_where_their_organisation_does_not_work(world, assert_refused):
    assert_refused(
        lambda: client_create(
            actor=world.actor("caseworker_a"), family_name="X", municipality=world.amsterdam
        ),
        "municipality",
    )


def test_a_caseworker_cannot_register_for_another_organisation(world, assert_refused):
    assert_refused(
        lambda: client_create(
            actor=world.actor("caseworker_a"), family_name="X", partner=world.ngo_b
        ),
        "partner",
    )


def test_a_coordinator_cannot_register_in_another_municipality(world, assert_refused):
    assert_refused(
        lambda: client_create(
            actor=world.actor("coordinator_a"),
            family_name="X",
            municipality=world.amsterdam,
            partner=world.ngo_a,
        ),
        "municipality",
    )


@pytest.mark.parametrize(
    "partner", ["missing", "municipality", "inactive"], ids=["none", "not-ngo", "inactive"]
)
def test_a_coordinator_must_name_an_active_partner_ngo(world, assert_refused, partner):
    choice = {
        "missing": None,
        "municipality": world.gemeente_a,
        "inactive": OrganisationFactory(kind=OrganisationKind.PARTNER_NGO, is_active=False),
    }[partner]
    assert_refused(
        lambda: client_create(actor=world.actor("coordinator_a"), family_name="X", partner=choice),
        "partner",
    )


@pytest.mark.parametrize(
    "role", ["chain_dtv", "programme_manager", "analyst", "auditor", "functional_admin"]
)
def test_roles_that_do_not_keep_files_cannot_register(world, snapshot, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_create(actor=world.actor(role), family_name="X", municipality=world.utrecht)
    before.assert_unchanged()


def test_an_update_saves_and_audits_only_what_changed(world):
    client = world.client_a
    client_update(
        actor=world.actor("caseworker_a"),
        client=client,
        data={"phone": "0201234567", "family_name": client.family_name, "nationality": "ER"},
    )
    client.refresh_from_db()
    assert client.phone == "0201234567"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(client.uuid))
    assert event.changed_fields == ["phone"]
    assert event.subject_id == client.uuid


def test_an_update_that_changes_nothing_writes_nothing(world, snapshot):
    before = snapshot()
    client_update(
        actor=world.actor("caseworker_a"),
        client=world.client_a,
        data={"family_name": world.client_a.family_name},
    )
    before.assert_unchanged()


def test_an_update_can_narrow_a_date_of_birth_to_the_year(world):
    client = client_update(
        actor=world.actor("caseworker_a"),
        client=world.client_a,
        data={"date_of_birth_precision": DatePrecision.YEAR},
    )
    client.refresh_from_db()
    assert client.date_of_birth == D(1990, 1, 1)


def test_an_update_refuses_a_v_number_of_another_client(world, assert_refused):
    assert_refused(
        lambda: client_update(
            actor=world.actor("caseworker_a"),
            client=world.client_a,
            data={"v_number": world.client_b.v_number},
        ),
        "v_number",
    )


def test_municipality_and_status_are_not_changed_by_an_update(world, assert_refused):
    assert_refused(
        lambda: client_update(
            actor=world.actor("caseworker_a"),
            client=world.client_a,
            data={"municipality": world.amsterdam},
        ),
        "municipality",
    )


@pytest.mark.parametrize("role", ["caseworker_b", "coordinator_b", "chain_dtv", "analyst"])
def test_nobody_outside_the_scope_can_update(world, snapshot, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_update(actor=world.actor(role), client=world.client_a, data={"phone": "06"})
    before.assert_unchanged()


def test_a_caseworker_keeps_the_file_of_a_client_placed_at_their_location(world):
    from .factories import PlacementFactory

    client = ClientFactory(municipality=world.utrecht, partner=world.ngo_b)
    PlacementFactory(client=client, location=world.location_a)
    client_update(actor=world.actor("caseworker_a"), client=client, data={"phone": "0611"})
    client.refresh_from_db()
    assert client.phone == "0611"


def test_household_links_are_recorded_and_audited_for_both_people(world):
    child = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    link = household_link_add(
        actor=world.actor("caseworker_a"), client=world.client_a, relative=child, relation="parent"
    )
    assert link.relation == "parent"
    subjects = set(
        AuditEvent.objects.filter(object_id=str(link.uuid)).values_list("subject_id", flat=True)
    )
    assert subjects == {world.client_a.uuid, child.uuid}


def test_household_link_bad_input(world, assert_refused):
    actor = world.actor("caseworker_a")
    existing = HouseholdLinkFactory(client=world.client_a)
    assert_refused(
        lambda: household_link_add(
            actor=actor, client=world.client_a, relative=world.client_a, relation="parent"
        ),
        "relative",
    )
    # Not visible to a caseworker of Utrecht's NGO: reported as not found, nothing revealed.
    assert_refused(
        lambda: household_link_add(
            actor=actor, client=world.client_a, relative=world.client_b, relation="child"
        ),
        "relative",
    )
    assert_refused(
        lambda: household_link_add(
            actor=actor, client=existing.relative, relative=world.client_a, relation="child"
        ),
        "relative",
    )
    other = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    assert_refused(
        lambda: household_link_add(
            actor=actor, client=world.client_a, relative=other, relation="cousin"
        ),
        "relation",
    )


def test_a_household_link_can_be_removed_from_either_file(world):
    link = HouseholdLinkFactory(client=world.client_a)
    household_link_remove(actor=world.actor("caseworker_a"), client=link.relative, link=link)
    assert not HouseholdLink.objects.filter(pk=link.pk).exists()
    assert (
        AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(link.uuid)).count() == 2
    )


def test_a_household_link_of_another_client_cannot_be_removed_through_this_one(
    world, assert_refused
):
    link = HouseholdLinkFactory(client=world.client_a)
    other = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    assert_refused(
        lambda: household_link_remove(actor=world.actor("caseworker_a"), client=other, link=link),
        "link",
    )


def test_the_command_line_registers_anywhere_with_both_named(world):
    from lvv.accounts.actors import Actor

    municipality = MunicipalityFactory()
    client = client_create(
        actor=Actor.system(), family_name="Import", municipality=municipality, partner=world.ngo_b
    )
    assert Client.objects.filter(pk=client.pk, municipality=municipality).exists()
