"""A person logs in with a password and a backup code and reaches the start page."""

import pytest

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code, member

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_with_second_factor_and_sees_the_start_page(live_server, page, axe):
    caseworker = member(Role.CASEWORKER, organisation__name="Stichting Noodopvang Utrecht")
    code = give_backup_code(caseworker.user, "demo4242")

    page.goto(f"{live_server.url}/account/inloggen")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_no_axe_violations(axe, page)

    page.get_by_label("Gebruikersnaam").fill(caseworker.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/account/tweede-factor**")
    assert_no_axe_violations(axe, page)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()

    page.wait_for_url(f"{live_server.url}/")
    heading = page.get_by_role("heading", level=1)
    assert caseworker.user.get_full_name() in heading.inner_text()
    assert "Stichting Noodopvang Utrecht" in page.locator("main").inner_text()
    assert_no_axe_violations(axe, page)


def test_wrong_password_is_explained_at_the_form(live_server, page):
    caseworker = member(Role.CASEWORKER)
    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(caseworker.user.username)
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Inloggen").click()
    # The refused form comes back as a new page: wait for its alert (`is_visible` does not
    # wait, and could look at the page the click left before the answer arrived).
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "niet bekend" in alert.inner_text()
    assert "/account/inloggen" in page.url


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(live_server, page):
    page.goto(f"{live_server.url}/toegankelijkheid")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent").strip()
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_to_english(live_server, page):
    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_role("button", name="English").click()
    # The switch answers with the same address: wait for the English page itself (a load
    # state can already be reached by the page the click leaves).
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
