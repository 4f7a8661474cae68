"""Page-side plumbing: who is acting, and the second-factor gate."""

from urllib.parse import urlencode

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
