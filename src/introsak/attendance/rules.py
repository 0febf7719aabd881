"""The programme calendar, the absence limits and the month's totals. Pure functions.

Sources (DOMAIN.md; integreringsforskriften chapter 3, IF § 5 and §§ 11–12; the numbers are
dated rule parameters, passed in):
- Own illness, self-certified: at most 3 days at a time, at most 4 times in 12 months, and
  only after 8 weeks in the programme; longer needs a doctor's note.
- Sick child: 10 working days per 12 months, 15 with more than two children; 20 and 30 for a
  sole carer.
- Pregnancy: up to 10 days. Birth: the mother 20 days, the father 7.
- Welfare leave and religious holidays: as many days as the municipality sets.
- «Days» are working days. A day past a limit is invalid absence unless a decision (a leave
  decision in force for that day) says otherwise.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ONE_DAY = datetime.timedelta(days=1)
YEAR = datetime.timedelta(days=365)


# --- the programme calendar ------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSchedule:
    id: int
    start: datetime.date
    end: datetime.date
    hours_per_week: Decimal
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)


def hours_on(schedule: MeasureSchedule, day: datetime.date) -> Decimal:
    """The measure's hours on a day: its weekly hours spread evenly over its weekdays."""
    if not (schedule.start <= day <= schedule.end) or day.weekday() not in schedule.weekdays:
        return Decimal(0)
    return (schedule.hours_per_week / len(schedule.weekdays)).quantize(Decimal("0.1"))


def programme_days(
    schedules: Sequence[MeasureSchedule],
    *,
    start: datetime.date,
    end: datetime.date,
    is_public_holiday: Callable[[datetime.date], bool],
    is_blocked: Callable[[datetime.date], bool],
) -> dict[datetime.date, dict[int, Decimal]]:
    """For each programme day from `start` to `end`, the hours of each measure that runs.

    Weekends, public holidays and blocked days (the participant's holiday, leave without
    stipend, suspension, days outside the programme) are not programme days."""
    days: dict[datetime.date, dict[int, Decimal]] = {}
    day = start
    while day <= end:
        if day.weekday() < 5 and not is_public_holiday(day) and not is_blocked(day):
            hours = {s.id: h for s in schedules if (h := hours_on(s, day)) > 0}
            if hours:
                days[day] = hours
        day += ONE_DAY
    return days


def working_days(
    first: datetime.date, last: datetime.date, is_working_day: Callable[[datetime.date], bool]
) -> int:
    """Working days from `first` to `last`, both included (a holiday's length)."""
    return working_days_between(first - ONE_DAY, last + ONE_DAY, is_working_day)


def working_days_between(
    first: datetime.date, second: datetime.date, is_working_day: Callable[[datetime.date], bool]
) -> int:
    """Working days strictly between two dates."""
    count, day = 0, first + ONE_DAY
    while day < second:
        count += is_working_day(day)
        day += ONE_DAY
    return count


# --- the limits ------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceDay:
    date: datetime.date
    kind: str
    covered_by_decision: bool = False


@dataclass(frozen=True)
class Limits:
    self_cert_days_per_spell: int = 3
    self_cert_spells_per_year: int = 4
    self_cert_after_weeks: int = 8
    sick_child_days: int = 10
    pregnancy_days: int = 10
    birth_days: int = 20
    welfare_days: int | None = None
    religious_days: int | None = None


def sick_child_days(
    *,
    children: int,
    sole_carer: bool,
    base: int,
    more_than_two: int,
    sole: int,
    sole_more_than_two: int,
) -> int:
    """Days of sick-child absence per 12 months for this family."""
    if sole_carer:
        return sole_more_than_two if children > 2 else sole
    return more_than_two if children > 2 else base


COUNTED = {
    "sick_child": "sick_child_days",
    "pregnancy": "pregnancy_days",
    "birth": "birth_days",
    "welfare": "welfare_days",
    "religious_holiday": "religious_days",
}


def apply_limits(
    days: Iterable[AbsenceDay],
    *,
    programme_start: datetime.date | None,
    limits: Limits,
    is_working_day: Callable[[datetime.date], bool],
) -> dict[tuple[datetime.date, str], str]:
    """The (day, kind) absences that count as invalid, with the rule that made it so.

    `days` is one entry per date and kind (several measures on one day count once). Counts
    run over the 12 months before each day, so the fifth self-certified spell is invalid
    whatever month it falls in.
    """
    over: dict[tuple[datetime.date, str], str] = {}
    history: dict[str, list[datetime.date]] = defaultdict(list)  # valid days by kind
    spells: list[datetime.date] = []  # the first day of each self-certified spell
    previous_self_cert: datetime.date | None = None
    spell_length = 0
    for day in sorted(days, key=lambda d: (d.date, d.kind)):
        if day.covered_by_decision:
            continue
        if day.kind == "approved_leave":
            over[(day.date, day.kind)] = "approved_leave_without_decision"
            continue
        if day.kind == "own_illness_self":
            reason = None
            if programme_start and day.date < programme_start + datetime.timedelta(
                weeks=limits.self_cert_after_weeks
            ):
                reason = "self_cert_before_weeks"
            new_spell = (
                previous_self_cert is None
                or working_days_between(previous_self_cert, day.date, is_working_day) > 0
            )
            if new_spell:
                spells.append(day.date)
                spell_length = 0
            spell_length += 1
            previous_self_cert = day.date
            if reason is None and spell_length > limits.self_cert_days_per_spell:
                reason = "self_cert_days_per_spell"
            in_year = [s for s in spells if s > day.date - YEAR]
            if reason is None and len(in_year) > limits.self_cert_spells_per_year:
                reason = "self_cert_spells_per_year"
            if reason:
                over[(day.date, day.kind)] = reason
            continue
        limit_name = COUNTED.get(day.kind)
        if limit_name is None:
            continue
        limit = getattr(limits, limit_name)
        used = [d for d in history[day.kind] if d > day.date - YEAR]
        if limit is not None and len(used) >= limit:
            over[(day.date, day.kind)] = f"{day.kind}_limit"
            continue
        history[day.kind].append(day.date)
    return over


# --- the month -------------------------------------------------------------------------


@dataclass
class MonthTotals:
    planned: Decimal = Decimal(0)
    present: Decimal = Decimal(0)
    absent_by_type: dict[str, Decimal] = field(default_factory=dict)
    invalid: Decimal = Decimal(0)
    unregistered: Decimal = Decimal(0)


@dataclass(frozen=True)
class RegisteredHours:
    date: datetime.date
    measure_id: int
    status: str
    absence_type: str
    hours: Decimal
    invalid: bool


def month_totals(
    calendar: dict[datetime.date, dict[int, Decimal]],
    registrations: Iterable[RegisteredHours],
) -> MonthTotals:
    """Planned, present and absent hours (by type; invalid on its own) for the month."""
    totals = MonthTotals()
    registered = set()
    for reg in registrations:
        registered.add((reg.date, reg.measure_id))
        if reg.status == "present":
            totals.present += reg.hours
        else:
            totals.absent_by_type[reg.absence_type] = (
                totals.absent_by_type.get(reg.absence_type, Decimal(0)) + reg.hours
            )
            if reg.invalid:
                totals.invalid += reg.hours
    for day, hours in calendar.items():
        for measure_id, planned in hours.items():
            totals.planned += planned
            if (day, measure_id) not in registered:
                totals.unregistered += planned
    return totals
