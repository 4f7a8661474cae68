"""The scoped client list against the floor (a real server, 1 and 16 callers), the cost of
need-to-know (caseworker against superuser) and of read-auditing (a file with and without)."""

from __future__ import annotations

from unittest import mock

from rest_framework.test import APIClient

from lvv.cases.models import Client

from .common import Result, latency, timed_repeats
from .people import benchmark_people
from .server import load, running_server

LIST_FILTER = "status=in_trajectory"


def client_list(options) -> list[Result]:
    """p50/p95 of the list (API and page, 50 a page, filtered) and the floor, on loopback."""
    people = benchmark_people()
    caseworker = people["caseworker"]
    seconds = 3 if options.quick else 15
    targets = [
        ("floor API", "/api/v1/_floor?pageSize=50", caseworker.api_headers),
        ("client list API", f"/api/v1/clients?pageSize=50&{LIST_FILTER}", caseworker.api_headers),
        ("client list page", f"/clienten/?{LIST_FILTER}", caseworker.page_headers),
    ]
    results = []
    with running_server() as port:
        for concurrency in (1, 16):
            for label, path, headers in targets:
                load(port=port, path=path, headers=headers, concurrency=1, seconds=0.5)
                timings, failures = load(
                    port=port, path=path, headers=headers, concurrency=concurrency,
                    seconds=seconds,
                )  # fmt: skip
                name = f"{label}, {concurrency} caller{'s' if concurrency > 1 else ''}"
                floor = None if label == "floor API" else name.replace(label, "floor API")
                results.append(
                    latency(
                        name,
                        timings,
                        floor=floor,
                        note=f"{failures} failed" if failures else "",
                    )
                )
    return results


def _api(person) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {person.token}")
    return api


def _ok(response):
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response


def need_to_know(options) -> list[Result]:
    """The same list (API, 50 a page, filtered) as a caseworker and as a superuser."""
    people = benchmark_people()
    repeats = 15 if options.quick else 100
    path = f"/api/v1/clients?pageSize=50&{LIST_FILTER}"
    results = []
    for who in ("superuser", "caseworker"):
        api = _api(people[who])
        timings = timed_repeats(lambda api=api: _ok(api.get(path)), repeats=repeats)
        results.append(
            latency(
                f"client list as {who}",
                timings,
                floor="client list as superuser" if who == "caseworker" else None,
                goal="≤ 1.2×" if who == "caseworker" else "",
            )
        )
    return results


def read_auditing(options) -> list[Result]:
    """A client's file with its read audited, and the same with `audit_record` in the reading
    selector (`lvv.cases.selectors.clients.audit_record`) replaced by a no-op in this process:
    the switch exists only inside the benchmark, never in the application."""
    people = benchmark_people()
    caseworker = people["caseworker"]
    organisation = caseworker.membership.organisation
    client = Client.objects.filter(partner=organisation).order_by("pk").first()
    path = f"/api/v1/clients/{client.uuid}"
    api = _api(caseworker)
    repeats = 20 if options.quick else 150
    with_audit, without_audit = [], []
    for _round in range(repeats // 5):
        # Alternate in small blocks so drift of a shared machine hits both sides alike.
        with_audit += timed_repeats(lambda: _ok(api.get(path)), repeats=5, warmup=1)
        with mock.patch("lvv.cases.selectors.clients.audit_record"):
            without_audit += timed_repeats(lambda: _ok(api.get(path)), repeats=5, warmup=1)
    return [
        latency("client file without read audit", without_audit),
        latency(
            "client file with read audit",
            with_audit,
            floor="client file without read audit",
            goal="≤ 1.15×",
        ),
    ]
