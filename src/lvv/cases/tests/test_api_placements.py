"""Placements over the API: create, the capacity refusal and the coordinator's override, end,
move; chain partners see the shared shape; reads are audited."""

import datetime

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import ClientStatus, Placement, PlacementEndReason

from .trajectory_factories import PlacementFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def _params(response):
    return {param["name"] for param in response.json().get("invalidParams", [])}


def test_a_caseworker_places_a_client(world, api_client):
    client = world.client()
    api = api_client(world.caseworker)
    response = api.post(
        f"/api/v1/clients/{client.uuid}/placements",
        {"location": str(world.shelter.uuid), "start": "2024-02-01", "room": "3"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    placement = Placement.objects.get(uuid=body["uuid"])
    assert response["Location"] == f"/api/v1/placements/{placement.uuid}"
    assert body["location"] == {"uuid": str(world.shelter.uuid), "name": world.shelter.name}
    assert (body["start"], body["end"], body["room"]) == ("2024-02-01", None, "3")
    assert body["capacity_override_reason"] == ""


def test_a_full_location_is_a_400_on_location_and_nothing_is_written(world, api_client, snapshot):
    for _ in range(2):
        PlacementFactory(client=world.client(), location=world.shelter)
    client = world.client()
    api = api_client(world.caseworker)  # issuing the token is audited: before the snapshot
    before = snapshot()
    response = api.post(
        f"/api/v1/clients/{client.uuid}/placements",
        {"location": str(world.shelter.uuid), "start": "2024-02-01", "override_reason": "Nood"},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert _params(response) == {"location", "override_reason"}
    before.assert_unchanged()


def test_a_coordinator_overrides_capacity_over_the_api(world, api_client):
    for _ in range(2):
        PlacementFactory(client=world.client(), location=world.shelter)
    client = world.client()
    response = api_client(world.coordinator).post(
        f"/api/v1/clients/{client.uuid}/placements",
        {"location": str(world.shelter.uuid), "start": "2024-02-01", "override_reason": "Nood"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["capacity_override_reason"] == "Nood"
    assert body["capacity_overridden_by"] == world.coordinator.user.username


def test_bad_input_names_the_field(world, api_client, snapshot):
    client = world.client()
    api = api_client(world.caseworker)
    before = snapshot()
    url = f"/api/v1/clients/{client.uuid}/placements"
    assert _params(api.post(url, {"location": "nope", "start": "2024-02-01"}, format="json")) == {
        "location"
    }
    assert _params(
        api.post(url, {"location": str(world.shelter.uuid), "start": "2024-13-01"}, format="json")
    ) == {"start"}
    assert _params(
        api.post(
            url,
            {"location": str(world.amsterdam_shelter.uuid), "start": "2024-02-01"},
            format="json",
        )
    ) == {"location"}
    before.assert_unchanged()


def test_ending_and_moving(world, api_client):
    client = world.client()
    placement = PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1))
    api = api_client(world.caseworker)
    moved = api.post(
        f"/api/v1/clients/{client.uuid}/move",
        {"to_location": str(world.second.uuid), "on": "2024-03-01"},
        format="json",
    )
    assert moved.status_code == 201, moved.content
    placement.refresh_from_db()
    assert (placement.end, placement.end_reason) == (D(2024, 3, 1), PlacementEndReason.MOVED)
    new_uuid = moved.json()["uuid"]
    ended = api.post(
        f"/api/v1/placements/{new_uuid}/end",
        {"end": "2024-04-01", "reason": "corrected", "version": moved.json()["version"]},
        format="json",
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end"] == "2024-04-01"
    refused = api.post(
        f"/api/v1/placements/{new_uuid}/end",
        {"end": "2024-05-01", "reason": "outflow", "version": ended.json()["version"]},
        format="json",
    )
    assert _params(refused) == {"reason"}


def test_a_chain_partner_reads_placements_without_room_bed_or_override(world, api_client):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)
    world.share(client)
    PlacementFactory(client=client, location=world.shelter, room="4", bed="A")
    response = api_client(world.chain_partner).get(f"/api/v1/clients/{client.uuid}/placements")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert set(row) == {"uuid", "client", "location", "start", "end", "end_reason"}
    full = api_client(world.caseworker).get(f"/api/v1/clients/{client.uuid}/placements")
    assert full.json()["results"][0]["room"] == "4"


def test_reading_placements_is_audited_with_the_client_as_subject(world, api_client):
    client = world.client()
    PlacementFactory(client=client, location=world.shelter)
    api_client(world.coordinator).get(f"/api/v1/clients/{client.uuid}/placements")
    event = AuditEvent.objects.get(subject_id=client.uuid)
    assert (event.action, event.object_type) == (AuditAction.READ, "cases.placement")


def test_the_open_filter(world, api_client):
    client = world.client()
    PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1), end=D(2024, 2, 1))
    PlacementFactory(client=client, location=world.second, start=D(2024, 2, 1))
    api = api_client(world.caseworker)
    url = f"/api/v1/clients/{client.uuid}/placements"
    assert [r["location"]["name"] for r in api.get(url + "?open=true").json()["results"]] == [
        world.second.name
    ]
    assert len(api.get(url).json()["results"]) == 2
