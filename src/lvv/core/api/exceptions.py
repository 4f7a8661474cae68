"""Errors as `application/problem+json` (RFC 9457), as the Dutch API Design Rules ask.

Every API error, whether raised by DRF, by Django's validation in a service, or by a missing
route, leaves here in the same shape: type, title, status, detail, instance, and for invalid
input one entry per field in `invalidParams` (name, code, reason).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "Invalid input.",
    401: "Not authenticated.",
    403: "Permission denied.",
    404: "Not found.",
    405: "Method not allowed.",
    406: "Not acceptable.",
    409: "Conflict.",
    415: "Unsupported media type.",
    429: "Too many requests.",
    500: "Internal server error.",
}


def problem_type(status_code: int) -> str:
    return f"https://developer.overheid.nl/problems/{status_code}"  # ADR's catalogue of types


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into one entry per field path (`address.postcode`)."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if not prefix else f"{prefix}.{key}"
            params.extend(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                params.append(
                    {
                        "name": prefix or "nonFieldErrors",
                        "code": getattr(item, "code", "invalid"),
                        "reason": str(item),
                    }
                )
        else:
            for index, item in enumerate(detail):
                params.extend(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    for param in params:
        if param["name"] == "non_field_errors":
            param["name"] = "nonFieldErrors"
    return params


def problem_body(
    status_code: int, *, detail: str, instance: str = "", invalid_params=None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(status_code),
        "title": _TITLES.get(status_code, "Error."),
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_exception_handler(exc, context):
    """DRF's exception handler, reshaped into problem+json."""
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API reports it as invalid input.
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            response.status_code,
            detail=_("The request contains invalid parameters; see invalidParams."),
            instance=instance,
            invalid_params=_flatten(exc.detail),
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem_body(response.status_code, detail=str(detail), instance=instance)
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = PROBLEM_CONTENT_TYPE
    return problem


def problem_response(
    request, status_code: int, detail: str, *, error_id: str | None = None
) -> JsonResponse:
    """A problem+json answer for errors that happen outside DRF (unknown routes, crashes).

    `error_id` (the request id, for crashes) is the key to the log line with the traceback.
    """
    body = problem_body(status_code, detail=detail, instance=request.path)
    if error_id:
        body["errorId"] = error_id
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "problem_exception_handler",
    "problem_response",
    "status",
]
