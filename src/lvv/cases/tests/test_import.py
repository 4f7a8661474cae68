"""Importing a file of existing registrations: checked row by row, all or nothing."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditEvent
from lvv.cases.imports import COLUMNS, UnreadableFile, parse_rows, read_table
from lvv.cases.models import Client, ClientStatus, Placement, StatusChange
from lvv.cases.services.imports import clients_import
from lvv.network.tests.factories import LocationCapacityFactory

pytestmark = pytest.mark.django_db

HEADER = ";".join(COLUMNS)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def row(**values) -> str:
    base = {
        "family_name": "Haile",
        "given_names": "Senait",
        "date_of_birth": "1991-03-14",
        "sex": "v",
        "nationality": "ER",
        "v_number": "",
        "bsn": "",
        "languages": "ti,ar",
        "phone": "",
        "email": "",
        "partner": "Stichting Noodopvang Utrecht",
        "registered_on": "2024-02-01",
        "status": "intake",
        "location": "",
        "placed_from": "",
    }
    base.update(values)
    return ";".join(base[column] for column in COLUMNS)


def run_import(world, content: bytes, filename="clients.csv", actor=None, dry_run=False):
    parsed = parse_rows(read_table(content, filename))
    return clients_import(
        actor=actor or Actor.system(),
        municipality=world.utrecht,
        parsed=parsed,
        dry_run=dry_run,
    )


@pytest.fixture
def capacity(world):
    return LocationCapacityFactory(
        location=world.location_a, start=date(2019, 1, 1), state_funded_places=10
    )


def test_a_correct_file_registers_every_row_with_its_history(world, capacity):
    before = Client.objects.count()
    report = run_import(
        world,
        csv_bytes(
            row(
                v_number="1234567890",
                status="in_trajectory",
                location="Locatie Utrecht",
                placed_from="2024-02-15",
            ),
            row(
                family_name="Mensah",
                given_names="Kwame",
                date_of_birth="1985",
                sex="m",
                nationality="GH",
                status="rest_period",
            ),
        ),
    )
    assert report.ok, report.errors
    assert report.imported == 2
    assert Client.objects.count() == before + 2
    haile = Client.objects.get(v_number="1234567890")
    assert haile.status == ClientStatus.IN_TRAJECTORY
    assert haile.municipality == world.utrecht
    assert haile.partner == world.ngo_a
    assert [c.to_status for c in StatusChange.objects.filter(client=haile)] == [
        ClientStatus.DOSSIER_REQUESTED,
        ClientStatus.REST_PERIOD,
        ClientStatus.SCENARIO_AGREED,
        ClientStatus.IN_TRAJECTORY,
    ]
    placement = Placement.objects.get(client=haile)
    assert placement.location == world.location_a
    assert placement.start == date(2024, 2, 15)
    mensah = Client.objects.get(family_name="Mensah")
    assert mensah.date_of_birth_precision == "year"
    assert AuditEvent.objects.filter(subject_id=haile.uuid, action="create").exists()


def test_one_bad_row_refuses_the_whole_file_with_line_and_column(world, capacity, snapshot):
    before = snapshot()
    report = run_import(
        world,
        csv_bytes(
            row(v_number="1234567890"),
            row(family_name="Mensah", v_number="12345", date_of_birth="1985-13-01"),
            row(family_name="Rahimi", partner="Onbekende Stichting"),
        ),
    )
    assert not report.ok
    assert report.imported == 0
    problems = {(e.row, e.column) for e in report.errors}
    assert (3, "v_number") in problems
    assert (3, "date_of_birth") in problems
    assert (4, "partner") in problems
    assert not any(e.row == 2 for e in report.errors)
    before.assert_unchanged()


def test_a_v_number_twice_in_the_file_is_refused_at_the_second_line(world, snapshot):
    before = snapshot()
    report = run_import(
        world,
        csv_bytes(row(v_number="1234567890"), row(family_name="Other", v_number="1234567890")),
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "v_number")]
    before.assert_unchanged()


def test_possible_duplicates_without_v_number_are_flagged_not_refused(world):
    report = run_import(world, csv_bytes(row(), row(given_names="S.")))
    assert report.ok
    assert report.imported == 2
    assert [(w.row, w.column) for w in report.warnings] == [(3, "family_name")]


def test_a_dry_run_checks_everything_and_keeps_nothing(world, snapshot):
    before = snapshot()
    report = run_import(world, csv_bytes(row(), row(family_name="Mensah")), dry_run=True)
    assert report.ok
    assert report.imported == 2
    before.assert_unchanged()


def test_a_full_location_is_reported_at_the_location_column(world, snapshot):
    LocationCapacityFactory(
        location=world.location_a,
        start=date(2019, 1, 1),
        state_funded_places=0,
        municipality_funded_places=0,
    )
    before = snapshot()
    report = run_import(
        world,
        csv_bytes(
            row(status="dossier_requested", location="Locatie Utrecht", placed_from="2024-02-15")
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "location")]
    before.assert_unchanged()


def test_xlsx_files_are_read_like_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(
        [
            "Haile",
            "Senait",
            date(1991, 3, 14),
            "v",
            "ER",
            1234567890,
            None,
            "ti",
            None,
            None,
            "Stichting Noodopvang Utrecht",
            date(2024, 2, 1),
            "intake",
            None,
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(world, buffer.getvalue(), filename="clients.xlsx")
    assert report.ok, report.errors
    client = Client.objects.get(v_number="1234567890")
    assert client.date_of_birth == date(1991, 3, 14)


def test_unknown_columns_and_wrong_file_types_are_refused_as_a_whole():
    with pytest.raises(UnreadableFile, match="Onbekende kolommen: colour"):
        read_table(b"family_name;colour\nX;red\n", "clients.csv")
    with pytest.raises(UnreadableFile, match="Ontbrekende kolommen"):
        read_table(b"family_name\nX\n", "clients.csv")
    with pytest.raises(UnreadableFile):
        read_table(b"...", "clients.pdf")


def test_only_coordinators_of_the_municipality_may_import(world):
    from django.core.exceptions import PermissionDenied

    for name in ("caseworker_a", "coordinator_b", "programme_manager", "chain_dtv"):
        with pytest.raises(PermissionDenied):
            run_import(world, csv_bytes(row()), actor=world.actor(name))
    report = run_import(world, csv_bytes(row()), actor=world.actor("coordinator_a"))
    assert report.ok and report.imported == 1


def test_the_command_imports_the_sample_file_with_a_summary(world, tmp_path, capsys):
    from lvv.network.tests.factories import LocationFactory

    for name in ("LVV Utrecht Centrum", "LVV Utrecht Overvecht"):
        location = LocationFactory(name=name, municipality=world.utrecht, operator=world.ngo_a)
        LocationCapacityFactory(location=location, start=date(2019, 1, 1))
    world.ngo_a.short_name = "SNDVU"
    world.ngo_a.save()
    sample = Path(__file__).resolve().parents[4] / "docs" / "import" / "clients-sample.csv"
    out = io.StringIO()
    call_command(
        "import_clients", str(sample), "--municipality", "GM0344", "--no-progress", stdout=out
    )
    assert "Imported 3 of 3 rows" in out.getvalue()
    assert Client.objects.filter(v_number="2345678901", status="rest_period").exists()


def test_the_command_exits_with_the_report_when_a_row_is_wrong(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(row(bsn="123456789")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_clients", str(bad), "--municipality", "GM0344", "--no-progress", stdout=out
        )
    assert "line 2, bsn:" in out.getvalue()
    with pytest.raises(CommandError, match="No municipality"):
        call_command("import_clients", str(bad), "--municipality", "GM9999", stdout=out)


def test_the_import_page_for_a_coordinator(world, page_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = page_client(world.coordinator_a)
    assert browser.get("/clienten/importeren").status_code == 200
    upload = SimpleUploadedFile("clients.csv", csv_bytes(row(v_number="12")))
    response = browser.post("/clienten/importeren", {"file": upload, "dry_run": ""})
    assert response.status_code == 400
    assert "v_number" in response.content.decode()
    assert not Client.objects.filter(family_name="Haile", municipality=world.utrecht).exists()
    upload = SimpleUploadedFile("clients.csv", csv_bytes(row()))
    response = browser.post("/clienten/importeren", {"file": upload, "dry_run": ""})
    assert response.status_code == 200
    assert Client.objects.filter(family_name="Haile", municipality=world.utrecht).exists()


def test_the_import_page_is_closed_to_caseworkers(world, page_client):
    assert page_client(world.caseworker_a).get("/clienten/importeren").status_code == 403
