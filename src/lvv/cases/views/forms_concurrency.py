"""Hidden fields that keep two people (or one person clicking twice) from overwriting each
other: the version of the record the form was opened on, and a one-time submission key for
forms that create a record. Their errors (a conflict, an expired form) are shown above the
form, since a hidden field has no place on the page to show them.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRED = _("This form is no longer valid. Open it again from the client file.")


class HiddenErrorsAboveMixin:
    """Errors at a hidden field go above the form (as non-field errors)."""

    def add_error(self, field, error):
        if field is not None and field in self.fields and self.fields[field].widget.is_hidden:
            field = None
        super().add_error(field, error)


def version_field() -> forms.IntegerField:
    """The version of the record the person saw; the service refuses a stale one."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": EXPIRED, "invalid": EXPIRED, "min_value": EXPIRED},
    )


def submission_key_field() -> forms.UUIDField:
    """A new key each time the form is shown; the record created with it is unique."""
    return forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4,
        error_messages={"required": EXPIRED, "invalid": EXPIRED},
    )
