"""API authentication: hashed tokens (knox) for systems, verified sessions for the browser."""

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
