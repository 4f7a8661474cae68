"""Who accessed a file: for its keepers, coordinators, and (recorded) the privacy officer."""

import pytest
from django.core.exceptions import PermissionDenied

from lvv.audit.models import AuditEvent
from lvv.cases.models import Client
from lvv.cases.selectors.access_log import client_access_log_for
from lvv.cases.selectors.clients import client_file_for

pytestmark = pytest.mark.django_db


def test_a_coordinator_reads_who_accessed_a_file_newest_first(world):
    client_file_for(actor=world.actor("caseworker_a"), uuid=world.client_a.uuid)
    client_file_for(actor=world.actor("caseworker_b"), uuid=world.client_b.uuid)  # other client
    events = list(
        client_access_log_for(actor=world.actor("coordinator_a"), client_uuid=world.client_a.uuid)
    )
    # The coordinator's own reading of the log comes first, then the caseworker's read.
    assert events[0].actor_username == world.coordinator_a.user.username
    assert events[0].object_type == "audit.auditevent"
    assert events[1].actor_username == world.caseworker_a.user.username
    assert all(event.subject_id == world.client_a.uuid for event in events)


def test_a_coordinator_of_another_municipality_gets_not_found(world, snapshot):
    with pytest.raises(Client.DoesNotExist):
        client_access_log_for(actor=world.actor("coordinator_b"), client_uuid=world.client_a.uuid)


def test_the_privacy_officer_reads_the_log_and_that_reading_shows_in_it(world):
    client_file_for(actor=world.actor("caseworker_a"), uuid=world.client_a.uuid)
    events = list(
        client_access_log_for(actor=world.actor("auditor"), client_uuid=world.client_a.uuid)
    )
    assert events[0].actor_username == world.auditor.user.username
    assert events[0].subject_id == world.client_a.uuid
    assert events[1].actor_username == world.caseworker_a.user.username


@pytest.mark.parametrize("member", ["caseworker_a", "chain_dtv", "analyst", "functional_admin"])
def test_others_cannot_read_the_log_page(world, member, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_access_log_for(actor=world.actor(member), client_uuid=world.client_a.uuid)
    before.assert_unchanged()


def test_a_malformed_uuid_is_not_found(world):
    with pytest.raises(Client.DoesNotExist):
        client_access_log_for(actor=world.actor("auditor"), client_uuid="not-a-uuid")
    assert not AuditEvent.objects.filter(actor_username=world.auditor.user.username).exists()
