"""The audit trail keeps only the indexes its queries use (#7).

- `hash` loses its unique constraint and index: the hash covers `sequence`, which is unique,
  and nothing looks an event up by hash. On PostgreSQL it was two indexes of random
  64-character keys (the constraint and its `_like` twin, ~1 GB at 5.5 million events), and
  every audited read or write touched a random page of each.
- `object_id` and `object_type` keep a plain index each; the PostgreSQL `_like` twins that
  `db_index=True` adds for LIKE 'prefix%' go (the trail filters them by exact match only).

On SQLite, altering a column rebuilds the table, and the rebuild drops the table's triggers:
the append-only trigger of 0002 is created again at the end, in the same migration.
"""

from importlib import import_module

from django.db import migrations, models

append_only = import_module("lvv.audit.migrations.0002_append_only_triggers")


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
        migrations.AlterField(
            model_name="auditevent",
            name="object_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="object id"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="object_type",
            field=models.CharField(blank=True, max_length=100, verbose_name="object type"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_id"], name="audit_event_object_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_type"], name="audit_event_object_type_idx"),
        ),
        migrations.RunPython(restore_sqlite_trigger, restore_sqlite_trigger),
    ]
