"""Request plumbing shared by pages and API: a request id, the access log, no caching of
personal data, and the API-Version header."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from .logging import current_request, user_id_of

access_log = logging.getLogger("lvv.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id that the audit trail and the logs share.

    A well-formed `X-Request-ID` from a trusted proxy is kept so a request can be followed
    across systems; anything else is replaced, so a caller cannot inject text into the trail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else str(uuid.uuid4())
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def request_outcome(status: int) -> str:
    """The outcome of a request in the words of the audit trail, plus `error` for crashes."""
    if status >= 500:
        return "error"
    if status in (401, 403):
        return "denied"
    if status >= 400:
        return "failure"
    return "success"


class AccessLogMiddleware:
    """One `lvv.access` line per request: method, path (never the query string, which can
    hold a name searched for), status, duration, outcome; the request and user ids come from
    the log filter. Sits right after `RequestIdMiddleware` so it sees the final status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        access_log.info(
            "request",
            extra={
                "request_id": getattr(request, "request_id", None),
                "user_id": user_id_of(request, evaluate=True),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "outcome": request_outcome(response.status_code),
            },
        )
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response the application itself produces.

    Static files never get here (WhiteNoise answers them first). Anything else may show
    personal data, or a form with a CSRF token, so no browser or proxy may keep a copy; one
    rule for every page and API answer is simpler to trust than a list of exceptions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True)
        return response


class ApiVersionMiddleware:
    """Every API response carries `API-Version` (Dutch API Design Rules, API-57)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = settings.API_VERSION
        return response


class PageLanguageMiddleware(LocaleMiddleware):
    """Pages are Dutch unless the person chose English with the language switch (a cookie).

    A browser's Accept-Language is not followed on pages: the people who use lvv work in Dutch
    organisations, often on English-language browsers, and the documents they compare against
    are Dutch. The API does honour Accept-Language, for systems that ask for English messages.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
