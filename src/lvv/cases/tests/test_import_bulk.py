"""The import checks a whole file first and writes it in bulk: the same rows, the same audit
events and the same rules as registering each client at the desk, in a number of queries that
does not grow with the file."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.cases.models import Client, Placement, StatusChange
from lvv.cases.services import clients as client_services
from lvv.cases.services import placements as placement_services
from lvv.cases.services import workflow as workflow_services
from lvv.cases.services.imports import IMPORT_OVERRIDE_REASON
from lvv.network.tests.factories import LocationCapacityFactory

from .test_import import csv_bytes, row, run_import

pytestmark = pytest.mark.django_db


def _placed_rows(count: int, *, first_v_number: int = 1_000_000_000) -> bytes:
    statuses = ["intake", "dossier_requested", "rest_period", "scenario_agreed", "in_trajectory"]
    rows = []
    for n in range(count):
        status = statuses[n % len(statuses)]
        placed = status != "intake"
        rows.append(
            row(
                family_name=f"Naam{n}",
                v_number=str(first_v_number + n),
                status=status,
                location="Locatie Utrecht" if placed else "",
                placed_from="2024-03-01" if placed else "",
            )
        )
    return csv_bytes(*rows)


def _queries(world, content: bytes, actor=None) -> tuple[int, int]:
    """(statements other than INSERT, INSERT statements) of a dry-run import."""
    with CaptureQueriesContext(connection) as captured:
        report = run_import(world, content, actor=actor, dry_run=True)
    assert report.ok, report.errors[:3]
    inserts = sum(1 for query in captured if "INSERT INTO" in query["sql"])
    return len(captured) - inserts, inserts


@pytest.mark.parametrize("actor_name", ["coordinator_a", None])
def test_queries_do_not_grow_with_the_number_of_rows(world, actor_name):
    LocationCapacityFactory(
        location=world.location_a, start=date(2019, 1, 1), state_funded_places=500
    )
    actor = world.actor(actor_name) if actor_name else None
    small_reads, small_inserts = _queries(world, _placed_rows(5), actor)
    large_reads, large_inserts = _queries(world, _placed_rows(60), actor)
    assert small_reads == large_reads
    # 60 rows write 60 clients, 120 status changes, 48 placements and 228 audit events:
    # one INSERT per table and batch (the batch is bounded by the database's parameter limit).
    assert large_inserts <= small_inserts + 6


def _trail(client: Client) -> list[tuple[str, str, list[str]]]:
    return [
        (event.action, event.object_type, event.changed_fields)
        for event in AuditEvent.objects.filter(subject_id=client.uuid).order_by("sequence")
    ]


def test_an_imported_row_writes_what_the_desk_services_write(world):
    LocationCapacityFactory(location=world.location_a, start=date(2019, 1, 1))
    actor = world.actor("coordinator_a")
    # At the desk: register, admit step by step, place.
    desk = client_services.client_create(
        actor=actor,
        family_name="Haile",
        partner=world.ngo_a,
        on=date(2024, 2, 1),
        given_names="Senait",
        date_of_birth=date(1991, 3, 14),
        sex="female",
        nationality="ER",
        v_number="1234567890",
        languages="ti,ar",
    )
    for status in ("dossier_requested", "rest_period", "scenario_agreed", "in_trajectory"):
        desk = workflow_services.client_transition(
            actor=actor, client=desk, to_status=status, on=date(2024, 2, 1)
        )
    placement_services.placement_start(
        actor=actor, client=desk, location=world.location_a, start=date(2024, 2, 15)
    )
    # By file: the same person under another V-number.
    report = run_import(
        world,
        csv_bytes(
            row(
                v_number="2345678901",
                status="in_trajectory",
                location="Locatie Utrecht",
                placed_from="2024-02-15",
            )
        ),
        actor=actor,
    )
    assert report.ok, report.errors
    imported = Client.objects.get(v_number="2345678901")
    assert _trail(imported) == _trail(desk)
    same = ("status", "status_since", "municipality_id", "partner_id", "languages", "sex")
    assert [getattr(imported, f) for f in same] == [getattr(desk, f) for f in same]
    assert imported.pseudonym and imported.pseudonym != desk.pseudonym
    assert [
        (c.from_status, c.to_status, c.changed_on, c.changed_by_id)
        for c in StatusChange.objects.filter(client=imported)
    ] == [
        (c.from_status, c.to_status, c.changed_on, c.changed_by_id)
        for c in StatusChange.objects.filter(client=desk)
    ]
    assert audit_chain_verify().ok


def test_capacity_counts_the_file_s_own_earlier_rows(world, snapshot):
    LocationCapacityFactory(
        location=world.location_a,
        start=date(2019, 1, 1),
        state_funded_places=1,
        municipality_funded_places=0,
    )
    before = snapshot()
    content = csv_bytes(
        row(v_number="1234567890", status="rest_period", location="Locatie Utrecht",
            placed_from="2024-03-05"),
        # Placed earlier than the first row: the first row's place is not yet taken then.
        row(family_name="Mensah", v_number="2345678901", status="rest_period",
            location="Locatie Utrecht", placed_from="2024-03-01"),
        # On or after both: one place, already taken.
        row(family_name="Rahimi", v_number="3456789012", status="rest_period",
            location="Locatie Utrecht", placed_from="2024-03-05"),
    )  # fmt: skip
    report = run_import(world, content)
    assert [(e.row, e.column) for e in report.errors] == [(4, "location")]
    # Both earlier rows are placed on 5 March (pages and reports are Dutch by default).
    assert "2 van de 1 plaatsen" in report.errors[0].message
    before.assert_unchanged()


def test_a_coordinator_s_import_places_above_capacity_with_the_reason_audited(world):
    LocationCapacityFactory(
        location=world.location_a,
        start=date(2019, 1, 1),
        state_funded_places=1,
        municipality_funded_places=0,
    )
    content = csv_bytes(
        *(
            row(family_name=name, v_number=v_number, status="rest_period",
                location="Locatie Utrecht", placed_from="2024-03-01")
            for name, v_number in (("Haile", "1234567890"), ("Mensah", "2345678901"))
        )
    )  # fmt: skip
    report = run_import(world, content, actor=world.actor("coordinator_a"))
    assert report.ok, report.errors
    first, second = Placement.objects.filter(location=world.location_a).order_by("client__v_number")
    assert first.capacity_override_reason == ""
    assert second.capacity_override_reason == IMPORT_OVERRIDE_REASON
    assert second.capacity_overridden_by == world.coordinator_a.user
    event = AuditEvent.objects.get(object_type="cases.placement", object_id=str(second.uuid))
    assert "capacity_override_reason" in event.changed_fields
    assert audit_chain_verify().ok


def test_identifiers_already_registered_are_refused_at_their_rows(world, snapshot):
    client_services.client_create(
        actor=Actor.system(),
        family_name="Bestaand",
        municipality=world.utrecht,
        partner=world.ngo_a,
        v_number="1234567890",
        bsn="111222333",
    )
    before = snapshot()
    report = run_import(
        world,
        csv_bytes(
            row(family_name="A", v_number="2345678901"),
            row(family_name="B", v_number="1234567890"),
            row(family_name="C", bsn="111222333"),
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "v_number"), (4, "bsn")]
    before.assert_unchanged()


def test_an_admission_placed_before_the_location_opens_is_refused_at_placed_from(world):
    world.location_a.start = date(2024, 6, 1)
    world.location_a.save()
    report = run_import(
        world,
        csv_bytes(row(status="rest_period", location="Locatie Utrecht", placed_from="2024-03-01")),
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "placed_from")]


def test_an_unknown_nationality_is_refused_at_its_column(world):
    report = run_import(world, csv_bytes(row(), row(family_name="Mensah", nationality="XX")))
    assert [(e.row, e.column) for e in report.errors] == [(3, "nationality")]
    assert "XX" in report.errors[0].message


def test_field_checks_of_the_model_apply_to_every_row(world):
    report = run_import(
        world,
        csv_bytes(
            row(family_name="X" * 300),
            row(family_name="Mensah", email="not-an-address"),
            row(family_name="Rahimi", phone="0" * 40),
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "family_name"),
        (3, "email"),
        (4, "phone"),
    ]
