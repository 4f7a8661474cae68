"""Roles × endpoints × organisations: no one reads or writes across organisations.

One Utrecht client of the NGO "Stichting Noodopvang", in trajectory, shared with DT&V by
consent. For every endpoint of placements, trajectory, meetings, outflow and occupancy:
- readers in scope get 200; file keepers of another organisation or municipality, and chain
  partners without consent, get 404 (the client does not exist for them);
- roles without client data get 403;
- writes: only file keepers in scope get past the gate (an empty body, or cancelling an action
  already done, then answers 400);
  chain partners get 403, except completing an action their own organisation owns;
- nothing is ever written by these calls.
"""

import datetime

import pytest

from lvv.cases.models import ClientStatus

from .trajectory_factories import (
    ActionFactory,
    CaseDiscussionFactory,
    CaseMeetingFactory,
    EscalationFactory,
    PlacementFactory,
    ProcedureFactory,
    ScenarioFactory,
    TrajectoryFactory,
)
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date

ROLES = [
    "caseworker",
    "other_caseworker",
    "amsterdam_caseworker",
    "coordinator",
    "amsterdam_coordinator",
    "chain_partner",
    "ind_partner",
    "programme_manager",
    "analyst",
    "auditor",
    "functional_admin",
]
NO_CLIENT_DATA = {"programme_manager", "analyst", "auditor", "functional_admin"}
IN_SCOPE_KEEPERS = {"caseworker", "coordinator"}
OUT_OF_SCOPE = {"other_caseworker", "amsterdam_caseworker", "amsterdam_coordinator", "ind_partner"}


@pytest.fixture
def case(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY, status_since=D(2024, 2, 1))
    world.share(client)
    meeting = CaseMeetingFactory(
        municipality=world.utrecht, attendees=[world.utrecht_org, world.ngo, world.dtv]
    )
    return {
        "c": client.uuid,
        "p": PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 1)).uuid,
        "a": ActionFactory(client=client, owner=world.dtv).uuid,
        # Already done, so a cancel that gets past the gate is refused (400) and writes nothing.
        "x": ActionFactory(client=client, owner=world.ngo, status="done").uuid,
        "r": ProcedureFactory(client=client).uuid,
        "e": EscalationFactory(client=client).uuid,
        "m": meeting.uuid,
        "d": CaseDiscussionFactory(meeting=meeting, client=client).uuid,
        "l": world.shelter.uuid,
        "_": (ScenarioFactory(client=client), TrajectoryFactory(client=client)),
    }


READS = [
    "clients/{c}/placements",
    "placements/{p}",
    "clients/{c}/scenarios",
    "clients/{c}/trajectory",
    "clients/{c}/actions",
    "clients/{c}/procedures",
    "clients/{c}/escalations",
    "clients/{c}/outflow",
    "case-meetings/{m}",
    "case-meetings/{m}/discussions",
    "case-meetings/{m}/discussions/{d}/decisions",
]

WRITES = [
    "clients/{c}/placements",
    "placements/{p}/end",
    "clients/{c}/move",
    "clients/{c}/scenarios",
    "clients/{c}/trajectory/start",
    "clients/{c}/actions",
    "clients/{c}/actions/{x}/cancel",
    "clients/{c}/procedures",
    "clients/{c}/procedures/{r}/end",
    "clients/{c}/escalations",
    "clients/{c}/escalations/{e}/escalate",
    "clients/{c}/escalations/{e}/resolve",
    "clients/{c}/outflow",
    "case-meetings/{m}/discussions",
    "case-meetings/{m}/discussions/{d}/decisions",
]


def _url(template, case):
    return "/api/v1/" + template.format(**case)


def _expected_read(role):
    if role in NO_CLIENT_DATA:
        return 403
    if role in OUT_OF_SCOPE:
        return 404
    return 200


def _expected_write(role):
    if role in NO_CLIENT_DATA or role in {"chain_partner", "ind_partner"}:
        return 403
    if role in OUT_OF_SCOPE:
        return 404
    return 400  # past the gate; the empty body is refused


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template", READS)
def test_reads(world, case, api_client, role, template):
    response = api_client(getattr(world, role)).get(_url(template, case))
    assert response.status_code == _expected_read(role), response.content
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template", WRITES)
def test_writes(world, case, api_client, snapshot, role, template):
    api = api_client(getattr(world, role))
    before = snapshot()
    response = api.post(_url(template, case), {}, format="json")
    assert response.status_code == _expected_write(role), (role, template, response.content)
    assert response["Content-Type"] == "application/problem+json"
    before.assert_unchanged()


@pytest.mark.parametrize("role", ROLES)
def test_completing_an_action(world, case, api_client, snapshot, role):
    # DT&V owns the action: its chain partner may complete it, IND (no consent) may not.
    expected = 400 if role == "chain_partner" else _expected_write(role)
    if role == "ind_partner":
        expected = 404
    api = api_client(getattr(world, role))
    before = snapshot()
    response = api.post(_url("clients/{c}/actions/{a}/complete", case), {}, format="json")
    assert response.status_code == expected, response.content
    before.assert_unchanged()


@pytest.mark.parametrize("role", ROLES)
def test_meeting_list_and_create(world, case, api_client, snapshot, role):
    api = api_client(getattr(world, role))
    listed = api.get("/api/v1/case-meetings")
    if role in NO_CLIENT_DATA:
        assert listed.status_code == 403
    else:
        assert listed.status_code == 200
        uuids = {row["uuid"] for row in listed.json()["results"]}
        sees_meeting = role in {"caseworker", "coordinator", "chain_partner"}
        assert (str(case["m"]) in uuids) is sees_meeting
    before = snapshot()
    created = api.post("/api/v1/case-meetings", {}, format="json")
    keeps_files = role not in NO_CLIENT_DATA | {"chain_partner", "ind_partner"}
    assert created.status_code == (400 if keeps_files else 403)
    before.assert_unchanged()


OCCUPANCY = {
    "caseworker": 200,
    "other_caseworker": 404,
    "amsterdam_caseworker": 404,
    "coordinator": 200,
    "amsterdam_coordinator": 404,
    "chain_partner": 403,
    "ind_partner": 403,
    "programme_manager": 200,
    "analyst": 200,
    "auditor": 403,
    "functional_admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_occupancy(world, case, api_client, role):
    url = _url("locations/{l}/occupancy", case) + "?start=2024-01-01&end=2024-01-03"
    response = api_client(getattr(world, role)).get(url)
    assert response.status_code == OCCUPANCY[role], response.content
    if response.status_code == 200:
        assert [row["occupied_places"] for row in response.json()] == [1, 1]


def test_anonymous_callers_get_401(world, case, client):
    for template in READS:
        assert client.get(_url(template, case)).status_code == 401
    for template in WRITES:
        assert client.post(_url(template, case), {}).status_code == 401
