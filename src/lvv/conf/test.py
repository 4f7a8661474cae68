"""Settings for the test suite: fast hashing, in-memory mail, same database choice as base."""

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijkl"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Each test run gets its own database; the on-disk file of `make run` stays untouched.
    DATABASES["default"]["TEST"] = {"NAME": ""}
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The runner empties tables with TRUNCATE between transactional tests; the audit trail's
    # TRUNCATE trigger lets that through only where this is on (audit migration 0004).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lvv.audit_truncate_allowed=on"
# Static files come straight from the finders; no collectstatic before a test run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
