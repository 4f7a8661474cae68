"""Production settings: secrets from the environment, HTTPS only, nothing on by default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_int_default, require_secret_key

require_secret_key()
PSEUDONYM_KEY = env("LVV_PSEUDONYM_KEY", "")
if len(PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured("LVV_PSEUDONYM_KEY must be set: at least 32 random characters")
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int_default("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
