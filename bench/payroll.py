"""How long preparing a month's payroll run takes, against one SQL statement (issue 6).

Usage: .venv/bin/python bench/payroll.py --participants 1000 [--month 2026-05] [--repeat 3]
       [--profile] [--analyze]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/payroll.py ...

It builds a fresh database (SQLite in a temporary directory, or DATABASE_URL if set) and fills
it with bulk inserts (not timed): N participants in the programme, each with a grant decision, a
plan with three measures, a month of attendance on every programme day (public holidays
excepted) for each measure, about 5 % of it invalid absence, and an approved timesheet. Then it
times `stipend.services.prepare_run` for the month (best of --repeat, the run discarded between
repeats) and, as the baseline, one SQL statement that sums the invalid absence per participant
for the month. It also times the floor of any implementation that keeps a frozen snapshot per
payment: the same inputs read as plain rows (participants with a grant, approved timesheets,
invalid absence per day) and one payment row per participant written with its JSON (lines,
inputs, payee), with no rule applied and the write rolled back. With --profile, one more run is
profiled (cProfile, top 25 by cumulative time). PostgreSQL gets ANALYZE after the inserts
(autovacuum would do it soon anyway); SQLite only with --analyze, since nothing runs ANALYZE on
a production SQLite file.
DEBUG is off while timing, as in production (no query log). The last line is JSON:
{"participants": N, "seconds": ..., "baseline_seconds": ..., "ratio": ..., "floor_seconds": ...,
"floor_ratio": ...}.
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

BATCH = 2000
CHUNK = 500  # participants whose registrations are built and inserted together
INVALID_SHARE = 0.05
# (kind, provider, hours a week): 37.5 hours a week on every weekday, three rows a day.
MEASURES = (
    ("norwegian", "Voksenopplæringen", Decimal("15")),
    ("social_studies", "Voksenopplæringen", Decimal("7.5")),
    ("work_practice", "Coop", Decimal("15")),
)
TODAY = datetime.date(2026, 7, 15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--month", default="2026-05")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one more run")
    parser.add_argument("--analyze", action="store_true", help="ANALYZE on SQLite too")
    args = parser.parse_args()

    run_in_fresh_database(run, args, name="payroll")


def generate(args, first: datetime.date, last: datetime.date):
    """The municipality, its users and N participants with a month of attendance."""
    from django.utils import timezone

    from introsak.attendance.models import Registration, Timesheet, TimesheetStatus
    from introsak.core.models import Municipality, Role, User
    from introsak.decisions.models import Decision, DecisionStatus
    from introsak.decisions.selectors import is_public_holiday
    from introsak.participants.models import Participant, Status
    from introsak.plans.models import Measure, Plan

    rng = random.Random(6)
    now = timezone.now()
    start, end = datetime.date(2025, 9, 1), datetime.date(2027, 8, 31)
    municipality = Municipality.objects.create(number="9999", name="Benk")
    consultant = User.objects.create(
        username="konsulent", role=Role.CONSULTANT, municipality=municipality
    )
    teacher = User.objects.create(username="laerer", role=Role.TEACHER, municipality=municipality)
    payroll = User.objects.create(username="lonn", role=Role.PAYROLL, municipality=municipality)

    people = []
    for n in range(args.participants):
        # Born 1966–2006: about one in eight is under 25 in the month.
        born = datetime.date(1966 + n % 41, 1 + n % 12, 1 + n % 28)
        people.append(
            Participant(
                municipality=municipality,
                given_name=f"Deltaker{n}",
                family_name=f"Benk{n % 97}",
                birth_date=born,
                national_id=f"{n:011d}",
                employee_number=f"A{n}",
                bank_account=f"{1200_0000000 + n:011d}",
                status=Status.IN_PROGRAMME,
                legal_basis="il",
                consultant=consultant,
            )
        )
    people = Participant.objects.bulk_create(people, batch_size=BATCH)
    Decision.objects.bulk_create(
        [
            Decision(
                municipality=municipality,
                participant=p,
                decision_type="grant",
                status=DecisionStatus.SENT,
                legal_basis="il",
                start_date=start,
                end_date=end,
                track="other",
                final_goal="work",
                reasons="benk",
                drafted_by=consultant,
                decided_at=now,
            )
            for p in people
        ],
        batch_size=BATCH,
    )
    plans = Plan.objects.bulk_create(
        [
            Plan(municipality=municipality, participant=p, final_goal="work", norwegian_target="b1")
            for p in people
        ],
        batch_size=BATCH,
    )
    measures = Measure.objects.bulk_create(
        [
            Measure(
                municipality=municipality,
                plan=plan,
                kind=kind,
                provider=provider,
                start_date=start,
                end_date=end,
                hours_per_week=hours,
            )
            for plan in plans
            for kind, provider, hours in MEASURES
        ],
        batch_size=BATCH,
    )
    Timesheet.objects.bulk_create(
        [
            Timesheet(
                municipality=municipality,
                participant=p,
                month=first,
                status=TimesheetStatus.APPROVED,
                signed_by=teacher,
                signed_at=now,
                acknowledged_on=last,
                approved_by=consultant,
                approved_at=now,
            )
            for p in people
        ],
        batch_size=BATCH,
    )

    days = [
        first + datetime.timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + datetime.timedelta(days=i)).weekday() < 5
        and not is_public_holiday(first + datetime.timedelta(days=i))
    ]
    per_day = [hours / 5 for _kind, _provider, hours in MEASURES]
    registrations = invalid = 0
    expected: dict[int, Decimal] = {}
    for offset in range(0, len(people), CHUNK):
        rows = []
        for index, participant in enumerate(people[offset : offset + CHUNK], start=offset):
            own = measures[index * len(MEASURES) : (index + 1) * len(MEASURES)]
            for day in days:
                for measure, hours in zip(own, per_day, strict=True):
                    if rng.random() < INVALID_SHARE:
                        absent = hours if rng.random() < 0.5 else Decimal(rng.randint(1, 2))
                        expected[participant.pk] = expected.get(participant.pk, 0) + absent
                        invalid += 1
                        status, absence_type, row_hours = "absent", "invalid", absent
                    else:
                        status, absence_type, row_hours = "present", "", hours
                    rows.append(
                        Registration(
                            municipality=municipality,
                            participant=participant,
                            measure=measure,
                            date=day,
                            status=status,
                            absence_type=absence_type,
                            hours=row_hours,
                            registered_by=teacher,
                            registered_at=now,
                        )
                    )
        Registration.objects.bulk_create(rows, batch_size=BATCH)
        registrations += len(rows)
    return payroll, registrations, invalid, expected, len(days)


def analyse(always: bool) -> bool:
    from django.db import connection

    if connection.vendor == "sqlite" and not always:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if connection.vendor == "sqlite":
        connection.close()  # the planner reads the statistics when it connects
    return True


def baseline_sql(first: datetime.date, last: datetime.date) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant_id, SUM(hours) FROM attendance_registration"
            " WHERE date BETWEEN %s AND %s AND status = 'absent'"
            " AND (absence_type = 'invalid' OR counts_as_invalid)"
            " GROUP BY participant_id",
            [first, last],
        )
        return cursor.fetchall()


def floor_run(payroll, first: datetime.date, last: datetime.date) -> int:
    """Read what a run reads and write what a run writes, with no rule in between: the part of
    `prepare_run` that no faster calculation can remove. Rolled back."""
    import json

    from django.db import connection, transaction
    from django.db.models import Sum

    from introsak.attendance.models import Registration, Timesheet
    from introsak.decisions.models import IN_FORCE, Decision
    from introsak.participants.models import Participant
    from introsak.stipend.models import Payment, PayrollRun
    from introsak.stipend.services import PAYMENT_COLUMNS

    mid = payroll.municipality_id
    dumps = json.dumps
    with transaction.atomic():
        run = PayrollRun.objects.create(municipality_id=mid, month=first, prepared_by=payroll)
        granted = Decision.objects.filter(
            municipality_id=mid, decision_type="grant", status__in=IN_FORCE
        ).values_list("participant_id", "start_date", "end_date")
        periods = {pid: (start, end) for pid, start, end in granted}
        approved = set(
            Timesheet.objects.filter(
                municipality_id=mid, status="approved", month=first
            ).values_list("participant_id", flat=True)
        )
        absence: dict[int, list] = {}
        for pid, day, hours in (
            Registration.objects.filter(
                municipality_id=mid, date__gte=first, date__lte=last, status="absent"
            )
            .filter(absence_type="invalid")
            .values_list("participant_id", "date")
            .annotate(hours=Sum("hours"))
            .order_by("participant_id", "date")
        ):
            absence.setdefault(pid, []).append({"date": day.isoformat(), "hours": str(hours)})
        rows = []
        for pid, born, basis, nid, number, account, given, family in Participant.objects.filter(
            municipality_id=mid
        ).values_list(
            "pk",
            "birth_date",
            "legal_basis",
            "national_id",
            "employee_number",
            "bank_account",
            "given_name",
            "family_name",
        ):
            if pid not in periods or pid not in approved:
                continue
            start, end = periods[pid]
            inputs = {
                "month": first.isoformat(),
                "legal_basis": basis,
                "birth_date": born.isoformat(),
                "programme_start": start.isoformat(),
                "programme_end": end.isoformat(),
                "invalid_absence": absence.get(pid, []),
            }
            lines = [{"code": "base_month", "text": "", "amount": "0.00"}]
            payee = {
                "name": f"{given} {family}",
                "employee_number": number,
                "national_id": nid,
                "bank_account": account,
            }
            rows.append(
                (
                    run.pk,
                    mid,
                    pid,
                    first,
                    "regular",
                    dumps(inputs),
                    dumps(lines),
                    Decimal("0.00"),
                    0,
                    False,
                    False,
                    dumps(payee),
                )
            )
        table = connection.ops.quote_name(Payment._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in PAYMENT_COLUMNS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(PAYMENT_COLUMNS))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        transaction.set_rollback(True)
    return len(rows)


def discard(run) -> None:
    from introsak.stipend.models import Payment, PayrollRun

    Payment.objects.filter(run_id=run.pk).delete()
    PayrollRun.objects.filter(pk=run.pk).delete()


def run(args) -> dict:
    from django.db import connection

    from introsak.attendance.selectors import month_end
    from introsak.stipend import services
    from introsak.stipend.models import PaymentKind

    first = datetime.date.fromisoformat(args.month + "-01")
    last = month_end(first)
    if first > datetime.date(TODAY.year, TODAY.month, 1):
        raise SystemExit(f"--month must not be after {TODAY:%Y-%m}")
    services._today = lambda: TODAY

    started = time.perf_counter()
    payroll, registrations, invalid, expected, days = generate(args, first, last)
    analysed = analyse(args.analyze)
    generated = time.perf_counter() - started
    print(
        f"{connection.vendor}: {args.participants} participants, {days} programme days,"
        f" {registrations} registrations ({invalid} invalid absence) generated in"
        f" {generated:.1f} s (not measured){', ANALYZE run' if analysed else ''}"
    )

    times, total = [], None
    for _i in range(args.repeat):
        started = time.perf_counter()
        payroll_run = services.prepare_run(actor=payroll, month=first)
        times.append(time.perf_counter() - started)
        payments = list(payroll_run.payments.values_list("participant_id", "kind", "lines"))
        if (
            len(payments) != args.participants
            or any(kind != PaymentKind.REGULAR for _p, kind, _l in payments)
            or payroll_run.held_back
            or not payroll_run.total > 0
        ):
            raise SystemExit(
                f"FAIL: the run has {len(payments)} payments (expected {args.participants}),"
                f" {len(payroll_run.held_back)} held back, total {payroll_run.total}"
            )
        deducted = {
            pid
            for pid, _kind, lines in payments
            if any(line["code"] == "invalid_absence" for line in lines)
        }
        if deducted != set(expected):
            raise SystemExit(
                f"FAIL: {len(deducted)} payments deduct invalid absence,"
                f" {len(expected)} participants have some"
            )
        total = payroll_run.total
        discard(payroll_run)

    baseline_times, rows = [], []
    for _i in range(args.repeat):
        started = time.perf_counter()
        rows = baseline_sql(first, last)
        baseline_times.append(time.perf_counter() - started)
    if {pid: Decimal(h) for pid, h in rows} != {pid: Decimal(h) for pid, h in expected.items()}:
        raise SystemExit("FAIL: the baseline's sums are not the generated invalid absence")

    floor_times = []
    for _i in range(args.repeat):
        started = time.perf_counter()
        written = floor_run(payroll, first, last)
        floor_times.append(time.perf_counter() - started)
    if written != args.participants:
        raise SystemExit(f"FAIL: the floor wrote {written} payments")

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        payroll_run = services.prepare_run(actor=payroll, month=first)
        profiler.disable()
        discard(payroll_run)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)

    seconds, baseline, floor = min(times), min(baseline_times), min(floor_times)
    print(f"total of the run: {total} kr for {args.participants} payments")
    print(
        f"prepare_run: best {seconds:.3f} s of {', '.join(f'{t:.3f}' for t in times)}"
        f" ({seconds / args.participants * 1000:.2f} ms per participant)"
    )
    print(
        f"baseline (one SQL statement, {len(rows)} rows): best {baseline:.4f} s of"
        f" {', '.join(f'{t:.4f}' for t in baseline_times)}"
    )
    print(
        f"floor (read the inputs, write the payments, no rules): best {floor:.3f} s of"
        f" {', '.join(f'{t:.3f}' for t in floor_times)}"
    )
    print(f"ratio: {seconds / baseline:.1f} (the floor's: {floor / baseline:.1f})")
    return {
        "participants": args.participants,
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 4),
        "ratio": round(seconds / baseline, 1),
        "floor_seconds": round(floor, 3),
        "floor_ratio": round(floor / baseline, 1),
    }


if __name__ == "__main__":
    main()
