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
