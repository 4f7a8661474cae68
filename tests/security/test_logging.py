"""Logs are JSON lines tied to a request and a user uuid, and hold no personal data.

The log output is captured through the same formatter and filter the `LOGGING` setting
installs, on a handler of the root logger, so what is asserted is what production writes.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.conf import settings
from django.test import Client as DjangoClient
from django.urls import reverse

from lvv.cases.tests import conftest as cases_fixtures
from lvv.core.logging import LvvJsonFormatter, RequestContextFilter

# The client register's scene (see lvv/cases/tests/conftest.py), used as fixtures here.
world = cases_fixtures.world
_reference_data = cases_fixtures._reference_data

SEARCH_MARKER = "Zebulonnaam"


@pytest.fixture
def json_log():
    """Everything logged while the test runs, as the production handler would write it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(LvvJsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)

    def lines() -> list[dict]:
        handler.flush()
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    def clear() -> None:
        stream.seek(0)
        stream.truncate()

    lines.text = lambda: stream.getvalue()
    lines.clear = clear
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def _access_lines(lines):
    return [line for line in lines if line["logger"] == "lvv.access"]


def test_the_settings_install_the_json_formatter_and_the_request_filter():
    handler = settings.LOGGING["handlers"]["console"]
    assert settings.LOGGING["formatters"]["json"]["()"] == "lvv.core.logging.LvvJsonFormatter"
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["request_context"]
    assert handler["stream"] == "ext://sys.stdout"


def test_one_access_line_per_request_with_ids_and_without_personal_data(
    world, page_client, json_log
):
    caseworker = world.caseworker_a
    client = page_client(caseworker)
    url = reverse("cases:client-list")
    json_log.clear()  # only what the request itself logs
    response = client.get(url, {"search": SEARCH_MARKER})
    assert response.status_code == 200

    lines = json_log()
    access = _access_lines(lines)
    assert len(access) == 1
    line = access[0]
    assert line["level"] == "INFO"
    assert line["message"] == "request"
    assert line["timestamp"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == str(caseworker.user.uuid)
    assert line["method"] == "GET"
    assert line["path"] == url  # without the query string
    assert line["status"] == 200
    assert line["outcome"] == "success"
    assert isinstance(line["duration_ms"], int | float)

    text = json_log.text()
    for personal in (
        SEARCH_MARKER,
        caseworker.user.username,
        world.client_a.family_name,
        world.client_a.given_names,
    ):
        assert personal not in text
    # Every line written during the request carries the request id.
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}


def test_a_refused_request_is_logged_as_denied(world, page_client, json_log):
    client = page_client(world.analyst)
    response = client.get(reverse("cases:client-detail", args=[world.client_a.uuid]))
    assert response.status_code in (403, 404)
    (line,) = _access_lines(json_log())
    assert line["status"] == response.status_code
    assert line["outcome"] == ("denied" if response.status_code == 403 else "failure")
    assert line["user_id"] == str(world.analyst.user.uuid)


def test_an_anonymous_request_has_no_user_id(db, json_log):
    response = DjangoClient().get(reverse("accounts:login"))
    assert response.status_code == 200
    (line,) = _access_lines(json_log())
    assert line["user_id"] is None
    assert line["request_id"] == response["X-Request-ID"]


@pytest.fixture
def crash_urls(settings):
    settings.ROOT_URLCONF = "tests.security.crash_urls"
    settings.DEBUG = False


def test_an_api_crash_answers_problem_json_with_the_error_id_of_the_logged_traceback(
    world, api_client, crash_urls, json_log
):
    api = api_client(world.caseworker_a)
    api.raise_request_exception = False
    response = api.get("/api/v1/crash", {"search": SEARCH_MARKER})

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 500
    assert body["errorId"] == response["X-Request-ID"]
    assert SEARCH_MARKER not in json.dumps(body)

    lines = json_log()
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert errors, lines
    error = errors[0]
    assert error["request_id"] == body["errorId"]
    assert "RuntimeError: an unexpected failure" in error["exc_info"]
    (access,) = _access_lines(lines)
    assert access["status"] == 500
    assert access["outcome"] == "error"
    assert access["request_id"] == body["errorId"]
    assert SEARCH_MARKER not in json_log.text()


def test_a_page_crash_shows_the_error_id_that_the_log_holds(
    world, page_client, crash_urls, json_log
):
    client = page_client(world.caseworker_a)
    client.raise_request_exception = False
    response = client.get("/crash")

    assert response.status_code == 500
    error_id = response["X-Request-ID"]
    assert error_id in response.content.decode()
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    assert [line["request_id"] for line in errors] == [error_id]
    assert "Traceback" in errors[0]["exc_info"]
