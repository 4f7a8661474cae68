"""audit_record: the chain it builds, the transaction it joins, what it stores."""

import json

import pytest
from django.db import transaction

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome
from lvv.audit.services import GENESIS_HASH, audit_record, event_hash

pytestmark = pytest.mark.django_db


def test_first_event_links_to_genesis_and_the_head_follows():
    event = audit_record(actor=Actor.system(), action=AuditAction.CREATE, object_type="x.y")

    assert event.sequence == 1
    assert event.previous_hash == GENESIS_HASH
    assert event.hash == event_hash(event)
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (1, event.hash)


def test_each_event_carries_the_hash_of_the_one_before():
    first = audit_record(actor=Actor.system(), action=AuditAction.CREATE, object_type="x.y")
    second = audit_record(actor=Actor.system(), action=AuditAction.UPDATE, object_type="x.y")

    second.refresh_from_db()
    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.hash
    assert second.hash == event_hash(second)
    assert second.hash != first.hash
    assert AuditChainHead.objects.get().hash == second.hash


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace():
    before = audit_record(actor=Actor.system(), action=AuditAction.CREATE, object_type="x.y")

    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=Actor.system(), action=AuditAction.DELETE, object_type="x.y")
        raise RuntimeError("the write this event belonged to failed")

    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()
    assert AuditEvent.objects.count() == 1
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (before.sequence, before.hash)
    # The chain carries on from the last committed event, without a gap.
    after = audit_record(actor=Actor.system(), action=AuditAction.UPDATE, object_type="x.y")
    assert after.sequence == before.sequence + 1
    assert after.previous_hash == before.hash


def test_changed_fields_are_names_sorted_without_duplicates_never_values():
    # A caller handing over a dict of new values still only leaves the names behind.
    changes = {"last_name": "Jansen-Secret", "email": "secret@example.org", "bsn": "111222333"}

    event = audit_record(
        actor=Actor.system(), action=AuditAction.UPDATE, object_type="x.y", changed_fields=changes
    )
    again = audit_record(
        actor=Actor.system(),
        action=AuditAction.UPDATE,
        object_type="x.y",
        changed_fields=["name", "kind", "name"],
    )

    event.refresh_from_db()
    assert event.changed_fields == ["bsn", "email", "last_name"]
    stored = json.dumps(list(AuditEvent.objects.values()), default=str)
    for value in changes.values():
        assert value not in stored
    again.refresh_from_db()
    assert again.changed_fields == ["kind", "name"]


def test_event_names_the_actor_membership_object_and_channel():
    membership = member(Role.CASEWORKER)
    actor = Actor(
        user=membership.user,
        membership=membership,
        channel=Channel.API,
        request_id="req-12345678",
        ip_address="192.0.2.7",
    )

    event = audit_record(actor=actor, action=AuditAction.READ, obj=membership.organisation)

    event.refresh_from_db()
    assert event.actor_id == membership.user.uuid
    assert event.actor_username == membership.user.username
    assert event.organisation_id == membership.organisation.uuid
    assert event.organisation_name == membership.organisation.name
    assert event.role == Role.CASEWORKER
    assert event.object_type == "accounts.organisation"
    assert event.object_id == str(membership.organisation.uuid)
    assert event.outcome == AuditOutcome.SUCCESS
    assert event.request_id == "req-12345678"
    assert event.origin == "api:192.0.2.7"
    # Read back from the database, the hash still matches: the content round-trips exactly.
    assert event_hash(event) == event.hash


def test_failed_login_keeps_the_typed_username_without_a_user():
    event = audit_record(
        actor=Actor.system(channel=Channel.WEB),
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.FAILURE,
        object_type="accounts.user",
        username="someone",
    )

    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_username == "someone"
    assert event.outcome == AuditOutcome.FAILURE


def test_a_pending_event_has_exactly_the_fields_of_a_stored_one():
    from lvv.audit.models import AuditEvent
    from lvv.audit.services import PendingEvent

    stored = {field.attname for field in AuditEvent._meta.concrete_fields} - {"id"}
    assert set(PendingEvent.__slots__) == stored
