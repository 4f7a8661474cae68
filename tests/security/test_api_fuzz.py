"""Fuzzing the API with schemathesis, from its own OpenAPI document, in-process.

Every operation of `/api/v1/openapi.json` gets a few generated requests (valid ones, and
invalid ones: wrong types, missing fields, out-of-range values) as a caseworker with a scope
(an NGO in Utrecht with one client). Each response must:

- not be a server error (`not_a_server_error`);
- have a status code the document lists for that operation (`status_code_conformance`);
- have the content type the document declares (`content_type_conformance`), and match the
  response schema (`response_schema_conformance`);
- refuse invalid input with a 4xx (`negative_data_rejection`), which our handler makes
  `application/problem+json` (checked here too).

Bounded for CI: a handful of examples per operation, derandomized, no deadline.
"""

from __future__ import annotations

import logging
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Role
from lvv.accounts.services import api_token_issue
from lvv.accounts.tests.factories import member
from lvv.cases.tests.factories import ClientFactory, JournalEntryFactory, PlacementFactory
from lvv.wsgi import application

MAX_EXAMPLES = 5

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Examples from the document, then generated data. The coverage phase (every boundary of every
# parameter) finds more but takes minutes; run it by hand with LVV_FUZZ_COVERAGE=1.
schema.config.phases.update(
    phases=["examples", "fuzzing", *(["coverage"] if os.environ.get("LVV_FUZZ_COVERAGE") else [])]
)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app closes "old" database connections at the end of every request, which on
    PostgreSQL would close the test's own transaction; Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    """A caseworker of an NGO keeping two client files (journal entries, one placed), so
    lists and details answer with real rows whose shape the schema check sees."""
    caseworker = member(Role.CASEWORKER)
    for _ in range(2):
        client = ClientFactory(partner=caseworker.organisation)
        JournalEntryFactory(client=client, author_organisation=caseworker.organisation)
    PlacementFactory(client=client)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    return f"Token {key}"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_document(case, token):
    logging.disable(logging.WARNING)
    try:
        response = case.call(headers={"Authorization": token})
    finally:
        logging.disable(logging.NOTSET)
    case.validate_response(response, checks=CHECKS)
    if 400 <= response.status_code < 500:
        assert response.headers["content-type"][0].startswith("application/problem+json")
