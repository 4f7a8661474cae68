"""Two people at once, or one person clicking twice: never a silent overwrite, never two records.

- Optimistic locking: a client and a placement carry a `version`; a save made on a version
  someone else already changed is refused (a form error on the page, 409 problem+json on the
  API) with who changed it and when, and writes nothing.
- Double submits: an intake or outflow form carries a one-time submission key (unique in the
  database); sending it twice creates one record and shows it.
- Races: threads with their own connections on PostgreSQL (SQLite allows one writer at a time
  by design, so the race tests skip there); the single-threaded tests run on both databases.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from lvv.audit.models import AuditEvent
from lvv.cases.models import (
    Client,
    ClientStatus,
    Intake,
    Outflow,
    OutflowReason,
    Placement,
    PlacementEndReason,
)
from lvv.cases.selectors.clients import criteria_for
from lvv.cases.services.clients import client_update
from lvv.cases.services.intake import intake_create
from lvv.cases.services.outflow import outflow_record
from lvv.cases.services.placements import placement_end, placement_move, placement_start
from lvv.cases.services.versions import EditConflict
from lvv.cases.tests.trajectory_factories import PlacementFactory
from lvv.cases.tests.trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot)

D = datetime.date

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; SQLite allows one writer by design",
)


def _file_url(client: Client) -> str:
    return reverse("cases:client-detail", kwargs={"uuid": client.uuid})


def _page(name: str, client: Client) -> str:
    return reverse(f"cases:{name}", kwargs={"uuid": client.uuid})


def _placed(world, **kwargs) -> tuple[Client, Placement]:
    client = world.client(status=ClientStatus.IN_TRAJECTORY, **kwargs)
    return client, PlacementFactory(client=client, location=world.shelter, start=D(2024, 1, 10))


def _answers(world) -> list[dict]:
    return [{"criterion": c, "answer": "yes"} for c in criteria_for(world.utrecht)]


# --- optimistic locking, one thread: both databases -------------------------------------------


@pytest.mark.django_db
def test_a_save_on_a_stale_version_is_refused_naming_who_changed_it(world, snapshot):
    client = world.client(phone="0611111111")
    seen = client.version
    client_update(
        actor=world.actor("coordinator"),
        client=client,
        data={"phone": "0622222222"},
        expected_version=seen,
    )
    before = snapshot()
    with pytest.raises(EditConflict) as refused:
        client_update(
            actor=world.actor("caseworker"),
            client=client,
            data={"phone": "0633333333"},
            expected_version=seen,
        )
    message = refused.value.message_dict["version"][0]
    assert world.coordinator.user.username in message
    assert "Gemeente Utrecht" in message
    before.assert_unchanged()
    client.refresh_from_db()
    assert (client.phone, client.version) == ("0622222222", seen + 1)


@pytest.mark.django_db
def test_every_saved_change_raises_the_version_and_a_no_change_does_not(world):
    client = world.client(phone="0611111111")
    actor = world.actor("caseworker")
    first = client_update(
        actor=actor, client=client, data={"phone": "0622"}, expected_version=client.version
    )
    assert first.version == 2
    same = client_update(actor=actor, client=client, data={"phone": "0622"}, expected_version=2)
    assert Client.objects.get(pk=client.pk).version == same.version == 2
    # A writer without a version (a command, an import) still raises it, so the next page
    # save made on the old version is refused.
    client_update(actor=actor, client=client, data={"phone": "0633"})
    with pytest.raises(EditConflict):
        client_update(actor=actor, client=client, data={"phone": "0644"}, expected_version=2)


@pytest.mark.django_db
def test_the_edit_page_shows_the_conflict_and_keeps_the_other_persons_change(world, page_client):
    client = world.client(phone="0611111111")
    url = _page("client-update", client)
    browser = page_client(world.caseworker)
    form = browser.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    assert data["version"] == client.version
    assert 'type="hidden" name="version"' in browser.get(url).content.decode()

    # Meanwhile the coordinator changes the telephone number.
    client_update(
        actor=world.actor("coordinator"),
        client=client,
        data={"phone": "0622222222"},
        expected_version=client.version,
    )
    data.update(phone="0699999999", languages="ti")
    response = browser.post(url, data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert world.coordinator.user.username in errors
    assert world.coordinator.user.username in response.content.decode()
    client.refresh_from_db()
    assert client.phone == "0622222222"


@pytest.mark.django_db
def test_the_api_answers_a_stale_version_with_409_problem_json(world, api_client):
    client = world.client(phone="0611111111")
    api = api_client(world.caseworker)
    url = f"/api/v1/clients/{client.uuid}"
    read = api.get(url).json()
    assert read["version"] == 1

    saved = api.patch(url, {"phone": "0622", "version": read["version"]}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 2

    stale = api.patch(url, {"phone": "0633", "version": read["version"]}, format="json")
    assert stale.status_code == 409, stale.content
    assert stale["Content-Type"] == "application/problem+json"
    body = stale.json()
    assert (body["status"], body["instance"]) == (409, url)
    assert world.caseworker.user.username in body["detail"]
    client.refresh_from_db()
    assert (client.phone, client.version) == ("0622", 2)

    missing = api.patch(url, {"phone": "0644"}, format="json")
    assert missing.status_code == 400
    assert [p["name"] for p in missing.json()["invalidParams"]] == ["version"]


@pytest.mark.django_db
def test_ending_a_placement_on_a_stale_version_is_refused(world, api_client, snapshot):
    _client, placement = _placed(world)
    api = api_client(world.caseworker)
    read = api.get(f"/api/v1/placements/{placement.uuid}").json()
    placement_end(
        actor=world.actor("coordinator"),
        placement=placement,
        end=D(2024, 3, 1),
        reason=PlacementEndReason.CORRECTED,
        expected_version=read["version"],
    )
    before = snapshot()
    stale = api.post(
        f"/api/v1/placements/{placement.uuid}/end",
        {"end": "2024-04-01", "reason": "corrected", "version": read["version"]},
        format="json",
    )
    assert stale.status_code == 409, stale.content
    assert world.coordinator.user.username in stale.json()["detail"]
    before.assert_unchanged()
    placement.refresh_from_db()
    assert placement.end == D(2024, 3, 1)


@pytest.mark.django_db
def test_the_end_page_opened_before_a_move_does_not_end_the_new_placement(world, page_client):
    client, placement = _placed(world)
    browser = page_client(world.caseworker)
    form = browser.get(_page("placement-end", client)).context["form"]
    assert form.initial == {"seen_placement": placement.uuid, "version": placement.version}

    moved = placement_move(
        actor=world.actor("coordinator"), client=client, to_location=world.second, on=D(2024, 3, 1)
    )
    response = browser.post(
        _page("placement-end", client),
        {"last_day": "2024-03-31", "reason": "corrected", **form.initial},
    )

    assert response.status_code == 200
    assert world.coordinator.user.username in " ".join(response.context["form"].non_field_errors())
    moved.refresh_from_db()
    assert moved.end is None


@pytest.mark.django_db
def test_a_move_on_a_stale_placement_is_refused_over_the_api(world, api_client, snapshot):
    client, placement = _placed(world)
    api = api_client(world.caseworker)
    placement_end(
        actor=world.actor("coordinator"),
        placement=placement,
        end=D(2024, 2, 1),
        reason=PlacementEndReason.CORRECTED,
    )
    PlacementFactory(client=client, location=world.other_shelter, start=D(2024, 2, 1))
    before = snapshot()
    stale = api.post(
        f"/api/v1/clients/{client.uuid}/move",
        {
            "to_location": str(world.second.uuid),
            "on": "2024-03-01",
            "placement": str(placement.uuid),
            "version": 1,
        },
        format="json",
    )
    assert stale.status_code == 409, stale.content
    before.assert_unchanged()


# --- double submits, one thread: both databases -----------------------------------------------


@pytest.mark.django_db
def test_a_double_submitted_intake_form_creates_one_intake(world, page_client):
    client = world.client(status=ClientStatus.INTAKE)
    browser = page_client(world.caseworker)
    page = browser.get(_page("intake-create", client))
    key = page.context["form"]["submission_key"].value()
    assert f'value="{key}"' in page.content.decode()
    data = {"intake_on": timezone.localdate().isoformat(), "submission_key": str(key)}
    for criterion in criteria_for(world.utrecht):
        data[f"answer_{criterion.pk}"] = "yes"

    first = browser.post(_page("intake-create", client), data)
    second = browser.post(_page("intake-create", client), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == _file_url(client)
    assert Intake.objects.filter(client=client).count() == 1
    assert str(Intake.objects.get(client=client).submission_key) == str(key)


@pytest.mark.django_db
def test_a_double_submitted_outflow_form_creates_one_outflow(world, page_client):
    client, _placement = _placed(world)
    browser = page_client(world.caseworker)
    key = browser.get(_page("outflow-record", client)).context["form"]["submission_key"].value()
    data = {"left_on": "2024-05-01", "reason": "return_iom", "submission_key": str(key)}

    first = browser.post(_page("outflow-record", client), data)
    second = browser.post(_page("outflow-record", client), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == _file_url(client)
    assert Outflow.objects.filter(client=client).count() == 1


@pytest.mark.django_db
def test_an_outflow_form_without_its_key_is_refused(world, page_client, snapshot):
    client, _placement = _placed(world)
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(
        _page("outflow-record", client), {"left_on": "2024-05-01", "reason": "return_iom"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    before.assert_unchanged()


@pytest.mark.django_db
def test_a_repeated_api_request_with_its_key_answers_with_the_first_record(world, api_client):
    client = world.client(status=ClientStatus.INTAKE)
    api = api_client(world.caseworker)
    answers = [{"criterion": c.code, "answer": "yes"} for c in criteria_for(world.utrecht)]
    body = {"answers": answers, "submission_key": str(uuid.uuid4())}
    first = api.post(f"/api/v1/clients/{client.uuid}/intakes", body, format="json")
    second = api.post(f"/api/v1/clients/{client.uuid}/intakes", body, format="json")
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert first.json()["uuid"] == second.json()["uuid"]
    assert Intake.objects.filter(client=client).count() == 1


@pytest.mark.django_db
def test_a_submission_key_of_another_client_is_refused(world):
    reason = OutflowReason.objects.get(code="return_iom")
    key = uuid.uuid4()
    first, _ = _placed(world)
    second, _ = _placed(world)
    actor = world.actor("caseworker")
    outflow_record(
        actor=actor, client=first, left_on=D(2024, 5, 1), reason=reason, submission_key=key
    )
    with pytest.raises(ValidationError) as refused:
        outflow_record(
            actor=actor, client=second, left_on=D(2024, 5, 1), reason=reason, submission_key=key
        )
    assert set(refused.value.message_dict) == {"submission_key"}
    assert not Outflow.objects.filter(client=second).exists()


# --- races with threads: PostgreSQL -----------------------------------------------------------


def _race(*writers: Callable[[], object]) -> list[str]:
    """Run the writers at the same moment, each on its own connection; their outcomes as
    'ok:<uuid>', 'conflict' or 'refused:<fields>' (unexpected errors as 'error:...')."""
    barrier = threading.Barrier(len(writers))
    outcomes: list[str] = []

    def run(write) -> None:
        try:
            barrier.wait()
            result = write()
            outcomes.append(f"ok:{getattr(result, 'uuid', '')}")
        except EditConflict:
            outcomes.append("conflict")
        except ValidationError as error:
            outcomes.append("refused:" + ",".join(sorted(error.message_dict)))
        except Exception as error:  # collected and asserted by the caller
            outcomes.append(f"error:{error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(write,)) for write in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_client_at_once_one_wins(world):
    client = world.client(phone="0611111111")
    seen = client.version

    def save(actor_name: str, phone: str):
        return lambda: client_update(
            actor=world.actor(actor_name),
            client=Client.objects.get(pk=client.pk),
            data={"phone": phone},
            expected_version=seen,
        )

    outcomes = _race(save("caseworker", "0622222222"), save("coordinator", "0633333333"))

    assert [o.split(":")[0] for o in outcomes] == ["conflict", "ok"]
    client.refresh_from_db()
    assert client.version == seen + 1
    assert client.phone in {"0622222222", "0633333333"}
    updates = AuditEvent.objects.filter(object_id=str(client.uuid), action="update")
    assert updates.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_ending_the_same_placement_at_once_one_wins(world):
    _client, placement = _placed(world)

    def end(actor_name: str, day: datetime.date):
        return lambda: placement_end(
            actor=world.actor(actor_name),
            placement=Placement.objects.get(pk=placement.pk),
            end=day,
            reason=PlacementEndReason.CORRECTED,
            expected_version=1,
        )

    outcomes = _race(end("caseworker", D(2024, 3, 1)), end("coordinator", D(2024, 4, 1)))

    assert [o.split(":")[0] for o in outcomes] == ["conflict", "ok"]
    placement.refresh_from_db()
    assert placement.version == 2 and placement.end in {D(2024, 3, 1), D(2024, 4, 1)}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_placements_of_one_client_at_once_make_one(world):
    client = world.client(status=ClientStatus.IN_TRAJECTORY)

    def place(actor_name: str, location):
        return lambda: placement_start(
            actor=world.actor(actor_name), client=client, location=location, start=D(2024, 2, 1)
        )

    outcomes = _race(place("caseworker", world.second), place("coordinator", world.shelter))

    assert [o.split(":")[0] for o in outcomes] == ["ok", "refused"]
    assert Placement.objects.filter(client=client).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_outflows_at_once_make_one(world):
    client, _placement = _placed(world)
    reason = OutflowReason.objects.get(code="return_iom")

    def leave(actor_name: str):
        return lambda: outflow_record(
            actor=world.actor(actor_name),
            client=client,
            left_on=D(2024, 5, 1),
            reason=reason,
            submission_key=uuid.uuid4(),
        )

    outcomes = _race(leave("caseworker"), leave("coordinator"))

    assert outcomes[0].startswith("ok:") and outcomes[1] == "refused:client"
    assert Outflow.objects.filter(client=client).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_the_outflow_form_makes_one_and_shows_it_twice(world):
    client, _placement = _placed(world)
    reason = OutflowReason.objects.get(code="return_iom")
    key = uuid.uuid4()

    def submit():
        return outflow_record(
            actor=world.actor("caseworker"),
            client=client,
            left_on=D(2024, 5, 1),
            reason=reason,
            submission_key=key,
        )

    outcomes = _race(submit, submit)

    outflow = Outflow.objects.get(client=client)
    assert outcomes == [f"ok:{outflow.uuid}"] * 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_intakes_at_once_make_one(world):
    def submit(client: Client, actor_name: str, submission_key: uuid.UUID):
        return lambda: intake_create(
            actor=world.actor(actor_name),
            client=client,
            answers=_answers(world),
            submission_key=submission_key,
        )

    clicked = world.client(status=ClientStatus.INTAKE)
    key = uuid.uuid4()
    double_click = _race(submit(clicked, "caseworker", key), submit(clicked, "caseworker", key))
    intake = Intake.objects.get(client=clicked)
    assert double_click == [f"ok:{intake.uuid}"] * 2

    shared = world.client(status=ClientStatus.INTAKE)
    two_people = _race(
        submit(shared, "caseworker", uuid.uuid4()), submit(shared, "coordinator", uuid.uuid4())
    )
    assert [o.split(":")[0] for o in two_people] == ["ok", "refused"]
    assert Intake.objects.filter(client=shared).count() == 1
