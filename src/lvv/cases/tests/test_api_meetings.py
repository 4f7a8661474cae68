"""Case meetings over the API: record a meeting, add clients, decisions with actions and an
escalation in one call; chain partners read meetings they attended, with shared clients only."""

import datetime

from lvv.cases.models import Action, CaseMeeting, ClientStatus, MeetingDecision

from .trajectory_factories import CaseDiscussionFactory, CaseMeetingFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def _params(response):
    return {param["name"] for param in response.json().get("invalidParams", [])}


def test_a_meeting_from_start_to_decisions(world, api_client):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    api = api_client(world.coordinator)
    created = api.post(
        "/api/v1/case-meetings",
        {
            "municipality": "GM0344",
            "held_on": "2024-02-01",
            "attendees": [str(world.ngo.uuid), str(world.dtv.uuid)],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert {a["name"] for a in meeting["attendees"]} == {
        "Gemeente Utrecht",
        "Stichting Noodopvang",
        "DT&V",
    }
    assert created["Location"] == f"/api/v1/case-meetings/{meeting['uuid']}"

    added = api.post(
        f"/api/v1/case-meetings/{meeting['uuid']}/discussions",
        {"client": str(client.uuid), "summary": "Geen voortgang"},
        format="json",
    )
    assert added.status_code == 201, added.content
    discussion = added.json()
    decided = api.post(
        f"/api/v1/case-meetings/{meeting['uuid']}/discussions/{discussion['uuid']}/decisions",
        {
            "text": "DT&V vraagt documenten aan; escaleren naar de stuurgroep.",
            "actions": [
                {"description": "Documenten", "owner": str(world.dtv.uuid), "due_on": "2024-03-01"}
            ],
            "escalate": True,
        },
        format="json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["actions"][0]["owner"]["name"] == "DT&V"
    assert client.escalations.get().level == "steering_group"

    detail = api.get(f"/api/v1/case-meetings/{meeting['uuid']}").json()
    assert detail["clients_discussed"] == 1
    (row,) = detail["discussions"]
    assert row["client"] == {"uuid": str(client.uuid), "name": client.full_name}
    assert row["decisions"][0]["actions"][0]["due_on"] == "2024-03-01"


def test_a_decision_with_one_bad_action_writes_nothing(world, api_client, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    meeting = CaseMeetingFactory(municipality=world.utrecht, attendees=[world.utrecht_org])
    discussion = CaseDiscussionFactory(meeting=meeting, client=client)
    api = api_client(world.coordinator)
    before = snapshot()
    response = api.post(
        f"/api/v1/case-meetings/{meeting.uuid}/discussions/{discussion.uuid}/decisions",
        {
            "text": "Besluit",
            "actions": [
                {"description": "Goed", "owner": str(world.ngo.uuid), "due_on": "2024-03-01"},
                {"description": "Te vroeg", "owner": str(world.ngo.uuid), "due_on": "2024-01-01"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert _params(response) == {"actions.1.due_on"}
    before.assert_unchanged()
    assert not MeetingDecision.objects.exists()
    assert not Action.objects.exists()


def test_clients_outside_ones_scope_cannot_be_added(world, api_client, snapshot):
    meeting = CaseMeetingFactory(municipality=world.utrecht, attendees=[world.ngo])
    stranger = world.client(partner=world.other_ngo)
    api = api_client(world.caseworker)
    before = snapshot()
    response = api.post(
        f"/api/v1/case-meetings/{meeting.uuid}/discussions",
        {"client": str(stranger.uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert _params(response) == {"client"}
    before.assert_unchanged()


def test_a_chain_partner_reads_only_clients_who_consented(world, api_client):
    meeting = CaseMeetingFactory(
        municipality=world.utrecht, attendees=[world.utrecht_org, world.dtv]
    )
    shared = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(shared)
    CaseDiscussionFactory(meeting=meeting, client=shared)
    CaseDiscussionFactory(meeting=meeting, client=world.client())
    api = api_client(world.chain_partner)
    detail = api.get(f"/api/v1/case-meetings/{meeting.uuid}")
    assert detail.status_code == 200
    assert [d["client"]["uuid"] for d in detail.json()["discussions"]] == [str(shared.uuid)]
    assert detail.json()["clients_discussed"] == 1
    listed = api.get(f"/api/v1/case-meetings/{meeting.uuid}/discussions").json()["results"]
    assert len(listed) == 1
    not_attended = CaseMeetingFactory(municipality=world.utrecht, attendees=[world.utrecht_org])
    assert api.get(f"/api/v1/case-meetings/{not_attended.uuid}").status_code == 404


def test_meetings_are_filtered(world, api_client):
    CaseMeetingFactory(municipality=world.utrecht, held_on=D(2024, 1, 10))
    CaseMeetingFactory(municipality=world.utrecht, held_on=D(2024, 3, 10))
    api = api_client(world.coordinator)
    rows = api.get("/api/v1/case-meetings?held_from=2024-02-01").json()["results"]
    assert [row["held_on"] for row in rows] == ["2024-03-10"]
    assert len(api.get("/api/v1/case-meetings?municipality=gm0344").json()["results"]) == 2
    assert CaseMeeting.objects.count() == 2
