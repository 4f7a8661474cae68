"""On PostgreSQL, nobody but the table's owner holds the right to change the audit trail, and
even the owner's TRUNCATE is refused (the row triggers of 0002 do not see TRUNCATE).

- REVOKE UPDATE, DELETE, TRUNCATE from PUBLIC, and from the application's own database role
  when `LVV_DB_APP_ROLE` names one that differs from the role running the migrations. That
  role then cannot change a row even with the triggers dropped: it does not own the table.
- A statement trigger refuses TRUNCATE. The test runner empties tables with TRUNCATE between
  transactional tests, so the test settings (only they) turn `lvv.audit_truncate_allowed` on
  for their connections; production never sets it. The owner could set it, but the owner can
  drop triggers too: against the owner only the hash chain helps, which is why it exists.

SQLite has neither roles nor TRUNCATE: nothing to do there.
"""

from django.conf import settings
from django.db import migrations

TABLE = "audit_auditevent"
PRIVILEGES = "UPDATE, DELETE, TRUNCATE"

TRUNCATE_UP = [
    """
    CREATE OR REPLACE FUNCTION audit_event_refuse_truncate() RETURNS trigger AS $$
    BEGIN
        IF current_setting('lvv.audit_truncate_allowed', true) = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
    """,
]
TRUNCATE_DOWN = [
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_event_refuse_truncate();",
]


def app_role(connection) -> str:
    """The application's role if it is set and is not the role migrating; else ''."""
    role = getattr(settings, "LVV_DB_APP_ROLE", "") or ""
    if not role:
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
    return "" if role == current else role


def revoke_changes(schema_editor) -> None:
    connection = schema_editor.connection
    schema_editor.execute(f"REVOKE {PRIVILEGES} ON {TABLE} FROM PUBLIC")
    role = app_role(connection)
    if role:
        quoted = connection.ops.quote_name(role)
        schema_editor.execute(f"REVOKE {PRIVILEGES} ON {TABLE} FROM {quoted}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TRUNCATE_UP:
        schema_editor.execute(statement)
    revoke_changes(schema_editor)


def backward(apps, schema_editor):
    # The revocation is left in place: granting write rights back is a DBA's decision.
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TRUNCATE_DOWN:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_subject")]

    operations = [migrations.RunPython(forward, backward)]
