"""AVG: files are anonymised after their retention period without changing a single published
figure; a person can get everything held on them and who accessed it; corrections leave a trail.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.cases.exports import subject_access_archive
from lvv.cases.models import (
    Client,
    ClientStatus,
    Consent,
    DatePrecision,
    HouseholdLink,
    HouseholdRelation,
    IntakeAnswer,
    IntakeDecision,
    IntakeExclusion,
    JournalEntry,
    MeetingDecision,
    PlacementEndReason,
    Transfer,
)
from lvv.cases.selectors.clients import criteria_for, exclusion_grounds_for
from lvv.cases.selectors.retention import clients_due_for_retention, retention_cutoff
from lvv.cases.selectors.subject_access import subject_access_data
from lvv.cases.services.clients import client_update
from lvv.cases.services.journal import journal_entry_add, journal_entry_correct
from lvv.cases.services.pseudonyms import pseudonyms_recompute
from lvv.cases.services.retention import client_anonymise, retention_apply
from lvv.cases.tests.factories import (
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    JournalEntryFactory,
    OutflowFactory,
    StatusChangeFactory,
)
from lvv.cases.tests.trajectory_factories import (
    ActionFactory,
    CaseDiscussionFactory,
    CaseMeetingFactory,
    EscalationFactory,
    PlacementFactory,
    ProcedureFactory,
    ScenarioFactory,
    TrajectoryFactory,
)
from lvv.cases.tests.trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot)
from lvv.monitoring.exports import record_rows
from lvv.monitoring.selectors.monitor import (
    Level,
    monitor_compute,
    quarter_period,
    unit_resolve,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ON = D(2026, 6, 2)  # the day the rule is applied in these tests
YEARS = 7  # so files whose last outflow was on or before 2 June 2019 are due

# What the person's file says, each value findable anywhere in the database.
MARK = {
    "family_name": "Zwartkruis",
    "given_names": "Merhawit",
    "v_number": "3141592653",
    "bsn": "111222333",
    "phone": "0687001122",
    "email": "merhawit@example.org",
    "journal": "Gesprek over de terugkeer naar Asmara",
    "correction": "Correctie: het gesprek ging over Khartoem",
    "consent": "TOESTEMMING-8841",
    "decision_reason": "Voldoet aan de criteria volgens dossier 77",
    "answer_note": "Uitgeprocedeerd sinds maart",
    "exclusion_note": "Veroordeling in 2012",
    "room": "Kamer 17B",
    "bed": "Bed Noord",
    "override": "Geen alternatief voor Merhawit",
    "scenario": "Wil naar haar zus in Zweden",
    "action": "Paspoortaanvraag bij de ambassade",
    "procedure": "Afgewezen op 3 mei",
    "escalation": "Ambassade reageert niet",
    "escalation_outcome": "Opgelost met DT&V",
    "summary": "Merhawit wil meewerken",
    "meeting_decision": "DT&V vraagt laissez-passer aan",
    "outflow": "Vertrokken met IOM naar Asmara",
    "transfer": "Verhuisd wegens familie",
}


@dataclass
class File:
    client: Client
    relative: Client
    recent: Client  # left too recently
    still_open: Client  # left long ago, but a trajectory was never closed


def _person_file(world) -> File:
    """A complete file of someone who left on 1 June 2019, with every kind of free text."""
    client = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo,
        family_name=MARK["family_name"],
        given_names=MARK["given_names"],
        v_number=MARK["v_number"],
        bsn=MARK["bsn"],
        phone=MARK["phone"],
        email=MARK["email"],
        date_of_birth=D(1991, 8, 23),
        date_of_birth_precision=DatePrecision.DAY,
        vulnerabilities=["medical"],
        status=ClientStatus.OUTFLOW,
        status_since=D(2019, 6, 1),
    )
    relative = ClientFactory(municipality=world.utrecht, partner=world.ngo)
    HouseholdLink.objects.create(client=client, relative=relative, relation="sibling")
    entry = JournalEntryFactory(client=client, text=MARK["journal"], occurred_on=D(2019, 2, 1))
    JournalEntry.objects.create(
        client=client,
        occurred_on=D(2019, 2, 2),
        text=MARK["correction"],
        author=entry.author,
        corrects=entry,
    )
    ConsentFactory(
        client=client,
        recipient=world.dtv,
        given_on=D(2019, 1, 15),
        document_reference=MARK["consent"],
    )
    intake = IntakeFactory(
        client=client,
        intake_on=D(2019, 1, 5),
        decision=IntakeDecision.ADMITTED,
        decision_reason=MARK["decision_reason"],
        decided_on=D(2019, 1, 8),
    )
    for criterion in criteria_for(world.utrecht):
        IntakeAnswer.objects.create(
            intake=intake, criterion=criterion, answer="yes", note=MARK["answer_note"]
        )
    IntakeExclusion.objects.create(
        intake=intake,
        ground=exclusion_grounds_for(world.utrecht).first(),
        note=MARK["exclusion_note"],
    )
    StatusChangeFactory(
        client=client,
        from_status=ClientStatus.IN_TRAJECTORY,
        to_status=ClientStatus.OUTFLOW,
        changed_on=D(2019, 6, 1),
    )
    PlacementFactory(
        client=client,
        location=world.shelter,
        start=D(2019, 1, 10),
        end=D(2019, 3, 1),
        end_reason=PlacementEndReason.MOVED,
        room=MARK["room"],
        bed=MARK["bed"],
        capacity_override_reason=MARK["override"],
    )
    PlacementFactory(
        client=client,
        location=world.second,
        start=D(2019, 3, 1),
        end=D(2019, 6, 1),
        end_reason=PlacementEndReason.OUTFLOW,
    )
    meeting = CaseMeetingFactory(municipality=world.utrecht, held_on=D(2019, 2, 10))
    discussion = CaseDiscussionFactory(meeting=meeting, client=client, summary=MARK["summary"])
    MeetingDecision.objects.create(discussion=discussion, text=MARK["meeting_decision"])
    ScenarioFactory(client=client, agreed_on=D(2019, 2, 10), note=MARK["scenario"])
    TrajectoryFactory(client=client, start=D(2019, 2, 15), end=D(2019, 6, 1))
    ActionFactory(client=client, owner=world.dtv, description=MARK["action"], due_on=D(2019, 4, 1))
    ProcedureFactory(client=client, started_on=D(2019, 3, 1), outcome=MARK["procedure"])
    EscalationFactory(
        client=client,
        raised_on=D(2019, 4, 1),
        reason=MARK["escalation"],
        outcome=MARK["escalation_outcome"],
    )
    Transfer.objects.create(
        client=client,
        from_municipality=world.amsterdam,
        to_municipality=world.utrecht,
        from_partner=world.amsterdam_ngo,
        to_partner=world.ngo,
        transferred_on=D(2019, 1, 9),
        reason=MARK["transfer"],
    )
    OutflowFactory(client=client, left_on=D(2019, 6, 1), note=MARK["outflow"])

    recent = world.client(status=ClientStatus.OUTFLOW, status_since=D(2020, 1, 1))
    PlacementFactory(client=recent, location=world.shelter, start=D(2019, 5, 1), end=D(2020, 1, 1))
    OutflowFactory(client=recent, left_on=D(2020, 1, 1))
    still_open = world.client(status=ClientStatus.OUTFLOW, status_since=D(2019, 1, 1))
    OutflowFactory(client=still_open, left_on=D(2019, 1, 1))
    TrajectoryFactory(client=still_open, start=D(2018, 6, 1))
    return File(client=client, relative=relative, recent=recent, still_open=still_open)


def _database_text() -> str:
    """Every row of every model, as one text to search for personal data."""
    return "\n".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.app_label in {"cases", "audit", "monitoring"}
    )


def _figures() -> list:
    """What the monitor publishes: every indicator nationally and for Utrecht, per quarter
    of 2019 and 2020, and the pseudonymised record-level export."""
    units = [unit_resolve(Level.NATIONAL, None), unit_resolve(Level.MUNICIPALITY, "GM0344")]
    quarters = [quarter_period(f"{year}-Q{q}") for year in (2019, 2020) for q in (1, 2, 3, 4)]
    monitors = [monitor_compute(unit=unit, period=period) for unit in units for period in quarters]
    return [monitors, list(record_rows())]


# --- which files are due ---------------------------------------------------------------------


def test_a_file_is_due_years_after_its_last_outflow_with_nothing_open(world):
    file = _person_file(world)
    assert retention_cutoff(ON, YEARS) == D(2019, 6, 2)
    due = list(clients_due_for_retention(on=ON, years=YEARS))
    assert due == [file.client]
    assert due[0].last_left_on == D(2019, 6, 1)
    # One day earlier the seven years have not passed yet.
    assert not clients_due_for_retention(on=D(2026, 5, 31), years=YEARS).exists()


def test_the_cutoff_of_29_february_falls_back_to_28_february():
    assert retention_cutoff(D(2028, 2, 29), 7) == D(2021, 2, 28)


def test_the_period_comes_from_the_setting(world, settings):
    file = _person_file(world)
    settings.RETENTION_YEARS_AFTER_OUTFLOW = 10
    assert not clients_due_for_retention(on=ON).exists()
    settings.RETENTION_YEARS_AFTER_OUTFLOW = 5
    assert set(clients_due_for_retention(on=ON)) == {file.client, file.recent}


def test_a_client_who_came_back_is_not_due(world):
    file = _person_file(world)
    Client.objects.filter(pk=file.client.pk).update(status=ClientStatus.INTAKE)
    assert not clients_due_for_retention(on=ON, years=YEARS).exists()


# --- the command -------------------------------------------------------------------------------


def test_the_dry_run_lists_the_files_and_writes_nothing(world, snapshot):
    file = _person_file(world)
    before = snapshot()
    text_before = _database_text()
    out = io.StringIO()
    call_command(
        "apply_retention", "--dry-run", "--on", ON.isoformat(), "--years", str(YEARS), stdout=out
    )
    output = out.getvalue()
    assert "1 file(s)" in output
    assert str(file.client.uuid) in output
    assert str(file.recent.uuid) not in output
    before.assert_unchanged()
    assert _database_text() == text_before


def test_anonymising_removes_every_personal_value_and_keeps_the_figures(world):
    file = _person_file(world)
    figures = _figures()
    assert figures[0][0].present_in_period > 0  # the comparison below compares something
    pseudonym = file.client.pseudonym
    for value in MARK.values():
        assert value in _database_text()

    out = io.StringIO()
    call_command("apply_retention", "--on", ON.isoformat(), "--years", str(YEARS), stdout=out)

    assert "1 file(s) anonymised" in out.getvalue()
    text = _database_text()
    left = sorted(name for name, value in MARK.items() if value in text)
    assert left == []
    assert _figures() == figures
    client = Client.objects.get(pk=file.client.pk)
    assert client.pseudonym == pseudonym
    assert client.anonymised_on == ON
    assert (client.date_of_birth, client.date_of_birth_precision) == (D(1991, 1, 1), "year")
    assert client.full_name == gettext("Anonymised file")
    assert not HouseholdLink.objects.filter(client=client).exists()
    assert not Consent.objects.in_force_on(ON).filter(client=client).exists()
    # Untouched: the file that left too recently, the one still open, the relative.
    for other in (file.recent, file.still_open, file.relative):
        refreshed = Client.objects.get(pk=other.pk)
        assert refreshed.anonymised_on is None
        assert refreshed.family_name == other.family_name


def test_one_audit_event_per_file_with_field_names_only(world):
    file = _person_file(world)
    run = retention_apply(actor=Actor.system(), on=ON, years=YEARS)
    assert run.anonymised == [file.client.uuid]
    events = AuditEvent.objects.filter(subject_id=file.client.uuid)
    assert events.count() == 1
    event = events.get()
    assert (event.action, event.object_id) == (AuditAction.UPDATE, str(file.client.uuid))
    assert {"anonymised_on", "family_name", "v_number", "journalentry.text"} <= set(
        event.changed_fields
    )
    assert audit_chain_verify().ok
    # A second run finds nothing left to do.
    again = retention_apply(actor=Actor.system(), on=ON, years=YEARS)
    assert (again.due, again.anonymised) == ([], [])
    assert AuditEvent.objects.filter(subject_id=file.client.uuid).count() == 1


def test_an_anonymised_file_is_read_only_and_keeps_its_pseudonym(world, page_client):
    file = _person_file(world)
    client_anonymise(actor=Actor.system(), client=file.client, on=ON)
    client = Client.objects.get(pk=file.client.pk)
    with pytest.raises(ValidationError) as refused:
        client_update(
            actor=world.actor("caseworker"),
            client=client,
            data={"family_name": "Nieuw"},
            expected_version=client.version,
        )
    assert set(refused.value.message_dict) == {"client"}
    pseudonym = client.pseudonym
    pseudonyms_recompute()
    client.save()
    assert Client.objects.get(pk=client.pk).pseudonym == pseudonym
    page = page_client(world.coordinator).get(reverse("cases:client-detail", args=[client.uuid]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="anonymised"' in body
    assert reverse("cases:client-update", args=[client.uuid]) not in body


def test_only_operators_anonymise(world):
    file = _person_file(world)
    with pytest.raises(PermissionDenied):
        client_anonymise(actor=world.actor("coordinator"), client=file.client, on=ON)
    with pytest.raises(PermissionDenied):
        retention_apply(actor=world.actor("coordinator"), on=ON, years=YEARS)


# --- the data-subject access export ------------------------------------------------------------


def _zip(response_or_bytes) -> tuple[dict, object, str]:
    content = getattr(response_or_bytes, "content", response_or_bytes)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data = json.loads(archive.read("inzage.json"))
        book = load_workbook(io.BytesIO(archive.read("inzage.xlsx")))
        readme = archive.read("leesmij.txt").decode()
    return data, book, readme


def test_a_coordinator_downloads_everything_held_and_who_accessed_it(world, page_client):
    file = _person_file(world)
    web = page_client(world.caseworker)
    assert web.get(reverse("cases:client-detail", args=[file.client.uuid])).status_code == 200
    web = page_client(world.coordinator)
    detail = web.get(reverse("cases:client-detail", args=[file.client.uuid])).content.decode()
    url = reverse("cases:client-subject-access", args=[file.client.uuid])
    assert f'action="{url}"' in detail

    response = web.post(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"inzage-{file.client.uuid}.zip" in response["Content-Disposition"]
    data, book, readme = _zip(response)
    dumped = json.dumps(data, ensure_ascii=False)
    missing = sorted(name for name, value in MARK.items() if value not in dumped)
    assert missing == []
    assert data["household"] == [
        {
            "relation": str(HouseholdRelation.SIBLING.label),
            "direction": gettext("the client is this relation of the relative"),
            "relative": str(file.relative.uuid),
        }
    ]
    assert file.relative.family_name not in dumped
    who = {(row["actor_username"], row["action"]) for row in data["access_log"]}
    assert (world.caseworker.user.username, str(AuditAction.READ.label)) in who
    assert (world.coordinator.user.username, str(AuditAction.EXPORT.label)) in who
    assert len(data["intake_answers"]) == criteria_for(world.utrecht).count()
    assert {"client", "journal", "placements", "access_log"} <= set(book.sheetnames)
    journal = [row for row in book["journal"].iter_rows(values_only=True)]
    assert MARK["journal"] in {cell for row in journal for cell in row}
    assert str(file.client.uuid) in readme
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT, subject_id=file.client.uuid)
    assert export.count() == 1


@pytest.mark.parametrize(
    ("member", "status"),
    sorted(
        {
            ("amsterdam_coordinator", 404),
            ("analyst", 403),
            ("auditor", 403),
            ("caseworker", 403),
            ("chain_partner", 403),
            ("functional_admin", 403),
        }
    ),
)
def test_no_one_else_downloads_it(world, page_client, member, status):
    file = _person_file(world)
    world.share(file.client)
    web = page_client(getattr(world, member))
    response = web.post(reverse("cases:client-subject-access", args=[file.client.uuid]))
    assert response.status_code == status
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_command_writes_the_zip(world, tmp_path):
    file = _person_file(world)
    out = io.StringIO()
    call_command("subject_access_export", str(file.client.uuid), "--out", str(tmp_path), stdout=out)
    written = tmp_path / f"inzage-{file.client.uuid}.zip"
    data, _book, _readme = _zip(written.read_bytes())
    assert data["client"][0]["v_number"] == MARK["v_number"]
    assert (written.stat().st_mode & 0o777) == 0o600
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.subject_id == file.client.uuid


def test_text_that_looks_like_a_formula_stays_text_in_the_spreadsheet(world):
    client = world.client()
    JournalEntryFactory(client=client, text='=HYPERLINK("http://x","klik")')
    data = subject_access_data(actor=Actor.system(), client_uuid=client.uuid)
    _data, book, _readme = _zip(subject_access_archive(data))
    cells = [cell for row in book["journal"].iter_rows() for cell in row]
    formula = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


# --- corrections leave a trail ----------------------------------------------------------------


def test_every_change_of_a_file_records_which_fields_changed_and_never_the_values(
    world, page_client
):
    client = world.client(phone="0611111111")
    url = reverse("cases:client-update", args=[client.uuid])
    web = page_client(world.caseworker)
    form = web.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(phone="0622334455", given_names="Saba", languages=", ".join(client.languages))
    assert web.post(url, data).status_code == 302

    event = AuditEvent.objects.filter(object_id=str(client.uuid), action=AuditAction.UPDATE).get()
    assert event.changed_fields == ["given_names", "phone"]
    row = serializers.serialize("json", [event])
    assert "0622334455" not in row and "Saba" not in row


def test_a_journal_correction_keeps_the_original_and_both_are_audited(world):
    client = world.client()
    actor = world.actor("caseworker")
    entry = journal_entry_add(actor=actor, client=client, text="Gesprek op dinsdag")
    correction = journal_entry_correct(actor=actor, entry=entry, text="Gesprek op woensdag")
    entry.refresh_from_db()
    assert entry.text == "Gesprek op dinsdag"
    assert correction.corrects == entry
    created = AuditEvent.objects.filter(subject_id=client.uuid, action=AuditAction.CREATE)
    assert {e.object_id for e in created} == {str(entry.uuid), str(correction.uuid)}
    exported = subject_access_data(actor=Actor.system(), client_uuid=client.uuid)["journal"]
    assert {(row["text"], row["corrects__uuid"]) for row in exported} == {
        ("Gesprek op dinsdag", None),
        ("Gesprek op woensdag", str(entry.uuid)),
    }
