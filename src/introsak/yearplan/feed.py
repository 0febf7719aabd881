"""The calendar feed (.ics) that Outlook, Google Calendar and phones subscribe to.

Every occurrence is its own VEVENT with a UID made of the event's id, the occurrence's date
and the site's domain, so a calendar that fetches the feed again updates the same entries
instead of adding new ones. All-day events carry DTSTART as a DATE and DTEND as the day after
the last day (RFC 5545: the end is not included); timed events are written in UTC, which
every client shows in its own time zone without a VTIMEZONE block; a timed event's end is
worked out from its start datetime, so an evening event ends after midnight on the next day.
Action items from meetings carry no free text (it can name participants), only a link.
"""

from __future__ import annotations

import datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import ActionItemEntry, Occurrence

PRODID = "-//Introsak//Annual calendar//NB"
DAY = datetime.timedelta(days=1)
# How long a timed event without an end time lasts in the feed.
DEFAULT_DURATION = datetime.timedelta(hours=1)


def _utc(day: datetime.date, time: datetime.time) -> datetime.datetime:
    local = timezone.make_aware(datetime.datetime.combine(day, time))
    return local.astimezone(datetime.UTC)


def _occurrence_event(occurrence: Occurrence, domain: str) -> icalendar.Event:
    event = occurrence.event
    entry = icalendar.Event()
    entry.add("uid", f"yearplan-{event.pk}-{occurrence.date:%Y%m%d}@{domain}")
    entry.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    entry.add("summary", event.title)
    description = event.description
    category = event.get_category_display()
    entry.add("description", f"{category}\n\n{description}" if description else category)
    entry.add("categories", [category])
    if event.all_day or event.start_time is None:
        entry.add("dtstart", occurrence.date)
        entry.add("dtend", occurrence.end + DAY)
        entry.add("transp", "TRANSPARENT")
    else:
        start, end = timed_span(occurrence.date, event.start_time, event.end_time)
        entry.add("dtstart", start)
        entry.add("dtend", end)
    return entry


def timed_span(
    day: datetime.date, start_time: datetime.time, end_time: datetime.time | None
) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end in UTC of a timed event on `day`. Without an end time it lasts
    DEFAULT_DURATION from its start, into the next day when it starts late in the evening;
    an end time at or before the start time is on the next day (the service refuses such
    an event, but the feed never writes an end before its start)."""
    start = _utc(day, start_time)
    if end_time is None:
        return start, start + DEFAULT_DURATION
    end_day = day + DAY if end_time <= start_time else day
    return start, _utc(end_day, end_time)


def _action_item_event(item: ActionItemEntry, domain: str, stamp, site_url: str) -> icalendar.Event:
    """Only a neutral summary, the due date and a link: action items and meeting titles can
    name participants, and the feed goes to calendars outside the municipality."""
    entry = icalendar.Event()
    entry.add("uid", f"meetings-{item.uid}@{domain}")
    entry.add("dtstamp", stamp)
    entry.add("summary", _("Action item from a meeting"))
    if item.path:
        link = site_url.rstrip("/") + item.path
        entry.add("description", link)
        entry.add("url", link)
    entry.add("dtstart", item.due)
    entry.add("dtend", item.due + DAY)
    entry.add("transp", "TRANSPARENT")
    return entry


def build_calendar(
    *,
    name: str,
    occurrences: list[Occurrence],
    action_items: list[ActionItemEntry],
    domain: str,
    site_url: str = "",
) -> bytes:
    """The feed; `site_url` («https://introsak.example») makes the action items' links."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", _("The annual calendar of the introduction programme"))
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    # How often a subscribed calendar should fetch again (Outlook reads X-PUBLISHED-TTL).
    calendar.add("x-published-ttl", "PT12H")
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    for occurrence in occurrences:
        calendar.add_component(_occurrence_event(occurrence, domain))
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in action_items:
        calendar.add_component(_action_item_event(item, domain, stamp, site_url))
    return calendar.to_ical()
