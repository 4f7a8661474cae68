"""Optimistic locking: a change is made to the version of a record a person saw, or not at all.

A client and a placement carry a `version` number. A page or API call that changes one sends
the version it showed (`expected_version`); the service raises the stored number by one with
a single conditional UPDATE (`... WHERE pk = … AND version = expected`), so of two people who
opened the same file, the first save wins and the second gets an `EditConflict` naming who
changed it and when (from the audit trail), never a silent overwrite. The services also hold
the client row lock while checking, which serialises the writers; the conditional UPDATE is
the guarantee that does not depend on it.

`EditConflict` is a ValidationError (pages show it above the form); the API answers it with
409 Conflict (see `lvv.cases.api.conflicts`).

Double submits of a creating form (an intake, an outflow) are guarded differently: the form
carries a one-time `submission_key`, unique in the database; a repeat returns what the first
submission created (`existing_submission`).
"""

from __future__ import annotations

import uuid as uuid_module

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.services import object_reference

VERSION_FIELD = "version"


class EditConflict(ValidationError):
    """The record changed since the person opened it (HTTP 409 on the API)."""

    def __init__(self, message: str, *, field: str = VERSION_FIELD):
        super().__init__({field: [message]}, code="conflict")
        self.conflict_message = message


def _last_change(obj: models.Model) -> AuditEvent | None:
    object_type, object_id = object_reference(obj)
    return (
        AuditEvent.objects.filter(
            object_type=object_type,
            object_id=object_id,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE],
        )
        .order_by("-sequence")
        .first()
    )


def conflict_message(obj: models.Model) -> str:
    """What a person whose save was refused reads: who changed the record and when, if the
    audit trail knows it (it always does for changes made through the services)."""
    is_placement = obj._meta.model_name == "placement"
    event = _last_change(obj)
    if event is None or not (event.actor_username or event.organisation_name):
        if is_placement:
            return _(
                "Someone else changed this placement since you opened it. Open the client "
                "file again to see the change, then make yours again if it is still needed."
            )
        return _(
            "Someone else changed this file since you opened it. Open it again to see the "
            "change, then make yours again if it is still needed."
        )
    values = {
        "who": event.actor_username or _("a command on the server"),
        "organisation": event.organisation_name or "-",
        "when": timezone.localtime(event.occurred_at).strftime("%d-%m-%Y %H:%M"),
    }
    if is_placement:
        return (
            _(
                "Someone else changed this placement since you opened it: %(who)s "
                "(%(organisation)s) on %(when)s. Open the client file again to see the change, "
                "then make yours again if it is still needed."
            )
            % values
        )
    return (
        _(
            "Someone else changed this file since you opened it: %(who)s (%(organisation)s) on "
            "%(when)s. Open it again to see the change, then make yours again if it is still "
            "needed."
        )
        % values
    )


def claim_version(obj: models.Model, expected_version: int | None) -> None:
    """Raise the stored version of `obj` by one, provided it is still `expected_version`.

    Guarantees: one conditional UPDATE, so two writers holding the same version cannot both
    succeed, whatever locks they hold; on a mismatch an `EditConflict` (at `version`) and
    nothing written. `expected_version=None` is for writers that have no version to compare
    (commands, imports, the services' own follow-up writes): the version is still raised, so
    anyone who opened the record before gets the conflict. `obj.version` is set to the new
    number, so a later `save()` of `obj` keeps it.
    """
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise EditConflict(conflict_message(obj))
    obj.version = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True)[0]


def existing_submission(
    model: type[models.Model], *, key: uuid_module.UUID | str | None, client
) -> models.Model | None:
    """The record a submission with `key` created earlier for `client`, if any.

    Call it after locking the client: a repeat then waits for the first submission to commit
    and finds its record. A key used for another client is refused (at `submission_key`).
    """
    if not key:
        return None
    found = model._default_manager.filter(submission_key=key).first()
    if found is None:
        return None
    if found.client_id != client.pk:
        raise ValidationError(
            {"submission_key": _("This form was already used for another client.")}
        )
    return found
