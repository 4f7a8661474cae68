"""Serializer fields the client register's API shapes share."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class UuidRelatedField(serializers.SlugRelatedField):
    """An object referenced by uuid; a malformed uuid is an input error, not a crash."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")
