"""`lvv seed_demo`: the demo network and an account for every role. Deterministic, idempotent.

Run by `make run`. Everything goes through the services, so the demo trail is a real one.
Refuses to run without DEBUG unless `--allow-without-debug`: demo accounts share a published
password and must never reach a production database.
"""

import hashlib
import hmac

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lvv.accounts import services as accounts_services
from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Membership, Organisation, User
from lvv.cases.reference_data import load_reference_data
from lvv.demo import data
from lvv.demo.population import load_population
from lvv.network import services as network_services
from lvv.network.models import Location, Municipality, Region
from lvv.programme.demo import load_programme_demo


def backup_codes_for(username: str) -> list[str]:
    """The same codes for a demo user on every run, so the printed table stays true."""
    codes = []
    for index in range(data.BACKUP_CODES_PER_USER):
        digest = hmac.new(
            b"lvv-demo-backup-codes", f"{username}:{index}".encode(), hashlib.sha256
        ).hexdigest()
        codes.append(digest[:8])
    return codes


class Command(BaseCommand):
    help = "Load the demo network and demo accounts (idempotent) and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load demo accounts although DEBUG is off (tests, demo servers only).",
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print accounts.")
        parser.add_argument(
            "--without-clients", action="store_true", help="Only the network and the accounts."
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the number of demo clients."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: they share a published password. "
                "Use --allow-without-debug on a demo server."
            )
        actor = Actor.system(channel=Channel.COMMAND)
        with transaction.atomic():
            created = self._load(actor)
            load_reference_data(apps)
            if load_programme_demo(actor=actor):
                created = True
        if not options["without_clients"]:
            clients = load_population(actor=actor, scale=options["scale"])
            if clients:
                self.stdout.write(f"{clients} demo clients with their history added.")
                created = True
        if created:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        if not options["quiet_accounts"]:
            self._print_accounts()

    def _load(self, actor: Actor) -> bool:
        created = False
        municipalities = {}
        for cbs_code, name in data.MUNICIPALITIES:
            municipality = Municipality.objects.filter(cbs_code=cbs_code).first()
            if municipality is None:
                municipality = network_services.municipality_create(
                    actor=actor, cbs_code=cbs_code, name=name
                )
                created = True
            municipalities[cbs_code] = municipality

        for name, central, served in data.REGIONS:
            if not Region.objects.filter(name=name).exists():
                network_services.region_create(
                    actor=actor,
                    name=name,
                    central_municipality=municipalities[central],
                    municipalities=[municipalities[code] for code in served],
                )
                created = True

        organisations = {}
        for name, short_name, kind, cbs_code in data.ORGANISATIONS:
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                organisation = accounts_services.organisation_create(
                    actor=actor,
                    name=name,
                    short_name=short_name,
                    kind=kind,
                    municipality=municipalities.get(cbs_code),
                )
                created = True
            organisations[short_name] = organisation

        for (
            name,
            operator,
            cbs_code,
            kind,
            street,
            number,
            postcode,
            city,
            state_places,
            municipal_places,
        ) in data.LOCATIONS:
            if Location.objects.filter(name=name).exists():
                continue
            location = network_services.location_create(
                actor=actor,
                name=name,
                operator=organisations[operator],
                municipality=municipalities[cbs_code],
                kind=kind,
                street=street,
                house_number=number,
                postcode=postcode,
                city=city,
                start=data.PILOT_START,
                end=None,
            )
            network_services.location_capacity_add(
                actor=actor,
                location=location,
                start=data.PILOT_START,
                end=None,
                state_funded_places=state_places,
                municipality_funded_places=municipal_places,
            )
            created = True

        for username, first_name, last_name, role, organisation in data.USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = accounts_services.user_create(
                    actor=actor,
                    username=username,
                    password=data.DEMO_PASSWORD,
                    email=f"{username}@demo.lvv.example",
                    first_name=first_name,
                    last_name=last_name,
                )
                created = True
            if not Membership.objects.filter(
                user=user, organisation=organisations[organisation], role=role
            ).exists():
                accounts_services.membership_grant(
                    actor=actor, user=user, organisation=organisations[organisation], role=role
                )
                created = True
            codes = backup_codes_for(username)
            present = set(user.staticdevice_set.values_list("token_set__token", flat=True))
            if not set(codes) <= present:
                # A code is used up when someone logs in with it; top the demo set up again.
                accounts_services.backup_codes_issue(actor=actor, user=user, codes=codes)
        return created

    def _print_accounts(self) -> None:
        write = self.stdout.write
        write("")
        write(f"Demo accounts (password for all: {data.DEMO_PASSWORD})")
        write("Roles that see personal data ask for a second factor: type one of the backup")
        write("codes shown (each works once; `make run` tops them up again).")
        write("")
        header = f"{'username':<24} {'role':<24} {'organisation':<14} backup codes"
        write(header)
        write("-" * len(header))
        for username, _first, _last, role, organisation in data.USERS:
            from lvv.accounts.roles import ROLE_POLICIES

            needs_code = ROLE_POLICIES[role].requires_second_factor
            codes = ", ".join(backup_codes_for(username)[:2]) if needs_code else "(not needed)"
            write(f"{username:<24} {role:<24} {organisation:<14} {codes}")
        write("")
