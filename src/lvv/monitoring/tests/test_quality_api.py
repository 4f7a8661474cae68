"""The data-quality and sign-off API: counts for every reader, client uuids only for those who
may open the files, sign-off and reopening by the municipality's own coordinator."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps

from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, PlacementFactory
from lvv.monitoring.models import QuarterSubmission, SubmissionStatus
from lvv.monitoring.selectors.quality_checks import PLACEMENT_WITHOUT_INTAKE

D = datetime.date
QUALITY = "/api/v1/monitor/quality"
SUBMISSIONS = "/api/v1/monitor/submissions"


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`)."""
    return _build_world()


@pytest.fixture
def findings(world):
    """In Utrecht's 2022-Q2: its own client and an Amsterdam client placed there, no intakes."""
    own = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    PlacementFactory(client=own, location=world.location_a, start=D(2022, 4, 10))
    guest = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    PlacementFactory(client=guest, location=world.location_a, start=D(2022, 4, 12))
    return own, guest


def check(result, code):
    return next(c for c in result["checks"] if c["code"] == code)


def test_a_coordinator_gets_counts_and_the_uuids_of_their_own_files(world, api_client, findings):
    own, guest = findings
    response = api_client(world.coordinator_a).get(QUALITY, {"period": "2022-Q2"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["period"], body["start"], body["end"]) == ("2022-Q2", "2022-04-01", "2022-07-01")
    [utrecht] = body["results"]
    assert utrecht["municipality"] == "GM0344"
    assert utrecht["total"] == 2
    assert check(utrecht, PLACEMENT_WITHOUT_INTAKE)["count"] == 2
    assert check(utrecht, PLACEMENT_WITHOUT_INTAKE)["clients"] == [str(own.uuid)]
    assert str(guest.uuid) not in response.content.decode()
    assert utrecht["submission"] is None


@pytest.mark.parametrize("role", ["analyst", "programme_manager"])
def test_the_national_monitor_never_gets_client_uuids(world, api_client, findings, role):
    own, guest = findings
    response = api_client(world.members[role]).get(QUALITY, {"period": "2022-Q2"})
    assert response.status_code == 200
    body = response.json()
    assert {r["municipality"] for r in body["results"]} == {"GM0344", "GM0363"}
    utrecht = next(r for r in body["results"] if r["municipality"] == "GM0344")
    assert check(utrecht, PLACEMENT_WITHOUT_INTAKE)["count"] == 2
    assert all(c["clients"] == [] for r in body["results"] for c in r["checks"])
    text = response.content.decode()
    assert str(own.uuid) not in text and str(guest.uuid) not in text
    one = api_client(world.members[role]).get(
        QUALITY, {"period": "2022-Q2", "municipality": "gm0344"}
    )
    assert [r["municipality"] for r in one.json()["results"]] == ["GM0344"]


def test_a_coordinator_of_b_gets_nothing_of_a(world, api_client, findings):
    api = api_client(world.coordinator_b)
    response = api.get(QUALITY, {"period": "2022-Q2", "municipality": "GM0344"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    own = api.get(QUALITY, {"period": "2022-Q2"}).json()
    assert [r["municipality"] for r in own["results"]] == ["GM0363"]
    assert own["results"][0]["total"] == 0


@pytest.mark.parametrize("role", ["auditor", "caseworker_a", "chain_dtv", "functional_admin"])
def test_roles_without_the_monitor_are_refused(world, api_client, role):
    api = api_client(world.members[role])
    assert api.get(QUALITY, {"period": "2022-Q2"}).status_code == 403
    assert api.get(SUBMISSIONS).status_code == 403
    assert api.post(SUBMISSIONS, {"period": "2022-Q2"}, format="json").status_code == 403


def test_bad_input_is_named(world, api_client):
    api = api_client(world.coordinator_a)
    response = api.get(QUALITY, {"period": "2022-5"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "period"
    response = api.get(QUALITY, {"period": "2022-Q2", "municipality": "GM9998"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "municipality"


def test_sign_off_reopen_and_sign_off_again(world, api_client, findings):
    api = api_client(world.coordinator_a)
    refused = api.post(SUBMISSIONS, {"period": "2022-Q2"}, format="json")
    assert refused.status_code == 400
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["explanation"]

    created = api.post(
        SUBMISSIONS, {"period": "2022-Q2", "explanation": "Intakes on paper."}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == SubmissionStatus.SUBMITTED
    assert body["finding_counts"][PLACEMENT_WITHOUT_INTAKE] == 2
    assert body["signed_off_organisation"] == "Gemeente Utrecht"
    assert created["Location"].endswith(f"{SUBMISSIONS}/{body['uuid']}")

    again = api.post(SUBMISSIONS, {"period": "2022-Q2", "explanation": "x"}, format="json")
    assert again.status_code == 400
    assert again.json()["invalidParams"][0]["name"] == "quarter"

    reopen_url = f"{SUBMISSIONS}/{body['uuid']}/reopen"
    assert api_client(world.coordinator_b).post(reopen_url, {"reason": "x"}).status_code == 404
    assert api_client(world.analyst).post(reopen_url, {"reason": "x"}).status_code == 403
    reopened = api.post(reopen_url, {"reason": "Correct the intakes"}, format="json")
    assert reopened.status_code == 200
    assert reopened.json()["status"] == SubmissionStatus.REOPENED

    resubmitted = api.post(
        SUBMISSIONS, {"period": "2022-Q2", "explanation": "Still on paper."}, format="json"
    )
    assert resubmitted.status_code == 201
    assert resubmitted.json()["uuid"] == body["uuid"]
    assert QuarterSubmission.objects.count() == 1

    quality = api.get(QUALITY, {"period": "2022-Q2"}).json()
    assert quality["results"][0]["submission"]["status"] == SubmissionStatus.SUBMITTED


def test_the_submission_list_is_scoped_and_holds_no_client_data(world, api_client, findings):
    api_client(world.coordinator_a).post(
        SUBMISSIONS, {"period": "2022-Q2", "explanation": "Known."}, format="json"
    )
    api_client(world.coordinator_b).post(SUBMISSIONS, {"period": "2022-Q1"}, format="json")

    national = api_client(world.analyst).get(SUBMISSIONS, {"year": 2022})
    assert national.status_code == 200
    assert {(r["municipality"], r["period"]) for r in national.json()["results"]} == {
        ("GM0344", "2022-Q2"),
        ("GM0363", "2022-Q1"),
    }
    assert all(str(c.uuid) not in national.content.decode() for c in findings)
    mine = api_client(world.coordinator_b).get(SUBMISSIONS).json()["results"]
    assert [r["municipality"] for r in mine] == ["GM0363"]
    utrecht_uuid = next(
        r["uuid"] for r in national.json()["results"] if r["municipality"] == "GM0344"
    )
    assert api_client(world.coordinator_b).get(f"{SUBMISSIONS}/{utrecht_uuid}").status_code == 404
    assert (
        api_client(world.programme_manager).get(f"{SUBMISSIONS}/{utrecht_uuid}").status_code == 200
    )
    # Only coordinators sign off.
    assert (
        api_client(world.programme_manager)
        .post(SUBMISSIONS, {"period": "2022-Q2"}, format="json")
        .status_code
        == 403
    )
