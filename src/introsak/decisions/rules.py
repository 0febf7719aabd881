"""The programme period and the checks a decision must pass. Pure functions, no Django.

The numbers (months, days, age limits) are not here: they come from the dated tables
(TrackLength, LeaveType, RuleParameter) as arguments, because the law changes them.

Sources (see docs/legal.md for what is confirmed and what is not):
- Programme length: integreringsloven (IL) § 13 as in force from 1.1.2021 (tracks, minimum,
  maximum, extension «hvis det er grunn til å forvente at deltageren vil oppnå sluttmålet»,
  § 13 femte ledd); introduksjonsloven (IntroL) § 5 («inntil to år, med tillegg av godkjent
  permisjon … inntil tre år»). The 2025 amendment (Prop. 81 L (2024–2025)) changes lengths.
- Start within three months of settlement: IL § 12; IntroL § 3.
- Leave: IL § 17 with integreringsforskriften chapters 3–4 («dag» means working day).
- Suspension: IL § 18 (temporary stop of up to three months, or permanent stop).
- End: IL § 18 a.
- Target group and age: IL §§ 8–9 (the age when the permit was granted decides).
- Appeal: forvaltningsloven § 29 (three weeks from notice), § 11 a (answer within a month).
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


class RuleError(ValueError):
    """A decision that the law does not allow; `field` and `code` say where and why."""

    def __init__(self, field: str, code: str, **params):
        super().__init__(f"{field}: {code} {params}")
        self.field = field
        self.code = code
        self.params = params


# --- calendar arithmetic ---------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_of_months(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` starting on `start` (3 months from 15.01 end
    on 14.04)."""
    return add_months(start, months) - ONE_DAY


def inclusive_days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1


def working_days(
    start: datetime.date, end: datetime.date, is_holiday: Callable[[datetime.date], bool]
) -> int:
    """Monday–Friday that are not public holidays, both ends included."""
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and not is_holiday(day):
            count += 1
        day += ONE_DAY
    return count


def periods_overlap(
    a_start: datetime.date,
    a_end: datetime.date | None,
    b_start: datetime.date,
    b_end: datetime.date | None,
) -> bool:
    """Whether two inclusive periods share a day; an end of None is open-ended."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


# --- the programme period --------------------------------------------------------------


class EventKind(enum.StrEnum):
    GRANT = "grant"
    EXTENSION = "extension"
    PAUSE = "pause"
    END = "end"


@dataclass(frozen=True)
class TrackRule:
    min_months: int
    max_months: int
    max_extension_months: int


@dataclass(frozen=True)
class PeriodEvent:
    """A decision in force, as the period sees it. Events are applied in the order they
    were decided: each decision states its dates as known when it was made, and later
    pauses move the end from there."""

    kind: EventKind
    start: datetime.date | None = None
    end: datetime.date | None = None
    extends_programme: bool = False
    label: str = ""


@dataclass
class ProgrammePeriod:
    start: datetime.date
    planned_end: datetime.date
    actual_end: datetime.date | None = None
    pause_days: int = 0
    extended: bool = False
    segments: list[tuple[str, datetime.date, datetime.date | None, str]] = field(
        default_factory=list
    )

    @property
    def end(self) -> datetime.date:
        return self.actual_end or self.planned_end

    def started(self, today: datetime.date) -> bool:
        return today >= self.start

    def ended(self, today: datetime.date) -> bool:
        return self.actual_end is not None and today > self.actual_end

    def days_left(self, today: datetime.date) -> int:
        """Calendar days from today to the last day, both counted; 0 once it is over."""
        return max(0, inclusive_days(today, self.end)) if today <= self.end else 0


def programme_period(events: Sequence[PeriodEvent]) -> ProgrammePeriod | None:
    """The programme period that follows from the decisions in force, in decision order.

    - The grant gives the start and the planned end.
    - An extension sets a new planned end.
    - A pause (leave, temporary suspension) whose rule says it extends the programme moves
      the planned end by its length in calendar days; one that does not leaves it.
    - An end decision, or a permanent suspension (a pause without an end), ends it.
    """
    period: ProgrammePeriod | None = None
    for event in events:
        if event.kind == EventKind.GRANT:
            period = ProgrammePeriod(start=event.start, planned_end=event.end)
            period.segments.append(("programme", event.start, event.end, event.label))
            continue
        if period is None:
            continue
        if event.kind == EventKind.EXTENSION:
            period.segments.append(
                ("extension", period.planned_end + ONE_DAY, event.end, event.label)
            )
            period.planned_end = event.end
            period.extended = True
        elif event.kind == EventKind.PAUSE:
            if event.end is None:
                period.actual_end = period.actual_end or event.start - ONE_DAY
                period.segments.append(("stop", event.start, None, event.label))
                continue
            if event.extends_programme:
                days = inclusive_days(event.start, event.end)
                period.pause_days += days
                period.planned_end += datetime.timedelta(days=days)
            period.segments.append(("pause", event.start, event.end, event.label))
        elif event.kind == EventKind.END:
            period.actual_end = event.start
            period.segments.append(("end", event.start, event.start, event.label))
    return period


def latest_end(
    start: datetime.date, rule: TrackRule, *, pause_days: int = 0, with_extension: bool
) -> datetime.date:
    """The last day the track allows, with or without the extension, plus pauses that
    extend the programme."""
    months = rule.max_months + (rule.max_extension_months if with_extension else 0)
    return last_day_of_months(start, months) + datetime.timedelta(days=pause_days)


# --- checks per decision type ----------------------------------------------------------


def check_grant(
    *,
    start: datetime.date | None,
    planned_end: datetime.date | None,
    settlement_date: datetime.date | None,
    rule: TrackRule | None,
) -> None:
    """A grant: start not before settlement, end after start, length within the track's
    minimum and maximum (IL § 13; IntroL § 5)."""
    if start is None:
        raise RuleError("start_date", "required")
    if planned_end is None:
        raise RuleError("end_date", "required")
    if settlement_date and start < settlement_date:
        raise RuleError("start_date", "before_settlement", settlement=settlement_date)
    if planned_end <= start:
        raise RuleError("end_date", "end_before_start")
    if rule is None:
        raise RuleError("track", "no_rule")
    shortest = last_day_of_months(start, rule.min_months)
    longest = latest_end(start, rule, with_extension=False)
    if planned_end < shortest:
        raise RuleError("end_date", "too_short", months=rule.min_months, earliest=shortest)
    if planned_end > longest:
        raise RuleError("end_date", "too_long", months=rule.max_months, latest=longest)


def check_extension(
    *, new_end: datetime.date | None, period: ProgrammePeriod | None, rule: TrackRule | None
) -> None:
    """An extension: a programme that is running, a later end, within the track's maximum
    with the extension (IL § 13 femte ledd; IntroL § 5)."""
    if period is None:
        raise RuleError("end_date", "no_programme")
    if period.actual_end is not None:
        raise RuleError("end_date", "programme_ended", end=period.actual_end)
    if new_end is None:
        raise RuleError("end_date", "required")
    if new_end <= period.planned_end:
        raise RuleError("end_date", "not_later", current=period.planned_end)
    if rule is None:
        raise RuleError("end_date", "no_rule")
    longest = latest_end(period.start, rule, pause_days=period.pause_days, with_extension=True)
    if new_end > longest:
        raise RuleError(
            "end_date",
            "beyond_maximum",
            months=rule.max_months + rule.max_extension_months,
            latest=longest,
        )


@dataclass(frozen=True)
class LeaveRule:
    max_length: int | None
    length_unit: str  # working_days | calendar_days | months


def check_pause(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    period: ProgrammePeriod | None,
    others: Iterable[tuple[datetime.date, datetime.date | None]],
    open_ended: bool = False,
) -> None:
    """A leave or suspension lies inside a running programme and overlaps no other."""
    if start is None:
        raise RuleError("start_date", "required")
    if not open_ended:
        if end is None:
            raise RuleError("end_date", "required")
        if end < start:
            raise RuleError("end_date", "end_before_start")
    if period is None:
        raise RuleError("start_date", "no_programme")
    if start < period.start or start > period.end:
        raise RuleError("start_date", "outside_programme", start=period.start, end=period.end)
    for other_start, other_end in others:
        if periods_overlap(start, None if open_ended else end, other_start, other_end):
            raise RuleError("start_date", "overlap", start=other_start, end=other_end)


def check_leave_length(
    *,
    start: datetime.date,
    end: datetime.date,
    rule: LeaveRule,
    is_holiday: Callable[[datetime.date], bool],
) -> None:
    """Leave no longer than the leave type allows (integreringsforskriften ch. 3–4)."""
    if rule.max_length is None:
        return
    if rule.length_unit == "months":
        if end > last_day_of_months(start, rule.max_length):
            raise RuleError("end_date", "leave_too_long_months", max=rule.max_length)
        return
    if rule.length_unit == "working_days":
        length = working_days(start, end, is_holiday)
    else:
        length = inclusive_days(start, end)
    if length > rule.max_length:
        raise RuleError("end_date", "leave_too_long_days", max=rule.max_length, length=length)


def check_temporary_suspension(
    *, start: datetime.date, end: datetime.date, max_months: int
) -> None:
    """A temporary stop lasts at most `max_months` (IL § 18: three months)."""
    if end > last_day_of_months(start, max_months):
        raise RuleError("end_date", "suspension_too_long", max=max_months)


def check_end(*, last_day: datetime.date | None, period: ProgrammePeriod | None) -> None:
    """An end decision names the last day of a programme that has started (IL § 18 a)."""
    if last_day is None:
        raise RuleError("start_date", "required")
    if period is None:
        raise RuleError("start_date", "no_programme")
    if period.actual_end is not None:
        raise RuleError("start_date", "programme_ended", end=period.actual_end)
    if last_day < period.start:
        raise RuleError("start_date", "end_before_start")
    if last_day > period.planned_end:
        # Ending later than planned needs an extension first (IL § 13 femte ledd).
        raise RuleError("start_date", "after_planned_end", end=period.planned_end)


def has_right_and_duty(
    *, age_at_permit: int | None, min_age: int, max_age: int, permit_gives_right: bool
) -> bool:
    """IL § 8 første ledd and § 9: right and duty for those aged min–max when the permit
    was granted, with a permit listed in § 9."""
    return permit_gives_right and age_at_permit is not None and min_age <= age_at_permit <= max_age


# --- deadlines -------------------------------------------------------------------------


def appeal_deadline(sent_on: datetime.date, weeks: int) -> datetime.date:
    """The last day to appeal: three weeks from notice (forvaltningsloven § 29). Notice is
    counted from the day the letter is sent; a deadline on a weekend or holiday is not moved
    here (the consultant decides on late appeals, fvl § 31)."""
    return sent_on + datetime.timedelta(weeks=weeks)


def start_deadline(settlement: datetime.date, months: int) -> datetime.date:
    """The programme must start within `months` of settlement (IL § 12; IntroL § 3)."""
    return add_months(settlement, months)


@dataclass(frozen=True)
class Warning:
    code: str
    due: datetime.date | None = None
    days: int | None = None


def programme_warnings(
    *,
    today: datetime.date,
    settlement: datetime.date | None,
    has_grant: bool,
    start_deadline_months: int,
    start_warning_days: int,
    period: ProgrammePeriod | None,
    end_or_extension_pending: bool,
    end_warning_days: int,
    rule: TrackRule | None,
) -> list[Warning]:
    """What the consultant must act on for one participant, soonest first."""
    warnings: list[Warning] = []
    if not has_grant and settlement is not None:
        due = start_deadline(settlement, start_deadline_months)
        if today >= due - datetime.timedelta(days=start_warning_days):
            warnings.append(Warning("no_grant", due=due, days=(due - today).days))
    if period is not None and period.actual_end is None:
        days = (period.planned_end - today).days
        if days <= end_warning_days and not end_or_extension_pending:
            warnings.append(Warning("ending", due=period.planned_end, days=days))
        if rule is not None:
            regular = latest_end(
                period.start, rule, pause_days=period.pause_days, with_extension=False
            )
            absolute = latest_end(
                period.start, rule, pause_days=period.pause_days, with_extension=True
            )
            if period.planned_end >= absolute:
                warnings.append(Warning("at_absolute_maximum", due=absolute))
            elif period.planned_end >= regular and days <= end_warning_days:
                warnings.append(Warning("at_track_maximum", due=regular))
    return warnings


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date | None
    kind: str  # "leave" or "suspension"


def status_on(
    day: datetime.date,
    *,
    period: ProgrammePeriod | None,
    pauses: Iterable[Pause],
    end_kind: str | None,
) -> str | None:
    """The participant's status on `day` as the decisions in force say it, or None when no
    decision speaks to it (before a programme is granted)."""
    if period is None:
        return None
    for pause in pauses:
        if pause.start <= day and (pause.end is None or day <= pause.end):
            return "on_leave" if pause.kind == "leave" else "suspended"
    if period.actual_end is not None and day > period.actual_end:
        return "completed" if end_kind == "completed" else "interrupted"
    if day >= period.start:
        return "in_programme"
    return None
