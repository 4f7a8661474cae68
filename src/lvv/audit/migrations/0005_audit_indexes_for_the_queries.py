"""The audit trail keeps only the indexes its queries use (#7).

- `hash` loses its unique constraint and index: the hash covers `sequence`, which is unique,
  and nothing looks an event up by hash. On PostgreSQL it was two indexes of random
  64-character keys (the constraint and its `_like` twin, ~1 GB at 5.5 million events), and
  every audited read or write touched a random page of each.
- `object_id` and `object_type` keep a plain index each; the PostgreSQL `_like` twins that
  `db_index=True` adds for LIKE 'prefix%' go (the trail filters them by exact match only).

On SQLite, dropping the inline unique constraint rebuilds the table (once: the other two
indexes are swapped by name, not by altering their columns, which would rebuild it twice
more), and the rebuild drops the table's triggers: the append-only trigger of 0002 is created
again at the end, in the same migration.
"""

from importlib import import_module

from django.db import migrations, models

append_only = import_module("lvv.audit.migrations.0002_append_only_triggers")


TABLE = "audit_auditevent"
COLUMNS = ("object_id", "object_type")


def _new_name(column: str) -> str:
    return f"audit_event_{column}_idx"


def swap_object_indexes(apps, schema_editor):
    """Drop every plain index on object_id and object_type (PostgreSQL's `_like` twins too),
    then create one named plain index on each."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, details in constraints.items():
        plain = details["index"] and not details["unique"]
        if plain and len(details["columns"]) == 1 and details["columns"][0] in COLUMNS:
            schema_editor.execute(f"DROP INDEX {quote(name)}")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX {quote(_new_name(column))} ON {quote(TABLE)} ({quote(column)})"
        )


def unswap_object_indexes(apps, schema_editor):
    """Back to one index per column as `db_index=True` makes it (without the `_like` twin)."""
    quote = schema_editor.connection.ops.quote_name
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX {quote(_new_name(column))}")
        schema_editor.execute(
            f"CREATE INDEX {quote(TABLE + '_' + column)} ON {quote(TABLE)} ({quote(column)})"
        )


def restore_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    for statement in append_only.SQLITE_UP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_refuse_truncate_and_revoke_changes")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="hash"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_id",
                    field=models.CharField(blank=True, max_length=64, verbose_name="object id"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_type",
                    field=models.CharField(
                        blank=True, max_length=100, verbose_name="object type"
                    ),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["object_id"], name="audit_event_object_id_idx"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(
                        fields=["object_type"], name="audit_event_object_type_idx"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(swap_object_indexes, unswap_object_indexes),
            ],
        ),
        migrations.RunPython(restore_sqlite_trigger, restore_sqlite_trigger),
    ]
