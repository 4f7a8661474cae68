"""A safety net over every API route, present and future: discovered from the URL conf.

Every route below /api/v1 except the OpenAPI document refuses an anonymous caller with 401
problem+json, answers every role with either data or a 403 problem+json (never a crash), and
carries the API-Version header. Per-endpoint role matrices live with each app's tests.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lvv.accounts.roles import Role

pytestmark = pytest.mark.django_db

PUBLIC = {"/api/v1/openapi.json"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def list_routes() -> list[str]:
    """Every API route without a path parameter, as a concrete path."""
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        path = "/" + route.replace("^", "").replace("$", "").replace("\\", "")
        if "<" in path or "(?P" in path or "[" in path:
            continue
        routes.add(path)
    return sorted(routes)


ROUTES = list_routes()


def test_the_api_has_routes_for_every_app():
    joined = " ".join(ROUTES)
    for expected in (
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/locations",
        "/api/v1/audit-events",
    ):
        assert expected in joined


@pytest.mark.parametrize("path", [p for p in ROUTES if p not in PUBLIC])
def test_anonymous_callers_get_401_problem_json(client, path):
    response = client.get(path)
    assert response.status_code == 401, path
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]


@pytest.mark.parametrize("role", Role.values)
def test_every_role_gets_data_or_a_clear_refusal_never_a_crash(api_client, make_member, role):
    api = api_client(make_member(role))
    for path in ROUTES:
        response = api.get(path)
        assert response.status_code in {200, 403, 405}, (path, response.status_code)
        if response.status_code != 200:
            assert response["Content-Type"] == "application/problem+json", path


@pytest.mark.parametrize("path", [p for p in ROUTES if p not in PUBLIC])
def test_a_trailing_slash_is_a_404_not_a_redirect(api_client, make_member, path):
    api = api_client(make_member(Role.FUNCTIONAL_ADMIN))
    response = api.get(path + "/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
