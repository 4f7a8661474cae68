"""Writes of the monitor's exports: only the audit event of a record-level export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..selectors.access import may_export_records

RECORD_EXPORT_FORMATS = ("csv", "xlsx")


@transaction.atomic
def record_export_audit(*, actor: Actor, file_format: str) -> None:
    """Record that `actor` (an analyst, else PermissionDenied) takes the pseudonymised
    record-level export in `file_format` (csv or xlsx, else ValidationError on `format`).
    One audit event, naming the export and the format; no personal data in it."""
    if not may_export_records(actor):
        raise PermissionDenied(_("Only analysts may take the record-level export."))
    if file_format not in RECORD_EXPORT_FORMATS:
        raise ValidationError({"format": _("Choose csv or xlsx.")})
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="monitoring.pseudonymised_records",
        object_id=file_format,
    )
