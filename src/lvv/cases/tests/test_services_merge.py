"""Merging two records of one person: everything moves to the survivor, nothing is lost."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lvv.audit.models import AuditEvent
from lvv.audit.services import audit_record
from lvv.cases.models import (
    CaseDiscussion,
    Client,
    Consent,
    HouseholdLink,
    Intake,
    JournalEntry,
    MeetingDecision,
    Placement,
    StatusChange,
)
from lvv.cases.selectors.access_log import access_log_events
from lvv.cases.services.merge import client_merge

from .factories import (
    ActionFactory,
    CaseDiscussionFactory,
    ClientFactory,
    ConsentFactory,
    HouseholdLinkFactory,
    IntakeFactory,
    JournalEntryFactory,
    OutflowFactory,
    PlacementFactory,
    ProcedureFactory,
    ScenarioFactory,
    StatusChangeFactory,
    TrajectoryFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _pair(world, **duplicate_fields):
    survivor = world.client_a
    duplicate = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name=survivor.family_name,
        date_of_birth=survivor.date_of_birth,
        nationality=survivor.nationality,
        **{"v_number": "", **duplicate_fields},
    )
    return survivor, duplicate


def test_every_related_row_moves_and_the_duplicate_is_kept_marked(world):
    survivor, duplicate = _pair(world, bsn="111222333", phone="", email="dubbel@example.org")
    survivor.email = ""
    survivor.save()
    rows = [
        JournalEntryFactory(client=duplicate),
        ConsentFactory(client=duplicate, recipient=world.dtv),
        IntakeFactory(client=duplicate),
        PlacementFactory(
            client=duplicate, location=world.location_a, start=D(2020, 1, 1), end=D(2021, 1, 1)
        ),
        ScenarioFactory(client=duplicate),
        TrajectoryFactory(client=duplicate, end=D(2022, 1, 1)),
        ActionFactory(client=duplicate),
        ProcedureFactory(client=duplicate),
        CaseDiscussionFactory(client=duplicate),
        OutflowFactory(client=duplicate),
    ]
    change = StatusChangeFactory(client=duplicate)
    earlier = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, merged_into=duplicate)
    relative = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    link = HouseholdLinkFactory(client=duplicate, relative=relative)
    audit_record(actor=world.actor("caseworker_a"), action="read", obj=duplicate, subject=duplicate)

    result = client_merge(
        actor=world.actor("coordinator_a"),
        survivor=survivor,
        duplicate=duplicate,
        reason="Dubbel ingeschreven",
    )

    assert result == survivor
    for row in rows:
        row.refresh_from_db()
        assert row.client_id == survivor.pk, type(row)
    change.refresh_from_db()
    assert change.client_id == survivor.pk
    earlier.refresh_from_db()
    assert earlier.merged_into_id == survivor.pk
    link.refresh_from_db()
    assert link.client_id == survivor.pk
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert (
        not Client.objects.visible_to(world.actor("coordinator_a")).filter(pk=duplicate.pk).exists()
    )
    survivor.refresh_from_db()
    assert survivor.bsn == "111222333"  # taken over: the survivor had none
    assert survivor.email == "dubbel@example.org"
    # The reason is in the file, and the duplicate's history shows in the survivor's log.
    assert JournalEntry.objects.filter(
        client=survivor, text__contains="Dubbel ingeschreven"
    ).exists()
    logged = set(access_log_events(survivor).values_list("subject_id", flat=True))
    assert {survivor.uuid, duplicate.uuid} <= logged
    assert AuditEvent.objects.filter(
        subject_id=survivor.uuid, object_type="cases.journalentry", changed_fields=["client"]
    ).exists()


def test_the_survivor_takes_the_v_number_of_the_duplicate(world):
    survivor, duplicate = _pair(world, v_number="7777777777")
    survivor.v_number = ""
    survivor.save()
    client_merge(actor=world.actor("coordinator_a"), survivor=survivor, duplicate=duplicate)
    survivor.refresh_from_db()
    assert survivor.v_number == "7777777777"


def test_links_between_the_two_records_and_double_links_are_resolved(world):
    survivor, duplicate = _pair(world)
    HouseholdLinkFactory(client=survivor, relative=duplicate)
    relative = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    HouseholdLinkFactory(client=survivor, relative=relative)
    HouseholdLinkFactory(client=relative, relative=duplicate)
    client_merge(actor=world.actor("coordinator_a"), survivor=survivor, duplicate=duplicate)
    assert not HouseholdLink.objects.filter(client=duplicate).exists()
    assert not HouseholdLink.objects.filter(relative=duplicate).exists()
    assert HouseholdLink.objects.filter(client=survivor, relative=relative).count() == 1
    removed = AuditEvent.objects.filter(action="delete", object_type="cases.householdlink")
    assert removed.count() == 2 and {e.subject_id for e in removed} == {survivor.uuid}


def test_both_discussed_in_one_meeting_keeps_the_decisions_of_both(world):
    survivor, duplicate = _pair(world)
    kept = CaseDiscussionFactory(client=survivor, summary="Eerste")
    other = CaseDiscussionFactory(client=duplicate, meeting=kept.meeting, summary="Tweede")
    decision = MeetingDecision.objects.create(discussion=other, text="Paspoort aanvragen")
    client_merge(actor=world.actor("coordinator_a"), survivor=survivor, duplicate=duplicate)
    decision.refresh_from_db()
    kept.refresh_from_db()
    assert decision.discussion_id == kept.pk
    assert "Tweede" in kept.summary
    assert CaseDiscussion.objects.filter(client=survivor).count() == 1


def test_a_client_cannot_be_merged_with_itself(world, assert_refused):
    assert_refused(
        lambda: client_merge(
            actor=world.actor("coordinator_a"), survivor=world.client_a, duplicate=world.client_a
        ),
        "duplicate",
    )


def test_records_of_two_municipalities_are_not_merged(world, assert_refused):
    from lvv.accounts.actors import Actor

    assert_refused(
        lambda: client_merge(
            actor=Actor.system(), survivor=world.client_a, duplicate=world.client_b
        ),
        "duplicate",
    )


def test_a_coordinator_cannot_reach_a_record_of_another_municipality(world, assert_refused):
    assert_refused(
        lambda: client_merge(
            actor=world.actor("coordinator_a"), survivor=world.client_a, duplicate=world.client_b
        ),
        "duplicate",
    )


@pytest.mark.parametrize("field", ["v_number", "bsn"])
def test_records_with_different_identifiers_are_two_people(world, assert_refused, field):
    survivor, duplicate = _pair(
        world, **{field: "8888888888" if field == "v_number" else "111222333"}
    )
    setattr(survivor, field, "9999999999" if field == "v_number" else "123456782")
    survivor.save()
    assert_refused(
        lambda: client_merge(
            actor=world.actor("coordinator_a"), survivor=survivor, duplicate=duplicate
        ),
        "duplicate",
    )


def test_two_open_placements_must_be_resolved_first(world, assert_refused):
    survivor, duplicate = _pair(world)
    PlacementFactory(client=survivor, location=world.location_a)
    PlacementFactory(client=duplicate, location=world.location_a)
    assert_refused(
        lambda: client_merge(
            actor=world.actor("coordinator_a"), survivor=survivor, duplicate=duplicate
        ),
        "duplicate",
    )
    assert Placement.objects.filter(client=duplicate).count() == 1


@pytest.mark.parametrize("role", ["caseworker_a", "chain_dtv", "auditor", "coordinator_b"])
def test_only_a_coordinator_of_the_municipality_merges(world, snapshot, role):
    survivor, duplicate = _pair(world)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_merge(actor=world.actor(role), survivor=survivor, duplicate=duplicate)
    before.assert_unchanged()
    assert Consent.objects.count() == Intake.objects.count() == StatusChange.objects.count() == 0
