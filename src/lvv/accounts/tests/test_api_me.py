"""`GET /api/v1/me`: the caller, the membership acted in, and what it allows."""

import pytest

from lvv.accounts.roles import ROLE_POLICIES, OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_me_describes_the_caller_in_every_role(role, api_client):
    membership = member(role, user__first_name="Sanne", user__last_name="de Wit")
    response = api_client(membership).get("/api/v1/me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == membership.user.username
    assert body["name"] == "Sanne de Wit"
    assert body["membership"] == {
        "uuid": str(membership.uuid),
        "role": role,
        "organisation": {
            "uuid": str(membership.organisation.uuid),
            "name": membership.organisation.name,
            "kind": membership.organisation.kind,
        },
    }
    assert body["capabilities"] == sorted(str(c) for c in ROLE_POLICIES[role].capabilities)


def test_me_acts_in_the_oldest_active_membership_for_a_token(api_client):
    first = member(Role.CASEWORKER)
    member(
        Role.AUDITOR,
        user=first.user,
        organisation=OrganisationFactory(kind=OrganisationKind.MINISTRY),
    )
    body = api_client(first).get("/api/v1/me").json()
    assert body["membership"]["uuid"] == str(first.uuid)


def test_me_follows_the_role_chosen_in_the_session(page_client):
    caseworker = member(Role.CASEWORKER)
    auditor = member(Role.AUDITOR, user=caseworker.user)
    client = page_client(caseworker)
    client.post("/account/rol", {"membership": str(auditor.uuid)})

    body = client.get("/api/v1/me").json()

    assert body["membership"]["uuid"] == str(auditor.uuid)
    assert body["capabilities"] == ["view_audit"]


def test_me_is_refused_without_a_membership(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_me_accepts_get_only(api_client):
    api = api_client(member(Role.CASEWORKER))
    assert api.post("/api/v1/me", {}, format="json").status_code == 405


def test_me_for_a_superuser_without_a_membership():
    from rest_framework.test import APIClient

    from lvv.accounts.actors import Actor
    from lvv.accounts.services import api_token_issue

    superuser = UserFactory(is_superuser=True, is_staff=True)
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=Actor.system(), user=superuser)}"
    )

    body = api.get("/api/v1/me").json()

    assert body["username"] == superuser.username
    assert body["membership"] is None
    assert body["capabilities"] == []
