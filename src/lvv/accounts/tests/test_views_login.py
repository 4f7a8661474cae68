"""The login flow through the pages: password, lock-out, second factor, logout."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import TEST_PASSWORD, give_backup_code, member
from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen"
VERIFY = "/account/tweede-factor"
SETUP = "/account/tweede-factor/instellen"
LOGOUT = "/account/uitloggen"


def log_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def split(location: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(location)
    return parts.path, parse_qs(parts.query)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


# --- password --------------------------------------------------------------------------------


def test_login_page_carries_next_into_the_form(client):
    response = client.get(LOGIN, {"next": "/netwerk/locaties"})
    assert response.status_code == 200
    assert re.search(
        rb'<input type="hidden" name="next" value="/netwerk/locaties">', response.content
    )


def test_login_page_drops_a_next_to_another_site(client):
    response = client.get(LOGIN, {"next": "https://evil.example/steal"})
    assert response.status_code == 200
    assert response.context["next"] == ""
    assert b'<input type="hidden" name="next" value="">' in response.content


def test_wrong_password_shows_the_error_and_is_audited(client):
    caseworker = member(Role.CASEWORKER)
    response = log_in(client, caseworker.user.username, "not-the-password")

    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == ["invalid_login"]
    assert b'role="alert"' in response.content
    assert not is_logged_in(client)
    event = events(AuditAction.LOGIN_FAILED).get()
    assert event.outcome == AuditOutcome.FAILURE
    assert event.actor_username == caseworker.user.username
    assert event.object_type == "accounts.user"
    assert "not-the-password" not in str(event.changed_fields)


def test_after_the_failure_limit_the_account_is_locked_even_with_the_right_password(client):
    caseworker = member(Role.CASEWORKER)
    username = caseworker.user.username
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [
        log_in(client, username, f"wrong-{attempt}").status_code
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429

    response = log_in(client, username, TEST_PASSWORD)

    assert response.status_code == 429
    assert not is_logged_in(client)
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    locked = events(AuditAction.LOCKED_OUT)
    assert locked.exists()
    assert locked.first().actor_username == username
    assert locked.first().outcome == AuditOutcome.DENIED
    assert not events(AuditAction.LOGIN).exists()


def test_the_lock_is_per_account_not_per_office(client):
    locked, colleague = member(Role.CASEWORKER), member(Role.PROGRAMME_MANAGER)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, locked.user.username, f"wrong-{attempt}")
    response = log_in(client, colleague.user.username)
    assert response.status_code == 302
    assert is_logged_in(client)


# --- second factor ---------------------------------------------------------------------------


def test_caseworker_goes_to_the_second_factor_and_reaches_nothing_before_it(client):
    caseworker = member(Role.CASEWORKER)
    give_backup_code(caseworker.user)

    response = log_in(client, caseworker.user.username)

    assert response.status_code == 302
    path, query = split(response["Location"])
    assert path == VERIFY
    assert query["next"] == ["/"]
    assert is_logged_in(client)
    assert events(AuditAction.LOGIN).get().actor_username == caseworker.user.username

    for blocked in ("/", "/netwerk/locaties"):
        response = client.get(blocked)
        assert response.status_code == 302
        path, query = split(response["Location"])
        assert path == VERIFY
        assert query["next"] == [blocked]

    response = client.get(VERIFY)
    assert response.status_code == 200
    assert b"utrecht-heading-1" in response.content


def test_a_backup_code_verifies_once(client):
    caseworker = member(Role.CASEWORKER)
    code = give_backup_code(caseworker.user, "k7m2q9x4")
    log_in(client, caseworker.user.username)

    response = client.post(VERIFY, {"token": code, "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(device__user=caseworker.user, token=code).exists()
    verified = events(AuditAction.SECOND_FACTOR, outcome=AuditOutcome.SUCCESS).get()
    assert verified.actor_username == caseworker.user.username

    client.post(LOGOUT)
    log_in(client, caseworker.user.username)
    response = client.post(VERIFY, {"token": code, "next": "/"})

    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert client.get("/").status_code == 302
    failed = events(AuditAction.SECOND_FACTOR, outcome=AuditOutcome.FAILURE).get()
    assert failed.actor_username == caseworker.user.username


def test_a_wrong_code_is_audited_as_a_failure_and_does_not_verify(client):
    caseworker = member(Role.CASEWORKER)
    give_backup_code(caseworker.user, "k7m2q9x4")
    log_in(client, caseworker.user.username)

    response = client.post(VERIFY, {"token": "00000000"})

    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert client.get("/").status_code == 302
    assert events(AuditAction.SECOND_FACTOR, outcome=AuditOutcome.FAILURE).count() == 1
    assert not events(AuditAction.SECOND_FACTOR, outcome=AuditOutcome.SUCCESS).exists()


def test_verify_goes_on_to_a_local_next_only(client):
    caseworker = member(Role.CASEWORKER)
    give_backup_code(caseworker.user, "first001")
    give_backup_code(caseworker.user, "second02")
    log_in(client, caseworker.user.username)
    response = client.post(VERIFY, {"token": "first001", "next": "https://evil.example/"})
    assert response["Location"] == "/"

    client.post(LOGOUT)
    log_in(client, caseworker.user.username)
    response = client.post(VERIFY, {"token": "second02", "next": "/netwerk/locaties"})
    assert response["Location"] == "/netwerk/locaties"
    assert client.get("/").status_code == 200


def test_login_with_next_keeps_it_through_the_second_factor(client):
    caseworker = member(Role.CASEWORKER)
    code = give_backup_code(caseworker.user)

    response = log_in(client, caseworker.user.username, next="/netwerk/locaties")
    path, query = split(response["Location"])
    assert (path, query["next"]) == (VERIFY, ["/netwerk/locaties"])

    response = client.post(VERIFY, {"token": code, "next": query["next"][0]})
    assert response["Location"] == "/netwerk/locaties"


def test_without_a_device_the_user_links_an_authenticator_app(client):
    caseworker = member(Role.CASEWORKER)
    log_in(client, caseworker.user.username)

    response = client.get(VERIFY, {"next": "/netwerk/locaties"})
    path, query = split(response["Location"])
    assert (path, query["next"]) == (SETUP, ["/netwerk/locaties"])

    response = client.get(SETUP, {"next": "/netwerk/locaties"})
    assert response.status_code == 200
    assert b"data:image/svg+xml" in response.content
    device = TOTPDevice.objects.get(user=caseworker.user)
    assert device.confirmed is False
    # Reloading the page keeps the key the person may already have scanned.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=caseworker.user).pk == device.pk

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(SETUP, {"token": f"{code:06d}", "next": "/netwerk/locaties"})

    assert response.status_code == 302
    assert response["Location"] == "/netwerk/locaties"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/").status_code == 200
    assert events(AuditAction.SECOND_FACTOR, changed_fields=["totp_device"]).count() == 1


def test_a_wrong_code_does_not_link_the_app(client):
    caseworker = member(Role.CASEWORKER)
    log_in(client, caseworker.user.username)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "12345x"})

    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert TOTPDevice.objects.get(user=caseworker.user).confirmed is False
    assert client.get("/").status_code == 302


def test_setup_is_refused_once_a_device_is_linked(client):
    caseworker = member(Role.CASEWORKER)
    give_backup_code(caseworker.user)
    log_in(client, caseworker.user.username)
    response = client.get(SETUP)
    assert split(response["Location"])[0] == VERIFY
    assert not TOTPDevice.objects.filter(user=caseworker.user).exists()


def test_a_programme_manager_needs_no_second_factor(client):
    manager = member(Role.PROGRAMME_MANAGER)
    response = log_in(client, manager.user.username)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"


def test_a_programme_manager_goes_to_a_local_next_and_not_elsewhere(client):
    manager = member(Role.PROGRAMME_MANAGER)
    response = log_in(client, manager.user.username, next="/netwerk/locaties")
    assert response["Location"] == "/netwerk/locaties"
    client.post(LOGOUT)
    response = log_in(client, manager.user.username, next="https://evil.example/")
    assert response["Location"] == "/"


def test_a_user_with_personal_data_in_any_of_their_roles_needs_the_second_factor(client):
    manager = member(Role.PROGRAMME_MANAGER)
    member(Role.AUDITOR, user=manager.user, organisation=manager.organisation)
    response = log_in(client, manager.user.username)
    assert split(response["Location"])[0] == VERIFY


def test_the_landing_page_sends_strangers_to_the_login(client):
    response = client.get("/")
    path, query = split(response["Location"])
    assert (path, query["next"]) == (LOGIN, ["/"])


# --- logout ----------------------------------------------------------------------------------


def test_logout_is_post_only_and_audited(client, page_client):
    caseworker = member(Role.CASEWORKER)
    page_client(caseworker)

    assert client.get(LOGOUT).status_code == 405
    assert is_logged_in(client)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_logged_in(client)
    event = events(AuditAction.LOGOUT).get()
    assert event.actor_username == caseworker.user.username
    assert event.object_id == str(caseworker.user.uuid)
    assert client.get("/").status_code == 302


def test_an_unverified_user_can_cancel_and_log_out(client):
    caseworker = member(Role.CASEWORKER)
    give_backup_code(caseworker.user)
    log_in(client, caseworker.user.username)
    page = client.get(VERIFY)
    assert f'action="{LOGOUT}"'.encode() in page.content
    client.post(LOGOUT)
    assert not is_logged_in(client)
