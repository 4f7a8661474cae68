"""Signing off a quarter: the rules (ended, own municipality, once, explanation when findings
remain), reopening and signing off again, and the audit trail without personal data."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, PlacementFactory
from lvv.monitoring.models import (
    QuarterSubmission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
)
from lvv.monitoring.selectors.quality import submission_overview, submissions_visible_to
from lvv.monitoring.selectors.quality_checks import CHECK_CODES, PLACEMENT_WITHOUT_INTAKE
from lvv.monitoring.services import quarter_reopen, quarter_sign_off

D = datetime.date


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`)."""
    return _build_world()


def counts():
    return (
        QuarterSubmission.objects.count(),
        SubmissionEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(call, field):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert counts() == before
    return caught.value.message_dict[field]


def sign_off(world, who="coordinator_a", municipality=None, year=2022, quarter=2, **kwargs):
    return quarter_sign_off(
        actor=world.actor(who),
        municipality=municipality or world.utrecht,
        year=year,
        quarter=quarter,
        **kwargs,
    )


def a_finding(world):
    client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    PlacementFactory(client=client, location=world.location_a, start=D(2022, 4, 10))
    return client


def test_a_clean_quarter_is_signed_off_without_explanation(world):
    before = AuditEvent.objects.count()
    submission = sign_off(world)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.signed_off_by == world.coordinator_a.user
    assert submission.signed_off_organisation == world.gemeente_a
    assert submission.finding_counts == dict.fromkeys(CHECK_CODES, 0)
    assert submission.period_code == "2022-Q2"
    [event] = submission.events.all()
    assert event.kind == SubmissionEventKind.SIGN_OFF
    [audit] = AuditEvent.objects.filter(sequence__gt=before)
    assert audit.action == AuditAction.CREATE
    assert audit.object_type == "monitoring.quartersubmission"
    assert audit.object_id == str(submission.uuid)
    assert audit.subject_id is None
    assert "finding_counts" in audit.changed_fields


def test_findings_need_an_explanation_and_are_kept_as_counts(world):
    client = a_finding(world)
    refused(lambda: sign_off(world), "explanation")
    refused(lambda: sign_off(world, explanation="   "), "explanation")
    submission = sign_off(world, explanation="The intake was registered on paper.")
    assert submission.finding_counts[PLACEMENT_WITHOUT_INTAKE] == 1
    assert submission.total_findings == 1
    assert submission.explanation == "The intake was registered on paper."
    # No personal data in what was stored or recorded.
    assert str(client.uuid) not in str(submission.finding_counts)
    audit = AuditEvent.objects.get(object_id=str(submission.uuid))
    assert "paper" not in str(audit.changed_fields)


def test_a_quarter_that_has_not_ended_is_refused(world):
    today = timezone.localdate()
    current = (today.month - 1) // 3 + 1
    refused(lambda: sign_off(world, year=today.year, quarter=current), "quarter")
    refused(lambda: sign_off(world, year=today.year + 1, quarter=1), "quarter")


@pytest.mark.parametrize("who", ["analyst", "caseworker_a", "coordinator_b", "programme_manager"])
def test_only_the_municipality_s_own_coordinator_signs_off(world, who):
    refused(lambda: sign_off(world, who=who), "municipality")


def test_a_quarter_is_signed_off_once(world):
    sign_off(world)
    refused(lambda: sign_off(world), "quarter")
    # Another quarter, or another municipality's coordinator for their own: independent.
    sign_off(world, quarter=1)
    sign_off(world, who="coordinator_b", municipality=world.amsterdam)
    assert QuarterSubmission.objects.count() == 3


def test_reopen_and_sign_off_again(world):
    submission = sign_off(world)
    refused(
        lambda: quarter_reopen(
            actor=world.actor("coordinator_a"), submission=submission, reason=""
        ),
        "reason",
    )
    refused(
        lambda: quarter_reopen(
            actor=world.actor("coordinator_b"), submission=submission, reason="Not mine"
        ),
        "municipality",
    )
    before = AuditEvent.objects.count()
    reopened = quarter_reopen(
        actor=world.actor("coordinator_a"), submission=submission, reason="Outflow corrected"
    )
    assert reopened.status == SubmissionStatus.REOPENED
    assert reopened.reopen_reason == "Outflow corrected"
    [audit] = AuditEvent.objects.filter(sequence__gt=before)
    assert (audit.action, audit.object_id) == (AuditAction.UPDATE, str(submission.uuid))
    refused(
        lambda: quarter_reopen(
            actor=world.actor("coordinator_a"), submission=reopened, reason="Again"
        ),
        "status",
    )

    a_finding(world)
    again = sign_off(world, explanation="Known: intake on paper.")
    assert again.pk == submission.pk
    assert again.status == SubmissionStatus.SUBMITTED
    assert again.finding_counts[PLACEMENT_WITHOUT_INTAKE] == 1
    assert [e.kind for e in again.events.order_by("occurred_at", "id")] == [
        SubmissionEventKind.SIGN_OFF,
        SubmissionEventKind.REOPEN,
        SubmissionEventKind.SIGN_OFF,
    ]


def test_who_sees_which_submissions(world):
    sign_off(world)
    sign_off(world, who="coordinator_b", municipality=world.amsterdam)
    assert {s.municipality for s in submissions_visible_to(world.actor("coordinator_a"))} == {
        world.utrecht
    }
    for role in ("analyst", "programme_manager"):
        assert submissions_visible_to(world.actor(role)).count() == 2
    for role in ("caseworker_a", "chain_dtv", "auditor"):
        assert submissions_visible_to(world.actor(role)).count() == 0


def test_the_overview_lists_every_lvv_municipality_per_quarter(world):
    sign_off(world)
    rows = submission_overview(actor=world.actor("analyst"), year=2022, today=D(2022, 8, 1))
    assert [row.municipality for row in rows] == [world.amsterdam, world.utrecht]
    utrecht = rows[1]
    assert [cell.is_submitted for cell in utrecht.cells] == [False, True, False, False]
    assert [cell.has_ended for cell in utrecht.cells] == [True, True, False, False]
    assert utrecht.cells[1].submission.signed_off_organisation == world.gemeente_a
