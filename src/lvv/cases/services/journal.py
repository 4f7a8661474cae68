"""The journal of a client's file: dated, authored entries that are never changed or deleted.

A mistake is corrected by a new entry that points to the old one (`corrects`); both stay, so
the file shows what was written, when, by whom, and what replaced it. There is deliberately
no update or delete service.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction

from ..models import Client, JournalEntry
from .clients import audit_client_write, lock_client_for_write, require_not_in_future, today


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what happened.")})
    return text


@transaction.atomic
def journal_entry_add(
    *, actor: Actor, client: Client, text: str, occurred_on: date | None = None
) -> JournalEntry:
    """Add an entry to the journal, dated `occurred_on` (default today, never in the future),
    authored by the actor's user and organisation. Audited with the client as subject."""
    client = lock_client_for_write(actor=actor, client=client)
    text = _check_text(text)
    occurred_on = occurred_on or today()
    require_not_in_future(occurred_on, "occurred_on")
    entry = JournalEntry(
        client=client,
        occurred_on=occurred_on,
        text=text,
        author=actor.user,
        author_organisation=actor.organisation,
    )
    entry.full_clean()
    entry.save()
    audit_client_write(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        client=client,
        fields=["occurred_on", "text"],
    )
    return entry


@transaction.atomic
def journal_entry_correct(
    *, actor: Actor, entry: JournalEntry, text: str, occurred_on: date | None = None
) -> JournalEntry:
    """Correct an entry: a new entry pointing to the old one; the old one stays as it was.

    Guarantees: an entry is corrected at most once (correct the correction for a second
    change, else an error at `corrects`); the correction keeps the old entry's date unless
    another is given. Audited with the client as subject; the old entry is not touched.
    """
    client = lock_client_for_write(actor=actor, client=entry.client)
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk, client=client)
    if JournalEntry.objects.filter(corrects=entry).exists():
        raise ValidationError(
            {"corrects": _("This entry has already been corrected; correct the correction.")}
        )
    text = _check_text(text)
    occurred_on = occurred_on or entry.occurred_on
    require_not_in_future(occurred_on, "occurred_on")
    correction = JournalEntry(
        client=client,
        occurred_on=occurred_on,
        text=text,
        author=actor.user,
        author_organisation=actor.organisation,
        corrects=entry,
    )
    correction.full_clean()
    correction.save()
    audit_client_write(
        actor=actor,
        action=AuditAction.CREATE,
        obj=correction,
        client=client,
        fields=["occurred_on", "text", "corrects"],
    )
    return correction
