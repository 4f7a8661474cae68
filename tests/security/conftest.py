"""Fixtures of the security tests: the two-organisation scene, logged-in page and API clients."""

import pytest
from django.apps import apps
from django.test import Client as PageClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from rest_framework.test import APIClient

from lvv.accounts.actors import Actor
from lvv.accounts.services import api_token_issue
from lvv.cases.reference_data import load_reference_data

from .scene import build_scene


@pytest.fixture
def scene(db):
    load_reference_data(apps)
    return build_scene()


def page_client_for(user) -> PageClient:
    """A browser session of `user` with the second factor proved (as after a backup code)."""
    page = PageClient()
    page.force_login(user)
    device = StaticDevice.objects.filter(user=user).first() or StaticDevice.objects.create(
        user=user, name="Backup codes"
    )
    session = page.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return page


def api_client_for(user) -> APIClient:
    api = APIClient()
    key = api_token_issue(actor=Actor.system(), user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api
