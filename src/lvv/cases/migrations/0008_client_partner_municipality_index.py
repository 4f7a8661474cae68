"""The client list's municipality filter reads a caseworker's organisation's municipalities from
an index (#7): see `Client.Meta.indexes`."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('cases', '0007_monitor_lookup_indexes'),
        ('network', '0002_help_texts_and_period_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='client',
            index=models.Index(condition=models.Q(('merged_into__isnull', True)), fields=['partner', 'municipality'], name='client_partner_muni_idx'),
        ),
    ]
