"""`lvv import_clients FILE --municipality GM0363`: register a CSV/XLSX file, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lvv.accounts.actors import Actor, Channel
from lvv.cases.imports import UnreadableFile, parse_rows, read_table
from lvv.cases.services.imports import clients_import
from lvv.network.models import Municipality


class Command(BaseCommand):
    help = "Import existing registrations from CSV or XLSX (columns: see the README)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0363")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, keep nothing.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        municipality = Municipality.objects.filter(cbs_code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality with CBS code {options['municipality']}")
        try:
            table = read_table(path.read_bytes(), path.name)
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        parsed = parse_rows(table)
        with tqdm(
            total=len(parsed.rows),
            unit="row",
            disable=options["no_progress"],
            file=self.stderr._out,
        ) as bar:
            report = clients_import(
                actor=Actor.system(channel=Channel.COMMAND),
                municipality=municipality,
                parsed=parsed,
                dry_run=options["dry_run"],
                progress=bar.update,
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: line {warning.row}, {warning.column}: {warning.message}")
        if not report.ok:
            for error in report.errors:
                self.stdout.write(f"line {error.row}, {error.column}: {error.message}")
            raise CommandError(
                f"Refused: {len(report.errors)} problems in {len(parsed.rows)} rows; "
                "nothing was imported."
            )
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.imported} of {len(parsed.rows)} rows into {municipality} "
                f"({len(report.warnings)} warnings)."
            )
        )
