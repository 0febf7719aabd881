"""Pure rules of the annual calendar (årshjul): how a recurrence turns into dates.

No Django imports: these take plain values and are tested with tables.

A recurrence repeats every `interval` months from the month of its first date (a yearly
event is every 12 months, a monthly one every month; «twice a year, March and September» is
every 6 months from March), on one day of each such month:

- `DayRule.DATE`: the day of the month of the first date. A month that is too short gives its
  last day (the 31st is the 30th in April; 29 February is 28 February in a common year), so a
  deadline never skips a month;
- `DayRule.LAST`: the last day of the month (the NIR year-end deadline, «end of February», is
  29 February in a leap year);
- `DayRule.WEEKDAY`: the n-th weekday of the month («the second Tuesday»), or the last one
  (`week = -1`).

No occurrence falls before the first date or after `until`. A single date (`Kind.ONCE`) is
just that date.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum


def _(message: str) -> str:
    """Marks an English msgid for makemessages; the caller translates it when shown."""
    return message


class Kind(StrEnum):
    ONCE = "once"
    YEARLY = "yearly"
    MONTHLY = "monthly"
    EVERY_N_MONTHS = "every_n_months"


class DayRule(StrEnum):
    DATE = "date"
    LAST = "last"
    WEEKDAY = "weekday"


LAST_WEEK = -1
MAX_DURATION_DAYS = 366


@dataclass(frozen=True)
class Recurrence:
    kind: Kind
    start: datetime.date
    interval: int = 1  # months between occurrences, for EVERY_N_MONTHS
    day_rule: DayRule = DayRule.DATE
    week: int | None = None  # 1–5, or -1 for the last, with DayRule.WEEKDAY
    weekday: int | None = None  # 0 = Monday … 6 = Sunday, with DayRule.WEEKDAY
    until: datetime.date | None = None

    @property
    def step(self) -> int:
        """Months between two occurrences."""
        if self.kind == Kind.YEARLY:
            return 12
        if self.kind == Kind.MONTHLY:
            return 1
        return self.interval


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def nth_weekday(year: int, month: int, week: int, weekday: int) -> datetime.date | None:
    """The `week`-th `weekday` of the month (1 = the first; -1 = the last), or None when the
    month has no such day (a fifth Monday)."""
    if week == LAST_WEEK:
        day = datetime.date(year, month, last_day(year, month))
        return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    return day if day.month == month else None


def day_in_month(rule: Recurrence, year: int, month: int) -> datetime.date | None:
    """The day the recurrence falls on in one month (None when the month has none)."""
    if rule.day_rule == DayRule.LAST:
        return datetime.date(year, month, last_day(year, month))
    if rule.day_rule == DayRule.WEEKDAY:
        return nth_weekday(year, month, rule.week or 1, rule.weekday or 0)
    return datetime.date(year, month, min(rule.start.day, last_day(year, month)))


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def occurrences(
    rule: Recurrence,
    start: datetime.date,
    end: datetime.date,
    *,
    duration_days: int = 1,
) -> list[datetime.date]:
    """The dates the recurrence falls on whose span (`duration_days` from the date) touches
    the range `start`–`end`, both included, in order."""
    if end < start:
        return []
    reach = datetime.timedelta(days=max(duration_days, 1) - 1)
    last_allowed = end if rule.until is None else min(end, rule.until)
    if rule.kind == Kind.ONCE:
        day = rule.start
        return [day] if day <= last_allowed and day + reach >= start else []
    step = max(rule.step, 1)
    first_month = _month_index(rule.start)
    # Begin at the first month of the series that can touch the range: spans are short, so
    # a step back of a few months covers an event that started before the range.
    earliest = _month_index(start - reach) - 1
    k = max(0, -(-(earliest - first_month) // step))
    result = []
    while True:
        index = first_month + k * step
        year, month = divmod(index, 12)
        month += 1
        if datetime.date(year, month, 1) > last_allowed:
            break
        day = day_in_month(rule, year, month)
        if day is not None and rule.start <= day <= last_allowed and day + reach >= start:
            result.append(day)
        k += 1
    return result


def check_recurrence(rule: Recurrence, *, duration_days: int = 1) -> dict[str, str]:
    """What is wrong with a recurrence, as {field: English msgid}; empty when it is sound."""
    errors: dict[str, str] = {}
    if rule.kind == Kind.EVERY_N_MONTHS and not 1 <= rule.interval <= 12:
        errors["interval_months"] = _("Give a number of months from 1 to 12.")
    if rule.kind != Kind.ONCE and rule.day_rule == DayRule.WEEKDAY:
        if rule.week not in (1, 2, 3, 4, LAST_WEEK):
            errors["week"] = _("Choose which week of the month.")
        if rule.weekday not in range(7):
            errors["weekday"] = _("Choose the weekday.")
    if rule.until is not None and rule.until < rule.start:
        errors["until"] = _("The last date cannot be before the first date.")
    if not 1 <= duration_days <= MAX_DURATION_DAYS:
        errors["duration_days"] = _("An event lasts from 1 to 366 days.")
    return errors


def check_times(
    all_day: bool, start_time: datetime.time | None, end_time: datetime.time | None
) -> dict[str, str]:
    """A timed event needs a start; its end, when given, comes after the start."""
    if all_day:
        return {}
    if start_time is None:
        return {"start_time": _("Give the start time, or mark the event as all day.")}
    if end_time is not None and end_time <= start_time:
        return {"end_time": _("The event cannot end before it starts.")}
    return {}
