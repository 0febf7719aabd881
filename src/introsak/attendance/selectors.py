"""Reads for attendance: each participant's programme calendar, the class grid, the month's
timesheet and the consultant's weekly report.

Everything for many participants is read in a fixed number of queries (`CalendarData`), so a
class of 25 for a month costs the same queries as a class of 5.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from introsak.core.models import User
from introsak.core.permissions import visible_participants
from introsak.decisions import selectors as decision_selectors
from introsak.decisions.models import (
    IN_FORCE,
    Decision,
    DecisionType,
    SuspensionKind,
    without_replaced,
)
from introsak.participants.models import ACTIVE_STATUSES, Participant, Relation, Status
from introsak.participants.rules import age_on
from introsak.plans.models import Measure

from . import rules
from .models import Registration, Timesheet, TimesheetStatus, Vacation

ONE_DAY = datetime.timedelta(days=1)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - ONE_DAY


@dataclass
class ParticipantCalendar:
    participant: Participant
    measures: dict[int, Measure]
    days: dict[datetime.date, dict[int, Decimal]]
    leave_days: set[datetime.date]
    period: object | None


class CalendarData:
    """What the calendars and limits of many participants need, read once."""

    def __init__(
        self,
        participants: list[Participant],
        *,
        start: datetime.date,
        end: datetime.date,
        history_from: datetime.date | None = None,
        history_until: datetime.date | None = None,
    ):
        self.participants = {p.pk: p for p in participants}
        self.start, self.end = start, end
        ids = list(self.participants)
        self.measures: dict[int, list[Measure]] = defaultdict(list)
        for measure in Measure.objects.filter(
            plan__participant_id__in=ids, is_active=True, start_date__lte=end, end_date__gte=start
        ).select_related("plan"):
            self.measures[measure.plan.participant_id].append(measure)
        self.decisions: dict[int, list[Decision]] = defaultdict(list)
        for decision in (
            without_replaced(Decision.objects.filter(participant_id__in=ids, status__in=IN_FORCE))
            .select_related("leave_type")
            .order_by("decided_at", "id")
        ):
            self.decisions[decision.participant_id].append(decision)
        self.vacations: dict[int, list[Vacation]] = defaultdict(list)
        for vacation in Vacation.objects.filter(
            participant_id__in=ids, start_date__lte=end, end_date__gte=start
        ):
            self.vacations[vacation.participant_id].append(vacation)
        self.registrations: dict[int, list[Registration]] = defaultdict(list)
        # Limits count over 12 months, so a change can reach a year back and a year ahead.
        for reg in Registration.objects.filter(
            participant_id__in=ids,
            date__gte=history_from or start,
            date__lte=history_until or end,
        ):
            self.registrations[reg.participant_id].append(reg)
        self.locked_sheets = {
            (t.participant_id, t.month): t
            for t in Timesheet.objects.filter(
                participant_id__in=ids,
                status=TimesheetStatus.APPROVED,
                month__gte=month_start(start),
                month__lte=end,
            )
        }
        self.locked_months = set(self.locked_sheets)
        self.params = decision_selectors.Parameters()

    def calendar(self, participant_id: int) -> ParticipantCalendar:
        participant = self.participants[participant_id]
        decisions = self.decisions.get(participant_id, [])
        period = decision_selectors.programme_period(decisions=decisions, params=self.params)
        blocked: set[datetime.date] = set()
        leave_days: set[datetime.date] = set()
        for vacation in self.vacations.get(participant_id, []):
            blocked |= _days(vacation.start_date, vacation.end_date)
        for decision in decisions:
            if decision.decision_type == DecisionType.LEAVE and decision.start_date:
                span = _days(decision.start_date, decision.end_date or decision.start_date)
                if decision.leave_type and decision.leave_type.with_stipend:
                    leave_days |= span
                else:
                    blocked |= span
            elif decision.decision_type == DecisionType.SUSPENSION and decision.start_date:
                end = (
                    decision.end_date
                    if decision.suspension_kind != SuspensionKind.PERMANENT
                    else self.end
                )
                blocked |= _days(decision.start_date, end or self.end)
        if period is None:
            return ParticipantCalendar(participant, {}, {}, leave_days, None)
        first = max(self.start, period.start)
        last = min(self.end, period.end)
        measures = {m.pk: m for m in self.measures.get(participant_id, [])}
        schedules = [
            rules.MeasureSchedule(
                m.pk, m.start_date, m.end_date, m.hours_per_week, tuple(m.days) or (0, 1, 2, 3, 4)
            )
            for m in measures.values()
        ]
        days = (
            rules.programme_days(
                schedules,
                start=first,
                end=last,
                is_public_holiday=decision_selectors.is_public_holiday,
                is_blocked=blocked.__contains__,
            )
            if first <= last
            else {}
        )
        return ParticipantCalendar(participant, measures, days, leave_days, period)

    def limits(self, participant_id: int, on: datetime.date) -> rules.Limits:
        participant = self.participants[participant_id]
        value = self.params.value
        children, sole = _family(participant, on)
        municipality = participant.municipality
        return rules.Limits(
            self_cert_days_per_spell=value("self_cert_days_per_spell", on),
            self_cert_spells_per_year=value("self_cert_spells_per_year", on),
            self_cert_after_weeks=value("self_cert_after_weeks", on),
            sick_child_days=rules.sick_child_days(
                children=children,
                sole_carer=sole,
                base=value("sick_child_days", on),
                more_than_two=value("sick_child_days_more_than_two", on),
                sole=value("sick_child_days_sole_carer", on),
                sole_more_than_two=value("sick_child_days_sole_carer_more_than_two", on),
            ),
            pregnancy_days=value("pregnancy_days", on),
            birth_days=value(
                "birth_days_mother" if participant.gender == "female" else "birth_days_father", on
            ),
            welfare_days=municipality.welfare_leave_days,
            religious_days=municipality.religious_holiday_days,
        )


def _days(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    result, day = set(), start
    while day <= end:
        result.add(day)
        day += ONE_DAY
    return result


def _family(participant: Participant, on: datetime.date) -> tuple[int, bool]:
    """Children under 18 in the household and whether the participant cares for them alone."""
    household = participant.household
    if household is None or participant.household_relation not in (
        Relation.MAIN,
        Relation.SPOUSE,
        Relation.COHABITANT,
    ):
        return 0, False
    members = list(household.members.all())
    children = sum(
        1
        for m in members
        if m.relation == Relation.CHILD and m.birth_date and age_on(m.birth_date, on) < 18
    )
    partners = [
        p
        for p in household.participants.all()
        if p.pk != participant.pk
        and p.household_relation in (Relation.MAIN, Relation.SPOUSE, Relation.COHABITANT)
    ]
    partners += [m for m in members if m.relation in (Relation.SPOUSE, Relation.COHABITANT)]
    return children, not partners


def participants_for_data(queryset) -> list[Participant]:
    return list(
        queryset.select_related("municipality", "household").prefetch_related(
            "household__members", "household__participants"
        )
    )


# --- the class grid --------------------------------------------------------------------


@dataclass
class GridRow:
    participant: Participant
    measure: Measure | None
    cells: list[dict] = field(default_factory=list)


def weekdays_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += ONE_DAY
    return days


def _row(
    data: CalendarData,
    calendar: ParticipantCalendar,
    participant: Participant,
    measure: Measure | None,
    days: list[datetime.date],
) -> GridRow:
    registered = {(r.date, r.measure_id): r for r in data.registrations[participant.pk]}
    row = GridRow(participant, measure)
    for day in days:
        row.cells.append(
            {
                "date": day,
                "hours": calendar.days.get(day, {}).get(measure.pk) if measure else None,
                "registration": registered.get((day, measure.pk)) if measure else None,
                "locked": (participant.pk, month_start(day)) in data.locked_months,
                "leave": day in calendar.leave_days,
            }
        )
    return row


def participant_grid(participant: Participant, *, start: datetime.date, end: datetime.date) -> dict:
    """The participant's measures × programme days, for the consultant to register."""
    participants = participants_for_data(Participant.objects.filter(pk=participant.pk))
    data = CalendarData(participants, start=start, end=end)
    calendar = data.calendar(participant.pk)
    days = weekdays_between(start, end)
    rows = [
        _row(data, calendar, participants[0], m, days)
        for m in sorted(calendar.measures.values(), key=lambda m: (m.start_date, m.pk))
    ]
    return {"days": days, "rows": rows}


def class_grid(group, *, start: datetime.date, end: datetime.date) -> dict:
    """Participants × programme days for the class's measure, with what is registered."""
    participants = participants_for_data(
        group.participants.all().order_by("family_name", "given_name")
    )
    data = CalendarData(participants, start=start, end=end)
    days = weekdays_between(start, end)
    rows = []
    for participant in participants:
        calendar = data.calendar(participant.pk)
        measures = list(calendar.measures.values())
        measure = next((m for m in measures if m.group_id == group.pk), None) or next(
            (m for m in measures if m.kind == "norwegian"), None
        )
        rows.append(_row(data, calendar, participant, measure, days))
    return {"days": days, "rows": rows}


# --- the timesheet ---------------------------------------------------------------------


def timesheet(participant: Participant, month: datetime.date) -> dict:
    start, end = month_start(month), month_end(month)
    participants = participants_for_data(Participant.objects.filter(pk=participant.pk))
    data = CalendarData(participants, start=start, end=end)
    calendar = data.calendar(participant.pk)
    registrations = sorted(data.registrations[participant.pk], key=lambda r: (r.date, r.measure_id))
    totals = rules.month_totals(
        calendar.days,
        [
            rules.RegisteredHours(
                r.date, r.measure_id, r.status, r.absence_type, r.hours, r.invalid
            )
            for r in registrations
        ],
    )
    sheet = (
        Timesheet.objects.filter(participant=participant, month=start)
        .select_related("signed_by", "approved_by")
        .first()
    )
    by_day = defaultdict(list)
    for reg in registrations:
        by_day[reg.date].append(reg)
    days = [
        {"date": day, "planned": hours, "registrations": by_day.get(day, [])}
        for day, hours in sorted(calendar.days.items())
    ]
    corrections = list(sheet.corrections.select_related("created_by", "measure")) if sheet else []
    return {
        "month": start,
        "calendar": calendar,
        "days": days,
        "totals": totals,
        "sheet": sheet,
        "registrations": registrations,
        "corrections": corrections,
        "over_limit": [r for r in registrations if r.counts_as_invalid],
    }


# --- the consultant's weekly report ----------------------------------------------------


@dataclass
class WeeklyAbsence:
    participant: Participant
    hours: Decimal
    trend: list[Decimal]
    over_limit: int


def weekly_report(user: User, *, today: datetime.date, weeks: int = 4) -> list[WeeklyAbsence]:
    """The consultant's participants with invalid absence this week: hours, and the hours of
    the weeks before (oldest first), and how many days went past a limit."""
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=weeks - 1)
    mine = (
        visible_participants(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(Q(consultant=user) | Q(consultant__isnull=True))
    )
    regs = (
        Registration.objects.filter(
            participant__in=mine,
            date__gte=first,
            date__lte=monday + datetime.timedelta(days=6),
            status=Registration.Status.ABSENT,
        )
        .filter(Q(absence_type="invalid") | Q(counts_as_invalid=True))
        .select_related("participant")
    )
    by_participant: dict[int, dict] = {}
    for reg in regs:
        entry = by_participant.setdefault(
            reg.participant_id,
            {"participant": reg.participant, "weeks": [Decimal(0)] * weeks, "over": 0},
        )
        entry["weeks"][(reg.date - first).days // 7] += reg.hours
        entry["over"] += reg.counts_as_invalid
    report = [
        WeeklyAbsence(e["participant"], e["weeks"][-1], e["weeks"], e["over"])
        for e in by_participant.values()
        if e["weeks"][-1] > 0
    ]
    return sorted(report, key=lambda w: (-w.hours, w.participant.family_name))


@dataclass
class Unregistered:
    participant: Participant
    hours: Decimal
    days: list[datetime.date]


def reporting_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Monday and the last day of the week the start page reports on: this week up to
    yesterday; on a Monday, last week."""
    last = today - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=last.weekday()), last


def unregistered_this_week(user: User, *, today: datetime.date) -> list[Unregistered]:
    """The consultant's (and unassigned) active participants with programme hours this week,
    up to yesterday, that nobody has registered, present or absent — so that a week without
    reported absence is not taken for a week of full attendance (the teacher reports absence
    to the consultant once a week: Karasjok's cooperation plan). On a Monday, last week.
    A fixed number of queries."""
    monday, last = reporting_week(today)
    participants = participants_for_data(
        visible_participants(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(Q(consultant=user) | Q(consultant__isnull=True))
        .order_by("family_name", "given_name", "pk")
    )
    data = CalendarData(participants, start=monday, end=last)
    report = []
    for participant in participants:
        registered = {(r.date, r.measure_id) for r in data.registrations.get(participant.pk, [])}
        hours, days = Decimal(0), set()
        for day, planned in data.calendar(participant.pk).days.items():
            if (participant.pk, month_start(day)) in data.locked_months:
                continue  # an approved month is changed by a correction, not from this list
            for measure_id, measure_hours in planned.items():
                if (day, measure_id) not in registered and measure_hours:
                    hours += measure_hours
                    days.add(day)
        if hours:
            report.append(Unregistered(participant, hours, sorted(days)))
    return report


# --- the holiday plan ------------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not decision_selectors.is_public_holiday(day)


@dataclass
class HolidayRow:
    participant: Participant
    holidays: list[Vacation]
    days: int
    allowed: int

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.days)


IN_PROGRAMME_STATUSES = (Status.IN_PROGRAMME, Status.ON_LEAVE, Status.SUSPENDED)


def holiday_plan(user: User, *, year: int) -> tuple[int, list[HolidayRow]]:
    """The participants in the programme (also on leave or suspended) the user sees, with the
    holidays planned in `year` and the working days they take of the year's allowance
    (`vacation_days_per_year`, dated: 5 weeks, the programme is «helårig»; Karasjok's plan:
    «helårs- og fulltidsprogram … og ferieplan»). Those with most days left come first.
    Four queries."""
    allowed = decision_selectors.Parameters().value(
        "vacation_days_per_year", datetime.date(year, 1, 1)
    )
    participants = list(
        visible_participants(user)
        .filter(status__in=IN_PROGRAMME_STATUSES)
        .order_by("family_name", "given_name", "pk")
    )
    holidays: dict[int, list[Vacation]] = defaultdict(list)
    for vacation in Vacation.objects.filter(
        participant__in=[p.pk for p in participants], start_date__year=year
    ).order_by("start_date"):
        holidays[vacation.participant_id].append(vacation)
    rows = [
        HolidayRow(
            participant,
            holidays[participant.pk],
            sum(
                rules.working_days(v.start_date, v.end_date, is_working_day)
                for v in holidays[participant.pk]
            ),
            allowed,
        )
        for participant in participants
    ]
    rows.sort(key=lambda r: -r.left)
    return allowed, rows
