"""Who gets into the API: knox tokens (hashed, expiring, revocable) and verified sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Role
from lvv.accounts.services import api_token_issue, api_tokens_revoke
from lvv.accounts.tests.factories import UserFactory, member
from lvv.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def with_token(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["instance"] == ME
    return body


def test_no_token_is_401_problem_json():
    response = APIClient().get(ME)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert response["API-Version"] == "1.0.0"


def test_a_token_authenticates():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    response = with_token(key).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == caseworker.user.username


def test_the_database_holds_only_a_digest_of_the_key():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    token = AuthToken.objects.get(user=caseworker.user)

    assert token.digest == hash_token(key)
    assert token.digest != key
    # knox keeps a short prefix to find the row; the rest of the key is nowhere.
    assert len(token.token_key) < len(key) // 2
    assert key.startswith(token.token_key)
    assert not AuthToken.objects.filter(digest=key).exists()
    assert not AuthToken.objects.filter(token_key=key).exists()
    issued = AuditEvent.objects.get(action=AuditAction.TOKEN_ISSUED)
    assert key not in " ".join(str(getattr(issued, f.name)) for f in AuditEvent._meta.fields)


def test_a_wrong_key_is_refused():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    forged = key[:-4] + ("0000" if not key.endswith("0000") else "1111")
    assert_problem(with_token(forged).get(ME), 401)


def test_an_expired_token_is_refused():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user, days=1)
    AuthToken.objects.filter(user=caseworker.user).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    assert_problem(with_token(key).get(ME), 401)


def test_a_revoked_token_is_refused():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    assert with_token(key).get(ME).status_code == 200

    assert api_tokens_revoke(actor=Actor.system(), user=caseworker.user) == 1

    assert_problem(with_token(key).get(ME), 401)
    assert not AuthToken.objects.filter(user=caseworker.user).exists()
    revoked = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert revoked.object_id == str(caseworker.user.uuid)


def test_a_token_of_a_deactivated_user_is_refused():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    caseworker.user.is_active = False
    caseworker.user.save()
    assert_problem(with_token(key).get(ME), 401)


def test_a_token_of_a_user_whose_role_ended_is_forbidden():
    caseworker = member(Role.CASEWORKER)
    key = api_token_issue(actor=Actor.system(), user=caseworker.user)
    caseworker.is_active = False
    caseworker.save()
    assert_problem(with_token(key).get(ME), 403)


def test_an_unverified_browser_session_does_not_authenticate_a_caseworker(client):
    caseworker = member(Role.CASEWORKER)
    client.force_login(caseworker.user)  # password only: no second factor proved

    response = client.get(ME)

    assert_problem(response, 401)


def test_a_verified_browser_session_authenticates_a_caseworker(page_client):
    caseworker = member(Role.CASEWORKER)
    response = page_client(caseworker).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == caseworker.user.username


def test_a_session_of_a_role_without_second_factor_authenticates(client):
    manager = member(Role.PROGRAMME_MANAGER)
    client.force_login(manager.user)
    assert client.get(ME).status_code == 200


def test_a_user_without_membership_gets_no_token():
    user = UserFactory()
    with pytest.raises(Exception) as error:
        api_token_issue(actor=Actor.system(), user=user)
    assert "user" in error.value.message_dict
    assert not AuthToken.objects.filter(user=user).exists()
