"""The client pages, per role: list, file, forms; errors at fields; nothing written on error."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import (
    Client,
    ClientStatus,
    Consent,
    IntakeDecision,
    JournalEntry,
)
from lvv.cases.selectors.clients import criteria_for

from .conftest import Snapshot
from .factories import (
    ActionFactory,
    CaseDiscussionFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    JournalEntryFactory,
    OutflowFactory,
    PlacementFactory,
    ScenarioFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
NO_CLIENT_DATA = ("programme_manager", "analyst", "auditor", "functional_admin")


def _pages(client):
    base = f"/clienten/{client.uuid}"
    return [
        "/clienten/werklijst",
        "/clienten/nieuw",
        f"{base}/wijzigen",
        f"{base}/intake",
        f"{base}/toestemming",
        f"{base}/journaal",
        f"{base}/status",
        f"{base}/overdragen",
        f"{base}/huishouden",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/clienten/",
        "/clienten/werklijst",
        "/clienten/nieuw",
        "/clienten/{uuid}",
        "/clienten/{uuid}/toegang",
    ],
)
def test_anonymous_visitors_are_sent_to_login(world, client, url):
    response = client.get(url.format(uuid=world.client_a.uuid))
    assert response.status_code == 302
    assert "/account/inloggen" in response["Location"]


@pytest.mark.parametrize("member", NO_CLIENT_DATA)
def test_roles_without_client_data_are_refused(world, page_client, member):
    web = page_client(world.members[member])
    for url in ["/clienten/", f"/clienten/{world.client_a.uuid}", *_pages(world.client_a)]:
        assert web.get(url).status_code == 403, url


def test_a_keeper_reaches_every_page_of_a_file(world, page_client):
    web = page_client(world.caseworker_a)
    for url in ["/clienten/", f"/clienten/{world.client_a.uuid}", *_pages(world.client_a)]:
        assert web.get(url).status_code == 200, url


@pytest.mark.parametrize("member", ["caseworker_b", "coordinator_b", "chain_ind"])
def test_a_file_outside_the_scope_is_not_found(world, page_client, member):
    web = page_client(world.members[member])
    assert web.get(f"/clienten/{world.client_a.uuid}").status_code == 404


@pytest.mark.parametrize("member", ["caseworker_b", "coordinator_b"])
def test_forms_of_a_file_outside_the_scope_are_not_found(world, page_client, member):
    web = page_client(world.members[member])
    for url in _pages(world.client_a)[2:]:
        assert web.get(url).status_code == 404, url


def test_a_chain_partner_reads_the_shared_sections_and_no_forms(world, page_client):
    client = world.client_a
    client.bsn = "111222333"
    client.phone = "0612121212"
    client.vulnerabilities = ["trafficking"]
    client.save()
    ConsentFactory(client=client, recipient=world.dtv)
    JournalEntryFactory(client=client, text="Vertrouwelijke notitie")
    PlacementFactory(client=client, location=world.location_a)
    ScenarioFactory(client=client)
    web = page_client(world.chain_dtv)
    page = web.get(f"/clienten/{client.uuid}").content.decode()
    assert client.family_name in page
    assert world.location_a.name in page
    for secret in (
        "Vertrouwelijke notitie",
        "111222333",
        "0612121212",
        'data-testid="section-journal"',
        'data-testid="section-consent"',
        'data-testid="section-access-log"',
        'data-testid="vulnerabilities"',
        'data-testid="section-household"',
    ):
        assert secret not in page, secret
    assert 'data-testid="section-trajectory"' in page
    for url in _pages(client):
        assert web.get(url).status_code == 403, url


def test_the_file_shows_every_section_to_its_keeper_and_the_reading_is_recorded(world, page_client):
    client = world.client_a
    JournalEntryFactory(client=client, text="Eerste gesprek")
    ConsentFactory(client=client, recipient=world.dtv, document_reference="SCAN-7")
    IntakeFactory(client=client)
    PlacementFactory(
        client=client, location=world.location_a, start=D(2023, 1, 1), end=D(2023, 7, 1)
    )
    ScenarioFactory(client=client)
    ActionFactory(client=client, description="Paspoort aanvragen")
    CaseDiscussionFactory(client=client, summary="Besproken")
    OutflowFactory(client=client)
    web = page_client(world.coordinator_a)
    page = web.get(f"/clienten/{client.uuid}").content.decode()
    for text in (
        "Eerste gesprek",
        "SCAN-7",
        "Paspoort aanvragen",
        "Besproken",
        "30 juni 2023",  # the placement's last day, shown inclusive
        'data-testid="section-access-log"',
        "ondersteuning van IOM",
    ):
        assert text in page, text
    event = AuditEvent.objects.filter(action=AuditAction.READ, subject_id=client.uuid).latest(
        "sequence"
    )
    assert event.actor_username == world.coordinator_a.user.username
    assert world.coordinator_a.user.username in page  # the access log shows this very reading


def test_the_list_filters_and_answers_htmx_with_the_results_only(world, page_client):
    placed = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, family_name="Zewdu")
    PlacementFactory(client=placed, location=world.location_a)
    web = page_client(world.caseworker_a)
    page = web.get("/clienten/", {"location": str(world.location_a.uuid)})
    assert "Zewdu" in page.content.decode()
    assert (
        world.client_a.family_name
        not in page.content.decode().split('data-testid="client-table"')[1]
    )
    partial = web.get("/clienten/", {"search": "zewd"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Zewdu" in partial.content.decode()
    assert partial["Vary"].count("HX-Request") == 1


def test_the_list_shows_only_overdue_when_asked(world, page_client):
    late = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Laat",
        status_since=D(2020, 1, 1),
    )
    web = page_client(world.caseworker_a)
    content = web.get("/clienten/", {"overdue": "on"}).content.decode()
    assert late.family_name in content
    assert world.client_a.family_name not in content.split('data-testid="client-table"')[1]


def test_the_list_page_takes_the_same_number_of_queries_for_10_and_30_clients(world, page_client):
    web = page_client(world.coordinator_a)

    def add(n):
        for _ in range(n):
            client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
            PlacementFactory(client=client, location=world.location_a)

    def count():
        with CaptureQueriesContext(connection) as context:
            response = web.get("/clienten/")
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode().count("/clienten/")

    add(9)
    ten, _ = count()
    add(20)
    thirty, _ = count()
    assert ten == thirty


def _client_form(**overrides):
    return {
        "family_name": "Kidane",
        "given_names": "Ruth",
        "date_of_birth": "05-1993",
        "sex": "female",
        "nationality": "ER",
        "languages": "ti, en",
        "v_number": "",
        "bsn": "",
        "phone": "",
        "email": "",
        "municipality": "GM0344",
        **overrides,
    }


def test_registering_a_client_on_the_page(world, page_client):
    web = page_client(world.caseworker_a)
    response = web.post("/clienten/nieuw", _client_form(v_number="1234 5678 90"))
    client = Client.objects.get(v_number="1234567890")
    assert response.status_code == 302
    assert response["Location"] == f"/clienten/{client.uuid}"
    assert (client.date_of_birth, client.date_of_birth_precision) == (D(1993, 5, 1), "month")
    assert client.partner == world.ngo_a


def test_possible_duplicates_are_shown_before_anything_is_saved(world, page_client):
    existing = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Kidane",
        v_number="",
        date_of_birth=D(1993, 5, 17),
        nationality="ER",
    )
    web = page_client(world.caseworker_a)
    data = _client_form(date_of_birth="17-05-1993")
    before = Client.objects.count()
    response = web.post("/clienten/nieuw", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"/clienten/{existing.uuid}" in content  # the candidate, with a link to its file
    assert 'data-testid="duplicate-candidates"' in content
    assert Client.objects.count() == before
    confirmed = web.post("/clienten/nieuw", {**data, "confirm_new_person": "on"})
    assert confirmed.status_code == 302
    assert Client.objects.count() == before + 1


def test_the_live_duplicate_check_answers_a_fragment(world, page_client):
    web = page_client(world.caseworker_a)
    fragment = web.get(
        "/clienten/nieuw/dubbelen", {"v_number": world.client_a.v_number}
    ).content.decode()
    assert world.client_a.full_name in fragment and "<html" not in fragment
    elsewhere = web.get(
        "/clienten/nieuw/dubbelen", {"v_number": world.client_b.v_number}
    ).content.decode()
    assert world.client_b.full_name not in elsewhere
    assert "outside your organisation" in elsewhere or "buiten" in elsewhere


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"v_number": "123"}, "v_number"),
        ({"bsn": "123456789"}, "bsn"),
        ({"date_of_birth": "31-02-1990"}, "date_of_birth"),
        ({"date_of_birth": "2999"}, "date_of_birth"),
        ({"family_name": ""}, "family_name"),
        ({"municipality": "GM0363"}, "municipality"),
        ({"email": "geen-adres"}, "email"),
    ],
)
def test_bad_registrations_show_the_error_at_the_field_and_save_nothing(
    world, page_client, overrides, field
):
    web = page_client(world.caseworker_a)
    before = Snapshot()
    response = web.post("/clienten/nieuw", _client_form(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    before.assert_unchanged()


def test_a_duplicate_v_number_is_shown_at_its_field(world, page_client):
    web = page_client(world.coordinator_b)
    before = Snapshot()
    response = web.post(
        "/clienten/nieuw",
        _client_form(
            v_number=world.client_b.v_number,
            municipality="GM0363",
            partner=str(world.ngo_b.uuid),
            confirm_new_person="on",
        ),
    )
    assert "v_number" in response.context["form"].errors
    before.assert_unchanged()


def test_editing_a_client(world, page_client):
    web = page_client(world.caseworker_a)
    url = f"/clienten/{world.client_a.uuid}/wijzigen"
    form = web.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(phone="0687654321", vulnerabilities=["medical"])
    data["languages"] = "ti"
    response = web.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.client_a.refresh_from_db()
    assert world.client_a.phone == "0687654321"
    assert world.client_a.vulnerabilities == ["medical"]


def test_an_intake_with_its_decision_on_one_page(world, page_client):
    web = page_client(world.caseworker_a)
    url = f"/clienten/{world.client_a.uuid}/intake"
    page = web.get(url).content.decode()
    assert "<fieldset" in page and "<legend" in page
    data = {
        "intake_on": timezone.localdate().isoformat(),
        "submission_key": str(uuid.uuid4()),
        "decision": "admitted",
        "decision_reason": "Voldoet",
        "decided_on": timezone.localdate().isoformat(),
    }
    for criterion in criteria_for(world.utrecht):
        data[f"answer_{criterion.pk}"] = "yes"
    response = web.post(url, data)
    assert response.status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.DOSSIER_REQUESTED


def test_an_intake_missing_an_answer_names_the_question(world, page_client):
    web = page_client(world.caseworker_a)
    first = criteria_for(world.utrecht).first()
    before = Snapshot()
    response = web.post(
        f"/clienten/{world.client_a.uuid}/intake", {"intake_on": timezone.localdate().isoformat()}
    )
    assert f"answer_{first.pk}" in response.context["form"].errors
    before.assert_unchanged()


def test_a_decision_without_a_reason_is_refused_on_the_page(world, page_client):
    intake = IntakeFactory(client=world.client_a)
    web = page_client(world.coordinator_a)
    url = f"/clienten/{world.client_a.uuid}/intake/{intake.uuid}/besluit"
    assert web.get(url).status_code == 200
    before = Snapshot()
    response = web.post(url, {"decision": "refused", "decision_reason": ""})
    assert "decision_reason" in response.context["form"].errors
    before.assert_unchanged()
    web.post(url, {"decision": "refused", "decision_reason": "Niet uitgeprocedeerd"})
    intake.refresh_from_db()
    assert intake.decision == IntakeDecision.REFUSED


def test_consent_given_and_withdrawn_on_the_page(world, page_client):
    web = page_client(world.caseworker_a)
    response = web.post(
        f"/clienten/{world.client_a.uuid}/toestemming",
        {
            "purpose": "share_with_chain_partner",
            "recipient": str(world.dtv.uuid),
            "legal_basis": "consent",
            "given_on": "2024-01-10",
            "document_reference": "A1",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(client=world.client_a)
    url = f"/clienten/{world.client_a.uuid}/toestemming/{consent.uuid}/intrekken"
    before = Snapshot()
    refused = web.post(url, {"withdrawn_on": "2024-01-09"})
    assert "withdrawn_on" in refused.context["form"].errors
    before.assert_unchanged()
    assert web.post(url, {"withdrawn_on": timezone.localdate().isoformat()}).status_code == 302
    assert page_client(world.chain_dtv).get(f"/clienten/{world.client_a.uuid}").status_code == 404


def test_a_journal_entry_and_its_correction_on_the_page(world, page_client):
    web = page_client(world.caseworker_a)
    web.post(
        f"/clienten/{world.client_a.uuid}/journaal",
        {"occurred_on": "2024-02-01", "text": "Eerste versie"},
    )
    entry = JournalEntry.objects.get(client=world.client_a)
    url = f"/clienten/{world.client_a.uuid}/journaal/{entry.uuid}/corrigeren"
    assert "Eerste versie" in web.get(url).content.decode()
    web.post(url, {"occurred_on": "2024-02-01", "text": "Tweede versie"})
    page = web.get(f"/clienten/{world.client_a.uuid}").content.decode()
    assert "<del>Eerste versie</del>" in page and "Tweede versie" in page
    before = Snapshot()
    again = web.post(url, {"occurred_on": "2024-02-01", "text": "Derde"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    before.assert_unchanged()


def test_the_status_page_offers_the_plain_steps_and_explains_the_others(world, page_client):
    world.client_a.status = ClientStatus.DOSSIER_REQUESTED
    world.client_a.status_since = D(2024, 1, 1)
    world.client_a.save()
    web = page_client(world.caseworker_a)
    url = f"/clienten/{world.client_a.uuid}/status"
    page = web.get(url).content.decode()
    assert 'value="rest_period"' in page and 'value="outflow"' not in page
    assert 'data-testid="own-steps"' in page
    before = Snapshot()
    refused = web.post(url, {"to_status": "in_trajectory", "on": "2024-02-01"})
    assert "to_status" in refused.context["form"].errors
    before.assert_unchanged()
    assert web.post(url, {"to_status": "rest_period", "on": "2024-02-01"}).status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.REST_PERIOD


def test_a_transfer_on_the_page_leaves_the_old_organisation_without_access(world, page_client):
    web = page_client(world.caseworker_a)
    response = web.post(
        f"/clienten/{world.client_a.uuid}/overdragen",
        {
            "to_municipality": "GM0363",
            "to_partner": str(world.ngo_b.uuid),
            "transferred_on": timezone.localdate().isoformat(),
            "reason": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/clienten/"
    assert web.get(f"/clienten/{world.client_a.uuid}").status_code == 404


def test_merging_is_for_coordinators(world, page_client):
    duplicate = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        v_number="",
        family_name=world.client_a.family_name,
        date_of_birth=world.client_a.date_of_birth,
        nationality=world.client_a.nationality,
    )
    url = f"/clienten/{world.client_a.uuid}/samenvoegen"
    assert page_client(world.caseworker_a).get(url).status_code == 403
    web = page_client(world.coordinator_a)
    page = web.get(url).content.decode()
    assert str(duplicate.uuid) in page
    before = Snapshot()
    writes = AuditEvent.objects.exclude(action__in=[AuditAction.READ, AuditAction.LIST]).count()
    unconfirmed = web.post(url, {"duplicate": str(duplicate.uuid)})
    assert "confirm" in unconfirmed.context["form"].errors
    itself = web.post(url, {"other": str(world.client_a.uuid), "confirm": "on"})
    assert "duplicate" in itself.context["form"].errors
    across = web.post(url, {"other": str(world.client_b.uuid), "confirm": "on"})
    assert "duplicate" in across.context["form"].errors
    # Re-showing the candidates is a recorded reading; nothing was written.
    before.counts.pop("AuditEvent")
    assert {k: v for k, v in Snapshot().counts.items() if k != "AuditEvent"} == before.counts
    assert (
        AuditEvent.objects.exclude(action__in=[AuditAction.READ, AuditAction.LIST]).count()
        == writes
    )
    done = web.post(url, {"duplicate": str(duplicate.uuid), "confirm": "on", "reason": "Dubbel"})
    assert done.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world.client_a


def test_household_links_on_the_page(world, page_client):
    relative = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, family_name="Kind")
    web = page_client(world.caseworker_a)
    url = f"/clienten/{world.client_a.uuid}/huishouden"
    web.post(url, {"relation": "parent", "relative": str(relative.uuid)})
    page = web.get(f"/clienten/{relative.uuid}").content.decode()
    assert world.client_a.full_name in page
    link = world.client_a.household.get()
    web.post(f"/clienten/{relative.uuid}/huishouden/{link.uuid}/verwijderen")
    assert not world.client_a.household.exists()


def test_the_access_log_page_for_coordinators_and_the_privacy_officer(world, page_client):
    url = f"/clienten/{world.client_a.uuid}/toegang"
    page_client(world.caseworker_a).get(f"/clienten/{world.client_a.uuid}")
    coordinator = page_client(world.coordinator_a).get(url)
    assert coordinator.status_code == 200
    assert world.caseworker_a.user.username in coordinator.content.decode()
    auditor = page_client(world.auditor).get(url)
    content = auditor.content.decode()
    assert auditor.status_code == 200
    assert world.caseworker_a.user.username in content
    assert world.client_a.family_name not in content  # the log, not the file
    assert AuditEvent.objects.filter(
        actor_username=world.auditor.user.username, subject_id=world.client_a.uuid
    ).exists()
    assert page_client(world.caseworker_a).get(url).status_code == 403
    assert page_client(world.coordinator_b).get(url).status_code == 404
    assert page_client(world.analyst).get(url).status_code == 403


def test_the_work_list_page(world, page_client):
    ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Vertraagd",
        status=ClientStatus.DOSSIER_REQUESTED,
        status_since=D(2020, 1, 1),
    )
    ActionFactory(client=world.client_a, description="Documenten opvragen", due_on=D(2020, 1, 1))
    content = page_client(world.caseworker_a).get("/clienten/werklijst").content.decode()
    assert "Vertraagd" in content and "Documenten opvragen" in content
    assert page_client(world.chain_dtv).get("/clienten/werklijst").status_code == 403
