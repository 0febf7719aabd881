"""Reads of the annual calendar: the year view (twelve months with their occurrences and the
public holidays), the event list, and the occurrences a user's feed carries.

One query for the events whatever their number: the dates are worked out in Python from each
event's recurrence (rules.occurrences), and the public holidays come from the `holidays`
package.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from introsak.core.models import User
from introsak.core.permissions import calendar_events_for_role, visible_calendar_events

from .models import (
    CalendarEvent,
    Category,
    DayRule,
    FeedToken,
    RecurrenceKind,
    Week,
    hash_feed_key,
)


@dataclass(frozen=True)
class Occurrence:
    event: CalendarEvent
    date: datetime.date
    end: datetime.date

    @property
    def spans_days(self) -> bool:
        return self.end > self.date


@dataclass
class Month:
    first: datetime.date
    is_current: bool
    occurrences: list[Occurrence] = field(default_factory=list)
    holidays: list[tuple[datetime.date, str]] = field(default_factory=list)

    @property
    def holiday_dates(self) -> set[datetime.date]:
        return {day for day, _name in self.holidays}

    def entries(self) -> list[tuple[datetime.date, str | None, Occurrence | None]]:
        """Holidays and occurrences in one list by date, a holiday first on its day:
        (date, holiday name or None, occurrence or None)."""
        rows = [(day, name, None) for day, name in self.holidays]
        rows += [(o.date, None, o) for o in self.occurrences]
        # Spans from last December sort first in January; a holiday before events that day.
        return sorted(rows, key=lambda row: (row[0], row[1] is None))


def _holiday_language() -> str:
    return "no" if (translation.get_language() or "").startswith(("nb", "nn", "no")) else "en_US"


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> tuple[tuple[datetime.date, str], ...]:
    return tuple(sorted(holidays.Norway(years=year, language=language).items()))


def public_holidays(year: int) -> list[tuple[datetime.date, str]]:
    """Norway's public holidays of the year, named in the user's language (not stored)."""
    return list(_holidays(year, _holiday_language()))


def occurrences(events, start: datetime.date, end: datetime.date) -> list[Occurrence]:
    """Every occurrence of `events` that touches `start`–`end`, by date and title."""
    result = [
        Occurrence(event=event, date=day, end=event.last_day_of(day))
        for event in events
        for day in event.occurrences(start, end)
    ]
    result.sort(key=lambda o: (o.date, o.event.start_time or datetime.time.min, o.event.title))
    return result


def year_view(user: User, *, year: int, today: datetime.date, category: str = "") -> list[Month]:
    """Twelve months of the year with the occurrences the user may see, the public holidays,
    and today's month marked."""
    events = visible_calendar_events(user)
    if category in Category.values:
        events = events.filter(category=category)
    months = [
        Month(
            first=datetime.date(year, number, 1),
            is_current=(today.year, today.month) == (year, number),
        )
        for number in range(1, 13)
    ]
    for occurrence in occurrences(
        list(events), datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ):
        # A span that began in December last year shows in January.
        month = occurrence.date.month if occurrence.date.year == year else 1
        months[month - 1].occurrences.append(occurrence)
    for day, name in public_holidays(year):
        months[day.month - 1].holidays.append((day, name))
    return months


def event_list(user: User, *, category: str = ""):
    events = visible_calendar_events(user).select_related("created_by")
    if category in Category.values:
        events = events.filter(category=category)
    return events.order_by("category", "title")


def next_occurrence(event: CalendarEvent, today: datetime.date) -> datetime.date | None:
    found = event.occurrences(today, today + datetime.timedelta(days=3 * 366))
    return found[0] if found else None


def _day_of_month(event: CalendarEvent) -> str:
    if event.day_rule == DayRule.LAST:
        return _("the last day of the month")
    if event.day_rule == DayRule.WEEKDAY:
        weekday = formats.date_format(
            datetime.date(2024, 1, 1) + datetime.timedelta(days=event.weekday or 0), "l"
        )
        return _("the %(week)s %(weekday)s") % {
            "week": Week(event.week or 1).label,
            "weekday": weekday,
        }
    return pgettext("day of month", "day %(day)d") % {"day": event.start_date.day}


def describe_recurrence(event: CalendarEvent) -> str:
    """«Every year: the last day of the month, in February» and the like, for lists."""
    if event.recurrence == RecurrenceKind.ONCE:
        return _("Once, %(date)s") % {
            "date": formats.date_format(event.start_date, "SHORT_DATE_FORMAT")
        }
    day = _day_of_month(event)
    month = formats.date_format(event.start_date, "F")
    if event.recurrence == RecurrenceKind.YEARLY:
        text = _("Every year in %(month)s, %(day)s") % {"month": month, "day": day}
    elif event.recurrence == RecurrenceKind.MONTHLY:
        text = _("Every month, %(day)s") % {"day": day}
    else:
        text = _("Every %(n)d months from %(month)s, %(day)s") % {
            "n": event.interval_months,
            "month": month,
            "day": day,
        }
    if event.until:
        text += " " + _("until %(date)s") % {
            "date": formats.date_format(event.until, "SHORT_DATE_FORMAT")
        }
    return text


# --- the feed -------------------------------------------------------------------------------

FEED_YEARS_BACK = 1
FEED_YEARS_AHEAD = 2


def feed_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From a year back to two years ahead."""

    def shifted(years: int) -> datetime.date:
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)

    return shifted(-FEED_YEARS_BACK), shifted(FEED_YEARS_AHEAD)


def feed_occurrences(user: User, today: datetime.date) -> list[Occurrence]:
    """What the user's feed carries: the events their role is in the audience of."""
    start, end = feed_range(today)
    return occurrences(list(calendar_events_for_role(user)), start, end)


def feed_token_for_key(key: str) -> FeedToken | None:
    """The active token whose key is `key` (looked up by its hash), with its user and
    municipality; None for an unknown or revoked key."""
    if not key:
        return None
    return (
        FeedToken.objects.select_related("user", "municipality")
        .filter(key_hash=hash_feed_key(key), revoked_at__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class ActionItemEntry:
    """An open action item as the feed carries it: outside calendars get no free text from
    the meeting or the item (they can name participants), only the due date and the path of
    the page where the item is, behind the login."""

    uid: str
    due: datetime.date
    path: str


def feed_action_items(user: User, today: datetime.date) -> list[ActionItemEntry]:
    """The user's open action items from meetings, when the meetings app offers them
    (`meetings.selectors.my_action_items(user, today)`, rows with the item as `.item`); the
    calendar does not depend on it. Each links to its meeting's action items."""
    try:
        from introsak.meetings.selectors import my_action_items
    except ImportError:
        return []
    entries = []
    for row in my_action_items(user, today):
        item = getattr(row, "item", row)
        due = getattr(item, "due_date", None) or getattr(item, "due_on", None)
        if not isinstance(due, datetime.date):
            continue
        meeting_id = getattr(item, "meeting_id", None)
        try:
            path = (
                reverse("meetings:detail", args=[meeting_id]) + "#actions"
                if meeting_id is not None
                else reverse("meetings:my_actions")
            )
        except NoReverseMatch:
            path = ""
        entries.append(ActionItemEntry(uid=f"action-{item.pk}", due=due, path=path))
    return entries
