"""A caseworker takes one client from intake to outflow through the pages, as a person would;
the client list, the client file and the intake form are checked with axe on the way."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    give_backup_code,
    member,
)
from lvv.audit.models import AuditEvent
from lvv.cases.models import Client, ClientStatus, Outflow, Placement, Trajectory
from lvv.cases.reference_data import load_reference_data
from lvv.cases.services.clients import client_create
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
)

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, membership):
    code = give_backup_code(membership.user, "journey42")
    page.goto(f"{live_server.url}/account/inloggen")
    page.get_by_label("Gebruikersnaam").fill(membership.user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")


def choose(page, selector, text):
    """Pick the option whose label contains `text`, as a person reading the list would."""
    options = page.locator(f"{selector} option")
    for index in range(options.count()):
        if text in options.nth(index).inner_text():
            page.locator(selector).select_option(index=index)
            return
    raise AssertionError(f"no option with {text!r} in {selector}")


def submit(page):
    """Press the form's own submit button (the first one in the main content)."""
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_client_from_intake_to_outflow(live_server, page, axe):
    load_reference_data(apps)
    today = timezone.localdate()
    utrecht = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    ngo = OrganisationFactory(
        name="Stichting Noodopvang Utrecht", kind=OrganisationKind.PARTNER_NGO
    )
    location = LocationFactory(name="Locatie Catharijne", municipality=utrecht, operator=ngo)
    LocationCapacityFactory(location=location, start=today - timedelta(days=400))
    caseworker = member(Role.CASEWORKER, organisation=ngo)
    # Registered at the desk a month ago by a colleague; today the file is taken further.
    client = client_create(
        actor=Actor.system(),
        family_name="Tesfay",
        given_names="Amanuel",
        municipality=utrecht,
        partner=ngo,
        on=today - timedelta(days=30),
        v_number="1234567890",
        nationality="ER",
    )
    day = {n: (today - timedelta(days=n)).isoformat() for n in (30, 29, 20, 10, 5)}

    log_in(page, live_server, caseworker)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Cliënten").click()
    page.wait_for_url(f"{live_server.url}/clienten/")
    assert "Tesfay" in page.locator("main").inner_text()
    assert_no_axe_violations(axe, page)

    page.locator("main").get_by_role("link", name="Tesfay").first.click()
    file_url = f"{live_server.url}/clienten/{client.uuid}"
    page.wait_for_url(file_url)
    assert_no_axe_violations(axe, page)

    # Intake: every criterion answered yes, admitted with a reason.
    page.goto(f"{file_url}/intake")
    assert_no_axe_violations(axe, page)
    page.locator("#id_intake_on").fill(day[30])
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.locator("#id_decision").select_option("admitted")
    page.locator("#id_decision_reason").fill("Voldoet aan alle criteria.")
    page.locator("#id_decided_on").fill(day[29])
    submit(page)
    page.wait_for_url(file_url)

    page.goto(f"{file_url}/plaatsing/nieuw")
    choose(page, "#id_location", "Locatie Catharijne")
    page.locator("#id_start").fill(day[29])
    submit(page)

    page.goto(f"{file_url}/status")
    page.check("input[name=to_status][value=rest_period]")
    page.locator("#id_on").fill(day[20])
    submit(page)

    page.goto(f"{file_url}/scenario/nieuw")
    page.locator("#id_kind").select_option("return")
    page.locator("#id_agreed_on").fill(day[10])
    submit(page)

    page.goto(f"{file_url}/traject/starten")
    page.locator("#id_on").fill(day[5])
    submit(page)

    # Outflow with a date before the placement began is refused, clearly and at the field.
    page.goto(f"{file_url}/uitstroom")
    page.locator("#id_reason").select_option("return_iom")
    page.locator("#id_left_on").fill(day[30])
    submit(page)
    assert page.locator("#id_left_on").get_attribute("aria-invalid") == "true" or (
        "placed" in page.locator("main").inner_text()
        or "geplaatst" in page.locator("main").inner_text()
    )
    assert not Outflow.objects.filter(client=client).exists()
    page.locator("#id_left_on").fill(today.isoformat())
    submit(page)
    page.wait_for_url(file_url)
    assert_no_axe_violations(axe, page)

    client.refresh_from_db()
    assert client.status == ClientStatus.OUTFLOW
    placement = Placement.objects.get(client=client)
    assert placement.end == today
    assert Trajectory.objects.get(client=client).end == today
    assert Outflow.objects.get(client=client).reason.group == "durable"
    # Every step left an audit event naming the client, and the file reads were audited too.
    actions = set(
        AuditEvent.objects.filter(subject_id=client.uuid).values_list("action", flat=True)
    )
    assert {"create", "update", "read"} <= actions


def test_the_new_client_form_shows_field_errors_accessibly(live_server, page, axe):
    load_reference_data(apps)
    utrecht = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    ngo = OrganisationFactory(
        name="Stichting Noodopvang Utrecht", kind=OrganisationKind.PARTNER_NGO
    )
    LocationFactory(name="Locatie Catharijne", municipality=utrecht, operator=ngo)
    caseworker = member(Role.CASEWORKER, organisation=ngo)
    log_in(page, live_server, caseworker)
    page.goto(f"{live_server.url}/clienten/nieuw")
    assert_no_axe_violations(axe, page)
    page.locator("#id_family_name").fill("Haile")
    page.locator("#id_v_number").fill("123")
    submit(page)
    assert page.locator("#id_v_number").get_attribute("aria-invalid") == "true"
    assert not Client.objects.filter(family_name="Haile").exists()
    assert_no_axe_violations(axe, page)
