"""The audit API: auditors only, filters, one event by sequence number, verification."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Role
from lvv.accounts.services import api_token_issue
from lvv.accounts.tests.factories import UserFactory, member
from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.audit.selectors import AUDIT_EVENT_OBJECT_TYPE
from lvv.audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = "/api/v1/audit-events"
VERIFY = "/api/v1/audit-events/verify"


def detail(sequence) -> str:
    return f"/api/v1/audit-events/{sequence}"


@pytest.fixture
def auditor_api(api_client):
    return api_client(member(Role.AUDITOR))


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "method,url", [("get", LIST), ("get", detail(1)), ("post", VERIFY)], ids=str
)
def test_role_matrix_only_the_auditor_gets_in(role, method, url, api_client):
    client = api_client(member(role))  # issuing the token writes event #1

    response = getattr(client, method)(url)

    expected = 200 if role == Role.AUDITOR else 403
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("method,url", [("get", LIST), ("get", detail(1)), ("post", VERIFY)])
def test_without_a_token_is_401(method, url, api_client, record_events):
    record_events(1)

    response = getattr(api_client(), method)(url)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_superuser_without_a_role_may_read_the_trail():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = APIClient()
    key = api_token_issue(actor=Actor.system(), user=superuser)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(LIST).status_code == 200
    assert client.post(VERIFY).json()["ok"] is True


def test_a_forbidden_caller_leaves_no_reading_event(api_client):
    client = api_client(member(Role.FUNCTIONAL_ADMIN))

    client.get(LIST)
    client.get(detail(1))

    assert not AuditEvent.objects.filter(object_type=AUDIT_EVENT_OBJECT_TYPE).exists()


# --- Reading ------------------------------------------------------------------------------


def test_list_is_newest_first_paginated_and_recorded(auditor_api, record_events):
    record_events(3)

    response = auditor_api.get(LIST, {"pageSize": 2})

    assert response.status_code == 200
    body = response.json()
    # Token issue (#1), three events (#2-#4), and this listing itself (#5).
    assert body["count"] == 5
    assert [event["sequence"] for event in body["results"]] == [5, 4]
    assert body["next"] is not None
    listing = body["results"][0]
    assert listing["action"] == AuditAction.LIST
    assert listing["object_type"] == AUDIT_EVENT_OBJECT_TYPE
    assert listing["role"] == Role.AUDITOR


def test_retrieve_by_sequence_shows_every_field_and_is_recorded(auditor_api, record_events):
    target = record_events(2, changed_fields=["name", "end"])[1]

    response = auditor_api.get(detail(target.sequence))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "sequence",
        "occurred_at",
        "actor_id",
        "actor_username",
        "organisation_id",
        "organisation_name",
        "role",
        "action",
        "object_type",
        "object_id",
        "outcome",
        "request_id",
        "origin",
        "changed_fields",
        "previous_hash",
        "hash",
    }
    assert body["sequence"] == target.sequence
    assert body["hash"] == target.hash
    assert body["previous_hash"] == AuditEvent.objects.get(sequence=target.sequence - 1).hash
    assert body["changed_fields"] == ["end", "name"]
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert read.object_id == str(target.sequence)
    assert read.origin.startswith("api")


def test_retrieve_unknown_sequence_is_404_problem(auditor_api):
    response = auditor_api.get(detail(999))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_retrieve_is_by_sequence_not_uuid_or_database_id(auditor_api):
    assert auditor_api.get(detail("0")).status_code == 404
    assert auditor_api.get(detail("9" * 30)).status_code == 404
    assert auditor_api.get(detail("abc")).status_code == 404


# --- Filters ------------------------------------------------------------------------------


def _record(**kwargs):
    kwargs.setdefault("action", AuditAction.UPDATE)
    return audit_record(actor=kwargs.pop("actor", Actor.system()), **kwargs)


def _sequences(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {
        event["sequence"]
        for event in response.json()["results"]
        if event["object_type"] != AUDIT_EVENT_OBJECT_TYPE and event["action"] != "token_issued"
    }


def test_filter_by_actor_username(auditor_api):
    caseworker = member(Role.CASEWORKER, user__username="anne.de.vries")
    theirs = _record(actor=Actor(user=caseworker.user, membership=caseworker), object_type="a.b")
    _record(object_type="a.b")

    assert _sequences(auditor_api.get(LIST, {"actor_username": "Anne.de.Vries"})) == {
        theirs.sequence
    }


def test_filter_by_action_outcome_object_type_and_object_id(auditor_api):
    create = _record(action=AuditAction.CREATE, object_type="cases.client", object_id="c-1")
    denied = _record(
        action=AuditAction.READ,
        object_type="cases.client",
        object_id="c-2",
        outcome=AuditOutcome.DENIED,
    )
    other = _record(action=AuditAction.CREATE, object_type="network.location", object_id="c-1")

    assert _sequences(auditor_api.get(LIST, {"action": "create"})) == {
        create.sequence,
        other.sequence,
    }
    assert _sequences(auditor_api.get(LIST, {"outcome": "denied"})) == {denied.sequence}
    assert _sequences(auditor_api.get(LIST, {"object_type": "cases.client"})) == {
        create.sequence,
        denied.sequence,
    }
    assert _sequences(
        auditor_api.get(LIST, {"object_type": "cases.client", "object_id": "c-1"})
    ) == {create.sequence}


def test_filter_by_period_uses_dutch_days_with_end_exclusive(auditor_api, monkeypatch):
    # 23:30 on New Year's Eve in Amsterdam is 22:30 UTC; 00:30 on New Year's Day is 23:30 UTC
    # of the 31st: the day boundary is Amsterdam's, not UTC's.
    moments = {
        "eve": datetime(2021, 12, 31, 22, 30, tzinfo=UTC),
        "new_year": datetime(2021, 12, 31, 23, 30, tzinfo=UTC),
    }
    recorded = {}
    for name, moment in moments.items():
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        recorded[name] = _record(object_type="x.y").sequence
    monkeypatch.undo()

    year_2021 = auditor_api.get(LIST, {"start": "2021-12-31", "end": "2022-01-01"})
    year_2022 = auditor_api.get(LIST, {"start": "2022-01-01", "end": "2022-01-02"})

    assert _sequences(year_2021) == {recorded["eve"]}
    assert _sequences(year_2022) == {recorded["new_year"]}


def test_bad_filters_are_400_naming_the_parameter(auditor_api):
    response = auditor_api.get(LIST, {"start": "2022-01-02", "end": "2022-01-01"})
    assert response.status_code == 400
    assert "end" in {param["name"] for param in response.json()["invalidParams"]}

    response = auditor_api.get(LIST, {"action": "dance"})
    assert response.status_code == 400
    assert "action" in {param["name"] for param in response.json()["invalidParams"]}


# --- Verify -------------------------------------------------------------------------------


def test_verify_reports_an_intact_chain(auditor_api, record_events):
    record_events(3)

    response = auditor_api.post(VERIFY)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "checked": 4, "broken_at": None, "reason": ""}


def test_verify_reports_the_first_broken_link(auditor_api, record_events, tamper):
    record_events(3)
    tamper("UPDATE audit_auditevent SET outcome = %s WHERE sequence = %s", ["denied", 3])

    response = auditor_api.post(VERIFY)

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert body["broken_at"] == 3
    assert body["checked"] == 2
    assert "altered" in body["reason"]


def test_verify_refuses_get(auditor_api):
    assert auditor_api.get(VERIFY).status_code == 405
