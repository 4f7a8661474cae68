"""API authentication: hashed tokens (knox) for systems, verified sessions for the browser."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.authentication import SessionAuthentication

from ..selectors import user_requires_second_factor


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`. Only a digest of the key is stored (knox)."""


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts only once its second factor is proved, where one is required."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        if user_requires_second_factor(user) and not user.is_verified():
            return None
        return user, auth


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes token authentication."""

    target_class = HashedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; keys are issued with `lvv issue_api_token`.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the browser session (second factor proved)."""

    target_class = VerifiedSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
