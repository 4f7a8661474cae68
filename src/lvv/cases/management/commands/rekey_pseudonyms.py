"""`lvv rekey_pseudonyms`: recompute every national pseudonym with the current key."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from lvv.cases.models import Client
from lvv.cases.services.pseudonyms import pseudonyms_recompute


class Command(BaseCommand):
    help = "Recompute the national pseudonym of every client with LVV_PSEUDONYM_KEY."

    def handle(self, *args, **options):
        total = Client.objects.filter(anonymised_on__isnull=True).count()
        with tqdm(total=total, unit="client", disable=options["verbosity"] == 0) as bar:
            changed = pseudonyms_recompute(progress=bar.update)
        self.stdout.write(f"{changed} of {total} pseudonyms changed.")
