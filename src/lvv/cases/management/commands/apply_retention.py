"""`lvv apply_retention [--dry-run]`: anonymise client files whose retention period has passed.

Schedule it daily (cron, a systemd timer or the job queue); run it with `--dry-run` first to
see how many files and which (uuids) it would anonymise. See docs/security.md.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lvv.accounts.actors import Actor
from lvv.cases.services.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise client files whose last outflow lies at least "
        "LVV_RETENTION_YEARS_AFTER_OUTFLOW years back (and that have nothing open), one "
        "transaction and one audit event per file. --dry-run lists them without writing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files due; change nothing."
        )
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            default=None,
            help="The day to apply the rule on (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Override the retention period (whole years after the last outflow).",
        )

    def handle(self, *args, **options):
        years = options["years"] or settings.RETENTION_YEARS_AFTER_OUTFLOW
        if years < 1:
            raise CommandError("The retention period is at least one year.")
        quiet = options["verbosity"] == 0
        with tqdm(unit="file", disable=quiet or options["dry_run"]) as bar:
            run = retention_apply(
                actor=Actor.system(),
                on=options["on"],
                years=years,
                dry_run=options["dry_run"],
                progress=bar.update,
            )
        if run.dry_run:
            self.stdout.write(
                f"Dry run: {len(run.due)} file(s) left the LVV on or before {run.cutoff} "
                f"({run.years} years before {run.on}) and would be anonymised."
            )
            for client_uuid in run.due:
                self.stdout.write(str(client_uuid))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(run.anonymised)} file(s) anonymised (last outflow on or before "
                f"{run.cutoff})."
            )
        )
