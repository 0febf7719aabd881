"""The demo municipality gets a year of recurring events, and the consultant a feed address
whose feed carries them (issue #8: «a consultant subscribes to the calendar feed and sees
them»)."""

import datetime

import icalendar
from django.test import Client

from introsak.core.models import Role
from introsak.core.tests.factories import UserFactory
from introsak.yearplan import services
from introsak.yearplan.demo import load_demo
from introsak.yearplan.models import CalendarEvent, Category, FeedToken

DEMO_ROLES = {
    "konsulent": Role.CONSULTANT,
    "leder": Role.LEADER,
    "lonn": Role.PAYROLL,
    "laerer": Role.TEACHER,
    "nav": Role.NAV_ADVISOR,
}


def test_the_demo_has_a_year_of_events_and_the_consultant_subscribes(municipality):
    users = {
        name: UserFactory(municipality=municipality, role=role, username=name)
        for name, role in DEMO_ROLES.items()
    }
    load_demo(users, datetime.date(2026, 11, 24))
    events = CalendarEvent.objects.filter(municipality=municipality)
    assert {e.category for e in events} == set(Category.values)
    # The demo makes the consultant's address; only its hash is kept, so the consultant
    # makes a new one to read it (as a user who lost the address would).
    made = FeedToken.objects.get(user=users["konsulent"], revoked_at__isnull=True)
    assert made.key is None and len(made.key_hash) == 64
    token = services.regenerate_calendar_feed(actor=users["konsulent"])
    calendar = icalendar.Calendar.from_ical(Client().get(f"/kalender/{token.key}.ics").content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Frist: årsavslutning i NIR" in summaries
    assert summaries.count("Planleggingsmøte") == 6  # March and September, three years
    starts = {
        e.decoded("DTSTART")
        for e in calendar.walk("VEVENT")
        if str(e["SUMMARY"]) == "Frist: årsavslutning i NIR"
    }
    assert datetime.date(2028, 2, 29) in starts
