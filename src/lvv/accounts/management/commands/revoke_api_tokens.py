"""`lvv revoke_api_tokens USERNAME`: revoke every API token of a user (audited)."""

from django.core.management.base import BaseCommand, CommandError

from lvv.accounts.actors import Actor
from lvv.accounts.models import User
from lvv.accounts.services import api_tokens_revoke


class Command(BaseCommand):
    help = "Revoke every API token of a user at once, e.g. after a key has leaked."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user whose tokens are revoked.")

    def handle(self, *args, username: str, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user with username {username!r}.") from error
        count = api_tokens_revoke(actor=Actor.system(), user=user)
        self.stdout.write(f"Revoked {count} API token(s) of {user.username}.")
