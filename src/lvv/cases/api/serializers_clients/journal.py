"""API shapes of a client's journal: entries are added and corrected, never changed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import JournalEntry


class JournalEntryOutputSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    author_organisation = serializers.CharField(
        source="author_organisation.name", read_only=True, default=None
    )
    corrects = serializers.UUIDField(source="corrects.uuid", read_only=True, default=None)
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = [
            "uuid",
            "occurred_on",
            "text",
            "author",
            "author_organisation",
            "corrects",
            "corrected_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_author(self, entry) -> str:
        return entry.author.get_full_name() or entry.author.username

    def get_corrected_by(self, entry) -> str | None:
        correction = getattr(entry, "corrected_by", None)
        return str(correction.uuid) if correction is not None else None


class JournalEntryInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)
    occurred_on = serializers.DateField(required=False, help_text=_("Default today."))


class JournalCorrectionInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text=_("The corrected text."))
    occurred_on = serializers.DateField(
        required=False, help_text=_("Default: the date of the entry corrected.")
    )
