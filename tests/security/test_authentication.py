"""Authentication: lockout, session fixation, idle and absolute timeouts, logout, the second
factor in front of every route with personal data, password change and second-factor reset.

API tokens (knox) are the one way in without a second factor, by decision (docs/security.md,
ADR 0003): they are issued by an operator on the server to a system, never through the API.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client as PageClient
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.accounts.middleware import SESSION_STARTED_KEY
from lvv.accounts.roles import ROLE_POLICIES, Role
from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code, member
from lvv.audit.models import AuditAction, AuditEvent

from .conftest import page_client_for
from .routes import all_routes
from .test_access_matrix import ADMIN_NAMESPACE, OPEN_PAGES, PUBLIC_API, _aims

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen"
HOME = "/"
WRONG_PASSWORD = "Wrong-Secret-Password-7781"


def _all_stored_text() -> str:
    """Every row of every table (ours, Django's, axes', otp's), as text."""
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")
            chunks.append(repr(cursor.fetchall()))
    return "\n".join(chunks)


def _logged_text(records) -> str:
    return "\n".join(f"{record.getMessage()} {record.__dict__!r}" for record in records)


def _session_key(page: PageClient) -> str:
    return page.cookies[settings.SESSION_COOKIE_NAME].value


# --- Lockout ------------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_audited_without_the_password(client, caplog):
    caplog.set_level(logging.DEBUG)
    user = member(Role.CASEWORKER).user
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": user.username, "password": WRONG_PASSWORD})
        assert response.status_code in {200, 429}
    # Now even the right password is refused (429, axes' lockout page), and no session opens.
    response = client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= (
        settings.AXES_FAILURE_LIMIT
    ), failures
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()
    # Neither password is stored anywhere (audit rows, axes' attempts, sessions) or logged.
    stored = _all_stored_text()
    logged = _logged_text(caplog.records)
    for secret in (WRONG_PASSWORD, TEST_PASSWORD):
        assert secret not in stored
        assert secret not in logged


# --- Sessions -----------------------------------------------------------------------------


def test_login_starts_a_new_session(client):
    user = member(Role.PROGRAMME_MANAGER).user
    client.get(LOGIN)
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted_key

    response = client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _session_key(client) != planted_key
    assert not Session.objects.filter(session_key=planted_key).exists()
    assert client.get(HOME).status_code == 200


def test_the_session_ends_after_the_idle_timeout_and_each_request_renews_it():
    assert settings.SESSION_COOKIE_AGE == settings.LVV_SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    page = page_client_for(member(Role.CASEWORKER).user)
    assert page.get(HOME).status_code == 200
    key = _session_key(page)
    # Each request pushes the expiry a full idle period ahead.
    expiry = Session.objects.get(session_key=key).expire_date
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert timezone.now() + idle - timedelta(minutes=1) < expiry <= timezone.now() + idle

    # Time travel: the last request was longer ago than the idle timeout.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    response = page.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_ends_after_its_absolute_limit_however_active():
    page = page_client_for(member(Role.CASEWORKER).user)
    session = page.session
    session[SESSION_STARTED_KEY] = time.time() - settings.LVV_SESSION_MAX_SECONDS - 1
    session.save()
    response = page.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert page.get(HOME).status_code == 302  # logged out for good, not just redirected once


def test_logout_invalidates_the_session_so_the_old_cookie_no_longer_works():
    user = member(Role.CASEWORKER).user
    page = page_client_for(user)
    assert page.get(HOME).status_code == 200
    old_key = _session_key(page)

    assert page.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    replay = PageClient()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- The second factor in front of everything with personal data ---------------------------

ROLES_WITH_PERSONAL_DATA = sorted(
    role for role, policy in ROLE_POLICIES.items() if policy.requires_second_factor
)


@pytest.mark.parametrize("role", ROLES_WITH_PERSONAL_DATA)
def test_without_a_verified_second_factor_no_route_is_reached(scene, role):
    """Logged in with the password only: every page sends to the second factor, every API call
    over the session is refused. Aimed at the user's own side, where a verified user would see
    the data."""
    actor = {
        Role.CASEWORKER: "caseworker_a",
        Role.MUNICIPAL_COORDINATOR: "coordinator_a",
        Role.CHAIN_PARTNER: "chain_a",
    }.get(role, role)
    user = scene.member(actor).user
    page = PageClient()
    page.force_login(user)
    verify = reverse("accounts:verify")
    problems = []
    logging.disable(logging.WARNING)
    try:
        for route in all_routes():
            if route.name in OPEN_PAGES or route.name in PUBLIC_API:
                continue
            for values, _kinds in _aims(route, scene, scene.sides["a"], 1)[:1]:
                path = route.path(values)
                response = page.get(path)
                if route.is_api:
                    ok = response.status_code in {401, 403}
                elif route.name.startswith(ADMIN_NAMESPACE):
                    ok = response.status_code == 302
                else:
                    ok = response.status_code == 302 and response["Location"].startswith(verify)
                if not ok:
                    problems.append(f"{path} -> {response.status_code}")
    finally:
        logging.disable(logging.NOTSET)
    assert not problems, "\n".join(problems)


def test_staff_need_the_second_factor_before_the_admin():
    user = member(Role.PROGRAMME_MANAGER, user__is_staff=True).user
    page = PageClient()
    page.force_login(user)
    response = page.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_api_tokens_are_issued_on_the_server_only():
    """Tokens skip the second factor by design: the operator issues them with
    `lvv issue_api_token`; no route hands one out (knox's login view is not mounted)."""
    for route in all_routes():
        if route.name.startswith(ADMIN_NAMESPACE):
            continue  # the admin lists tokens (digests only) for revocation; staff only
        assert "token" not in route.template.lower(), route.template
        assert not (route.view_class and route.view_class.__module__.startswith("knox")), route


# --- Password change and second-factor reset ---------------------------------------------

NEW_PASSWORD = "Een-Nieuw-Wachtwoord-4417"


def test_changing_ones_password_is_audited_notified_and_ends_other_sessions(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    user = member(Role.CASEWORKER, user__email="k.jansen@example.org").user
    page = page_client_for(user)
    elsewhere = page_client_for(user)
    assert page.get(reverse("accounts:password-change")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(
            reverse("accounts:password-change"),
            {
                "old_password": TEST_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change-done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(user.uuid)).get()
    assert event.changed_fields == ["password"]
    assert [message.to for message in mail.outbox] == [["k.jansen@example.org"]]
    # This session goes on; the other one is over.
    assert page.get(HOME).status_code == 200
    assert elsewhere.get(HOME).status_code == 302
    for secret in (TEST_PASSWORD, NEW_PASSWORD):
        assert secret not in _all_stored_text()
        assert secret not in _logged_text(caplog.records)
        assert secret not in mail.outbox[0].body


def test_a_wrong_old_password_changes_nothing():
    user = member(Role.CASEWORKER).user
    page = page_client_for(user)
    response = page.post(
        reverse("accounts:password-change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert not mail.outbox


def test_the_password_cannot_be_changed_with_the_password_alone():
    user = member(Role.CASEWORKER).user
    page = PageClient()
    page.force_login(user)  # password proved, second factor not
    response = page.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_a_second_factor_reset_by_an_administrator_is_audited_and_notified(
    django_capture_on_commit_callbacks,
):
    user = member(Role.CASEWORKER, user__email="s.haile@example.org").user
    give_backup_code(user)
    TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=True)
    victim_session = page_client_for(user)
    assert victim_session.get(HOME).status_code == 200
    admin = member(Role.FUNCTIONAL_ADMIN, user__is_staff=True, user__is_superuser=True).user

    with django_capture_on_commit_callbacks(execute=True):
        response = page_client_for(admin).post(
            "/admin/accounts/user/",
            {"action": "reset_second_factor", "_selected_action": [user.pk]},
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.filter(
        action=AuditAction.SECOND_FACTOR, object_id=str(user.uuid)
    ).get()
    assert event.changed_fields == ["second_factor_reset"]
    assert event.actor_id == admin.uuid
    assert [message.to for message in mail.outbox] == [["s.haile@example.org"]]
    # The user's open session lost its verified device: back to the second factor (setup).
    response = victim_session.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_an_administrator_setting_a_password_in_the_admin_is_audited_and_notified(
    django_capture_on_commit_callbacks,
):
    user = member(Role.CASEWORKER, user__email="a.tesfay@example.org").user
    admin = member(Role.FUNCTIONAL_ADMIN, user__is_staff=True, user__is_superuser=True).user
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client_for(admin).post(
            f"/admin/accounts/user/{user.pk}/password/",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(user.uuid), changed_fields=["password"]
    ).exists()
    assert [message.to for message in mail.outbox] == [["a.tesfay@example.org"]]
