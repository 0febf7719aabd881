from django.core.management.base import BaseCommand
from django.utils import translation

from introsak import demo


class Command(BaseCommand):
    help = "Load the demo municipality, users and participants (only into an empty database)."

    def handle(self, *args, **options):
        translation.activate("nb")
        if demo.demo_exists():
            self.stdout.write("Demodata finnes allerede; databasen brukes som den er.")
        else:
            self.stdout.write("Laster demodata (Karasjok kommune, 40 deltakere) …")
            demo.load()
            self.stdout.write(self.style.SUCCESS("Demodata lastet."))
        self.stdout.write("\nDemo-innlogginger:\n" + demo.login_table() + "\n")
