"""`lvv backup --out FILE`: a consistent copy of the whole database (see lvv.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lvv.accounts.actors import Actor
from lvv.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database to FILE: SQLite through its online "
        "backup API, PostgreSQL with pg_dump (custom format). The file holds every client "
        "file: keep it encrypted and access-controlled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="Where to write the backup.")

    def handle(self, *args, **options):
        try:
            out = database_backup(actor=Actor.system(), out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {out}"))
