"""Page-side plumbing: who is acting, the second-factor gate, and the session's lifetime."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .actors import Channel, actor_for_request
from .selectors import user_requires_second_factor

# Paths a logged-in user may reach before proving the second factor.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/api/", "/toegankelijkheid", "/account/")


class ActorMiddleware:
    """Attach `request.actor`, built on first use (the API builds its own after auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.ADMIN if request.path.startswith("/admin/") else Channel.WEB
        request.actor = SimpleLazyObject(lambda: actor_for_request(request, channel=channel))
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A user who must use a second factor reaches nothing but the 2FA pages until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
            and user_requires_second_factor(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:verify')}?{query}")
        return self.get_response(request)


SESSION_STARTED_KEY = "lvv_session_started"


class SessionLifetimeMiddleware:
    """A session ends after `LVV_SESSION_SECONDS` in total, however active it is.

    The idle timeout is Django's own (`SESSION_COOKIE_AGE` renewed on every request by
    `SESSION_SAVE_EVERY_REQUEST`); this adds the absolute limit. The start is stamped at login
    (`receivers.stamp_session_start`); a session without a stamp is stamped now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, time.time())
            if time.time() - started > settings.LVV_SESSION_MAX_SECONDS:
                logout(request)
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:login')}?{query}")
        return self.get_response(request)
