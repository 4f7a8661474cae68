"""The monitor over the API, on its page and in its exports: who sees which unit, with or
without suppression, the same figures everywhere, and never any personal data."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from lvv.audit.models import AuditEvent
from lvv.cases.models import ConsentPurpose, LegalBasis, OutflowReason
from lvv.cases.tests.factories import (
    ClientFactory,
    ConsentFactory,
    OutflowFactory,
    PlacementFactory,
)
from lvv.network.models import Region

D = datetime.date
pytestmark = pytest.mark.django_db

MARKERS = ("Zyxwerty", "Qoplimanu", "7654321098", "111222333", "1987-06-05", "05-06-1987")


@pytest.fixture
def register(world):
    """Utrecht: 8 stays (one with marker identity), 2 leave in 2022-Q2; Amsterdam: 3 stays."""
    marked = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Zyxwerty",
        given_names="Qoplimanu",
        v_number="7654321098",
        bsn="111222333",
        date_of_birth=D(1987, 6, 5),
    )
    clients = [marked] + [
        ClientFactory(municipality=world.utrecht, partner=world.ngo_a) for _ in range(7)
    ]
    for index, client in enumerate(clients):
        leaves = index < 2
        PlacementFactory(
            client=client,
            location=world.location_a,
            start=D(2022, 1, 3 + index),
            end=D(2022, 5, 1) if leaves else None,
            end_reason="outflow" if leaves else "",
        )
        if leaves:
            OutflowFactory(
                client=client,
                left_on=D(2022, 5, 1),
                reason=OutflowReason.objects.get(code="return_iom"),
            )
    for _ in range(3):
        client = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
        PlacementFactory(client=client, location=world.location_b, start=D(2022, 4, 1))
        clients.append(client)
    world.unlisted = clients.pop()
    for client in clients:
        ConsentFactory(
            client=client,
            purpose=ConsentPurpose.PSEUDONYMISED_MONITORING,
            recipient=None,
            legal_basis=LegalBasis.PUBLIC_TASK,
        )
    withdrawn = ConsentFactory(
        client=world.unlisted,
        purpose=ConsentPurpose.PSEUDONYMISED_MONITORING,
        recipient=None,
        withdrawn_on=D(2023, 1, 1),
    )
    assert withdrawn.withdrawn_on
    region = Region.objects.create(name="Midden", central_municipality=world.utrecht)
    region.municipalities.set([world.utrecht, world.amsterdam])
    world.client_a.delete()  # the scene's own clients carry no placements; keep it small
    world.client_b.delete()
    return world


def cell(body: dict, table: str, row: str, column: str = "count") -> dict:
    found = next(t for t in body["tables"] if t["code"] == table)
    index = [c["code"] for c in found["columns"]].index(column)
    return next(r for r in found["rows"] if r["code"] == row)["cells"][index]


def no_personal_data(text: str, *extra: str) -> None:
    for marker in (*MARKERS, *extra):
        assert marker not in text, marker


def test_analysts_get_suppressed_national_figures(register, api_client):
    response = api_client(register.analyst).get("/api/v1/monitor?period=2022-Q2")
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"]["level"], body["unit"]["key"]) == ("national", "NL")
    assert body["suppression"]["applied"] is True
    assert body["suppression"]["threshold"] == 5
    assert "<5" in body["suppression"]["rule"]
    assert all(body["checks"].values())
    assert cell(body, "flows", "present_at_start") == {
        "value": "8",
        "display": "8",
        "hidden": False,
    }
    assert cell(body, "flows", "inflow")["display"] == "<5"  # 3
    assert cell(body, "flows", "outflow")["display"] == "<5"  # 2
    assert cell(body, "flows", "cumulative_outflow")["display"] == "<5"  # 2
    # cumulative inflow - cumulative outflow = present at the end would reveal the 2:
    # the smaller of the two other cells is hidden too.
    assert cell(body, "flows", "present_at_end") == {"value": None, "display": "x", "hidden": True}
    assert cell(body, "flows", "cumulative_inflow")["value"] == "11"
    no_personal_data(response.content.decode())


def test_coordinators_see_their_own_municipality_unsuppressed_and_others_suppressed(
    register, api_client
):
    api = api_client(register.coordinator_a)
    own = api.get("/api/v1/monitor?period=2022-Q2&level=municipality&unit=GM0344").json()
    assert own["suppression"]["applied"] is False
    assert cell(own, "flows", "outflow") == {"value": "2", "display": "2", "hidden": False}
    region = api.get("/api/v1/monitor?period=2022-Q2&level=region&unit=Midden").json()
    assert region["suppression"]["applied"] is True
    assert cell(region, "flows", "inflow")["display"] == "<5"
    other = api.get("/api/v1/monitor?period=2022-Q2&level=municipality&unit=GM0363")
    assert other.status_code == 403
    assert other["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "role", sorted(["caseworker_a", "chain_dtv", "auditor", "functional_admin"])
)
def test_roles_without_the_monitor_are_refused(register, api_client, role):
    response = api_client(getattr(register, role)).get("/api/v1/monitor?period=2022-Q2")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "query,field",
    sorted(
        [
            ("period=2022-Q9", "period"),
            ("level=province", "level"),
            ("level=municipality&unit=GM9999", "unit"),
            ("from=2022-04-01", "to"),
            ("from=2022-04-01&to=2022-03-01", "to"),
            ("from=yesterday&to=2022-03-01", "from"),
            ("period=2022-Q2&from=2022-04-01&to=2022-05-01", "period"),
        ]
    ),
)
def test_bad_filters_are_problem_json_naming_the_parameter(register, api_client, query, field):
    response = api_client(register.analyst).get(f"/api/v1/monitor?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in {param["name"] for param in response.json()["invalidParams"]}


def test_the_indicator_definitions(register, api_client):
    response = api_client(register.programme_manager).get("/api/v1/monitor/indicators")
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()}
    assert {"present_at_start", "inflow", "outflow", "occupancy", "open_escalations"} <= codes
    assert all(item["definition"] and item["version"] >= 1 for item in response.json())


def test_the_page_shows_figures_definitions_rule_and_check(register, page_client):
    client = page_client(register.programme_manager)
    response = client.get("/monitor/?level=national&period=2022-Q2")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="suppression-rule"' in html and "&lt;5" in html
    assert 'id="stock-flow-check"' in html
    assert "<details>" in html and "<caption" in html
    assert "/monitor/downloaden.xlsx?" in html
    assert "pseudoniemen.csv" not in html  # records are for analysts only
    no_personal_data(html)


def test_a_coordinator_may_not_open_another_municipality_on_the_page(register, page_client):
    client = page_client(register.coordinator_b)
    response = client.get("/monitor/?level=municipality&unit=GM0344&period=2022-Q2")
    # Not among the coordinator's choices: a form error, no figures.
    assert response.status_code == 200
    assert "suppression-rule" not in response.content.decode()


def _stream(response) -> bytes:
    return b"".join(
        chunk if isinstance(chunk, bytes) else chunk.encode()
        for chunk in response.streaming_content
    )


def test_exports_open_and_match_the_api(register, page_client, api_client):
    region = Region.objects.get(name="Midden")
    query = f"level=region&unit={region.uuid}&period=2022-Q2"
    body = api_client(register.analyst).get(f"/api/v1/monitor?{query}").json()
    client = page_client(register.analyst)

    csv_response = client.get(f"/monitor/downloaden.csv?{query}")
    assert csv_response.status_code == 200
    text = _stream(csv_response).decode("utf-8-sig")
    no_personal_data(text)
    assert "# " in text and "<5" in text
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    for row in rows:
        expected = cell(body, row["table"], row["row"], row["column"])
        assert row["display"] == expected["display"], row
        assert (row["value"] or None) == expected["value"], row

    xlsx_response = client.get(f"/monitor/downloaden.xlsx?{query}")
    assert xlsx_response.status_code == 200
    workbook = load_workbook(io.BytesIO(_stream(xlsx_response)), read_only=True)
    assert workbook.sheetnames == ["Monitor", "Definities"]
    sheet_text = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    no_personal_data(sheet_text)
    monitor_rows = {
        row[0]: row[1:] for row in workbook["Monitor"].iter_rows(values_only=True) if row
    }
    flows = next(t for t in body["tables"] if t["code"] == "flows")
    for row in flows["rows"]:
        shown = row["cells"][0]
        expected = int(shown["value"]) if shown["value"] is not None else shown["display"]
        assert monitor_rows[row["label"]][0] == expected, row["label"]
    assert monitor_rows[flows["rows"][1]["label"]][0] == "<5"  # inflow 3
    definitions = list(workbook["Definities"].iter_rows(values_only=True))
    assert "inflow" in [row[0] for row in definitions if row]
    assert any(body["suppression"]["rule"] in row for row in definitions if row)


def test_the_record_export_is_for_analysts_pseudonymised_and_audited(register, page_client):
    refused = page_client(register.programme_manager).get("/monitor/pseudoniemen.csv")
    assert refused.status_code == 403
    client = page_client(register.analyst)
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get("/monitor/pseudoniemen.csv")
    assert response.status_code == 200
    text = _stream(response).decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="export").count() == before + 1
    rows = list(csv.DictReader(io.StringIO(text)))
    # Everyone but one Amsterdam client has a basis for pseudonymised monitoring.
    assert len(rows) == 10
    assert register.unlisted.pseudonym not in text
    client_uuids = [str(c.uuid) for c in register.utrecht.clients.all()]
    no_personal_data(text, *client_uuids, "2022-05-01", "2022-01-03")
    leavers = [row for row in rows if row["end_month"]]
    assert {row["end_month"] for row in leavers} == {"2022-05"}
    assert {row["outflow_group"] for row in leavers} == {"durable"}
    marked = register.utrecht.clients.get(family_name="Zyxwerty")
    (mine,) = [row for row in rows if row["pseudonym"] == marked.pseudonym]
    assert mine["year_of_birth"] == "1987"
    assert mine["municipalities"] == "GM0344" and mine["regions"] == "Midden"
    xlsx = client.get("/monitor/pseudoniemen.xlsx")
    workbook = load_workbook(io.BytesIO(_stream(xlsx)), read_only=True)
    assert len(list(workbook["Records"].iter_rows(values_only=True))) == 11
    event = AuditEvent.objects.filter(action="export").order_by("-sequence").first()
    assert event.object_type == "monitoring.pseudonymised_records"
    no_personal_data(str(vars(event)))
