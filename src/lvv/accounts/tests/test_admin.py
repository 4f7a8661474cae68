"""The admin keeps the same rules as the services: role fits the organisation, edits audited."""

import pytest

from lvv.accounts.models import Membership, Organisation
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, UserFactory, member
from lvv.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(page_client):
    membership = member(Role.FUNCTIONAL_ADMIN, user__is_staff=True, user__is_superuser=True)
    return page_client(membership)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/organisation/",
        "/admin/accounts/organisation/add/",
        "/admin/accounts/membership/",
        "/admin/accounts/membership/add/",
    ],
)
def test_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_admin_refuses_a_caseworker_at_a_ministry(admin_client):
    user = UserFactory()
    ministry = OrganisationFactory(kind=OrganisationKind.MINISTRY)
    events = AuditEvent.objects.count()

    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "organisation": ministry.pk, "role": Role.CASEWORKER, "is_active": "on"},
    )

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.count() == events


def test_admin_refuses_a_duplicate_organisation_name_in_other_case(admin_client):
    OrganisationFactory(name="Stichting Vluchtheuvel")
    response = admin_client.post(
        "/admin/accounts/organisation/add/",
        {"name": "STICHTING VLUCHTHEUVEL", "kind": OrganisationKind.PARTNER_NGO, "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Organisation.objects.filter(name__iexact="stichting vluchtheuvel").count() == 1


def test_admin_edit_is_audited_with_field_names(admin_client):
    organisation = OrganisationFactory(name="Stichting Oud", kind=OrganisationKind.PARTNER_NGO)
    response = admin_client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        {"name": "Stichting Nieuw", "kind": OrganisationKind.PARTNER_NGO, "is_active": "on"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(organisation.uuid))
    assert event.changed_fields == ["name"]
    assert event.origin.startswith("admin")
    assert "Nieuw" not in str(event.changed_fields)


def test_an_unverified_superuser_does_not_reach_the_admin(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweede-factor")
