"""The benchmark's users: a caseworker of the dataset and a superuser at the same partner,
with an API token and a logged-in page session (second factor included) each."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.test import Client as BrowserClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from lvv.accounts.actors import Actor
from lvv.accounts.models import Membership, User
from lvv.accounts.roles import Role
from lvv.accounts.services import api_token_issue

CASEWORKER = "dataset.hvo-querido.1"


@dataclass
class Person:
    membership: Membership
    token: str
    session: str

    @property
    def api_headers(self) -> dict:
        return {"Authorization": f"Token {self.token}", "Accept": "application/json"}

    @property
    def page_headers(self) -> dict:
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session}"}


def _session_for(user: User) -> str:
    browser = BrowserClient()
    browser.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


def _person(membership: Membership) -> Person:
    token = api_token_issue(actor=Actor.system(), user=membership.user)
    return Person(membership=membership, token=token, session=_session_for(membership.user))


def benchmark_people() -> dict[str, Person]:
    caseworker = Membership.objects.select_related("user", "organisation").get(
        user__username=CASEWORKER, role=Role.CASEWORKER
    )
    superuser, _ = User.objects.get_or_create(
        username="bench.superuser", defaults={"is_superuser": True, "is_staff": True}
    )
    membership, _ = Membership.objects.get_or_create(
        user=superuser, organisation=caseworker.organisation, role=Role.CASEWORKER
    )
    return {"caseworker": _person(caseworker), "superuser": _person(membership)}
