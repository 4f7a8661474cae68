"""The audit trail cannot be changed on PostgreSQL, and neither the trail nor the logs ever
hold the personal data of a client.

Tampering that `lvv verify_audit` detects is tested in `lvv/audit/tests/test_verify_tampering`.
"""

from __future__ import annotations

import datetime
import importlib
import io
import json
import logging

import pytest
from django.db import DatabaseError, connection, transaction

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.services import audit_record
from lvv.cases.models import ClientStatus, JournalEntry
from lvv.cases.selectors.clients import criteria_for
from lvv.cases.tests import trajectory_fixtures
from lvv.core.logging import LvvJsonFormatter, RequestContextFilter

# The trajectory tests' scene, used as fixtures here.
world = trajectory_fixtures.world
reference_data = trajectory_fixtures.reference_data

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles, grants and TRUNCATE are PostgreSQL's"
)


def _one_event() -> AuditEvent:
    return audit_record(actor=Actor.system(), action=AuditAction.READ, object_type="test.pg")


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    sorted(
        [
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
            "UPDATE audit_auditevent SET object_id = 'x'",
        ]
    ),
)
def test_postgresql_refuses_update_delete_and_truncate(statement):
    _one_event()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Only the test settings allow TRUNCATE (the runner empties tables with it).
        cursor.execute("SET LOCAL lvv.audit_truncate_allowed = 'off'")
        cursor.execute(statement)
    assert AuditEvent.objects.filter(object_type="test.pg").count() == 1


@postgresql_only
@pytest.mark.django_db
def test_the_application_role_loses_the_right_to_change_audit_rows(settings):
    """A DBA granted the application role everything; the migration takes the writes back.

    CREATE ROLE is transactional on PostgreSQL: the test's rollback removes the role again.
    """
    migration = importlib.import_module(
        "lvv.audit.migrations.0004_refuse_truncate_and_revoke_changes"
    )
    _one_event()
    role = "lvv_app_test_seca"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT ALL ON audit_auditevent TO {role}")
        cursor.execute(f"GRANT ALL ON audit_auditevent_id_seq TO {role}")
    settings.LVV_DB_APP_ROLE = role
    with connection.schema_editor(atomic=False) as editor:
        migration.revoke_changes(editor)

    # Not the owner: it can neither take the triggers away nor change a row.
    with (
        pytest.raises(DatabaseError, match="owner"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    for statement in (
        "UPDATE audit_auditevent SET object_id = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ):
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(statement)
    # Reading and appending stay allowed.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone()[0] >= 1


# --- personal-data markers ----------------------------------------------------------------

MARKERS = {
    "family_name": "Qxfamilymarker",
    "given_names": "Qxgivenmarker",
    "v_number": "9876543210",
    "bsn": "111222333",
    "phone": "+31 6 7777 1234",
    "email": "qx.marker@example.org",
    "journal": "Qxjournalmarker: medical detail",
    "note": "Qxoutflowmarker",
}


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(LvvJsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def _text_columns_of_every_event() -> str:
    rows = AuditEvent.objects.values()
    return "\n".join(json.dumps(row, default=str, ensure_ascii=False) for row in rows)


@pytest.mark.django_db
def test_markers_never_reach_the_audit_trail_or_the_logs(world, api_client, caplog, json_log):
    caplog.set_level(logging.DEBUG)
    api = api_client(world.caseworker)

    created = api.post(
        "/api/v1/clients",
        {
            "family_name": MARKERS["family_name"],
            "given_names": MARKERS["given_names"],
            "v_number": MARKERS["v_number"],
            "bsn": MARKERS["bsn"],
            "phone": MARKERS["phone"],
            "email": MARKERS["email"],
            "nationality": "ER",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    base = f"/api/v1/clients/{body['uuid']}"

    updated = api.patch(
        base,
        {"version": body["version"], "given_names": MARKERS["given_names"] + " Twee"},
        format="json",
    )
    assert updated.status_code == 200, updated.content
    journal = api.post(f"{base}/journal", {"text": MARKERS["journal"]}, format="json")
    assert journal.status_code == 201, journal.content
    municipality = world.utrecht
    answers = [{"criterion": c.code, "answer": "yes"} for c in criteria_for(municipality)]
    intake = api.post(f"{base}/intakes", {"answers": answers, "exclusions": []}, format="json")
    assert intake.status_code == 201, intake.content

    # Through the workflow to a placement and the outflow (status set as the file keeper would).
    from lvv.cases.models import Client

    client = Client.objects.get(uuid=body["uuid"])
    client.status = ClientStatus.REST_PERIOD
    client.status_since = datetime.date(2024, 1, 1)
    client.save(update_fields=["status", "status_since"])
    placed = api.post(
        f"{base}/placements",
        {"location": str(world.shelter.uuid), "start": "2024-01-05"},
        format="json",
    )
    assert placed.status_code == 201, placed.content
    left = api.post(
        f"{base}/outflow",
        {"left_on": "2024-04-02", "reason": "return_dtv", "note": MARKERS["note"]},
        format="json",
    )
    assert left.status_code == 201, left.content
    assert api.get(f"{base}/placements").status_code == 200

    # Reading the file: detail, list, search, journal, over the API.
    assert api.get(base).status_code == 200
    assert api.get("/api/v1/clients", {"search": MARKERS["family_name"]}).status_code == 200
    assert api.get(f"{base}/journal").status_code == 200
    assert JournalEntry.objects.filter(text=MARKERS["journal"]).exists()

    trail = _text_columns_of_every_event()
    assert AuditEvent.objects.filter(subject_id=body["uuid"]).count() >= 7
    log_text = json_log.getvalue() + "\n".join(r.getMessage() for r in caplog.records)
    assert "lvv.access" in json_log.getvalue()  # the capture did see the requests
    for name, marker in sorted(MARKERS.items()):
        assert marker not in trail, f"{name} in the audit trail"
        assert marker not in log_text, f"{name} in the logs"
