"""A coordinator checks and signs off a quarter, the ministry sees it submitted, and the monitor
dashboard shows its charts with their tables; each page passes axe at WCAG 2.1 AA."""

from datetime import date

import pytest
from django.apps import apps

from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code
from lvv.cases.models import OutflowReason, PlacementEndReason
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import ClientFactory, OutflowFactory, PlacementFactory
from lvv.monitoring.models import QuarterSubmission, SubmissionStatus
from lvv.network.tests.factories import LocationCapacityFactory

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scene():
    load_reference_data(apps)
    world = _build_world()
    LocationCapacityFactory(location=world.location_a, start=date(2021, 1, 1))
    # One stay with its outflow, one still present, one placed without an intake.
    for start, end in ((date(2022, 1, 10), date(2022, 5, 1)), (date(2022, 2, 1), None)):
        client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
        PlacementFactory(
            client=client,
            location=world.location_a,
            start=start,
            end=end,
            end_reason=PlacementEndReason.OUTFLOW if end else "",
        )
        if end:
            OutflowFactory(
                client=client, left_on=end, reason=OutflowReason.objects.get(code="return_iom")
            )
    return world


def log_in(page, live_server, membership, *, second_factor: bool):
    code = give_backup_code(membership.user, "quality42") if second_factor else None
    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(membership.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if second_factor:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")


def test_sign_off_a_quarter_and_see_it_submitted(live_server, page, axe):
    world = scene()
    log_in(page, live_server, world.coordinator_a, second_factor=True)

    page.goto(f"{live_server.url}/monitor/kwaliteit?periode=2022-Q2")
    assert page.locator("h1").count() == 1
    assert page.locator("[data-testid=quality-checks] tbody tr").count() == 5
    assert_no_axe_violations(axe, page)

    # Every placement above lacks an intake: an explanation is required.
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".utrecht-form-field--invalid").count() == 1
    assert_no_axe_violations(axe, page)
    page.locator("textarea[name=explanation]").fill("De intakes staan nog op papier.")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/monitor/kwaliteit?periode=2022-Q2")
    assert page.locator("[data-testid=submission-status]").is_visible()
    assert_no_axe_violations(axe, page)
    submission = QuarterSubmission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.explanation == "De intakes staan nog op papier."

    page.context.clear_cookies()
    log_in(page, live_server, world.analyst, second_factor=False)
    page.goto(f"{live_server.url}/monitor/inzendingen?jaar=2022")
    cell = page.locator("[data-municipality=GM0344] [data-period='2022-Q2']")
    assert "Gemeente Utrecht" in cell.inner_text()
    assert_no_axe_violations(axe, page)


def test_the_dashboard_passes_axe(live_server, page, axe):
    world = scene()
    log_in(page, live_server, world.analyst, second_factor=False)
    page.goto(
        f"{live_server.url}/monitor/dashboard?eenheid=municipality:GM0344&van=2022-Q1&tot=2022-Q4"
    )
    assert page.locator("h1").count() == 1
    figures = page.locator("main figure")
    assert figures.count() == 5
    for index in range(figures.count()):
        image = figures.nth(index).locator("img")
        assert image.get_attribute("alt")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert figures.nth(index).locator("figcaption").inner_text().strip()
    assert page.locator("main table").count() == 5
    assert_no_axe_violations(axe, page)
