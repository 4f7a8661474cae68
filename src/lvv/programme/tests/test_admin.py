"""The admin opens every programme register, keeps agreement ends read-only and audits edits."""

import datetime

import pytest

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.programme.models import Decision

pytestmark = pytest.mark.django_db

D = datetime.date

MODELS = [
    "decision",
    "programme",
    "agreement",
    "fundingrule",
    "spendingrecord",
    "partnercontract",
    "plannedlvv",
]


@pytest.fixture
def admin_client(page_client):
    membership = member(Role.FUNCTIONAL_ADMIN, user__is_staff=True, user__is_superuser=True)
    return page_client(membership)


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_open(admin_client, model, groningen_contract):
    assert admin_client.get(f"/admin/programme/{model}/").status_code == 200
    assert admin_client.get(f"/admin/programme/{model}/add/").status_code == 200
    assert admin_client.get(f"/admin/programme/{model}/?q=Groningen").status_code == 200


def test_an_agreements_end_and_status_are_read_only_in_the_admin(admin_client, pilots):
    page = admin_client.get(f"/admin/programme/agreement/{pilots['Groningen'].pk}/change/")
    content = page.content.decode()
    assert 'name="title"' in content
    assert 'name="end"' not in content and 'name="status"' not in content
    assert "amendments-TOTAL_FORMS" in content


def test_an_admin_edit_is_audited(admin_client, seed_letter):
    response = admin_client.post(
        f"/admin/programme/decision/{seed_letter.pk}/change/",
        {
            "kind": seed_letter.kind,
            "date": "2021-12-17",
            "reference": "3692956",
            "title": seed_letter.title,
            "parliamentary_paper": "19 637, nr. 2800",
            "publication": "",
            "summary": "",
            "url": "",
        },
    )
    assert response.status_code == 302, response.content
    assert Decision.objects.get(pk=seed_letter.pk).parliamentary_paper == "19 637, nr. 2800"
    event = AuditEvent.objects.filter(object_id=str(seed_letter.uuid)).last()
    assert (event.action, event.changed_fields) == (AuditAction.UPDATE, ["parliamentary_paper"])
