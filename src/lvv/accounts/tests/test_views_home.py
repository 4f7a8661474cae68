"""The landing page shows what the role allows; a person with two roles can switch."""

import re

import pytest

from lvv.accounts.roles import ROLE_POLICIES, Capability, OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def listed_capabilities(response) -> set[str]:
    block = re.search(
        rb'data-testid="capabilities">(.*?)</ul>', response.content, flags=re.DOTALL
    ).group(1)
    return {value.decode() for value in re.findall(rb'data-capability="([a-z_]+)"', block)}


@pytest.mark.parametrize("role", list(Role))
def test_the_landing_page_lists_exactly_the_capabilities_of_the_role(role, page_client):
    membership = member(role)
    response = page_client(membership).get("/")

    assert response.status_code == 200
    expected = {str(capability) for capability in ROLE_POLICIES[role].capabilities}
    assert listed_capabilities(response) == expected
    # Each item carries its label, so people read words rather than codes.
    for capability in ROLE_POLICIES[role].capabilities:
        assert str(Capability(capability).label).encode() in response.content


def test_the_landing_page_links_only_where_the_role_may_go(page_client):
    auditor = page_client(member(Role.AUDITOR)).get("/")
    assert b'href="/audit/' in auditor.content
    assert b'href="/netwerk/locaties"' not in auditor.content
    assert b'href="/admin/"' not in auditor.content


def test_the_landing_page_tells_a_programme_manager_there_is_no_personal_data(client):
    manager = member(Role.PROGRAMME_MANAGER)
    client.force_login(manager.user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["policy"].sees_personal_data is False


def test_a_user_without_a_role_is_told_so(client):
    from lvv.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["actor"].membership is None
    assert b'data-testid="capabilities"' not in response.content


def test_role_switch_changes_the_actor(page_client):
    caseworker = member(Role.CASEWORKER)
    auditor = member(
        Role.AUDITOR,
        user=caseworker.user,
        organisation=OrganisationFactory(kind=OrganisationKind.MINISTRY),
    )
    client = page_client(caseworker)

    first = client.get("/")
    assert first.wsgi_request.actor.membership == caseworker
    assert listed_capabilities(first) == {"view_network", "view_client_files"}
    assert str(auditor.uuid).encode() in first.content  # offered in the switch form

    response = client.post("/account/rol", {"membership": str(auditor.uuid)})
    assert response.status_code == 302
    assert response["Location"] == "/"

    after = client.get("/")
    assert after.wsgi_request.actor.membership == auditor
    assert after.wsgi_request.actor.role == Role.AUDITOR
    assert listed_capabilities(after) == {"view_audit"}


def test_role_switch_refuses_someone_elses_membership(page_client):
    caseworker = member(Role.CASEWORKER)
    member(Role.AUDITOR, user=caseworker.user)
    stranger = member(Role.FUNCTIONAL_ADMIN)
    client = page_client(caseworker)

    assert client.post("/account/rol", {"membership": str(stranger.uuid)}).status_code == 404
    assert client.post("/account/rol", {"membership": "not-a-uuid"}).status_code == 404
    assert client.get("/").wsgi_request.actor.membership == caseworker


def test_role_switch_is_post_only(page_client):
    caseworker = member(Role.CASEWORKER)
    assert page_client(caseworker).get("/account/rol").status_code == 405
