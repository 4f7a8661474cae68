"""Fixtures shared by every test: members in each role, logged-in clients, API clients."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from rest_framework.test import APIClient

from lvv.accounts.roles import Role
from lvv.accounts.services import api_token_issue
from lvv.accounts.tests.factories import actor_for, member


@pytest.fixture(autouse=True)
def _english_free_settings(settings):
    # Tests read Dutch pages unless they switch; axes must not carry lockouts between tests.
    settings.LANGUAGE_CODE = "nl"
    settings.AXES_ENABLED = True


@pytest.fixture
def make_member(db):
    return member


@pytest.fixture
def make_actor(db):
    def _make(role=Role.CASEWORKER, **kwargs):
        return actor_for(member(role, **kwargs))

    return _make


@pytest.fixture
def page_client(client):
    """Log a membership's user in on the page side, second factor included."""

    def _login(membership):
        user = membership.user
        client.force_login(user)
        device = StaticDevice.objects.filter(user=user).first() or StaticDevice.objects.create(
            user=user, name="Backup codes"
        )
        session = client.session
        from django_otp import DEVICE_ID_SESSION_KEY

        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _login


@pytest.fixture
def api_client(db):
    """An API client carrying a fresh token for the membership's user."""

    def _client(membership=None):
        api = APIClient()
        if membership is not None:
            from lvv.accounts.actors import Actor

            key = api_token_issue(actor=Actor.system(), user=membership.user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api

    return _client
