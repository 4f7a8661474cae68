"""Settings shared by every environment, read from the environment with safe defaults.

Every variable is documented in the README's configuration table. Nothing here may assume a
development machine: dev.py and test.py loosen what they must, production.py tightens.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lvv.core.logging import logging_config

SRC_DIR = Path(__file__).resolve().parent.parent  # src/lvv
BASE_DIR = SRC_DIR.parent.parent  # the repository root


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int_default(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from error


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


VAR_DIR = Path(env("LVV_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", "")
# The key of the national pseudonym (HMAC-SHA256 of the V-nummer). Production sets its own and
# keeps it apart from SECRET_KEY; changing it changes every pseudonym (`lvv rekey_pseudonyms`).
PSEUDONYM_KEY = env("LVV_PSEUDONYM_KEY", "development-pseudonym-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "lvv.core",
    "lvv.audit",
    "lvv.accounts",
    "lvv.network",
    "lvv.programme",
    "lvv.cases",
    "lvv.monitoring",
    "lvv.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lvv.core.middleware.RequestIdMiddleware",
    "lvv.core.middleware.AccessLogMiddleware",
    "lvv.core.middleware.NoStoreMiddleware",
    "lvv.core.middleware.ApiVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lvv.core.middleware.PageLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lvv.accounts.middleware.ActorMiddleware",
    "lvv.accounts.middleware.SecondFactorRequiredMiddleware",
    "lvv.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it must see the outcome of authentication to count failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lvv.urls"
WSGI_APPLICATION = "lvv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvv.accounts.context_processors.actor",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite (WAL) under var/ is the embedded default so `make run` needs nothing installed;
# DATABASE_URL=postgres://user:pass@host:5432/name selects PostgreSQL (production, CI).
DATABASE_URL = env("DATABASE_URL", "")
# WAL lets readers and the single writer work at the same time. A 16 MB page cache per
# connection (SQLite's default is 2 MB) keeps more of the audit trail's indexes in memory: an
# import of 30,000 rows into a national-size trail (5.5 million events) 19.5 -> 15.9 s; 64 MB
# gained nothing more and raised an export's peak memory by as much per connection.
SQLITE_INIT_COMMAND = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384;"
)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "lvv.sqlite3"),
            "OPTIONS": {
                "init_command": SQLITE_INIT_COMMAND,
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# The monitor reads from a reporting database: a read replica named by REPORTING_DATABASE_URL,
# else the same database as `default`. Tests mirror it onto `default`.
REPORTING_DATABASE_URL = env("REPORTING_DATABASE_URL", "")
DATABASES["reporting"] = (
    dj_database_url.parse(REPORTING_DATABASE_URL, conn_max_age=60)
    if REPORTING_DATABASE_URL
    else {**DATABASES["default"]}
)
DATABASES["reporting"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The database role the application connects as, when it is not the role that migrates:
# audit migration 0004 revokes its right to change or remove audit events (PostgreSQL).
LVV_DB_APP_ROLE = env("LVV_DB_APP_ROLE", "")

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int_default("LVV_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = float(env("LVV_LOGIN_COOLOFF_HOURS", "1"))  # hours
# Lock the account name, whatever address the attempts come from.
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not by address as well: a municipal office sits behind one address, and five typos by
# colleagues must not lock the whole office out (axes.W006 silenced for that reason).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env("LVV_OTP_ISSUER", "LVV")

# Idle timeout: a session ends after LVV_SESSION_IDLE_MINUTES without a request (each request
# renews it); LVV_SESSION_SECONDS caps its total length (accounts SessionLifetimeMiddleware).
LVV_SESSION_IDLE_MINUTES = env_int_default("LVV_SESSION_IDLE_MINUTES", 30)
LVV_SESSION_MAX_SECONDS = env_int_default("LVV_SESSION_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_AGE = LVV_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    SRC_DIR / "static",  # our own theme, not tied to one app
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- API ----------------------------------------------------------------------------------
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lvv.accounts.api.authentication.HashedTokenAuthentication",
        "lvv.accounts.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lvv.accounts.api.permissions.HasMembership"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "lvv.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lvv.core.api.exceptions.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
LVV_API_TOKEN_DAYS = env_int_default("LVV_API_TOKEN_DAYS", 365)

# --- Monitor ------------------------------------------------------------------------------
# Published counts of persons below the threshold show as "<5", with secondary suppression
# (monitoring/disclosure.py). The rule is stated on every page, API response and export.
MONITOR_SUPPRESSION_THRESHOLD = env_int_default("LVV_MONITOR_SUPPRESSION_THRESHOLD", 5)

# --- Retention (AVG) -----------------------------------------------------------------------
# Whole years after a client's last outflow before `lvv apply_retention` anonymises the file
# (docs/security.md, "Retention and data-subject rights": why 7 is the default).
RETENTION_YEARS_AFTER_OUTFLOW = env_int_default("LVV_RETENTION_YEARS_AFTER_OUTFLOW", 7)
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    # Tokens are for systems; they expire so a leaked one does not live for ever.
    "TOKEN_TTL": timedelta(days=LVV_API_TOKEN_DAYS),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LVV API",
    "DESCRIPTION": (
        "API of the information system for the Landelijke Vreemdelingenvoorzieningen. "
        "Follows the Dutch API Design Rules: errors as application/problem+json, "
        "no trailing slashes, an API-Version header on every response. Periods are "
        "[start, end): `end` is exclusive."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lvv.core.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "lvv.accounts.roles.OrganisationKind",
        "LocationKindEnum": "lvv.network.models.LocationKind",
        "RoleEnum": "lvv.accounts.roles.Role",
        "AuditActionEnum": "lvv.audit.models.AuditAction",
        "AuditOutcomeEnum": "lvv.audit.models.AuditOutcome",
        "ClientStatusEnum": "lvv.cases.models.ClientStatus",
        "ActionStatusEnum": "lvv.cases.models.ActionStatus",
        "EscalationStatusEnum": "lvv.cases.models.EscalationStatus",
        "EscalationLevelEnum": "lvv.cases.models.EscalationLevel",
        "ScenarioKindEnum": "lvv.cases.models.ScenarioKind",
        "ProcedureKindEnum": "lvv.cases.models.ProcedureKind",
        "IntakeDecisionEnum": "lvv.cases.models.IntakeDecision",
        "AgreementStatusEnum": "lvv.programme.models.agreements.AgreementStatus",
        "AmendmentKindEnum": "lvv.programme.models.agreements.AmendmentKind",
        "PlannedLvvStatusEnum": "lvv.programme.models.plan.PlannedLvvStatus",
        "FundingKindEnum": "lvv.programme.models.funding.FundingKind",
        "DecisionKindEnum": "lvv.programme.models.decisions.DecisionKind",
    },
}

# --- Security headers ---------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logging and mail ---------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "lvv@localhost")
# JSON lines on stdout with request id and user uuid, never names (see lvv.core.logging).
LOGGING = logging_config(env("LOG_LEVEL", "INFO"))


def require_secret_key() -> None:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment")
