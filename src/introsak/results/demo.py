"""Demo data for results: the follow-ups of the demo participants whose programme ended,
recorded through the service by their consultant. The last follow-up due of one participant
is left unrecorded, so the start page shows a follow-up due."""

from __future__ import annotations

import datetime
import random

from introsak.core.models import Role
from introsak.decisions import selectors as decision_selectors
from introsak.decisions.models import DecisionType
from introsak.participants.models import Participant, Status

from . import rules, services

# The end decision's «main activity afterwards» as the follow-up's activity.
FROM_END_DECISION = {
    "work": "work",
    "education": "education",
    "work_and_education": "both",
    "moved": "unknown",
    "other": "unknown",
}
LATER = ("work", "work", "work", "education", "both", "neither")
EMPLOYERS = ("Coop Extra", "Karasjok kommune, renhold", "Sámi allaskuvla", "Byggmester Nilsen AS")


def load_demo(users: dict, today: datetime.date) -> None:
    municipality_id = users["konsulent"].municipality_id
    ended = Participant.objects.filter(
        municipality_id=municipality_id, status__in=(Status.COMPLETED, Status.INTERRUPTED)
    ).order_by("pk")
    left_one_due = False
    for participant in ended:
        decisions = decision_selectors.decisions_in_force(participant)
        period = decision_selectors.programme_period(decisions=decisions, labels=False)
        if period is None or period.end > today:
            continue
        end_decisions = [d for d in decisions if d.decision_type == DecisionType.END]
        first = FROM_END_DECISION.get(
            end_decisions[-1].main_activity_after if end_decisions else "", "neither"
        )
        actor = participant.consultant
        if actor is None or actor.role != Role.CONSULTANT:
            actor = users["konsulent"]
        rng = random.Random(participant.pk)
        due = [f for f in rules.followups_for(period.end) if f.due_on <= today]
        if not left_one_due and len(due) > 1:
            due = due[:-1]
            left_one_due = True
        activity = first
        for followup in due:
            if followup.checkpoint != rules.END:
                activity = first if first == "unknown" else rng.choice(LATER)
            services.record_outcome(
                actor=actor,
                participant=participant,
                today=today,
                data={
                    "checkpoint": followup.checkpoint,
                    "activity": activity,
                    "employer_or_school": rng.choice(EMPLOYERS)
                    if activity in ("work", "education", "both")
                    else "",
                    "note": "Flyttet; ukjent aktivitet." if activity == "unknown" else "",
                },
            )
