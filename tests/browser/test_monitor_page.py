"""An analyst opens the LVV monitor from the menu, picks a municipality and a quarter, reads
the figures with their definitions; the page passes axe at WCAG 2.1 AA."""

import datetime

import pytest

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import TEST_PASSWORD, member
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.factories import ClientFactory, PlacementFactory
from lvv.network.tests.factories import LocationFactory, MunicipalityFactory

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_monitor_page_for_an_analyst(live_server, page, axe):
    from django.apps import apps

    load_reference_data(apps)
    municipality = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    location = LocationFactory(municipality=municipality)
    for day in range(1, 9):
        client = ClientFactory(municipality=municipality, partner=location.operator)
        PlacementFactory(client=client, location=location, start=datetime.date(2022, 1, day))
    analyst = member(Role.ANALYST)
    analyst.user.set_password(TEST_PASSWORD)
    analyst.user.save()

    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(analyst.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdmenu").locator("a[href='/monitor/']").click()
    page.wait_for_url(f"{live_server.url}/monitor/")
    assert_no_axe_violations(axe, page)

    page.goto(f"{live_server.url}/monitor/?level=municipality&period=2022-Q2")
    page.locator("select[name=unit]").select_option("GM0344")
    page.locator("form.lvv-form button[type=submit]").click()
    page.wait_for_selector("#suppression-rule")
    assert page.locator("h1").count() == 1
    assert page.locator("main table caption").count() >= 5
    page.locator("details summary").first.click()
    assert_no_axe_violations(axe, page)
