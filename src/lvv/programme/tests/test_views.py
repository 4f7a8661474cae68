"""The programme pages: who may open which, what they show, and what their forms do."""

import base64
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditEvent
from lvv.programme.models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    Decision,
    PartnerContract,
    SpendingRecord,
)
from lvv.programme.tests.factories import PlannedLvvFactory

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal
NO_ACCESS = [Role.CASEWORKER, Role.CHAIN_PARTNER, Role.ANALYST, Role.AUDITOR, Role.FUNCTIONAL_ADMIN]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def world(pilots, seed_letter, groningen_contract, groningen):
    return {
        "agreement": pilots["Groningen"],
        "decision": seed_letter,
        "contract": groningen_contract,
        "municipality": groningen,
        "plan": PlannedLvvFactory(central_municipality=groningen),
        "rule": pilots["Groningen"].funding_rules.get(),
    }


def read_pages(w):
    a = w["agreement"].uuid
    return [
        "/programma/",
        "/programma/convenanten",
        f"/programma/convenanten/{a}",
        f"/programma/convenanten/{a}/afbouw",
        "/programma/besluiten",
        f"/programma/besluiten/{w['decision'].uuid}",
        "/programma/financiering",
        "/programma/contracten",
        f"/programma/contracten/{w['contract'].uuid}",
        "/programma/signalen",
        "/programma/netwerkplan",
        "/programma/tijdlijn",
        f"/programma/gemeenten/{w['municipality'].uuid}/tijdlijn",
    ]


def manager_pages(w):
    a = w["agreement"].uuid
    return [
        "/programma/convenanten/nieuw",
        "/programma/convenanten/verlengen",
        f"/programma/convenanten/{a}/wijzigen",
        f"/programma/convenanten/{a}/verlengen",
        f"/programma/convenanten/{a}/beeindigen",
        f"/programma/convenanten/{a}/financiering/nieuw",
        f"/programma/convenanten/{a}/financiering/{w['rule'].uuid}/wijzigen",
        "/programma/besluiten/nieuw",
        f"/programma/besluiten/{w['decision'].uuid}/wijzigen",
        "/programma/netwerkplan/nieuw",
        f"/programma/netwerkplan/{w['plan'].uuid}/wijzigen",
        f"/programma/netwerkplan/{w['plan'].uuid}/jaar",
    ]


def coordinator_pages(w):
    return [
        "/programma/contracten/nieuw",
        f"/programma/contracten/{w['contract'].uuid}/wijzigen",
        "/programma/financiering/uitgaven/nieuw",
    ]


def test_a_programme_manager_opens_every_page(page_client, manager, world):
    client = page_client(manager)
    for path in read_pages(world) + manager_pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="nl"' in html(response)
    for path in coordinator_pages(world):
        assert client.get(path).status_code == 403, path


def test_a_coordinator_opens_their_pages_but_not_the_managers(page_client, coordinator, world):
    client = page_client(coordinator)
    for path in read_pages(world) + coordinator_pages(world):
        assert client.get(path).status_code == 200, path
    for path in manager_pages(world):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("role", NO_ACCESS)
def test_other_roles_are_refused_every_page(page_client, role, world):
    client = page_client(member(role))
    for path in read_pages(world) + manager_pages(world) + coordinator_pages(world):
        assert client.get(path).status_code == 403, path


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/programma/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_coordinator_sees_their_own_agreements_only(page_client, coordinator, pilots):
    client = page_client(coordinator)
    page = html(client.get("/programma/convenanten"))
    assert pilots["Groningen"].title in page
    assert pilots["Amsterdam"].title not in page
    assert client.get(f"/programma/convenanten/{pilots['Amsterdam'].uuid}").status_code == 404


def test_the_agreement_page_shows_history_funding_and_actions(page_client, manager, world):
    page = html(page_client(manager).get(f"/programma/convenanten/{world['agreement'].uuid}"))
    assert 'data-testid="history"' in page
    history = re.search(r'data-testid="history".*?</table>', page, re.S).group(0)
    assert "1 april 2019" in history and "30 juni 2022" in history
    assert "€ 4.300.000,00" in page  # 2021 at the yearly lump sum
    assert reverse("programme:agreement-extend", kwargs={"uuid": world["agreement"].uuid}) in page


def test_the_coordinator_sees_no_manager_buttons(page_client, coordinator, world):
    page = html(page_client(coordinator).get(f"/programma/convenanten/{world['agreement'].uuid}"))
    assert (
        reverse("programme:agreement-extend", kwargs={"uuid": world["agreement"].uuid}) not in page
    )
    assert 'name="status"' not in page


def test_the_funding_page_shows_the_rounding_rule(page_client, manager, world):
    page = html(page_client(manager).get("/programma/financiering", {"year": 2021}))
    assert 'data-testid="rounding-rule"' in page
    assert "ROUND" not in page  # said in words, not as a constant
    assert "€ 4.300.000,00" in page


def test_the_warnings_page_as_known_on_a_day(page_client, coordinator, world):
    page = html(page_client(coordinator).get("/programma/signalen", {"as_of": "2021-12-01"}))
    assert 'data-testid="warnings"' in page
    assert "1 april 2022" in page
    assert world["contract"].partner.name in page


def test_the_timeline_is_a_chart_with_a_caption_and_the_same_data_as_a_table(
    page_client, manager, world
):
    page = html(page_client(manager).get("/programma/tijdlijn", {"as_of": "2021-12-01"}))
    figure = re.search(r"<figure.*?</figure>", page, re.S).group(0)
    src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', figure).group(1)
    svg = base64.b64decode(src).decode()
    assert "<svg" in svg and "<pattern" in svg
    assert re.search(r'<img [^>]*alt="[^"]+"', figure)
    assert "<figcaption" in figure and 'aria-describedby="timeline-caption"' in figure
    table = re.search(r'<table[^>]*data-testid="timeline-table".*?</table>', page, re.S).group(0)
    assert "<caption" in table and 'scope="col"' in table
    # The decision, five agreement periods, Groningen's notice deadline and its warning.
    assert table.count("<tr") - 1 == 8


# --- forms --------------------------------------------------------------------------------------


def test_a_manager_creates_an_agreement_by_form(page_client, manager, groningen, pilots):
    client = page_client(manager)
    response = client.post(
        "/programma/convenanten/nieuw",
        {
            "municipality": groningen.cbs_code,
            "title": "Convenant LVV Groningen 2023",
            "parties": ["municipality", "state_secretary", "ind", "dtv", "police", "vng"],
            "start": "2022-07-01",
            "last_day": "2023-12-31",
        },
    )
    agreement = Agreement.objects.get(title="Convenant LVV Groningen 2023")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programme:agreement-detail", kwargs={"uuid": agreement.uuid}
    )
    assert agreement.end == D(2024, 1, 1)  # the inclusive last day became the exclusive end
    assert agreement.status == AgreementStatus.DRAFT


def test_a_bad_agreement_form_shows_the_error_at_the_field_and_saves_nothing(
    page_client, manager, groningen, pilots, snapshot
):
    client = page_client(manager)
    before = snapshot()
    response = client.post(
        "/programma/convenanten/nieuw",
        {
            "municipality": groningen.cbs_code,
            "title": "Overlappend",
            "parties": ["municipality", "state_secretary"],
            "start": "2021-01-01",
            "last_day": "2021-12-31",
        },
    )
    assert response.status_code == 200
    assert 'id="id_start_error"' in html(response)
    before.assert_unchanged()


def test_extending_one_agreement_by_form(page_client, manager, world):
    agreement = world["agreement"]
    response = page_client(manager).post(
        f"/programma/convenanten/{agreement.uuid}/verlengen",
        {
            "decision": str(world["decision"].uuid),
            "new_last_day": "2022-12-31",
            "funding_kind": "same_level_as_year",
            "reference_year": "2021",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.end == D(2023, 1, 1)
    assert agreement.funding_rules.filter(reference_year=2021).exists()


def test_an_extension_form_error_lands_at_the_funding_field(page_client, manager, world, snapshot):
    client = page_client(manager)
    before = snapshot()
    response = client.post(
        f"/programma/convenanten/{world['agreement'].uuid}/verlengen",
        {
            "decision": str(world["decision"].uuid),
            "new_last_day": "2022-12-31",
            "funding_kind": "same_level_as_year",
        },
    )
    assert response.status_code == 200
    assert 'id="id_reference_year_error"' in html(response)
    before.assert_unchanged()


def test_bulk_extension_previews_then_applies(page_client, manager, pilots, seed_letter, snapshot):
    client = page_client(manager)
    form = {
        "agreements": [str(a.uuid) for a in pilots.values()],
        "decision": str(seed_letter.uuid),
        "new_last_day": "2022-12-31",
        "funding_kind": "same_level_as_year",
        "reference_year": "2021",
    }
    initial = html(client.get("/programma/convenanten/verlengen"))
    assert initial.count('name="agreements"') == 5  # all agreements in force, checked

    before = snapshot()
    preview = client.post("/programma/convenanten/verlengen", {**form, "action": "preview"})
    assert preview.status_code == 200
    page = html(preview)
    assert 'data-testid="preview"' in page
    assert "€ 2.167.671,23" in page  # Groningen, second half of 2022 at the 2021 level
    assert 'value="apply"' in page
    before.assert_unchanged()

    applied = client.post("/programma/convenanten/verlengen", {**form, "action": "apply"})
    assert applied.status_code == 302
    assert applied["Location"] == reverse(
        "programme:decision-detail", kwargs={"uuid": seed_letter.uuid}
    )
    assert AgreementAmendment.objects.filter(decision=seed_letter).count() == 5
    decision_page = html(client.get(applied["Location"]))
    assert decision_page.count("Convenant LVV") >= 5


def test_bulk_extension_with_a_bad_agreement_saves_nothing(
    page_client, manager, pilots, seed_letter, snapshot
):
    Agreement.objects.filter(pk=pilots["Eindhoven"].pk).update(end=D(2023, 6, 1))
    client = page_client(manager)
    before = snapshot()
    form = {
        "agreements": [str(a.uuid) for a in pilots.values()],
        "decision": str(seed_letter.uuid),
        "new_last_day": "2022-12-31",
    }
    preview = html(client.post("/programma/convenanten/verlengen", {**form, "action": "preview"}))
    assert "Eindhoven" in preview and 'value="apply"' not in preview
    applied = client.post("/programma/convenanten/verlengen", {**form, "action": "apply"})
    assert applied.status_code == 200
    assert "Eindhoven" in html(applied)
    before.assert_unchanged()


def test_status_buttons_move_the_agreement(page_client, manager, pilots):
    agreement = pilots["Groningen"]  # its last day has long passed
    response = page_client(manager).post(
        f"/programma/convenanten/{agreement.uuid}/status", {"status": "ended"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED


def test_a_refused_status_change_is_told_and_changes_nothing(page_client, manager, pilots):
    agreement = pilots["Groningen"]
    client = page_client(manager)
    response = client.post(
        f"/programma/convenanten/{agreement.uuid}/status", {"status": "draft"}, follow=True
    )
    assert "utrecht-alert--error" in html(response)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE


def test_a_coordinator_records_a_contract_and_spending_by_form(
    page_client, coordinator, world, groningen
):
    client = page_client(coordinator)
    location = world["contract"].locations.get()
    response = client.post(
        "/programma/contracten/nieuw",
        {
            "municipality": groningen.cbs_code,
            "partner": str(world["contract"].partner.uuid),
            "agreement": str(world["agreement"].uuid),
            "start": "2022-07-01",
            "last_day": "2022-12-31",
            "amount": "1600000,00",
            "notice_period": "3",
            "notice_unit": "months",
            "locations": [str(location.uuid)],
        },
    )
    assert response.status_code == 302
    contract = PartnerContract.objects.get(start=D(2022, 7, 1))
    assert (contract.end, contract.amount) == (D(2023, 1, 1), E("1600000.00"))
    assert list(contract.locations.all()) == [location]

    response = client.post(
        "/programma/financiering/uitgaven/nieuw",
        {
            "municipality": groningen.cbs_code,
            "start": "2021-01-01",
            "last_day": "2021-03-31",
            "amount": "1075000,25",
            "description": "Eerste kwartaal",
        },
    )
    assert response.status_code == 302
    assert SpendingRecord.objects.get().amount == E("1075000.25")


def test_a_coordinator_cannot_choose_another_municipality_in_the_form(
    page_client, coordinator, world, amsterdam, snapshot
):
    client = page_client(coordinator)
    before = snapshot()
    response = client.post(
        "/programma/financiering/uitgaven/nieuw",
        {
            "municipality": amsterdam.cbs_code,
            "start": "2021-01-01",
            "last_day": "2021-03-31",
            "amount": "1,00",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in html(response)
    before.assert_unchanged()


def test_a_decision_by_form(page_client, manager):
    response = page_client(manager).post(
        "/programma/besluiten/nieuw",
        {
            "kind": "parliamentary_letter",
            "date": "2023-07-07",
            "title": "Financiering LVV tot en met 2026",
            "reference": "4567890",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get(reference="4567890").title == "Financiering LVV tot en met 2026"
    assert AuditEvent.objects.filter(object_type="programme.decision").count() == 1


def test_the_wind_down_page_counts_and_names_no_clients(page_client, manager, world):
    page = html(
        page_client(manager).get(f"/programma/convenanten/{world['agreement'].uuid}/afbouw")
    )
    assert 'data-testid="wind-down-contracts"' in page
    assert 'data-testid="state-places">80<' in page


def test_filtering_with_htmx_swaps_in_only_the_results(page_client, manager, pilots):
    response = page_client(manager).get(
        "/programma/convenanten", {"municipality": "GM0014"}, HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert "<html" not in page
    assert pilots["Groningen"].title in page and pilots["Amsterdam"].title not in page
    assert "HX-Request" in response["Vary"]
