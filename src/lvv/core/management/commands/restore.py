"""`lvv restore FILE [--yes]`: replace the database by a backup, then count and verify.

Exit status 0 when restored with an intact audit chain, 1 when the chain does not verify,
and a command error (also 1) when the restore was refused or failed.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lvv.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Replace the whole database by the backup in FILE (made by `lvv backup`), then print "
        "the row count of every table and verify the audit chain. Refuses to overwrite a "
        "database holding users or audit events unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Overwrite a database that already holds data.",
        )

    def handle(self, *args, **options):
        try:
            report = database_restore(source=options["file"], overwrite=options["yes"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Rows per table:")
        width = max((len(name) for name in report.row_counts), default=0)
        for table, count in report.row_counts.items():
            self.stdout.write(f"  {table:<{width}}  {count}")
        chain = report.chain
        if chain.ok:
            self.stdout.write(self.style.SUCCESS(f"OK: {chain.checked} events, chain intact"))
            return
        self.stdout.write(self.style.ERROR(f"BROKEN at event #{chain.broken_at}: {chain.reason}"))
        sys.exit(1)
