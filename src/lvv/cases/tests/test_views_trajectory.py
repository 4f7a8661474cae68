"""The form pages of placements, trajectory and outflow: who may open them, what a valid post
writes, and that a refused one shows the error at its field and writes nothing."""

import datetime
import uuid

import pytest
from django.urls import reverse

from lvv.cases.models import (
    ActionStatus,
    ClientStatus,
    EscalationLevel,
    Placement,
    PlacementEndReason,
)
from lvv.cases.views.trajectory.base import client_file_url

from .trajectory_factories import (
    ActionFactory,
    EscalationFactory,
    PlacementFactory,
    ProcedureFactory,
)
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date

CLIENT_PAGES = [
    "placement-start",
    "placement-end",
    "placement-move",
    "scenario-agree",
    "trajectory-start",
    "action-create",
    "procedure-create",
    "escalation-raise",
    "outflow-record",
]


@pytest.fixture
def placed(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY, status_since=D(2024, 2, 1))
    PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 10))
    world.share(client)
    return client


def _url(name, client, **kwargs):
    return reverse(f"cases:{name}", kwargs={"uuid": client.uuid, **kwargs})


@pytest.mark.parametrize("name", CLIENT_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("caseworker", 200),
        ("coordinator", 200),
        ("other_caseworker", 404),
        ("amsterdam_coordinator", 404),
        ("chain_partner", 403),
        ("programme_manager", 403),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_form_pages(world, placed, page_client, name, who, expected):
    response = page_client(getattr(world, who)).get(_url(name, placed))
    assert response.status_code == expected


def test_the_pages_need_a_login(world, placed, client):
    response = client.get(_url("placement-start", placed))
    assert response.status_code == 302
    assert "inloggen" in response["Location"] or "login" in response["Location"]


def test_placing_a_client_on_the_page(world, page_client):
    client = world.client()
    browser = page_client(world.caseworker)
    page = browser.get(_url("placement-start", client))
    assert world.shelter.name in page.content.decode()
    assert "override_reason" not in page.content.decode()  # caseworkers cannot override
    response = browser.post(
        _url("placement-start", client),
        {"location": str(world.shelter.uuid), "start": "2024-02-01", "room": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == client_file_url(client)
    placement = Placement.objects.get(client=client)
    assert (placement.location, placement.start, placement.room) == (
        world.shelter,
        D(2024, 2, 1),
        "1",
    )


def test_a_refused_placement_shows_the_error_at_the_field(world, page_client, snapshot):
    for _ in range(2):
        PlacementFactory(client=world.client(), location=world.shelter)
    client = world.client()
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(
        _url("placement-start", client),
        {"location": str(world.shelter.uuid), "start": "2024-02-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["location"]
    assert 'id="id_location_error"' in response.content.decode()
    before.assert_unchanged()


def test_a_coordinator_overrides_capacity_on_the_page(world, page_client):
    for _ in range(2):
        PlacementFactory(client=world.client(), location=world.shelter)
    client = world.client()
    browser = page_client(world.coordinator)
    assert "override_reason" in browser.get(_url("placement-start", client)).content.decode()
    response = browser.post(
        _url("placement-start", client),
        {
            "location": str(world.shelter.uuid),
            "start": "2024-02-01",
            "override_reason": "Geen alternatief",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(client=client).capacity_override_reason == "Geen alternatief"


def _seen(client) -> dict:
    """The hidden fields of the placement forms: the open placement the person saw."""
    placement = Placement.objects.get(client=client, end__isnull=True)
    return {"seen_placement": str(placement.uuid), "version": placement.version}


def test_ending_takes_the_last_day_inclusive(world, placed, page_client):
    response = page_client(world.caseworker).post(
        _url("placement-end", placed),
        {"last_day": "2024-03-31", "reason": "corrected", **_seen(placed)},
    )
    assert response.status_code == 302
    placement = Placement.objects.get(client=placed)
    assert (placement.end, placement.end_reason) == (D(2024, 4, 1), PlacementEndReason.CORRECTED)


def test_ending_before_the_start_is_an_error_at_last_day(world, placed, page_client, snapshot):
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(
        _url("placement-end", placed),
        {"last_day": "2024-01-01", "reason": "corrected", **_seen(placed)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["last_day"]
    before.assert_unchanged()


def test_without_an_open_placement_end_and_move_send_you_back(world, page_client):
    client = world.client()
    browser = page_client(world.caseworker)
    for name in ("placement-end", "placement-move"):
        response = browser.get(_url(name, client))
        assert response.status_code == 302
        assert response["Location"] == client_file_url(client)


def test_moving_on_the_page(world, placed, page_client):
    response = page_client(world.caseworker).post(
        _url("placement-move", placed),
        {"to_location": str(world.second.uuid), "on": "2024-03-01", **_seen(placed)},
    )
    assert response.status_code == 302
    assert Placement.objects.get(client=placed, end__isnull=True).location == world.second


def test_scenario_then_trajectory_on_the_pages(world, page_client):
    client = world.client(status=ClientStatus.REST_PERIOD)
    browser = page_client(world.coordinator)
    response = browser.post(
        _url("scenario-agree", client), {"kind": "onward_migration", "agreed_on": "2024-02-01"}
    )
    assert response.status_code == 302
    response = browser.post(_url("trajectory-start", client), {"on": "2024-02-02"})
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.status == ClientStatus.IN_TRAJECTORY


def test_a_trajectory_cannot_start_from_the_rest_period(world, page_client, snapshot):
    client = world.client(status=ClientStatus.REST_PERIOD)
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(_url("trajectory-start", client), {"on": "2024-02-02"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # about the client, shown above the form
    before.assert_unchanged()


def test_actions_on_the_pages(world, placed, page_client):
    browser = page_client(world.caseworker)
    response = browser.post(
        _url("action-create", placed),
        {"description": "Gesprek IOM", "owner": str(world.ngo.uuid), "due_on": "2024-05-01"},
    )
    assert response.status_code == 302
    action = placed.actions.get()
    url = _url("action-complete", placed, action_uuid=action.uuid)
    assert browser.post(url, {"completed_on": "2024-04-01"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    again = browser.post(url, {"completed_on": "2024-04-02"})
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()


def test_a_chain_partner_completes_its_own_action_on_the_page(world, placed, page_client):
    own = ActionFactory(client=placed, owner=world.dtv)
    other = ActionFactory(client=placed, owner=world.ngo)
    browser = page_client(world.chain_partner)
    own_url = _url("action-complete", placed, action_uuid=own.uuid)
    assert browser.get(own_url).status_code == 200
    assert browser.post(own_url, {"completed_on": "2024-04-01"}).status_code == 302
    other_url = _url("action-complete", placed, action_uuid=other.uuid)
    assert browser.post(other_url, {"completed_on": "2024-04-01"}).status_code == 403
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN
    cancel = _url("action-cancel", placed, action_uuid=own.uuid)
    assert browser.get(cancel).status_code == 403


def test_cancelling_an_action_on_the_page(world, placed, page_client):
    action = ActionFactory(client=placed, owner=world.ngo)
    response = page_client(world.coordinator).post(
        _url("action-cancel", placed, action_uuid=action.uuid), {}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED


def test_an_action_of_another_client_is_not_found(world, placed, page_client):
    stranger = ActionFactory(client=world.client(partner=world.other_ngo))
    url = _url("action-complete", placed, action_uuid=stranger.uuid)
    assert page_client(world.caseworker).get(url).status_code == 404


def test_procedures_and_escalations_on_the_pages(world, placed, page_client):
    browser = page_client(world.caseworker)
    assert (
        browser.post(
            _url("procedure-create", placed), {"kind": "repeat_asylum", "started_on": "2024-03-01"}
        ).status_code
        == 302
    )
    procedure = placed.procedures.get()
    end_url = _url("procedure-end", placed, procedure_uuid=procedure.uuid)
    assert (
        browser.post(end_url, {"ended_on": "2024-04-01", "outcome": "Afgewezen"}).status_code == 302
    )
    assert (
        browser.post(
            _url("escalation-raise", placed), {"raised_on": "2024-03-01", "reason": "Vast"}
        ).status_code
        == 302
    )
    escalation = placed.escalations.get()
    up = _url("escalation-escalate", placed, escalation_uuid=escalation.uuid)
    assert browser.post(up, {"on": "2024-03-15", "reason": "Nog vast"}).status_code == 302
    higher = placed.escalations.get(status="open")
    assert higher.level == EscalationLevel.PROGRAMME_COUNCIL
    resolve = _url("escalation-resolve", placed, escalation_uuid=higher.uuid)
    assert browser.post(resolve, {"on": "2024-04-01", "outcome": "Opgelost"}).status_code == 302


def test_bad_input_on_procedure_and_escalation_pages(world, placed, page_client, snapshot):
    procedure = ProcedureFactory(client=placed, started_on=D(2024, 3, 1))
    escalation = EscalationFactory(client=placed, raised_on=D(2024, 3, 1))
    browser = page_client(world.caseworker)
    before = snapshot()
    end = browser.post(
        _url("procedure-end", placed, procedure_uuid=procedure.uuid),
        {"ended_on": "2024-02-01", "outcome": "x"},
    )
    assert end.context["form"].errors["ended_on"]
    resolve = browser.post(
        _url("escalation-resolve", placed, escalation_uuid=escalation.uuid),
        {"on": "2024-02-01", "outcome": "x"},
    )
    assert resolve.context["form"].errors["on"]
    missing = browser.post(_url("escalation-raise", placed), {"raised_on": "", "reason": ""})
    assert set(missing.context["form"].errors) == {"raised_on", "reason"}
    before.assert_unchanged()


def test_recording_the_outflow_on_the_page(world, placed, page_client):
    response = page_client(world.caseworker).post(
        _url("outflow-record", placed),
        {"left_on": "2024-05-01", "reason": "return_iom", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    placed.refresh_from_db()
    assert placed.status == ClientStatus.OUTFLOW
    assert Placement.objects.get(client=placed).end == D(2024, 5, 1)


def test_a_refused_outflow_shows_the_error_and_writes_nothing(world, placed, page_client, snapshot):
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(
        _url("outflow-record", placed),
        {"left_on": "2024-01-10", "reason": "return_iom", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["left_on"]
    unknown = browser.post(_url("outflow-record", placed), {"left_on": "2024-05-01", "reason": "x"})
    assert unknown.context["form"].errors["reason"]
    before.assert_unchanged()
