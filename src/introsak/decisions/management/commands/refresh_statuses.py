from django.core.management.base import BaseCommand
from django.utils import timezone

from introsak.decisions.models import IN_FORCE
from introsak.decisions.services import refresh_participant_status
from introsak.participants.models import Participant


class Command(BaseCommand):
    help = (
        "Set every participant's status to what the decisions in force say today (run daily: "
        "a leave or a suspension starts and ends without anyone touching the case)."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        changed = 0
        participants = Participant.objects.filter(decisions__status__in=IN_FORCE).distinct()
        for participant in participants.iterator():
            before = participant.status
            refresh_participant_status(participant=participant, actor=None, today=today)
            changed += participant.status != before
        self.stdout.write(f"{changed} statuses changed.")
