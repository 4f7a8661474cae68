"""`lvv send_deadline_digest`: e-mail the weekly digest of deadline warnings.

Each active programme manager and municipal coordinator with an e-mail address gets the warnings
their role lets them see (managers: all municipalities; coordinators: their own), one message
per person, none when there is nothing to warn about. Uses Django's e-mail backend
(`EMAIL_BACKEND`; the console in demo).

Scheduling: run it weekly from cron, e.g. on Monday at 07:00::

    0 7 * * 1  /path/to/.venv/bin/lvv send_deadline_digest

When the system gets a job queue (design.md: background jobs on a real queue), schedule the
same call there instead; the command holds no state, so running it twice only sends twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Membership
from lvv.accounts.roles import Role

from ...selectors import deadline_warnings_visible_to

RECIPIENT_ROLES = (Role.PROGRAMME_MANAGER, Role.MUNICIPAL_COORDINATOR)


class Command(BaseCommand):
    help = "E-mail each programme manager and municipal coordinator their deadline warnings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            help="Compute the warnings as known on this day (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )

    def handle(self, *args, **options):
        as_of = timezone.localdate()
        if options["as_of"]:
            as_of = parse_date(options["as_of"])
            if as_of is None:
                raise CommandError("--as-of must be a date as YYYY-MM-DD")
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            for user, warnings in self._warnings_per_user(as_of):
                subject = ngettext(
                    "LVV: %(count)d deadline warning",
                    "LVV: %(count)d deadline warnings",
                    len(warnings),
                ) % {"count": len(warnings)}
                body = render_to_string(
                    "programme/email/deadline_digest.txt",
                    {"user": user, "warnings": warnings, "as_of": as_of},
                )
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
                self.stdout.write(f"{user.email}: {len(warnings)}")
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing sent."))
            return
        sent = send_mass_mail(messages, fail_silently=False, connection=get_connection())
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))

    def _warnings_per_user(self, as_of):
        memberships = (
            Membership.objects.filter(
                role__in=RECIPIENT_ROLES,
                is_active=True,
                organisation__is_active=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .select_related("user", "organisation__municipality")
            .order_by("user__username", "created_at")
        )
        per_user: dict[int, tuple] = {}
        for membership in memberships:
            actor = Actor(user=membership.user, membership=membership, channel=Channel.COMMAND)
            user, found = per_user.setdefault(membership.user_id, (membership.user, {}))
            for warning in deadline_warnings_visible_to(actor, as_of=as_of):
                found.setdefault(warning.contract.pk, warning)
        for user, found in per_user.values():
            if found:
                yield user, sorted(found.values(), key=lambda w: (w.deadline, w.municipality.name))
