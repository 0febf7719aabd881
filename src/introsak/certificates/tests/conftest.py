"""A participant whose programme (granted 01.09.2025–31.08.2027) was interrupted on
31.10.2026, with a plan (Norwegian with registered attendance, social studies and a course
without), a Norwegian test, an assessment and a placement; and one still in the programme.

The policy and the services read the real date, so the end lies before today."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from introsak.attendance.models import Registration
from introsak.decisions.models import DecisionStatus, DecisionType
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.models import AssessmentEducation, AssessmentLanguage, AssessmentWork
from introsak.participants.tests.factories import AssessmentFactory, ParticipantFactory
from introsak.placements.tests.factories import EmployerFactory, PlacementFactory, WorkplaceFactory
from introsak.plans import services as plans
from introsak.plans.models import TestResult, TrainingPlan

D = datetime.date
START = D(2025, 9, 1)
PLANNED_END = D(2027, 8, 31)
LAST_DAY = D(2026, 10, 31)


def grant(participant, consultant):
    DecisionFactory(
        participant=participant,
        drafted_by=consultant,
        status=DecisionStatus.SENT,
        start_date=START,
        end_date=PLANNED_END,
        legal_reference="integreringsloven § 13",
        decided_at=timezone.now() - datetime.timedelta(days=400),
    )


def end(participant, consultant, end_day, kind="interrupted"):
    """The end decision, after the plan (the plan's measures must lie in the period then)."""
    if end_day:
        DecisionFactory(
            participant=participant,
            drafted_by=consultant,
            decision_type=DecisionType.END,
            status=DecisionStatus.SENT,
            start_date=end_day,
            end_date=None,
            end_kind=kind,
            reasons="Deltakeren fikk fast arbeid som elektriker.",
            decided_at=timezone.now() - datetime.timedelta(days=20),
        )


def plan_for(participant, consultant):
    plan = plans.save_plan(
        actor=consultant,
        participant=participant,
        data={"final_goal": "work", "norwegian_target": "b1"},
        measures=[
            {
                "kind": "norwegian",
                "title": "Norsk spor 2",
                "provider": "Karasjok voksenopplæring",
                "start_date": START,
                "end_date": PLANNED_END,
                "hours_per_week": Decimal(15),
            },
            {
                "kind": "social_studies",
                "title": "Samfunnskunnskap på arabisk",
                "provider": "Karasjok voksenopplæring",
                "start_date": D(2025, 9, 1),
                "end_date": D(2025, 12, 21),  # 112 days: 5 h a week = 80 h
                "hours_per_week": Decimal(5),
            },
            {
                "kind": "course",
                "title": "Truckførerkurs",
                "provider": "AMO-senteret",
                "start_date": D(2026, 3, 2),
                "end_date": D(2026, 3, 15),  # 14 days: 10 h a week = 20 h
                "hours_per_week": Decimal(10),
            },
            {
                "kind": "work_practice",
                "title": "Praksis som elektriker",
                "provider": "Elektro Nord AS",
                "start_date": D(2026, 4, 6),
                "end_date": D(2026, 6, 19),
                "hours_per_week": Decimal(15),
            },
            {
                # planned for after the programme was interrupted: never started
                "kind": "course",
                "title": "Førerkortkurs klasse B",
                "provider": "AMO-senteret",
                "start_date": D(2027, 1, 4),
                "end_date": D(2027, 1, 29),
                "hours_per_week": Decimal(10),
            },
        ],
    )
    norwegian = plan.measures.get(kind="norwegian")
    for day, status, hours in (
        (D(2026, 9, 1), "present", Decimal(3)),
        (D(2026, 9, 2), "present", Decimal("2.5")),
        (D(2026, 9, 3), "absent", Decimal(3)),
    ):
        Registration.objects.create(
            municipality=participant.municipality,
            participant=participant,
            measure=norwegian,
            date=day,
            status=status,
            hours=hours,
            registered_by=consultant,
        )
    training = TrainingPlan.objects.create(
        municipality=participant.municipality, participant=participant
    )
    TestResult.objects.create(
        training_plan=training,
        kind="norwegian",
        taken_on=D(2026, 6, 10),
        oral="b1",
        reading="a2",
        writing="a2",
        listening="b1",
        recorded_by=consultant,
    )
    TestResult.objects.create(
        training_plan=training,
        kind="norwegian",
        taken_on=D(2025, 12, 10),
        oral="a1",
        recorded_by=consultant,
    )
    return plan


@pytest.fixture
def ended(world, users):
    return make_ended(world, users)


@pytest.fixture
def running(municipality, users):
    return make_running(municipality, users)


def make_ended(world, users):
    """The world's `mine` participant (the consultant's, taught by the teacher, advised by
    NAV, the participant user's record), whose programme was interrupted on 31.10.2026."""
    participant = world["mine"]
    participant.given_name, participant.family_name = "Amina", "Haddad"
    participant.birth_date = D(1990, 4, 17)
    participant.legal_basis = "il"
    participant.save()
    grant(participant, users["consultant"])
    plan_for(participant, users["consultant"])
    end(participant, users["consultant"], LAST_DAY)
    assessment = AssessmentFactory(
        participant=participant,
        assessed_by=users["consultant"],
        wishes_work="Elektriker",
        other_skills="Førerkort klasse B",
    )
    AssessmentEducation.objects.create(
        assessment=assessment,
        level="vocational",
        field="Elektrofag",
        country="Syria",
        years=3,
        completed=True,
    )
    AssessmentWork.objects.create(
        assessment=assessment,
        occupation="Elektriker",
        country="Syria",
        years=6,
        description="Installasjon i boliger",
    )
    AssessmentLanguage.objects.create(
        assessment=assessment, language="ar", proficiency="first", reads_and_writes=True
    )
    AssessmentLanguage.objects.create(assessment=assessment, language="en", proficiency="good")
    employer = EmployerFactory(municipality=participant.municipality, name="Elektro Nord AS")
    PlacementFactory(
        participant=participant,
        workplace=WorkplaceFactory(employer=employer, name="Elektro Nord AS"),
        measure=participant.plan.measures.get(kind="work_practice"),
        created_by=users["consultant"],
        start_date=D(2026, 4, 6),
        end_date=D(2026, 6, 19),
        tasks="Kabeltrekking og montering",
    )
    return participant


def make_running(municipality, users):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    grant(participant, users["consultant"])
    plan_for(participant, users["consultant"])
    return participant
