"""Queries per request do not grow with the page size, for every list endpoint and list page.

Discovered from the URL conf, present and future: every DRF `list` action and every page view
with `paginate_by`. On a synthetic national dataset (plus the programme demo), each is
requested by every role at 10 and at 100 rows a page (API: `pageSize`; pages: the view's
`paginate_by`, set for the test) and must run the same number of queries. A difference is an
N+1: a query per row. Lists that show 10 rows or fewer to every role cannot tell and are
listed in the failure message of `test_enough_lists_are_measured`, which pins those that must.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from lvv.accounts.actors import Actor
from lvv.accounts.models import Membership, Organisation
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditEvent
from lvv.cases.models import CaseMeeting, Client, JournalEntry
from lvv.demo.dataset import generate_dataset
from lvv.network.models import Location
from lvv.programme.demo import load_programme_demo

pytestmark = pytest.mark.django_db

SIZES = (10, 100)
PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def list_routes() -> tuple[list[str], list[tuple[str, type]]]:
    """(API list routes, [(page route, view class)]), routes with `{name}` for parameters."""
    api, pages = set(), set()
    for route, callback in _walk(get_resolver().url_patterns):
        path = "/" + PARAMETER.sub(lambda m: "{" + (m.group(1) or m.group(2)) + "}", route)
        path = path.replace("^", "").replace("$", "").replace("\\", "")
        if (getattr(callback, "actions", None) or {}).get("get") == "list":
            api.add(path)
        view_class = getattr(callback, "view_class", None)
        if view_class is not None and getattr(view_class, "paginate_by", None):
            pages.add((path, view_class))
    return sorted(api), sorted(pages, key=lambda pair: pair[0])


API_ROUTES, PAGE_ROUTES = list_routes()


@pytest.fixture
def national(db):
    """A small national dataset, the programme demo, and a member in every role."""
    generate_dataset(clients=100, years=10, seed=3)
    load_programme_demo(actor=Actor.system())
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    members = {
        Role.CASEWORKER: Membership.objects.get(user__username="dataset.hvo-querido.1"),
        Role.MUNICIPAL_COORDINATOR: Membership.objects.get(
            user__username="dataset.coordinator.gm0363"
        ),
        Role.CHAIN_PARTNER: member(Role.CHAIN_PARTNER, organisation=organisations["DT&V"]),
    }
    for role in (Role.PROGRAMME_MANAGER, Role.AUDITOR, Role.FUNCTIONAL_ADMIN):
        members[role] = member(role, organisation=organisations["JenV"])
    members[Role.ANALYST] = member(Role.ANALYST, organisation=organisations["WODC"])
    assert set(members) == set(Role.values)
    busiest_client = max(Client.objects.all(), key=lambda c: JournalEntry.objects.filter(
        client=c).count())  # fmt: skip
    parameters = {
        "client_uuid": busiest_client.uuid,
        "uuid": AuditEvent.objects.exclude(subject_id=None).values_list("subject_id", flat=True)[0],
        "meeting_uuid": CaseMeeting.objects.order_by("-held_on").first().uuid,
        "location_uuid": Location.objects.filter(kind__isnull=False).order_by("pk").first().uuid,
    }
    assert organisations["HVO-Querido"].kind == OrganisationKind.PARTNER_NGO
    return members, parameters


def _fill(path: str, parameters: dict) -> str | None:
    names = re.findall(r"{(\w+)}", path)
    if any(name not in parameters for name in names):
        return None
    return path.format(**{name: parameters[name] for name in names})


def _count_queries(request) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return len(queries), response


def test_api_lists_run_the_same_queries_at_10_and_100_a_page(national, api_client):
    members, parameters = national
    failures, measured = [], set()
    for role, membership in sorted(members.items()):
        api = api_client(membership)
        for route in API_ROUTES:
            path = _fill(route, parameters)
            if path is None:
                continue
            api.get(path, {"pageSize": 10})  # warm caches (content types, reference data)
            counts = {}
            for size in SIZES:
                counts[size], response = _count_queries(
                    lambda path=path, size=size: api.get(path, {"pageSize": size})
                )
            if response.status_code != 200:
                continue
            body = response.json()
            rows = body.get("count", 0) if isinstance(body, dict) else len(body)
            if rows > SIZES[0]:
                measured.add(route)
                if counts[SIZES[0]] != counts[SIZES[1]]:
                    failures.append((route, role, counts))
    assert not failures, failures
    national_lists = {
        "/api/v1/audit-events",
        "/api/v1/case-meetings",
        "/api/v1/clients",
        "/api/v1/locations",
        "/api/v1/municipalities",
        "/api/v1/organisations",
    }
    assert national_lists <= measured, sorted(measured)


def test_list_pages_run_the_same_queries_at_10_and_100_a_page(national, page_client, monkeypatch):
    members, parameters = national
    failures, measured = [], set()
    for role, membership in sorted(members.items()):
        browser = page_client(membership)
        for route, view_class in PAGE_ROUTES:
            path = _fill(route, parameters)
            if path is None:
                continue
            browser.get(path)
            counts = {}
            for size in SIZES:
                monkeypatch.setattr(view_class, "paginate_by", size)
                counts[size], response = _count_queries(lambda path=path: browser.get(path))
            if response.status_code != 200:
                continue
            paginator = response.context.get("paginator") if response.context else None
            if paginator is not None and paginator.count > SIZES[0]:
                measured.add(route)
                if counts[SIZES[0]] != counts[SIZES[1]]:
                    failures.append((route, role, counts))
        browser.logout()
    assert not failures, failures
    pinned = {"/audit/", "/clienten/", "/clienten/overleggen", "/clienten/{uuid}/toegang"}
    assert pinned | {"/netwerk/gemeenten", "/netwerk/locaties"} <= measured, sorted(measured)
