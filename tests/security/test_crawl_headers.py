"""A crawler logs in as every role, follows every same-site link from the start page, and
checks each answer: no server error, and the hardening headers on every one.

Bounded: one page per URL pattern (the first client file stands for all client files),
query strings dropped, at most MAX_PAGES pages per role.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client as DjangoClient
from django.urls import Resolver404, resolve

from lvv.cases.tests import conftest as cases_fixtures
from lvv.cases.tests.factories import ClientFactory

from .test_http_headers import assert_hardened

# The client register's scene (see lvv/cases/tests/conftest.py), used as fixtures here.
world = cases_fixtures.world
_reference_data = cases_fixtures._reference_data

MAX_PAGES = 120
ALLOWED_STATUSES = {200, 302, 403}
# Not followed: Django's admin (its own, separately tested pages) and the language switch.
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/static/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _same_site_paths(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(f"http://testserver{base}", href))
        if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        paths.append(parts.path)
    return paths


def _pattern_key(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path  # a link to nowhere is crawled too, and must not be a 5xx
    return match.route or match.view_name


def crawl(client: DjangoClient) -> dict[str, int]:
    """Every page reachable from `/`, one per URL pattern; the status of each."""
    seen_patterns: set[str] = set()
    statuses: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(statuses) < MAX_PAGES:
        path = queue.popleft()
        key = _pattern_key(path)
        if path in statuses or key in seen_patterns:
            continue
        seen_patterns.add(key)
        response = client.get(path)
        statuses[path] = response.status_code
        assert response.status_code in ALLOWED_STATUSES, (path, response.status_code)
        assert_hardened(response)
        if response.status_code == 302:
            target = urlsplit(response["Location"])
            if not target.netloc or target.netloc == "testserver":
                queue.append(target.path)
            continue
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(_same_site_paths(path, response.content.decode()))
    return statuses


ROLES = sorted(
    [
        "analyst",
        "auditor",
        "caseworker_a",
        "chain_dtv",
        "coordinator_a",
        "functional_admin",
        "programme_manager",
    ]
)


@pytest.fixture
def crawl_world(world):
    # A few more clients, so lists have rows and links to files.
    for _ in range(2):
        ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    return world


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_is_hardened_and_never_fails(crawl_world, page_client, role):
    client = page_client(crawl_world.members[role])
    client.raise_request_exception = False
    statuses = crawl(client)
    assert statuses["/"] == 200
    # The crawl got past the start page: every role has a menu of its own.
    assert len(statuses) > 3, statuses


def test_an_anonymous_visitor_reaches_only_the_login_pages_and_they_are_hardened(db):
    client = DjangoClient(raise_request_exception=False)
    statuses = crawl(client)
    assert statuses["/"] == 302
    assert any(status == 200 for status in statuses.values())
