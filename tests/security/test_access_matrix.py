"""The access matrix: every route × every role in two organisations × every method, 0 leaks.

What it proves, for every page and API operation the URL conf has (discovered, not listed):

1. Each route declares who may use it: a page is a `CapabilityRequiredMixin` view (or is in
   `OPEN_PAGES` with a reason), an API view declares a capability for each of its actions (or is
   in `PUBLIC_API`), the admin is staff-only. A new route without a declaration fails here.
2. Each route's path parameters name an object kind this test knows (`SEGMENT_KIND`), so it
   can aim the route at the other organisation's object. A new kind fails here until added.
3. For every role of organisation A (Utrecht) and B (Amsterdam), and the national roles, every
   method on every route aimed at the *other* organisation's objects:
   - a route on an object the caller may not see answers 403, 404 or 405, whatever the method;
   - a write on a shared register object (a location, a municipality...) the caller does not
     manage is refused the same way;
   - no response body (lists, details, exports, pages) holds a marker of anything the caller may
     not see: uuids and texts of the other side's client files and municipal registers, the
     restricted parts of a file for chain partners, and any personal data for national roles;
   - a refused write changed nothing (every table of the system compared before and after).

Per-app matrices with exact statuses live beside the apps (`cases/tests/test_api_*_matrix.py`,
`programme/tests/test_api_matrix.py`); `tests/test_api_every_endpoint.py` checks anonymous
callers and the problem+json format. This test is the cross-cutting net over all of them.
"""

from __future__ import annotations

import hashlib
import io
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from rest_framework.viewsets import ViewSetMixin

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.api.permissions import HasCapability
from lvv.accounts.roles import Capability
from lvv.audit.models import AuditEvent
from lvv.core.pages import CapabilityRequiredMixin

from .conftest import api_client_for, page_client_for
from .routes import Route, all_routes
from .scene import AUDIT, MUNICIPAL, PRIVATE, SHARED, hidden_markers, visible_kinds

pytestmark = pytest.mark.django_db

# --- Declarations: the one table of routes open to more than a capability ------------------
OPEN_PAGES = {
    "accessibility": "public: the accessibility statement",
    "set_language": "public: Django's language switch sets a cookie, shows no data",
    "accounts:login": "public: the login form",
    "accounts:logout": "public: POST only, ends the caller's own session",
    "accounts:home": "login only: who you are and what your role may do, nothing of others",
    "accounts:verify": "login only: the second step of the login",
    "accounts:setup": "login only: link an authenticator app to one's own account",
    "accounts:switch-role": "login only: act in another of one's own memberships (POST)",
    "accounts:password-change": "login only: change one's own password",
    "accounts:password-change-done": "login only: confirmation of one's own password change",
}
PUBLIC_API = {"api:openapi": "public: the OpenAPI document describes, it holds no data"}
# The Django admin: staff only (AdminSite.has_permission), with a proved second factor
# (accounts.middleware.SecondFactorRequiredMiddleware); its model admins audit every edit.
ADMIN_NAMESPACE = "admin:"

# --- What a path parameter points at, by the path segment before it -------------------------
SEGMENT_KIND = {
    # API
    "clients": "client",
    "journal": "journal",
    "consents": "consent",
    "intakes": "intake",
    "placements": "placement",
    "actions": "action",
    "procedures": "procedure",
    "escalations": "escalation",
    "case-meetings": "meeting",
    "discussions": "discussion",
    "locations": "location",
    "capacities": "capacity",
    "organisations": "organisation",
    "municipalities": "municipality",
    "regions": "region",
    "decisions": "decision",
    "programmes": "programme",
    "agreements": "agreement",
    "funding-rules": "funding_rule",
    "spending-records": "spending",
    "partner-contracts": "contract",
    "planned-lvvs": "planned_lvv",
    "audit-events": "audit_event",
    "submissions": "submission",
    # Pages
    "clienten": "client",
    "intake": "intake",
    "toestemming": "consent",
    "journaal": "journal",
    "huishouden": "household",
    "acties": "action",
    "escalaties": "escalation",
    "overleggen": "meeting",
    "besprekingen": "discussion",
    "locaties": "location",
    "capaciteit": "capacity",
    "gemeenten": "municipality",
    "regios": "region",
    "convenanten": "agreement",
    "financiering": "funding_rule",
    "besluiten": "decision",
    "uitgaven": "spending",
    "contracten": "contract",
    "netwerkplan": "planned_lvv",
    "audit": "audit_event",
}
KNOWN_KINDS = PRIVATE | SHARED | AUDIT
# Path parameters that are values, not objects: (route name, parameter) -> values to try.
PARAM_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("monitoring:dashboard-chart", "slug"): ("bezetting-locaties", "verblijfsduur"),
    ("monitoring:monitor-download", "fmt"): ("csv", "xlsx"),
    ("monitoring:record-export", "fmt"): ("csv", "xlsx"),
}
# The trail of one client file (who opened it, never what it holds): the auditor's work.
AUDITOR_ROUTES = {"api:client-access-log", "cases:client-access-log"}

# Roles that manage a shared register for the whole country: their writes on the other side's
# objects are their job (tested in the apps), not a leak.
NATIONAL_WRITERS = {
    "functional_admin": frozenset(
        {"location", "capacity", "municipality", "region", "organisation"}
    ),
    "programme_manager": frozenset({"decision", "programme"}) | MUNICIPAL,
}

ACTORS = sorted(
    [
        "caseworker_a",
        "caseworker_b",
        "coordinator_a",
        "coordinator_b",
        "chain_a",
        "chain_b",
        "programme_manager",
        "analyst",
        "auditor",
        "functional_admin",
    ]
)
WRITE_METHODS = ("post", "put", "patch", "delete")
REFUSED = {403, 404, 405}

ROUTES = all_routes()


def _kind(route: Route, param: str, segment: str) -> str | None:
    if (route.name, param) in PARAM_VALUES:
        return "value"
    return SEGMENT_KIND.get(segment)


# --- 1 and 2: declarations ------------------------------------------------------------------


def _page_declaration_problem(route: Route) -> str | None:
    if route.name in OPEN_PAGES:
        return None
    view_class = route.view_class
    if view_class is None or not issubclass(view_class, CapabilityRequiredMixin):
        return "not a CapabilityRequiredMixin view and not in OPEN_PAGES"
    needed = view_class.required_capability
    if needed is not None and needed not in Capability.values:
        return f"required_capability {needed!r} is not a Capability"
    return None


def _api_declaration_problem(route: Route) -> str | None:
    if route.name in PUBLIC_API:
        return None
    view_class = route.view_class
    if view_class is None or not issubclass(view_class, ViewSetMixin):
        return "not a viewset; build API views on LvvGenericViewSet"
    if not issubclass(view_class, LvvGenericViewSet) or HasCapability not in (
        view_class.permission_classes
    ):
        return "not an LvvGenericViewSet checking HasCapability"
    missing = sorted(set(route.actions.values()) - set(view_class.capabilities))
    if missing:
        return f"no capability declared for actions {missing}"
    return None


def test_every_route_declares_who_may_use_it():
    problems = []
    for route in ROUTES:
        if route.name.startswith(ADMIN_NAMESPACE):
            continue
        problem = (
            _api_declaration_problem(route) if route.is_api else _page_declaration_problem(route)
        )
        if problem:
            problems.append(f"{route.name} {route.template}: {problem}")
    assert not problems, "\n".join(problems)


def test_the_declaration_tables_name_existing_routes_only():
    names = {route.name for route in ROUTES}
    assert not (set(OPEN_PAGES) | set(PUBLIC_API)) - names


def test_every_path_parameter_points_at_a_known_kind_of_object():
    problems = []
    for route in ROUTES:
        if route.name.startswith(ADMIN_NAMESPACE):
            continue
        for param, segment in route.params:
            kind = _kind(route, param, segment)
            if kind not in KNOWN_KINDS | {"value"}:
                problems.append(f"{route.name} {route.template}: {param} after {segment!r}")
    assert not problems, "Add to SEGMENT_KIND (and the scene) or PARAM_VALUES:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_the_admin_is_staff_only(scene, actor):
    # A role, even a functional administrator's, is not staff: the admin sends them to its login.
    page = page_client_for(scene.member(actor).user)
    response = page.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


LOGIN_ONLY = sorted(name for name, reason in OPEN_PAGES.items() if reason.startswith("login"))


@pytest.mark.parametrize("name", LOGIN_ONLY)
def test_login_only_pages_send_anonymous_callers_to_the_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- 3: the matrix --------------------------------------------------------------------------


def _state_digest() -> dict[str, str]:
    """A digest of every row of every table of the system except the audit trail (reads are
    audited) and framework bookkeeping (sessions, tokens, lockouts). Plain SQL: it runs after
    every route's writes, and the ORM would take longer than the requests."""
    digests = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model.__module__.startswith("lvv.") or model._meta.proxy:
                continue
            if model is AuditEvent or model._meta.model_name == "auditchainhead":
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            rows = cursor.fetchall()
            digests[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", errors="replace")


def _request(caller, method: str, path: str, *, api: bool):
    call = getattr(caller, method)
    if method == "get":
        return call(path)
    if api:
        return call(path, {}, format="json")
    return call(path, {})


def _aims(route: Route, scene, foreign, sample_sequence: int) -> list[tuple[dict, set]]:
    """Path values aiming `route` at the foreign side's objects (one set for every value a
    value parameter is tried with), and the kinds of those objects."""
    aims: list[tuple[dict, set]] = [({}, set())]
    for param, segment in route.params:
        kind = _kind(route, param, segment)
        if kind == "value":
            choices = PARAM_VALUES[(route.name, param)]
            aims = [({**v, param: c}, k) for v, k in aims for c in choices]
            continue
        if kind == "audit_event":
            value = str(sample_sequence)
        elif kind in KNOWN_KINDS:
            value = str(scene.object_for(kind, foreign).uuid)
        else:
            return []  # reported by test_every_path_parameter_points_at_a_known_kind
        aims = [({**v, param: value}, k | {kind}) for v, k in aims]
    return aims


class Probe:
    """One actor walking every route, aimed at the other side's objects."""

    def __init__(self, scene, actor: str):
        membership = scene.member(actor)
        self.scene = scene
        self.actor = actor
        self.page = page_client_for(membership.user)
        self.api = api_client_for(membership.user)
        self.foreign = scene.foreign_side(actor)
        self.hidden = hidden_markers(scene, actor)
        self.visible = visible_kinds(actor, self.foreign.name)
        self.writes = NATIONAL_WRITERS.get(actor, frozenset())
        self.sample_sequence = AuditEvent.objects.order_by("sequence").first().sequence
        self.baseline = _state_digest()
        self.problems: list[str] = []

    def walk(self) -> list[str]:
        for route in ROUTES:
            if route.name.startswith(ADMIN_NAMESPACE) or route.name in OPEN_PAGES:
                continue
            for values, kinds in _aims(route, self.scene, self.foreign, self.sample_sequence):
                self.try_route(route, values, kinds)
        return self.problems

    def is_hidden(self, route: Route, kind: str) -> bool:
        if kind in AUDIT or route.name in AUDITOR_ROUTES:
            return self.actor != "auditor"
        return kind in PRIVATE and kind not in self.visible

    def try_route(self, route: Route, values: dict, kinds: set) -> None:
        path = route.path(values)
        caller = self.api if route.is_api else self.page
        markers = self.hidden - set(values.values())
        path_hidden = any(self.is_hidden(route, kind) for kind in kinds)
        methods = ["get"]
        if kinds and not kinds <= self.writes:
            methods += WRITE_METHODS
        served = route.served_methods
        if served is not None:
            # A method without a handler is a 405 by construction: no request needed.
            methods = [method for method in methods if method in served]
        wrote = False
        for method in methods:
            response = _request(caller, method, path, api=route.is_api)
            status = response.status_code
            where = f"{self.actor} {method.upper()} {path} ({route.name}) -> {status}"
            if status >= 500:
                self.problems.append(f"{where}: server error")
                continue
            if (path_hidden or method != "get") and status not in REFUSED:
                self.problems.append(f"{where}: expected 403, 404 or 405")
            wrote = wrote or method != "get"
            text = _body_text(response)
            leaked = sorted(marker for marker in markers if marker in text)
            if leaked:
                self.problems.append(f"{where}: leaks {leaked}")
        if wrote:
            after = _state_digest()
            changed = sorted(label for label in after if after[label] != self.baseline[label])
            if changed:
                self.problems.append(f"{self.actor} writes on {path} changed {changed}")
                self.baseline = after


@pytest.mark.parametrize("actor", ACTORS)
def test_no_role_reaches_the_other_organisations_data(scene, actor):
    # Hundreds of refused requests would each log a line; the log is not what is tested here.
    logging.disable(logging.WARNING)
    try:
        problems = Probe(scene, actor).walk()
    finally:
        logging.disable(logging.NOTSET)
    assert not problems, "\n".join(problems)
