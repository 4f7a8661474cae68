"""`lvv subject_access_export <uuid> --out FILE.zip`: everything held on one person, and who
accessed the file, for a data-subject access request (AVG art. 15). Recorded in the audit
trail like the download from the client file."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lvv.accounts.actors import Actor
from lvv.cases.exports import subject_access_archive, subject_access_filename
from lvv.cases.models import Client
from lvv.cases.selectors.subject_access import subject_access_data


class Command(BaseCommand):
    help = (
        "Write everything held on the client with UUID, and every recorded access to the "
        "file, as a zip (inzage.json, inzage.xlsx, leesmij.txt). The zip holds personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("uuid", help="The uuid of the client file.")
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Where to write the zip (default: inzage-<uuid>.zip here); a directory works.",
        )

    def handle(self, *args, **options):
        try:
            data = subject_access_data(actor=Actor.system(), client_uuid=options["uuid"])
        except (Client.DoesNotExist, ValueError, ValidationError) as missing:
            raise CommandError(f"No client file {options['uuid']}.") from missing
        out = options["out"] or Path(subject_access_filename(data))
        if out.is_dir():
            out = out / subject_access_filename(data)
        out.write_bytes(subject_access_archive(data))
        out.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Written to {out}"))
