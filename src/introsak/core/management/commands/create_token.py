from django.core.management.base import BaseCommand, CommandError

from introsak.core.models import User
from introsak.core.services import create_api_token


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (shown once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is deactivated.")
        self.stdout.write(create_api_token(actor=None, user=user, name=name))
