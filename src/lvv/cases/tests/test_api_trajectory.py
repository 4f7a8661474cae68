"""A client's way from rest period to outflow over the API, and a case meeting with decisions."""

import datetime

from lvv.cases.models import Action, ActionStatus, Client, ClientStatus, EscalationStatus

from .trajectory_factories import ActionFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def _params(response):
    return {param["name"] for param in response.json().get("invalidParams", [])}


def test_from_rest_period_through_trajectory_to_outflow(world, api_client):
    client = world.client(status=ClientStatus.REST_PERIOD)
    api = api_client(world.caseworker)
    base = f"/api/v1/clients/{client.uuid}"

    placed = api.post(
        f"{base}/placements",
        {"location": str(world.shelter.uuid), "start": "2024-01-05"},
        format="json",
    )
    assert placed.status_code == 201, placed.content
    agreed = api.post(
        f"{base}/scenarios", {"kind": "return", "agreed_on": "2024-02-01"}, format="json"
    )
    assert agreed.status_code == 201, agreed.content
    started = api.post(f"{base}/trajectory/start", {"on": "2024-02-10"}, format="json")
    assert started.status_code == 201, started.content
    assert Client.objects.get(pk=client.pk).status == ClientStatus.IN_TRAJECTORY

    action = api.post(
        f"{base}/actions",
        {"description": "Reisdocumenten", "owner": str(world.dtv.uuid), "due_on": "2024-04-01"},
        format="json",
    )
    assert action.status_code == 201, action.content
    done = api.post(
        f"{base}/actions/{action.json()['uuid']}/complete",
        {"completed_on": "2024-03-15"},
        format="json",
    )
    assert done.json()["status"] == "done"
    procedure = api.post(
        f"{base}/procedures",
        {"kind": "travel_documents", "started_on": "2024-02-15"},
        format="json",
    )
    assert procedure.status_code == 201
    ended = api.post(
        f"{base}/procedures/{procedure.json()['uuid']}/end",
        {"ended_on": "2024-03-20", "outcome": "Laissez-passer verstrekt"},
        format="json",
    )
    assert ended.json()["outcome"] == "Laissez-passer verstrekt"

    raised = api.post(
        f"{base}/escalations", {"raised_on": "2024-03-01", "reason": "Traag"}, format="json"
    )
    higher = api.post(
        f"{base}/escalations/{raised.json()['uuid']}/escalate",
        {"on": "2024-03-10", "reason": "Nog trager"},
        format="json",
    )
    assert higher.json()["level"] == "programme_council"
    resolved = api.post(
        f"{base}/escalations/{higher.json()['uuid']}/resolve",
        {"on": "2024-03-20", "outcome": "Opgelost"},
        format="json",
    )
    assert resolved.json()["status"] == EscalationStatus.RESOLVED
    levels = [(e["level"], e["status"]) for e in api.get(f"{base}/escalations").json()["results"]]
    assert sorted(levels) == [
        ("programme_council", "resolved"),
        ("steering_group", "escalated"),
    ]

    left = api.post(
        f"{base}/outflow",
        {"left_on": "2024-04-02", "reason": "return_dtv", "note": "Vertrokken"},
        format="json",
    )
    assert left.status_code == 201, left.content
    assert left.json()["group"] == "durable"
    assert left.json()["reason"] == "return_dtv"
    client.refresh_from_db()
    assert client.status == ClientStatus.OUTFLOW
    placements = api.get(f"{base}/placements").json()["results"]
    assert placements[0]["end"] == "2024-04-02"
    assert placements[0]["end_reason"] == "outflow"
    trajectories = api.get(f"{base}/trajectory").json()["results"]
    assert trajectories[0]["end"] == "2024-04-02"


def test_write_errors_name_their_field_and_write_nothing(world, api_client, snapshot):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    api = api_client(world.caseworker)
    base = f"/api/v1/clients/{client.uuid}"
    before = snapshot()
    cases = [
        (f"{base}/scenarios", {"kind": "never", "agreed_on": "2024-02-01"}, {"kind"}),
        (f"{base}/trajectory/start", {"on": "2024-02-01"}, {"client"}),
        (
            f"{base}/actions",
            {"description": "x", "owner": str(world.ministry.uuid), "due_on": "2024-04-01"},
            {"owner"},
        ),
        (f"{base}/procedures", {"kind": "travel_documents"}, {"started_on"}),
        (f"{base}/escalations", {"raised_on": "2024-03-01", "reason": ""}, {"reason"}),
        (f"{base}/outflow", {"left_on": "2024-04-02", "reason": "gone"}, {"reason"}),
        (f"{base}/outflow", {"left_on": "2999-04-02", "reason": "other"}, {"left_on"}),
    ]
    for url, body, fields in cases:
        response = api.post(url, body, format="json")
        assert response.status_code == 400, (url, response.content)
        assert _params(response) == fields, (url, response.json())
    before.assert_unchanged()


def test_a_chain_partner_completes_its_own_action_over_the_api(world, api_client):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(client)
    own = ActionFactory(client=client, owner=world.dtv)
    other = ActionFactory(client=client, owner=world.ngo)
    api = api_client(world.chain_partner)
    base = f"/api/v1/clients/{client.uuid}/actions"
    done = api.post(f"{base}/{own.uuid}/complete", {"completed_on": "2024-05-01"}, format="json")
    assert done.status_code == 200, done.content
    refused = api.post(
        f"{base}/{other.uuid}/complete", {"completed_on": "2024-05-01"}, format="json"
    )
    assert refused.status_code == 403
    assert Action.objects.get(pk=other.pk).status == ActionStatus.OPEN
    assert api.post(f"{base}/{own.uuid}/cancel").status_code == 403


def test_actions_can_be_filtered_by_status(world, api_client):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    ActionFactory(client=client, status=ActionStatus.DONE)
    ActionFactory(client=client)
    api = api_client(world.coordinator)
    rows = api.get(f"/api/v1/clients/{client.uuid}/actions?status=open").json()["results"]
    assert [row["status"] for row in rows] == ["open"]
    assert api.get(f"/api/v1/clients/{client.uuid}/actions?status=bogus").status_code == 400
