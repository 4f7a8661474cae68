"""`lvv issue_api_token` and `lvv revoke_api_tokens`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import UserFactory, member
from lvv.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def me(key: str):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/me")


def test_issue_prints_a_key_that_authenticates():
    caseworker = member(Role.CASEWORKER)

    key = issue(caseworker.user.username)

    assert len(key) == 64
    assert "\n" not in key
    response = me(key)
    assert response.status_code == 200
    assert response.json()["username"] == caseworker.user.username
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_ISSUED)
    assert event.object_id == str(caseworker.user.uuid)
    assert event.origin == "command"


def test_issue_with_days_sets_the_expiry():
    caseworker = member(Role.CASEWORKER)
    issue(caseworker.user.username, "--days", "3")
    token = AuthToken.objects.get(user=caseworker.user)
    assert (
        timedelta(days=3) - timedelta(minutes=1)
        < token.expiry - timezone.now()
        <= timedelta(days=3)
    )


def test_issue_without_days_uses_the_configured_lifetime(settings):
    caseworker = member(Role.CASEWORKER)
    issue(caseworker.user.username)
    token = AuthToken.objects.get(user=caseworker.user)
    remaining = token.expiry - timezone.now()
    assert timedelta(days=settings.LVV_API_TOKEN_DAYS - 1) < remaining


def test_issue_for_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="nobody"):
        issue("nobody")
    assert not AuthToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_ISSUED).exists()


def test_issue_for_an_inactive_user_is_refused():
    caseworker = member(Role.CASEWORKER, user__is_active=False)
    with pytest.raises(CommandError, match="user"):
        issue(caseworker.user.username)
    assert not AuthToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_ISSUED).exists()


def test_issue_for_a_user_without_an_active_membership_is_refused():
    user = UserFactory()
    ended = member(Role.CASEWORKER)
    ended.is_active = False
    ended.save()
    for username in (user.username, ended.user.username):
        with pytest.raises(CommandError, match="user"):
            issue(username)
    assert not AuthToken.objects.exists()


def test_issue_refuses_a_lifetime_under_a_day():
    caseworker = member(Role.CASEWORKER)
    with pytest.raises(CommandError, match="days"):
        issue(caseworker.user.username, "--days", "0")
    assert not AuthToken.objects.exists()


def test_revoke_ends_every_token_of_the_user_and_is_audited():
    caseworker = member(Role.CASEWORKER)
    other = member(Role.CASEWORKER)
    first, second = issue(caseworker.user.username), issue(caseworker.user.username)
    kept = issue(other.user.username)
    out = StringIO()

    call_command("revoke_api_tokens", caseworker.user.username, stdout=out)

    assert "2" in out.getvalue()
    assert me(first).status_code == 401
    assert me(second).status_code == 401
    assert me(kept).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert event.object_id == str(caseworker.user.uuid)
    assert event.changed_fields == ["api_token"]


def test_revoke_for_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="nobody"):
        call_command("revoke_api_tokens", "nobody", stdout=StringIO())
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).exists()
