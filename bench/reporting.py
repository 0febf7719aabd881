"""How long the leader's dashboards take for a municipality with 3 years of history (issue 9:
the dashboards and the register export render in under 2 s on SQLite for 2 000 participants).

Usage: .venv/bin/python bench/reporting.py [--participants 2000] [--repeat 3]

It builds a fresh database (SQLite in a temporary file, or DATABASE_URL if set) with its own
generator: participants who started over the last 3 years, each with a grant (and an end
decision for those who finished or stopped), an introduction plan with a Norwegian and a
work-practice measure, attendance registered on two days a week for both measures while the
programme ran (about 6 % invalid absence), an IOP with Norwegian test results, a placement
for one in five, and the outcome follow-ups due for those who ended. Then it times, best of
`--repeat`:

- `results.selectors.dashboard` for this year and for last year, and for one consultant;
- `results.selectors.due_followups` for the leader and for one consultant;
- the whole dashboard page (`/resultater/`) through the test client, as the leader;
- the register export's validation for 3 years (`introsak.register.services.validate`), when
  that app is installed.

The last line is JSON.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

from freshdb import run_in_fresh_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DAY = datetime.timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    run_in_fresh_database(run, args, name="reporting")


def generate(args, today: datetime.date) -> dict:
    """The municipality and its history, written with bulk_create (the services are not what
    is measured here)."""
    from django.utils import timezone

    from introsak.attendance.models import Registration
    from introsak.core.models import Municipality, Role, User
    from introsak.decisions.models import Decision, DecisionStatus
    from introsak.participants.models import Participant, Status
    from introsak.placements.models import Employer, Mentor, Placement, Workplace
    from introsak.plans.models import Measure, Plan, TestResult, TrainingPlan
    from introsak.results import rules
    from introsak.results.models import Outcome

    rng = random.Random(args.seed)
    now = timezone.now()
    municipality = Municipality.objects.create(number="9998", name="Rapportby")
    leader = User.objects.create(username="leder", role=Role.LEADER, municipality=municipality)
    teacher = User.objects.create(username="laerer", role=Role.TEACHER, municipality=municipality)
    consultants = [
        User.objects.create(
            username=f"k{n}",
            first_name=f"Konsulent{n}",
            role=Role.CONSULTANT,
            municipality=municipality,
        )
        for n in range(10)
    ]
    employer = Employer.objects.create(
        municipality=municipality, org_number="974760673", name="Rapportby AS", industry="retail"
    )
    industries = ["retail", "health", "construction", "cleaning", "hospitality"]
    workplaces = [
        Workplace.objects.create(
            municipality=municipality,
            employer=employer,
            name=f"Avdeling {i}",
            industry=industry,
            stage="active",
        )
        for i, industry in enumerate(industries)
    ]
    mentor_user = User.objects.create(
        username="mentor", role=Role.MENTOR, municipality=municipality
    )
    mentor = Mentor.objects.create(municipality=municipality, user=mentor_user, employer=employer)

    people = []
    for n in range(args.participants):
        start = today - rng.randint(30, 3 * 365) * DAY
        planned_end = rules.add_months(start, 24) - DAY
        ends_early = rng.random() < 0.15
        actual_end = None
        if ends_early:
            actual_end = start + rng.randint(120, 600) * DAY
        elif planned_end < today:
            actual_end = planned_end
        if actual_end is not None and actual_end >= today:
            actual_end = None
        if actual_end is None:
            status = rng.choice([Status.IN_PROGRAMME] * 8 + [Status.ON_LEAVE, Status.SUSPENDED])
        else:
            status = Status.INTERRUPTED if ends_early else Status.COMPLETED
        people.append(
            {
                "participant": Participant(
                    municipality=municipality,
                    given_name=f"Deltaker{n}",
                    family_name="Rapport",
                    birth_date=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                    status=status,
                    legal_basis=rng.choice(["il", "il", "il", "intro"]),
                    consultant=consultants[n % len(consultants)],
                ),
                "start": start,
                "planned_end": planned_end,
                "actual_end": actual_end,
            }
        )
    Participant.objects.bulk_create([p["participant"] for p in people], batch_size=500)

    decisions = []
    for p in people:
        participant = p["participant"]
        decisions.append(
            Decision(
                municipality=municipality,
                participant=participant,
                decision_type="grant",
                status=DecisionStatus.SENT,
                legal_basis=participant.legal_basis,
                start_date=p["start"],
                end_date=p["planned_end"],
                track=rng.choice(["other", "other", "has_upper_secondary", "upper_secondary_goal"]),
                final_goal="work",
                reasons="benk",
                drafted_by=leader,
                decided_at=now,
            )
        )
        if p["actual_end"] is not None:
            decisions.append(
                Decision(
                    municipality=municipality,
                    participant=participant,
                    decision_type="end",
                    status=DecisionStatus.SENT,
                    legal_basis=participant.legal_basis,
                    start_date=p["actual_end"],
                    end_kind="interrupted" if participant.status == "interrupted" else "completed",
                    main_activity_after="work",
                    reasons="benk",
                    drafted_by=leader,
                    decided_at=now + DAY,
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=500)

    plans = [
        Plan(
            municipality=municipality,
            participant=p["participant"],
            final_goal="work",
            norwegian_target="b1",
        )
        for p in people
    ]
    Plan.objects.bulk_create(plans, batch_size=500)
    measures = []
    for p, plan in zip(people, plans, strict=True):
        end = p["actual_end"] or p["planned_end"]
        for kind, weekdays in (("norwegian", "01234"), ("work_practice", "123")):
            measures.append(
                Measure(
                    municipality=municipality,
                    plan=plan,
                    kind=kind,
                    provider="VO",
                    start_date=p["start"],
                    end_date=end,
                    hours_per_week=Decimal(15),
                    weekdays=weekdays,
                )
            )
    Measure.objects.bulk_create(measures, batch_size=500)

    registrations = 0
    batch = []
    for i, p in enumerate(people):
        participant = p["participant"]
        norwegian, practice = measures[2 * i], measures[2 * i + 1]
        day = p["start"] + ((1 - p["start"].weekday()) % 7) * DAY  # the first Tuesday
        last = min(p["actual_end"] or p["planned_end"], today - DAY)
        while day <= last:
            for measure, on in ((norwegian, day), (practice, day + 2 * DAY)):
                roll = rng.random()
                if roll < 0.06:
                    status, absence, hours = "absent", "invalid", Decimal(3)
                elif roll < 0.12:
                    status, absence, hours = "absent", "own_illness_self", Decimal(3)
                else:
                    status, absence, hours = "present", "", Decimal(3)
                batch.append(
                    Registration(
                        municipality=municipality,
                        participant=participant,
                        measure=measure,
                        date=on,
                        status=status,
                        absence_type=absence,
                        hours=hours,
                        registered_by=teacher,
                        registered_at=now,
                    )
                )
            day += 7 * DAY
        if len(batch) > 20000:
            Registration.objects.bulk_create(batch, batch_size=2000)
            registrations += len(batch)
            batch = []
    Registration.objects.bulk_create(batch, batch_size=2000)
    registrations += len(batch)

    training_plans = [
        TrainingPlan(municipality=municipality, participant=p["participant"]) for p in people
    ]
    TrainingPlan.objects.bulk_create(training_plans, batch_size=500)
    levels = ["a1", "a2", "a2", "b1", "b1", "b2"]
    tests = []
    for p, tp in zip(people, training_plans, strict=True):
        taken = p["start"] + rng.randint(200, 700) * DAY
        if taken < today:
            tests.append(
                TestResult(
                    training_plan=tp,
                    kind="norwegian",
                    taken_on=taken,
                    listening=rng.choice(levels),
                    reading=rng.choice(levels),
                    writing=rng.choice(levels),
                    oral=rng.choice(levels),
                    passed=True,
                    recorded_by=teacher,
                )
            )
    TestResult.objects.bulk_create(tests, batch_size=500)

    placements = []
    for i, p in enumerate(people):
        if i % 5 == 0:
            start = max(p["start"] + 90 * DAY, today - 300 * DAY)
            placements.append(
                Placement(
                    municipality=municipality,
                    participant=p["participant"],
                    workplace=workplaces[i % len(workplaces)],
                    mentor=mentor,
                    measure=measures[2 * i + 1],
                    start_date=start,
                    end_date=start + 180 * DAY,
                    weekdays="123",
                    hours_per_week=Decimal(12),
                    created_by=leader,
                )
            )
    Placement.objects.bulk_create(placements, batch_size=500)

    outcomes = []
    activities = ["work", "work", "work", "education", "both", "neither", "unknown"]
    for i, p in enumerate(people):
        if p["actual_end"] is None:
            continue
        due = [f for f in rules.followups_for(p["actual_end"]) if f.due_on <= today]
        if i % 7 == 0 and due:
            due = due[:-1]  # left for the follow-up list
        for followup in due:
            outcomes.append(
                Outcome(
                    municipality=municipality,
                    participant=p["participant"],
                    checkpoint=followup.checkpoint,
                    due_on=followup.due_on,
                    programme_end=p["actual_end"],
                    activity=rng.choice(activities),
                    recorded_on=followup.due_on,
                    recorded_by=consultants[0],
                    recorded_at=now,
                )
            )
    Outcome.objects.bulk_create(outcomes, batch_size=500)
    return {
        "leader": leader,
        "consultant": consultants[0],
        "counts": {
            "participants": len(people),
            "decisions": len(decisions),
            "measures": len(measures),
            "registrations": registrations,
            "tests": len(tests),
            "placements": len(placements),
            "outcomes": len(outcomes),
        },
    }


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(min(times), 3)


def run(args) -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from introsak.results import selectors

    today = timezone.localdate()
    started = time.perf_counter()
    world = generate(args, today)
    generate_seconds = round(time.perf_counter() - started, 1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    leader, consultant = world["leader"], world["consultant"]
    timings = {
        "dashboard_this_year": best(args.repeat, lambda: selectors.dashboard(leader, today=today)),
        "dashboard_last_year": best(
            args.repeat, lambda: selectors.dashboard(leader, today=today, year=today.year - 1)
        ),
        "dashboard_one_consultant": best(
            args.repeat,
            lambda: selectors.dashboard(leader, today=today, consultant_id=consultant.pk),
        ),
        "due_followups_leader": best(args.repeat, lambda: selectors.due_followups(leader, today)),
        "due_followups_consultant": best(
            args.repeat, lambda: selectors.due_followups(consultant, today)
        ),
    }
    client = Client()
    client.force_login(leader)
    client.get("/resultater/")

    def page():
        response = client.get("/resultater/")
        assert response.status_code == 200, response.status_code

    timings["dashboard_page"] = best(args.repeat, page)
    try:
        from introsak.register import services as register_services
    except ImportError:
        register_services = None
    validate = getattr(register_services, "validate", None)
    if validate is not None:
        try:
            timings["register_validate_3_years"] = best(
                args.repeat,
                lambda: validate(
                    actor=leader,
                    period_start=today - 3 * 365 * DAY,
                    period_end=today - DAY,
                    today=today,
                ),
            )
        except Exception as error:  # noqa: BLE001 - report, do not hide the other figures
            timings["register_validate_3_years"] = f"failed: {type(error).__name__}: {error}"
    return {
        "database": connection.vendor,
        **world["counts"],
        "generate_seconds": generate_seconds,
        **timings,
        "target_seconds": 2,
    }


if __name__ == "__main__":
    main()
