"""The data-quality page (coordinators) and the submissions overview (the national monitor)."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps

from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, PlacementFactory
from lvv.monitoring.models import QuarterSubmission, SubmissionStatus

D = datetime.date
QUALITY = "/monitor/kwaliteit"
SUBMISSIONS = "/monitor/inzendingen"


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`)."""
    return _build_world()


@pytest.fixture
def own_finding(world):
    client = ClientFactory(
        municipality=world.utrecht, partner=world.ngo_a, family_name="Kidane", given_names="Ruth"
    )
    PlacementFactory(client=client, location=world.location_a, start=D(2022, 4, 10))
    return client


def test_the_coordinator_sees_the_checks_and_the_files_concerned(world, page_client, own_finding):
    page = page_client(world.coordinator_a).get(QUALITY, {"periode": "2022-Q2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Utrecht" in html
    assert f"/clienten/{own_finding.uuid}" in html
    assert "Ruth Kidane" in html
    report = page.context["report"]
    assert report.period_code == "2022-Q2" and report.total == 1


def test_sign_off_needs_an_explanation_then_succeeds_and_can_be_reopened(
    world, page_client, own_finding
):
    browser = page_client(world.coordinator_a)
    refused = browser.post(QUALITY, {"periode": "2022-Q2", "action": "sign_off"})
    assert refused.status_code == 200
    assert refused.context["sign_off_form"].errors["explanation"]
    assert not QuarterSubmission.objects.exists()

    done = browser.post(
        QUALITY, {"periode": "2022-Q2", "action": "sign_off", "explanation": "Intake on paper."}
    )
    assert done.status_code == 302
    assert done["Location"].endswith("?periode=2022-Q2")
    submission = QuarterSubmission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED

    shown = browser.get(QUALITY, {"periode": "2022-Q2"}).content.decode()
    assert 'data-testid="submission-status"' in shown and "Intake on paper." in shown

    no_reason = browser.post(QUALITY, {"periode": "2022-Q2", "action": "reopen"})
    assert no_reason.context["reopen_form"].errors["reason"]
    browser.post(QUALITY, {"periode": "2022-Q2", "action": "reopen", "reason": "Fix intakes"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REOPENED


def test_the_current_quarter_cannot_be_signed_off_on_the_page(world, page_client):
    from django.utils import timezone

    today = timezone.localdate()
    current = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    browser = page_client(world.coordinator_a)
    response = browser.post(QUALITY, {"periode": current, "action": "sign_off"})
    assert response.status_code == 200
    assert response.context["sign_off_form"].non_field_errors()  # the service's "quarter" error
    assert not QuarterSubmission.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "caseworker_a", "programme_manager"])
def test_only_coordinators_open_the_quality_page(world, page_client, role):
    assert page_client(world.members[role]).get(QUALITY).status_code == 403


def test_the_overview_shows_who_submitted_without_client_data(world, page_client, own_finding):
    page_client(world.coordinator_a).post(
        QUALITY, {"periode": "2022-Q2", "action": "sign_off", "explanation": "Known."}
    )
    for role in ("analyst", "programme_manager"):
        page = page_client(world.members[role]).get(SUBMISSIONS, {"jaar": 2022})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Gemeente Utrecht" in html and "Amsterdam" in html
        assert "Kidane" not in html and str(own_finding.uuid) not in html
        utrecht = next(r for r in page.context["rows"] if r.municipality == world.utrecht)
        assert [cell.is_submitted for cell in utrecht.cells] == [False, True, False, False]
    coordinator_b = page_client(world.coordinator_b).get(SUBMISSIONS, {"jaar": 2022})
    assert [r.municipality for r in coordinator_b.context["rows"]] == [world.amsterdam]
    assert page_client(world.caseworker_a).get(SUBMISSIONS).status_code == 403
