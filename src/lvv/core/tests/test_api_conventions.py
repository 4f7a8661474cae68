"""The API conventions every endpoint inherits: version header, problem+json, no slashes."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_is_published_without_login(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "LVV API"
    assert response["API-Version"] == "1.0.0"


def test_unknown_api_route_is_problem_json(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["instance"] == "/api/v1/does-not-exist"
    assert response["API-Version"] == "1.0.0"


def test_trailing_slash_is_not_found_not_a_redirect(client):
    response = client.get("/api/v1/openapi.json/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_every_response_carries_a_request_id(client):
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    assert len(response["X-Request-ID"]) >= 8


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/toegankelijkheid", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert "<" not in response["X-Request-ID"]


def test_every_operation_documents_its_problem_json_errors(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["schemas"]["Problem"]["required"][:3] == [
        "type",
        "title",
        "status",
    ]
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert operations
    for path, method, operation in operations:
        unauthorised = operation["responses"]["401"]["content"]
        assert "application/problem+json" in unauthorised, (path, method)
        if "{" in path:
            assert "404" in operation["responses"], (path, method)


def test_pages_are_dutch_even_for_an_english_browser(client):
    response = client.get("/toegankelijkheid", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_the_language_switch_turns_pages_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/toegankelijkheid"})
    assert response.status_code == 302
    page = client.get("/toegankelijkheid")
    assert '<html lang="en"' in page.content.decode()
    assert "Accessibility statement" in page.content.decode()


def test_the_stylesheets_and_scripts_of_the_layout_are_served(client):
    import re

    html = client.get("/account/inloggen").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert any(a.endswith("lvv/theme.css") for a in assets)
    assert any("utrecht-css" in a for a in assets)
    assert any("htmx" in a for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
