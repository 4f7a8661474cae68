"""`lvv issue_api_token USERNAME [--days N]`: a new API token, shown once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lvv.accounts.actors import Actor
from lvv.accounts.models import User
from lvv.accounts.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue an API token for a user and print its key. The key is shown only this once; "
        "the database keeps a digest, so a lost key cannot be recovered, only replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token authenticates as.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until the token expires (default: LVV_API_TOKEN_DAYS).",
        )

    def handle(self, *args, username: str, days: int | None, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user with username {username!r}.") from error
        try:
            key = api_token_issue(actor=Actor.system(), user=user, days=days)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        # The key alone on stdout, so a script can capture it; the advice goes to stderr.
        self.stdout.write(key)
        self.stderr.write(
            "Store this key now: it is not shown again. "
            "Use it as the header 'Authorization: Token <key>'."
        )


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        )
    return " ".join(error.messages)
