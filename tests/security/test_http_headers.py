"""HTTP hardening: security headers on every kind of answer, a Content-Security-Policy that
allows no inline code, no caching of anything the application produces, and a clean
`check --deploy` under the production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.test import Client as DjangoClient
from django.urls import reverse

from lvv.cases.tests import conftest as cases_fixtures

# The client register's scene (see lvv/cases/tests/conftest.py), used as fixtures here.
world = cases_fixtures.world
_reference_data = cases_fixtures._reference_data

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "lvv"


def assert_hardened(response) -> None:
    """The headers every answer of the application carries (static files excepted)."""
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_policy_allows_no_inline_code_and_no_framing():
    directives = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name, sources in sorted(directives.items()):
        for source in sources:
            assert source not in {"'unsafe-inline'", "'unsafe-eval'", "*"}, (name, source)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert "csp.middleware.CSPMiddleware" in django_settings.MIDDLEWARE


def test_an_anonymous_page_is_hardened(db):
    response = DjangoClient().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_hardened(response)


def test_a_page_with_personal_data_is_hardened(world, page_client):
    response = page_client(world.caseworker_a).get(
        reverse("cases:client-detail", args=[world.client_a.uuid])
    )
    assert response.status_code == 200
    assert world.client_a.family_name in response.content.decode()
    assert_hardened(response)


def test_api_answers_are_hardened(world, api_client):
    anonymous = api_client().get("/api/v1/clients")
    assert anonymous.status_code == 401
    assert_hardened(anonymous)
    listed = api_client(world.caseworker_a).get("/api/v1/clients")
    assert listed.status_code == 200
    assert_hardened(listed)


def test_error_pages_are_hardened(world, page_client):
    response = page_client(world.caseworker_a).get("/bestaat-niet")
    assert response.status_code == 404
    assert_hardened(response)


def test_static_files_may_be_cached(db):
    response = DjangoClient().get("/static/lvv/theme.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_on_https_when_configured(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = DjangoClient().get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# Inline code the policy would block: <script> without src, <style>, style="...", on...= handlers.
_INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    re.compile(r"<style\b", re.IGNORECASE),
    re.compile(r"\sstyle\s*=", re.IGNORECASE),
    re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    re.compile(r"\bhx-on", re.IGNORECASE),
    re.compile(r"javascript:", re.IGNORECASE),
]


def test_no_template_holds_inline_scripts_styles_or_handlers():
    found = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in _INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(REPO)}:{line}: {match.group(0)}")
    assert found == []


def test_check_deploy_is_clean_under_the_production_settings():
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="lvv.conf.production",
        SECRET_KEY="x" * 20 + "production-like-secret-for-the-check-0123456789",
        LVV_PSEUDONYM_KEY="p" * 48,
        ALLOWED_HOSTS="lvv.example.org",
    )
    # Set by the browser tests' conftest in this process; no deployment sets them.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("lvv")),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The deploy checks include HSTS, the HTTPS redirect and secure cookies (security.W004,
    # W008, W012, W016): clean means production turns all of them on.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
