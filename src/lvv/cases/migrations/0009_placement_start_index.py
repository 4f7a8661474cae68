"""The monitor reads the first day of the LVV from an index on the placements' start (#7):
see `Placement.Meta.indexes`."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_client_partner_municipality_index'),
        ('network', '0002_help_texts_and_period_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='placement',
            index=models.Index(fields=['start'], name='placement_start_idx'),
        ),
    ]
