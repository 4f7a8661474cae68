"""Chromium enforces the Content-Security-Policy and reports no violation on real pages: the
login, the start page, a client list with htmx, and the programme timeline (a matplotlib
SVG shown as an image). Part of issue #6 item 4; the header checks are in tests/security."""

from io import StringIO

import pytest
from django.core.management import call_command

from lvv.accounts.models import Membership
from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (through the DevTools protocol, not subject to the policy).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_pages_load_without_a_csp_violation(live_server, page):
    call_command(
        "seed_demo",
        "--allow-without-debug",
        "--without-clients",
        "--quiet-accounts",
        stdout=StringIO(),
    )
    coordinator = (
        Membership.objects.filter(role=Role.MUNICIPAL_COORDINATOR).select_related("user").first()
    )
    coordinator.user.set_password(TEST_PASSWORD)
    coordinator.user.save()
    code = give_backup_code(coordinator.user, "csp42424")

    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.add_init_script(COLLECT_VIOLATIONS)

    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(coordinator.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/tweede-factor**")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")

    violations: dict[str, list[str]] = {}
    for path in ("/", "/clienten/", "/programma/tijdlijn", "/netwerk/locaties"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[path] = found
    # The timeline is really there, as an image the policy allows.
    page.goto(f"{live_server.url}/programma/tijdlijn")
    chart = page.locator("main figure img").first
    assert chart.get_attribute("src").startswith("data:image/svg+xml")
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    # htmx, a static script, loaded and ran.
    page.goto(f"{live_server.url}/clienten/")
    assert page.evaluate("typeof window.htmx") == "object"

    assert violations == {}
    refused = [line for line in console if "Content Security Policy" in line]
    assert refused == []

    # The detector works: an inline style added now is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations")[0].startswith("style-src")
