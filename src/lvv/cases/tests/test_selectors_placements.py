"""Reads of a client's placements and trajectory: only through the gate, audited per read."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import ClientStatus
from lvv.cases.selectors.placements import client_placements, placement_visible_to
from lvv.cases.selectors.trajectory import (
    action_owner_choices,
    client_actions,
    client_in_scope,
    client_outflows,
)

from .trajectory_factories import ActionFactory, PlacementFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def test_a_read_of_placements_is_audited_with_the_client_as_subject(world):
    client = world.client()
    placement = PlacementFactory(client=client, location=world.shelter)
    rows = list(client_placements(actor=world.actor("caseworker"), client=client))
    assert rows == [placement]
    event = AuditEvent.objects.get(subject_id=client.uuid)
    assert (event.action, event.object_type) == (AuditAction.READ, "cases.placement")


def test_a_page_that_audits_the_whole_file_reads_without_a_second_event(world):
    client = world.client()
    PlacementFactory(client=client, location=world.shelter)
    list(client_placements(actor=world.actor("caseworker"), client=client, audit=False))
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["other_caseworker", "amsterdam_coordinator", "ind_partner"])
def test_outside_ones_scope_a_client_does_not_exist(world, who):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(client)  # with DT&V, not with the IND
    placement = PlacementFactory(client=client, location=world.shelter)
    actor = world.actor(who)
    with pytest.raises(Http404):
        client_in_scope(actor, client.uuid)
    with pytest.raises(Http404):
        client_placements(actor=actor, client=client)
    with pytest.raises(Http404):
        client_actions(actor=actor, client=client)
    with pytest.raises(Http404):
        placement_visible_to(actor, placement.uuid)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["programme_manager", "analyst", "auditor", "functional_admin"])
def test_roles_without_client_data_are_refused(world, who):
    client = world.client()
    with pytest.raises(PermissionDenied):
        client_placements(actor=world.actor(who), client=client)
    with pytest.raises(PermissionDenied):
        client_outflows(actor=world.actor(who), client=client)


def test_a_chain_partner_reads_a_shared_clients_actions(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(client)
    action = ActionFactory(client=client, owner=world.dtv)
    assert list(client_actions(actor=world.actor("chain_partner"), client=client)) == [action]


def test_action_owners_are_case_organisations_and_only_the_own_municipality(world):
    owners = set(action_owner_choices(world.client()))
    assert {world.ngo, world.other_ngo, world.dtv, world.ind, world.utrecht_org} <= owners
    assert world.amsterdam_org not in owners
    assert world.ministry not in owners
