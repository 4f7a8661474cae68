"""Need-to-know: who sees which clients, and which parts of a file (cases.access through the
selectors). Lists never hold a row the actor may not see."""

import datetime

import pytest
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.cases.access import (
    CHAIN_PARTNER_SECTIONS,
    Section,
    client_sections_for,
    clients_scope,
    clients_scope_parts,
)
from lvv.cases.models import Client
from lvv.cases.selectors.clients import (
    client_file_for,
    client_file_sections,
    clients_listed_by,
    municipalities_of_visible_clients,
)

from .conftest import MEMBER_NAMES
from .factories import (
    ClientFactory,
    ConsentFactory,
    JournalEntryFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
NO_CLIENT_DATA = ("programme_manager", "analyst", "auditor", "functional_admin")


def _listed(world, member):
    return set(clients_listed_by(actor=world.actor(member)))


def test_caseworkers_see_their_own_organisations_clients_only(world):
    assert _listed(world, "caseworker_a") == {world.client_a}
    assert _listed(world, "caseworker_b") == {world.client_b}


def test_a_caseworker_sees_a_client_placed_at_their_location(world):
    guest = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    PlacementFactory(client=guest, location=world.location_a)
    assert guest in _listed(world, "caseworker_a")
    assert guest in _listed(world, "caseworker_b")  # still kept by its own partner


def test_an_ended_placement_gives_no_access(world):
    guest = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    PlacementFactory(
        client=guest, location=world.location_a, start=D(2020, 1, 1), end=D(2021, 1, 1)
    )
    assert guest not in _listed(world, "caseworker_a")


def test_coordinators_see_their_own_municipality_only(world):
    assert _listed(world, "coordinator_a") == {world.client_a}
    assert _listed(world, "coordinator_b") == {world.client_b}


def test_a_chain_partner_sees_only_clients_consenting_to_share_with_it(world):
    ConsentFactory(client=world.client_a, recipient=world.dtv)
    assert _listed(world, "chain_dtv") == {world.client_a}
    assert _listed(world, "chain_ind") == set()


def test_a_chain_partner_loses_a_client_the_day_consent_is_withdrawn(world):
    consent = ConsentFactory(client=world.client_a, recipient=world.dtv)
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    assert _listed(world, "chain_dtv") == set()


def test_consent_given_for_a_later_day_is_not_yet_in_force(world):
    ConsentFactory(
        client=world.client_a,
        recipient=world.dtv,
        given_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert _listed(world, "chain_dtv") == set()


def test_monitoring_consent_shares_nothing_with_chain_partners(world):
    from lvv.cases.models import ConsentPurpose

    ConsentFactory(
        client=world.client_a, recipient=world.dtv, purpose=ConsentPurpose.PSEUDONYMISED_MONITORING
    )
    assert _listed(world, "chain_dtv") == set()


@pytest.mark.parametrize("member", NO_CLIENT_DATA)
def test_roles_without_client_data_see_no_clients_even_with_consent(world, member):
    ConsentFactory(client=world.client_a, recipient=world.dtv)
    assert _listed(world, member) == set()
    assert client_sections_for(world.actor(member)) == frozenset()


def test_merged_away_records_never_show(world):
    ClientFactory(municipality=world.utrecht, partner=world.ngo_a, merged_into=world.client_a)
    assert _listed(world, "coordinator_a") == {world.client_a}
    assert set(Client.objects.visible_to(Actor.system())) == {world.client_a, world.client_b}


def test_a_file_outside_the_scope_is_not_found(world):
    with pytest.raises(Client.DoesNotExist):
        client_file_for(actor=world.actor("caseworker_a"), uuid=world.client_b.uuid)
    with pytest.raises(Client.DoesNotExist):
        client_file_for(actor=world.actor("chain_dtv"), uuid=world.client_a.uuid)


def test_a_chain_partner_gets_only_its_sections(world):
    ConsentFactory(client=world.client_a, recipient=world.dtv)
    JournalEntryFactory(client=world.client_a)
    actor = world.actor("chain_dtv")
    client = client_file_for(actor=actor, uuid=world.client_a.uuid)
    file = client_file_sections(actor=actor, client=client)
    assert file.sections == CHAIN_PARTNER_SECTIONS
    for hidden in ("journal", "consents", "household", "intakes", "access_log"):
        assert hidden not in file.data
    assert Section.JOURNAL not in file.sections and Section.BSN not in file.sections
    assert "placements" in file.data and "actions" in file.data


def test_a_keeper_gets_every_section(world):
    JournalEntryFactory(client=world.client_a)
    actor = world.actor("caseworker_a")
    client = client_file_for(actor=actor, uuid=world.client_a.uuid)
    file = client_file_sections(actor=actor, client=client)
    assert len(file.data["journal"]) == 1
    assert {"consents", "household", "intakes", "access_log", "status_changes"} <= set(file.data)


def _scene_with_every_reason_to_see(world):
    """A guest placed across the municipal border, a consent, a merged-away record."""
    guest = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    PlacementFactory(client=guest, location=world.location_a)
    ConsentFactory(client=world.client_b, recipient=world.dtv)
    merged = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    Client.objects.filter(pk=merged.pk).update(merged_into=world.client_a)
    return guest


@pytest.mark.parametrize("member", [*MEMBER_NAMES, "system"])
def test_the_scope_as_parts_is_the_same_scope(world, member):
    _scene_with_every_reason_to_see(world)
    actor = Actor.system() if member == "system" else world.actor(member)
    whole = set(clients_scope(Client.objects.all(), actor))
    parts = clients_scope_parts(Client.objects.all(), actor)
    assert set().union(*(set(part) for part in parts)) == whole


@pytest.mark.parametrize("member", [*MEMBER_NAMES, "system"])
def test_the_municipality_filter_offers_the_municipalities_of_visible_clients(world, member):
    _scene_with_every_reason_to_see(world)
    actor = Actor.system() if member == "system" else world.actor(member)
    expected = {client.municipality for client in clients_scope(Client.objects.all(), actor)}
    assert set(municipalities_of_visible_clients(actor)) == expected


def test_a_caseworker_is_offered_the_municipality_of_a_client_placed_with_them(world):
    _scene_with_every_reason_to_see(world)
    offered = set(municipalities_of_visible_clients(world.actor("caseworker_a")))
    assert offered == {world.utrecht, world.amsterdam}
