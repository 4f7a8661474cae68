"""Who reads which case meetings, and which clients discussed in them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.cases.models import ClientStatus
from lvv.cases.selectors.meetings import (
    discussions_visible_to,
    meeting_list,
    meeting_municipalities_for,
    meeting_read,
    meetings_visible_to,
)

from .trajectory_factories import CaseDiscussionFactory, CaseMeetingFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)
from .trajectory_fixtures import audit_events

D = datetime.date


@pytest.fixture
def meetings(world):
    """An Utrecht LSO attended by the municipality, the NGO and DT&V, discussing a client of
    the NGO (shared with DT&V), one not shared, and one of the other NGO; an Amsterdam LSO."""
    utrecht = CaseMeetingFactory(
        municipality=world.utrecht, attendees=[world.utrecht_org, world.ngo, world.dtv]
    )
    shared = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(shared)
    unshared = world.client(status=ClientStatus.IN_TRAJECTORY)
    other = world.client(partner=world.other_ngo)
    for client in (shared, unshared, other):
        CaseDiscussionFactory(meeting=utrecht, client=client)
    amsterdam = CaseMeetingFactory(municipality=world.amsterdam, attendees=[world.amsterdam_org])
    return {
        "utrecht": utrecht,
        "amsterdam": amsterdam,
        "shared": shared,
        "unshared": unshared,
        "other": other,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"utrecht"}),
        ("amsterdam_coordinator", {"amsterdam"}),
        ("caseworker", {"utrecht"}),  # attended
        ("other_caseworker", {"utrecht"}),  # did not attend, but its client was discussed
        ("amsterdam_caseworker", set()),
        ("chain_partner", {"utrecht"}),  # attended
        ("ind_partner", set()),  # did not attend
        ("programme_manager", set()),
        ("analyst", set()),
        ("auditor", set()),
        ("functional_admin", set()),
    ],
)
def test_which_meetings_one_may_read(world, meetings, who, expected):
    visible = set(meetings_visible_to(world.actor(who)))
    assert visible == {meetings[name] for name in expected}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"shared", "unshared", "other"}),
        ("caseworker", {"shared", "unshared"}),
        ("other_caseworker", {"other"}),
        ("chain_partner", {"shared"}),
    ],
)
def test_inside_a_meeting_only_visible_clients_show(world, meetings, who, expected):
    actor = world.actor(who)
    discussions = discussions_visible_to(actor, meetings["utrecht"])
    assert {d.client for d in discussions} == {meetings[name] for name in expected}
    counted = meetings_visible_to(actor).get(pk=meetings["utrecht"].pk).visible_clients
    assert counted == len(expected)


def test_a_withdrawn_consent_hides_the_client_at_once(world, meetings):
    meetings["shared"].consents.update(withdrawn_on=D(2024, 6, 1))
    assert not discussions_visible_to(world.actor("chain_partner"), meetings["utrecht"]).exists()


def test_reading_a_meeting_is_audited_per_client_shown(world, meetings):
    actor = world.actor("chain_partner")
    discussions = meeting_read(actor, meetings["utrecht"])
    assert [d.client for d in discussions] == [meetings["shared"]]
    assert audit_events(action=AuditAction.READ, object_id=str(meetings["utrecht"].uuid)).exists()
    assert list(
        audit_events(action=AuditAction.READ, subject_id__isnull=False).values_list(
            "subject_id", flat=True
        )
    ) == [meetings["shared"].uuid]


def test_listing_meetings_is_audited_and_costs_a_fixed_number_of_queries(world, meetings):
    actor = world.actor("coordinator")
    for _ in range(5):
        CaseMeetingFactory(municipality=world.utrecht, attendees=[world.utrecht_org, world.ngo])
    # The very first audit event of a database also creates the chain head: not measured.
    audit_record(actor=actor, action=AuditAction.READ, object_type="warm-up")
    with CaptureQueriesContext(connection) as few:
        list(meeting_list(actor)[:2])
    with CaptureQueriesContext(connection) as many:
        list(meeting_list(actor))
    assert len(few) == len(many)
    assert audit_events(action=AuditAction.LIST, object_type="cases.casemeeting").count() == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"utrecht"}),
        ("caseworker", {"utrecht"}),
        ("amsterdam_caseworker", {"amsterdam"}),
        ("chain_partner", set()),
        ("programme_manager", set()),
    ],
)
def test_where_one_may_hold_a_meeting(world, who, expected):
    municipalities = set(meeting_municipalities_for(world.actor(who)))
    assert municipalities == {getattr(world, name) for name in expected}
