"""How long saving a class's month of attendance takes (issue 5: under 1 s for 25 × a month).

Usage: .venv/bin/python bench/attendance.py [--participants 25] [--month 2026-05] [--repeat 3]

It builds a fresh database (SQLite in a temporary file, or DATABASE_URL if set), enrols a
class with a programme and a plan, then times `register_bulk` for the whole month in one
request: first the creation, then a second save that changes every registration. The last
line is JSON.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from decimal import Decimal
from pathlib import Path

from freshdb import run_in_fresh_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=25)
    parser.add_argument("--month", default="2026-05")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    run_in_fresh_database(run, args, name="attendance")


def run(args) -> dict:
    from django.utils import timezone

    from introsak.attendance import selectors, services
    from introsak.core.models import Municipality, Role, User
    from introsak.decisions.models import Decision, DecisionStatus
    from introsak.participants.models import Group, Participant
    from introsak.plans import services as plans

    first = datetime.date.fromisoformat(args.month + "-01")
    last = selectors.month_end(first)
    municipality = Municipality.objects.create(number="9999", name="Benk")
    consultant = User.objects.create(username="k", role=Role.CONSULTANT, municipality=municipality)
    teacher = User.objects.create(username="t", role=Role.TEACHER, municipality=municipality)
    group = Group.objects.create(municipality=municipality, name="Klasse")
    group.teachers.add(teacher)
    start, end = first - datetime.timedelta(days=200), first + datetime.timedelta(days=500)
    people = []
    for n in range(args.participants):
        participant = Participant.objects.create(
            municipality=municipality,
            given_name=f"Deltaker{n}",
            family_name="Benk",
            birth_date=datetime.date(1990, 1, 1),
            consultant=consultant,
        )
        Decision.objects.create(
            municipality=municipality,
            participant=participant,
            decision_type="grant",
            status=DecisionStatus.SENT,
            legal_basis="il",
            start_date=start,
            end_date=end,
            track="other",
            final_goal="work",
            reasons="benk",
            drafted_by=consultant,
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
                    "start_date": start,
                    "end_date": end,
                    "hours_per_week": Decimal(15),
                }
            ],
        )
        measure = plan.measures.get()
        measure.group = group
        measure.save()
        group.participants.add(participant)
        people.append((participant, measure))

    def items(status, absence_type=""):
        rows, day = [], first
        while day <= last:
            for participant, measure in people:
                if day.weekday() < 5:
                    rows.append(
                        {
                            "participant_id": participant.pk,
                            "measure_id": measure.pk,
                            "date": day,
                            "status": status,
                            "absence_type": absence_type,
                        }
                    )
            day += datetime.timedelta(days=1)
        from introsak.decisions.selectors import is_public_holiday

        return [r for r in rows if not is_public_holiday(r["date"])]

    create_items = items("present")
    started = time.perf_counter()
    services.register_bulk(actor=teacher, items=create_items)
    create_seconds = time.perf_counter() - started
    update_times = []
    for i in range(args.repeat):
        batch = items("absent", "own_illness_self") if i % 2 == 0 else items("present")
        started = time.perf_counter()
        services.register_bulk(actor=teacher, items=batch)
        update_times.append(time.perf_counter() - started)
    from django.db import connection

    return {
        "participants": args.participants,
        "registrations": len(create_items),
        "database": connection.vendor,
        "create_seconds": round(create_seconds, 3),
        "update_seconds": round(min(update_times), 3),
    }


if __name__ == "__main__":
    main()
