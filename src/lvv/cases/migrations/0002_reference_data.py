"""Load the national reference lists (see lvv.cases.reference_data)."""

from django.db import migrations

from lvv.cases.reference_data import load_reference_data, unload_reference_data


def load(apps, schema_editor):
    load_reference_data(apps)


def unload(apps, schema_editor):
    unload_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
