"""Plumbing shared by the programme's write services: permission checks, applying changes,
validating and auditing, always in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from ..selectors.access import actor_may_manage_programme, actor_may_write_municipal_in


def require_manager(actor: Actor) -> None:
    if not actor_may_manage_programme(actor):
        raise PermissionDenied(_("Only programme managers may change this."))


def require_municipal_writer(actor: Actor, *municipalities) -> None:
    if not all(actor_may_write_municipal_in(actor, m) for m in municipalities):
        raise PermissionDenied(
            _("You may only record contracts and spending of your own municipality.")
        )


def normalise(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def apply_changes(
    instance: models.Model, data: Mapping[str, Any], allowed: Iterable[str]
) -> list[str]:
    """Set the given fields on `instance`; return the names whose value changed.

    Unknown names are refused (named in the error) rather than silently dropped.
    """
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    changed = []
    for name, value in data.items():
        value = normalise(value)
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def validate(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """`full_clean()`: field checks, the model's `clean()` (which names the wrong field),
    uniqueness and constraints."""
    instance.full_clean(exclude=list(exclude) or None)


def audit(actor: Actor, action: AuditAction, obj: models.Model, fields: Iterable[str]) -> None:
    audit_record(actor=actor, action=action, obj=obj, changed_fields=list(fields))
