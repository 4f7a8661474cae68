"""Pages that belong to no domain: the accessibility statement and the error pages.

Errors on `/api/` answer in problem+json, everywhere else with a page in the site's layout.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from lvv.core.api.exceptions import problem_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def _error_page(request, status: int, title: str, detail: str, *, error_id: str | None = None):
    if _is_api(request):
        return problem_response(request, status, detail, error_id=error_id)
    return render(
        request,
        "core/error.html",
        {"title": title, "detail": detail, "status": status, "error_id": error_id},
        status=status,
    )


def bad_request(request, exception=None):
    return _error_page(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request, exception=None):
    return _error_page(
        request, 403, _("No access"), _("Your role does not give access to this page.")
    )


def page_not_found(request, exception=None):
    return _error_page(request, 404, _("Page not found"), _("There is nothing at this address."))


def server_error(request):
    # The request id is the error id: the log line with the traceback carries the same one.
    return _error_page(
        request,
        500,
        _("Something went wrong"),
        _("The error has been logged. Please try again later."),
        error_id=getattr(request, "request_id", None),
    )
