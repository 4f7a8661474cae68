"""Reading clients: what is recorded, duplicate candidates, list columns."""

import datetime

import pytest

from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.cases.models import Client
from lvv.cases.selectors.clients import (
    client_file_for,
    client_get_visible,
    clients_listed_by,
    duplicate_candidates,
    municipalities_for_new_clients,
)

from .factories import ClientFactory, PlacementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_listing_is_recorded_without_an_id(world):
    before = AuditEvent.objects.count()
    list(clients_listed_by(actor=world.actor("caseworker_a")))
    event = AuditEvent.objects.latest("sequence")
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_type, event.object_id) == (
        AuditAction.LIST,
        "cases.client",
        "",
    )


def test_reading_a_file_is_recorded_with_the_client_as_subject(world):
    client = client_file_for(actor=world.actor("caseworker_a"), uuid=world.client_a.uuid)
    event = AuditEvent.objects.latest("sequence")
    assert (event.action, event.object_id, event.subject_id) == (
        AuditAction.READ,
        str(client.uuid),
        client.uuid,
    )
    assert event.actor_username == world.caseworker_a.user.username


def test_a_failed_read_is_recorded_without_revealing_the_client(world):
    with pytest.raises(Client.DoesNotExist):
        client_file_for(actor=world.actor("caseworker_a"), uuid=world.client_b.uuid)
    event = AuditEvent.objects.latest("sequence")
    assert event.outcome == AuditOutcome.FAILURE
    assert event.subject_id is None
    assert event.object_id == str(world.client_b.uuid)


def test_a_lookup_for_a_write_records_nothing(world, snapshot):
    before = snapshot()
    assert client_get_visible(actor=world.actor("caseworker_a"), uuid=world.client_a.uuid)
    before.assert_unchanged()


def test_the_list_shows_the_current_location(world):
    PlacementFactory(client=world.client_a, location=world.location_a)
    row = clients_listed_by(actor=world.actor("caseworker_a")).get(pk=world.client_a.pk)
    assert row.current_location_name == world.location_a.name


def test_duplicates_by_v_number_typed_any_way(world):
    ClientFactory(municipality=world.utrecht, partner=world.ngo_a, v_number="1234567890")
    result = duplicate_candidates(actor=world.actor("caseworker_a"), v_number="1234.567.890")
    assert [c.v_number for c in result.clients] == ["1234567890"]
    assert result.searched


def test_duplicates_by_name_date_of_birth_and_nationality_without_v_number(world):
    match = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Ghebre",
        v_number="",
        date_of_birth=D(1995, 2, 3),
        nationality="ER",
    )
    ClientFactory(  # another nationality: a different person
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Ghebre",
        v_number="",
        date_of_birth=D(1995, 2, 3),
        nationality="ET",
    )
    result = duplicate_candidates(
        actor=world.actor("caseworker_a"),
        family_name="ghebre ",
        date_of_birth=D(1995, 2, 3),
        nationality="er",
    )
    assert result.clients == [match]


def test_two_different_v_numbers_are_two_people(world):
    ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Ghebre",
        v_number="1111111111",
        date_of_birth=D(1995, 2, 3),
        nationality="ER",
    )
    result = duplicate_candidates(
        actor=world.actor("caseworker_a"),
        v_number="2222222222",
        family_name="Ghebre",
        date_of_birth=D(1995, 2, 3),
        nationality="ER",
    )
    assert result.clients == []


def test_a_v_number_outside_the_scope_is_flagged_without_details(world):
    result = duplicate_candidates(
        actor=world.actor("caseworker_a"), v_number=world.client_b.v_number
    )
    assert result.clients == []
    assert result.v_number_elsewhere is True


def test_nothing_to_search_on_finds_and_records_nothing(world, snapshot):
    before = snapshot()
    result = duplicate_candidates(actor=world.actor("caseworker_a"), family_name="Alleen")
    assert result.clients == [] and not result.searched
    before.assert_unchanged()


def test_where_an_actor_may_register(world):
    assert list(municipalities_for_new_clients(world.actor("caseworker_a"))) == [world.utrecht]
    assert list(municipalities_for_new_clients(world.actor("coordinator_b"))) == [world.amsterdam]
    assert not municipalities_for_new_clients(world.actor("chain_dtv")).exists()
