"""Structured logs: one JSON object a line on stdout, tied to the request that caused it.

Every record carries `request_id` and `user_id` (the user's uuid: never a name, username or
V-nummer) of the request being served, taken from a context variable that
`RequestIdMiddleware` sets. Django's own records carry the request object, whose text holds
the query string (which can hold a name searched for); that attribute is dropped here, so
nothing but the path ever reaches a log line.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any

from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.json import JsonFormatter

# The request being served in this thread (or task); None outside a request.
current_request: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "lvv_current_request", default=None
)

# Attributes Django and others attach to records that may hold personal data in their text.
_UNSAFE_ATTRIBUTES = ("request", "scope", "args_repr")


def user_id_of(request, *, evaluate: bool) -> str | None:
    """The acting user's uuid, or None. With `evaluate=False` a lazy user that has not been
    loaded yet stays unloaded: a log call must never trigger a database query (which would
    log again)."""
    user = request.__dict__.get("user") if request is not None else None
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty and not evaluate:
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    value = getattr(user, "uuid", None)
    return str(value) if value is not None else None


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record and drops the unsafe attributes."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django's request log lines carry their request, and some are written after the
        # middleware has finished (4xx warnings): prefer it to the context variable.
        request = record.__dict__.get("request") or current_request.get()
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = user_id_of(request, evaluate=False)
        for name in _UNSAFE_ATTRIBUTES:
            if name in record.__dict__:
                delattr(record, name)
        return True


class LvvJsonFormatter(JsonFormatter):
    """JSON with the field names the operations team searches on."""

    def __init__(self, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", **kwargs)


def logging_config(level: str) -> dict[str, Any]:
    """The `LOGGING` setting every settings module uses."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "lvv.core.logging.RequestContextFilter"}},
        "formatters": {"json": {"()": "lvv.core.logging.LvvJsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's defaults give its logger a plain-text console handler (with DEBUG on)
            # and mail to ADMINS; here everything goes through the one JSON handler instead.
            "django": {"handlers": [], "level": level, "propagate": True},
            # runserver's own request lines hold the query string; lvv.access replaces them.
            "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
