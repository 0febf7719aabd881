import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from introsak.decisions.models import DecisionStatus
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory
from introsak.plans import services as plans

START = datetime.date(2025, 9, 1)
END = datetime.date(2027, 8, 31)


def enrol(participant, consultant, group=None):
    """A granted programme and a plan: Norwegian 15 h Mon–Fri (in the class) and work
    practice 15 h Tue–Thu."""
    DecisionFactory(
        participant=participant,
        drafted_by=consultant,
        status=DecisionStatus.SENT,
        start_date=START,
        end_date=END,
        decided_at=timezone.now(),
    )
    plan = plans.save_plan(
        actor=consultant,
        participant=participant,
        data={"final_goal": "work", "norwegian_target": "b1"},
        measures=[
            {
                "kind": "norwegian",
                "provider": "VO",
                "start_date": START,
                "end_date": END,
                "hours_per_week": Decimal(15),
            },
            {
                "kind": "work_practice",
                "provider": "Coop",
                "start_date": START,
                "end_date": END,
                "hours_per_week": Decimal(15),
            },
        ],
    )
    norwegian = plan.measures.get(kind="norwegian")
    practice = plan.measures.get(kind="work_practice")
    practice.weekdays = "123"
    practice.save()
    if group is not None:
        norwegian.group = group
        norwegian.save()
    return {"norwegian": norwegian, "practice": practice}


@pytest.fixture
def klass(users, municipality):
    """A class of three with the demo teacher, each enrolled."""
    group = GroupFactory(municipality=municipality, teachers=[users["teacher"]])
    people = []
    for _ in range(3):
        participant = ParticipantFactory(
            municipality=municipality, consultant=users["consultant"], status="in_programme"
        )
        group.participants.add(participant)
        people.append((participant, enrol(participant, users["consultant"], group)))
    return {"group": group, "people": people}
