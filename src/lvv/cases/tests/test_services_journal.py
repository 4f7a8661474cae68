"""The journal: entries are added and corrected, never changed or deleted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import JournalEntry
from lvv.cases.services import journal as journal_services
from lvv.cases.services.journal import journal_entry_add, journal_entry_correct

from .factories import JournalEntryFactory

pytestmark = pytest.mark.django_db


def test_an_entry_is_dated_authored_and_audited(world):
    actor = world.actor("caseworker_a")
    entry = journal_entry_add(
        actor=actor,
        client=world.client_a,
        text="  Intakegesprek gevoerd. ",
        occurred_on=datetime.date(2024, 3, 1),
    )
    entry.refresh_from_db()
    assert entry.text == "Intakegesprek gevoerd."
    assert entry.author == world.caseworker_a.user
    assert entry.author_organisation == world.ngo_a
    event = AuditEvent.objects.get(object_id=str(entry.uuid))
    assert (event.action, event.subject_id) == (AuditAction.CREATE, world.client_a.uuid)


def test_an_entry_defaults_to_today(world):
    entry = journal_entry_add(actor=world.actor("coordinator_a"), client=world.client_a, text="x")
    assert entry.occurred_on == timezone.localdate()


def test_a_correction_is_a_new_entry_pointing_to_the_old_one_which_stays(world):
    old = JournalEntryFactory(
        client=world.client_a, text="Verkeerd", occurred_on=datetime.date(2024, 1, 5)
    )
    correction = journal_entry_correct(actor=world.actor("caseworker_a"), entry=old, text="Goed")
    old.refresh_from_db()
    assert old.text == "Verkeerd"  # untouched
    assert correction.corrects == old
    assert correction.occurred_on == datetime.date(2024, 1, 5)  # the old entry's date
    assert JournalEntry.objects.filter(client=world.client_a).count() == 2
    assert old.corrected_by == correction


def test_an_entry_is_corrected_once_then_the_correction_is_corrected(world, assert_refused):
    old = JournalEntryFactory(client=world.client_a)
    actor = world.actor("caseworker_a")
    first = journal_entry_correct(actor=actor, entry=old, text="Eerste correctie")
    assert_refused(
        lambda: journal_entry_correct(actor=actor, entry=old, text="Nog een"), "corrects"
    )
    second = journal_entry_correct(actor=actor, entry=first, text="Tweede correctie")
    assert second.corrects == first


@pytest.mark.parametrize(
    ("text", "occurred_on", "field"),
    [
        ("", None, "text"),
        ("   ", None, "text"),
        ("ok", datetime.date(2999, 1, 1), "occurred_on"),
    ],
)
def test_bad_entries_are_refused(world, assert_refused, text, occurred_on, field):
    assert_refused(
        lambda: journal_entry_add(
            actor=world.actor("caseworker_a"),
            client=world.client_a,
            text=text,
            occurred_on=occurred_on,
        ),
        field,
    )


def test_a_blank_correction_is_refused(world, assert_refused):
    old = JournalEntryFactory(client=world.client_a)
    assert_refused(
        lambda: journal_entry_correct(actor=world.actor("caseworker_a"), entry=old, text=" "),
        "text",
    )


@pytest.mark.parametrize("role", ["caseworker_b", "chain_dtv", "auditor"])
def test_only_the_keepers_of_the_file_write_in_its_journal(world, snapshot, role):
    old = JournalEntryFactory(client=world.client_a)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        journal_entry_add(actor=world.actor(role), client=world.client_a, text="x")
    with pytest.raises(PermissionDenied):
        journal_entry_correct(actor=world.actor(role), entry=old, text="x")
    before.assert_unchanged()


def test_there_is_no_service_that_changes_or_deletes_an_entry():
    names = {name for name in dir(journal_services) if name.startswith("journal_entry_")}
    assert names == {"journal_entry_add", "journal_entry_correct"}
