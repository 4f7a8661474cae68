"""Optimistic locking over the API: a stale `version` is 409 Conflict, in problem+json.

A representation carries its `version`; a change sends it back. When the record changed in
between, the service raises `EditConflict` (see `lvv.cases.services.versions`), which these
views answer with 409 and a `detail` saying who changed it and when. The caller reads the
record again and decides. The schema documents the 409 answer on every such operation.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status

from ..services.versions import EditConflict


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record changed since you read it. Read it again.")
    default_code = "conflict"


class ConflictAs409Mixin:
    """For viewsets whose actions take a `version`: an `EditConflict` becomes 409."""

    def handle_exception(self, exc):
        if isinstance(exc, EditConflict):
            exc = Conflict(detail=exc.conflict_message)
        return super().handle_exception(exc)


class ConflictProblemSerializer(serializers.Serializer):
    """The 409 answer (RFC 9457 problem details)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text=_("Who changed the record and when, if known."))
    instance = serializers.CharField()


CONFLICT_RESPONSE = {
    (status.HTTP_409_CONFLICT, "application/problem+json"): OpenApiResponse(
        response=ConflictProblemSerializer,
        description=(
            "The record changed since you read it (its `version` is higher than the one "
            "sent): nothing was changed. Read it again, then repeat the change if still needed."
        ),
    )
}

VERSION_HELP = _(
    "The `version` of the record as you read it. If it changed since, the answer is 409 "
    "Conflict and nothing is changed."
)

SUBMISSION_KEY_HELP = _(
    "A new uuid per record you mean to create (an idempotency key). Sending the same request "
    "again with the same key creates nothing and answers with the record created the first "
    "time."
)
