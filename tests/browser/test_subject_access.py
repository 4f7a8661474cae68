"""A coordinator downloads everything held on a person from the client file (AVG access
request), and opens a file anonymised after its retention period; both pages pass axe."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.reference_data import load_reference_data
from lvv.cases.services.clients import client_create
from lvv.cases.services.retention import client_anonymise
from lvv.network.tests.factories import MunicipalityFactory

from .conftest import assert_no_axe_violations
from .test_client_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_downloads_a_persons_data_and_reads_an_anonymised_file(
    live_server, page, axe
):
    load_reference_data(apps)
    utrecht = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    ngo = OrganisationFactory(name="Stichting Noodopvang", kind=OrganisationKind.PARTNER_NGO)
    coordinator = member(
        Role.MUNICIPAL_COORDINATOR,
        organisation=OrganisationFactory(
            name="Gemeente Utrecht", kind=OrganisationKind.MUNICIPALITY, municipality=utrecht
        ),
    )
    person, anonymised = (
        client_create(
            actor=Actor.system(),
            family_name=name,
            municipality=utrecht,
            partner=ngo,
            on=date(2024, 1, 1),
        )
        for name in ("Tesfay", "Haile")
    )
    client_anonymise(actor=Actor.system(), client=anonymised, on=date(2026, 1, 1))

    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/clienten/{person.uuid}")
    assert_no_axe_violations(axe, page)
    with page.expect_download() as download_info:
        page.locator(f"form[action='/clienten/{person.uuid}/inzage'] button").click()
    download = download_info.value
    assert download.suggested_filename == f"inzage-{person.uuid}.zip"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        data = json.loads(archive.read("inzage.json"))
    assert data["client"][0]["family_name"] == "Tesfay"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, subject_id=person.uuid).exists()

    page.goto(f"{live_server.url}/clienten/{anonymised.uuid}")
    assert page.get_by_test_id("anonymised").is_visible()
    assert "Haile" not in page.locator("main").inner_text()
    assert_no_axe_violations(axe, page)
