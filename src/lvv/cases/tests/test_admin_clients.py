"""The reference data of the client register in the admin: audited, never deleted; no files."""

import pytest
from django.contrib import admin

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import AdmissionCriterion, CaseSettings, Client, JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(page_client):
    from lvv.accounts.tests.factories import member

    membership = member()
    membership.user.is_superuser = True
    membership.user.is_staff = True
    membership.user.save()
    return page_client(membership)


def test_client_files_are_not_in_the_admin():
    assert Client not in admin.site._registry
    assert JournalEntry not in admin.site._registry


def test_a_municipalitys_own_criterion_is_added_in_the_admin_and_audited(world, superuser_client):
    response = superuser_client.post(
        "/admin/cases/admissioncriterion/add/",
        {
            "municipality": world.utrecht.pk,
            "code": "woont_in_utrecht",
            "label": "Verblijft de vreemdeling in Utrecht?",
            "order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    criterion = AdmissionCriterion.objects.get(code="woont_in_utrecht")
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(criterion.uuid)
    ).exists()


def test_case_settings_in_the_admin(world, superuser_client):
    response = superuser_client.post(
        "/admin/cases/casesettings/add/",
        {
            "municipality": world.amsterdam.pk,
            "intake_decision_days": 10,
            "dossier_days": 20,
            "rest_period_days": 14,
            "scenario_to_trajectory_days": 14,
            "maximum_stay_days": 548,
        },
    )
    assert response.status_code == 302
    assert CaseSettings.objects.get(municipality=world.amsterdam).maximum_stay_days == 548


def test_reference_rows_cannot_be_deleted(superuser_client):
    criterion = AdmissionCriterion.objects.filter(municipality=None).first()
    response = superuser_client.get(f"/admin/cases/admissioncriterion/{criterion.pk}/delete/")
    assert response.status_code == 403
    for url in (
        "/admin/cases/admissioncriterion/",
        "/admin/cases/exclusionground/",
        "/admin/cases/outflowreason/",
        "/admin/cases/casesettings/",
    ):
        assert superuser_client.get(url).status_code == 200
