"""Form plumbing every app's pages share: Utrecht widget classes, a date input, and the form
that shows a service's ValidationError at the matching field."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO (YYYY-MM-DD) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class ServiceForm(forms.Form):
    """A form whose data goes to a service; the service's errors land at the matching field.

    `service_fields` maps a service's field name to the form field that shows it, where they
    differ (a service's exclusive `end` is the form's inclusive `last_day`); errors about
    fields the form does not have are shown above the form.
    """

    service_fields: dict[str, str] = {}

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            field = self.service_fields.get(name, name)
            if field == NON_FIELD_ERRORS or field not in self.fields:
                self.add_error(None, messages)
            else:
                self.add_error(field, messages)
