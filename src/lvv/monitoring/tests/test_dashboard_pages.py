"""The dashboard pages, the embeddable SVG and the dashboards' API, per role."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.apps import apps

from lvv.cases.models import OutflowReason, PlacementEndReason
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, OutflowFactory, PlacementFactory
from lvv.network.tests.factories import LocationCapacityFactory

D = datetime.date
QUERY = {"eenheid": "municipality:GM0344", "van": "2022-Q1", "tot": "2022-Q2"}


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`)."""
    scene = _build_world()
    LocationCapacityFactory(location=scene.location_a, start=D(2021, 1, 1))
    for start, end in ((D(2022, 1, 10), D(2022, 5, 1)), (D(2022, 2, 1), None)):
        client = ClientFactory(
            municipality=scene.utrecht, partner=scene.ngo_a, family_name="Tewolde"
        )
        PlacementFactory(
            client=client,
            location=scene.location_a,
            start=start,
            end=end,
            end_reason=PlacementEndReason.OUTFLOW if end else "",
        )
        if end:
            OutflowFactory(
                client=client, left_on=end, reason=OutflowReason.objects.get(code="return_iom")
            )
    return scene


def test_the_dashboard_shows_each_chart_with_its_table(world, page_client):
    page = page_client(world.coordinator_a).get("/monitor/dashboard", QUERY)
    assert page.status_code == 200
    slugs = [block.slug for block in page.context["blocks"]]
    assert slugs == [
        "bezetting-gemeenten",
        "bezetting-locaties",
        "instroom-uitstroom",
        "uitstroomgroepen",
        "verblijfsduur",
    ]
    html = page.content.decode()
    for slug in slugs:
        assert f'data-testid="table-{slug}"' in html
    flows = next(b for b in page.context["blocks"] if b.slug == "instroom-uitstroom")
    assert flows.table.rows == [("2022-Q1", ["2", "0", "2"]), ("2022-Q2", ["0", "1", "1"])]
    assert not page.context["suppressed"]
    assert "Tewolde" not in html


def test_the_analyst_sees_suppressed_figures_and_the_rule(world, page_client):
    page = page_client(world.analyst).get("/monitor/dashboard", QUERY)
    assert page.status_code == 200
    assert page.context["suppressed"]
    assert 'data-testid="suppression-rule"' in page.content.decode()
    flows = next(b for b in page.context["blocks"] if b.slug == "instroom-uitstroom")
    assert flows.table.rows[0][1][0] == "<5"
    national = page_client(world.analyst).get("/monitor/dashboard")
    assert national.status_code == 200
    assert "bezetting-locaties" not in [b.slug for b in national.context["blocks"]]


def test_a_coordinator_only_chooses_their_own_municipality(world, page_client):
    page = page_client(world.coordinator_b).get("/monitor/dashboard", QUERY)
    assert page.status_code == 200
    assert page.context["form"].errors["eenheid"]  # not among the units offered
    assert page.context["unit"].key == "GM0363"


@pytest.mark.parametrize("role", ["auditor", "caseworker_a", "chain_dtv"])
def test_roles_without_the_monitor_are_refused(world, page_client, role):
    assert page_client(world.members[role]).get("/monitor/dashboard").status_code == 403
    assert page_client(world.members[role]).get("/monitor/programma").status_code == 403


def test_a_chart_is_served_as_svg(world, page_client):
    response = page_client(world.analyst).get(
        "/monitor/dashboard/grafiek/instroom-uitstroom.svg", QUERY
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root[0].tag.endswith("title") and "Utrecht" in root[0].text
    missing = page_client(world.analyst).get("/monitor/dashboard/grafiek/onbekend.svg")
    assert missing.status_code == 404


def test_the_programme_dashboard(world, page_client):
    from lvv.programme.tests.factories import AgreementFactory, FundingRuleFactory

    agreement = AgreementFactory(municipality=world.utrecht, start=D(2022, 1, 1), end=D(2023, 1, 1))
    FundingRuleFactory(agreement=agreement, amount=Decimal("100000.00"))
    page = page_client(world.programme_manager).get("/monitor/programma")
    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row.municipality_code == "GM0344" and row.year == 2022
    html = page.content.decode()
    assert 'data-testid="definitions"' in html and 'data-testid="programme-costs"' in html
    assert page.context["block"].table.columns == ["Utrecht"]
    assert page_client(world.analyst).get("/monitor/programma").status_code == 403


# --- the API -------------------------------------------------------------------------------


def test_the_quarterly_api(world, api_client):
    response = api_client(world.coordinator_a).get(
        "/api/v1/monitor/dashboard/quarterly",
        {"level": "municipality", "unit": "GM0344", "from": "2022-Q1", "to": "2022-Q2"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["unit"], body["suppressed"]) == ("GM0344", False)
    assert [p["period"] for p in body["points"]] == ["2022-Q1", "2022-Q2"]
    assert [p["inflow"]["value"] for p in body["points"]] == [2, 0]
    assert body["points"][1]["outflow_groups"]["durable"] == {
        "value": 1,
        "display": "1",
        "hidden": False,
    }
    analyst = api_client(world.analyst).get(
        "/api/v1/monitor/dashboard/quarterly",
        {"level": "municipality", "unit": "GM0344", "from": "2022-Q1", "to": "2022-Q2"},
    )
    assert analyst.json()["points"][0]["inflow"] == {"value": None, "display": "<5", "hidden": True}
    refused = api_client(world.coordinator_b).get(
        "/api/v1/monitor/dashboard/quarterly", {"level": "municipality", "unit": "GM0344"}
    )
    assert refused.status_code == 403
    wrong = api_client(world.analyst).get(
        "/api/v1/monitor/dashboard/quarterly", {"from": "2022-Q3", "to": "2022-Q1"}
    )
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "to"


def test_the_occupancy_api(world, api_client):
    response = api_client(world.analyst).get(
        "/api/v1/monitor/dashboard/occupancy",
        {"level": "municipality", "unit": "GM0344", "from": "2022-01", "to": "2022-02"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["months"] == ["2022-01", "2022-02"]
    [location] = body["locations"]
    assert location["used"] == [22, 56]
    assert location["available"] == [775, 700]
    bad = api_client(world.analyst).get("/api/v1/monitor/dashboard/occupancy", {"from": "2022-13"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "from"
    too_long = api_client(world.analyst).get(
        "/api/v1/monitor/dashboard/occupancy", {"from": "2020-01", "to": "2023-01"}
    )
    assert too_long.status_code == 400
    assert too_long.json()["invalidParams"][0]["name"] == "to"
    assert "36" in too_long.json()["invalidParams"][0]["reason"]


def test_the_programme_api(world, api_client):
    response = api_client(world.programme_manager).get("/api/v1/monitor/dashboard/programme")
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert "cost_per_place_night" in response.json()["definitions"]
    assert api_client(world.analyst).get("/api/v1/monitor/dashboard/programme").status_code == 403
