"""Occupancy of a location per day over the API."""

import datetime

from .trajectory_factories import PlacementFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


def test_occupancy_beside_capacity_per_day(world, api_client):
    PlacementFactory(client=world.client(), location=world.shelter, start=D(2024, 1, 2))
    PlacementFactory(
        client=world.client(), location=world.shelter, start=D(2024, 1, 1), end=D(2024, 1, 3)
    )
    response = api_client(world.caseworker).get(
        f"/api/v1/locations/{world.shelter.uuid}/occupancy?start=2024-01-01&end=2024-01-04"
    )
    assert response.status_code == 200
    assert response.json() == [
        {"day": "2024-01-01", "occupied_places": 1, "total_places": 2},
        {"day": "2024-01-02", "occupied_places": 2, "total_places": 2},
        {"day": "2024-01-03", "occupied_places": 1, "total_places": 2},
    ]


def test_a_bad_range_is_a_400_naming_the_parameter(world, api_client):
    api = api_client(world.coordinator)
    url = f"/api/v1/locations/{world.shelter.uuid}/occupancy"
    for query, field in [
        ("?start=2024-01-01", "end"),
        ("?start=2024-01-05&end=2024-01-05", "end"),
        ("?start=2024-01-01&end=2026-01-01", "end"),
        ("?start=yesterday&end=2024-01-05", "start"),
    ]:
        response = api.get(url + query)
        assert response.status_code == 400, query
        assert {p["name"] for p in response.json()["invalidParams"]} == {field}, query
