from django.db import migrations, models


def fill_pseudonyms(apps, schema_editor):
    from lvv.cases.pseudonyms import national_pseudonym

    Client = apps.get_model("cases", "Client")
    for client in Client.objects.only("pk", "uuid", "v_number").iterator(chunk_size=2000):
        client.pseudonym = national_pseudonym(client.v_number, client.uuid)
        client.save(update_fields=["pseudonym"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_reference_data")]

    operations = [
        migrations.AddField(
            model_name="client",
            name="pseudonym",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="Keyed hash of the V-number: counts a person once nationally.",
                max_length=64,
                verbose_name="national pseudonym",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_pseudonyms, migrations.RunPython.noop),
    ]
