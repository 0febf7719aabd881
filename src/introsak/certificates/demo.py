"""Demo data: Andrii Shevchenko's programme is completed; he gets the plan it ran on
(Norwegian, social studies, a course, work practice) and his Norwegian test, so that the
consultant can make a deltakerbevis and a CV for him that show real content. The plans
services write the plan; no certificate is made (the consultant makes it in the demo)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from introsak.decisions.selectors import programme_period
from introsak.participants.models import Participant
from introsak.plans import services as plans
from introsak.plans.models import Plan, TestResult, TrainingPlan

DAY = datetime.timedelta(days=1)


def load_demo(users: dict, today: datetime.date) -> None:
    consultant = users["konsulent"]
    participant = Participant.objects.filter(
        municipality=consultant.municipality,
        given_name="Andrii",
        family_name="Shevchenko",
        status="completed",
    ).first()
    if participant is None or Plan.objects.filter(participant=participant).exists():
        return
    period = programme_period(participant)
    if period is None or period.actual_end is None:
        return
    start, end = period.start, period.actual_end
    social_end = start + 111 * DAY  # 16 weeks of 5 hours: 80 hours
    course_start = start + 182 * DAY
    practice_start = start + 280 * DAY
    plans.save_plan(
        actor=consultant,
        participant=participant,
        data={"final_goal": "work", "norwegian_target": "b1"},
        measures=[
            {
                "kind": "norwegian",
                "title": "Norsk spor 3",
                "provider": "Karasjok voksenopplæring",
                "start_date": start,
                "end_date": end,
                "hours_per_week": Decimal(15),
            },
            {
                "kind": "social_studies",
                "title": "Samfunnskunnskap på ukrainsk",
                "provider": "Karasjok voksenopplæring",
                "start_date": start,
                "end_date": min(social_end, end),
                "hours_per_week": Decimal(5),
            },
            {
                "kind": "course",
                "title": "Truckførerkurs T1–T4",
                "provider": "AMO-senteret",
                "start_date": course_start,
                "end_date": min(course_start + 13 * DAY, end),
                "hours_per_week": Decimal(10),
            },
            {
                "kind": "work_practice",
                "title": "Praksis på lager",
                "provider": "Coop Karasjok",
                "start_date": practice_start,
                "end_date": min(practice_start + 90 * DAY, end),
                "hours_per_week": Decimal(15),
            },
        ],
    )
    training, _ = TrainingPlan.objects.get_or_create(
        participant=participant, defaults={"municipality": participant.municipality}
    )
    TestResult.objects.create(
        training_plan=training,
        kind="norwegian",
        taken_on=end - 60 * DAY,
        oral="b1",
        listening="b1",
        reading="b1",
        writing="a2",
        recorded_by=consultant,
    )
