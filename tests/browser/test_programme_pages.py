"""A programme manager reads agreements, funding, warnings and timelines, and previews the
seed letter's bulk extension; each page passes axe at WCAG 2.1 AA."""

from io import StringIO

import pytest
from django.core.management import call_command

from lvv.accounts.models import Membership
from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_programme_pages_for_a_programme_manager(live_server, page, axe):
    call_command(
        "seed_demo",
        "--allow-without-debug",
        "--without-clients",
        "--quiet-accounts",
        stdout=StringIO(),
    )
    manager = Membership.objects.filter(role=Role.PROGRAMME_MANAGER).select_related("user").first()
    manager.user.set_password(TEST_PASSWORD)
    manager.user.save()
    give_backup_code(manager.user, "unused42")

    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(manager.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # No personal data in this role: no second factor is asked.
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Programma").click()
    page.wait_for_url(f"{live_server.url}/programma/")
    assert_no_axe_violations(axe, page)

    for path in (
        "convenanten",
        "besluiten",
        "financiering",
        "contracten",
        "signalen",
        "netwerkplan",
        "tijdlijn",
        "convenanten/verlengen",
    ):
        page.goto(f"{live_server.url}/programma/{path}")
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page)

    # The timeline is an image with a text alternative and the same data as a table.
    page.goto(f"{live_server.url}/programma/tijdlijn")
    figure = page.locator("main figure").first
    assert figure.locator("figcaption").inner_text().strip()
    assert page.locator("main table").count() >= 1
    assert "3692956" in page.locator("main").inner_text()  # the seed letter's kenmerk
