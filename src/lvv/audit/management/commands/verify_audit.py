"""`lvv verify_audit`: recompute the audit chain and say whether it is intact.

Exit status 0 when intact, 1 when broken, so a scheduler or monitoring check can alert on it.
"""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from lvv.audit.models import AuditEvent
from lvv.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Recompute the hash chain of the audit trail and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Do not show a progress bar (for logs and scheduled runs).",
        )

    def handle(self, *args, **options):
        # The bar goes to stderr so stdout carries only the one-line verdict.
        with tqdm(
            total=AuditEvent.objects.count(),
            desc="Verifying audit chain",
            unit="event",
            file=sys.stderr,
            disable=options["no_progress"],
        ) as bar:
            result = audit_chain_verify(progress=bar.update)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"OK: {result.checked} events, chain intact"))
            return
        self.stdout.write(self.style.ERROR(f"BROKEN at event #{result.broken_at}: {result.reason}"))
        sys.exit(1)
