"""Request plumbing shared by pages and API: a request id, and the API-Version header."""

import re
import uuid

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
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
