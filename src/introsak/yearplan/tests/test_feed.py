"""The calendar feed as Outlook fetches it: no login session, the secret address decides whose
events it carries, and an address that is unknown or revoked is not found. Each test parses
the feed back with icalendar, as a calendar program would.

Today is 24 November 2026: the feed reaches from 24 November 2025 to 24 November 2028."""

import datetime
import sys
import types

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from introsak.core.models import Role
from introsak.yearplan import feed, services

from .factories import CalendarEventFactory

D = datetime.date


def fetch(token_or_key):
    key = getattr(token_or_key, "key", token_or_key)
    return Client().get(f"/kalender/{key}.ics")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def entries(calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def events(municipality, other_municipality):
    return {
        "g": CalendarEventFactory(municipality=municipality, title="Ny G"),
        "nir": CalendarEventFactory(municipality=municipality, nir=True),
        "planning": CalendarEventFactory(
            municipality=municipality, planning=True, audience=",consultant,teacher,"
        ),
        "teachers": CalendarEventFactory(
            municipality=municipality,
            title="Norskprøven",
            category="test_period",
            start_date=D(2026, 5, 4),
            duration_days=26,
            audience=",teacher,",
        ),
        "foreign": CalendarEventFactory(municipality=other_municipality, title="Drangedal"),
    }


def test_the_consultants_feed_carries_their_events_for_outlook(users, events, municipality):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    calendar = parse(fetch(token))
    assert "Karasjok" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["VERSION"]) == "2.0"
    found = entries(calendar)
    nir = events["nir"].pk
    assert {uid for uid in found if uid.startswith(f"yearplan-{nir}-")} == {
        f"yearplan-{nir}-20260228@testserver",
        f"yearplan-{nir}-20270228@testserver",
        f"yearplan-{nir}-20280229@testserver",
    }
    deadline = found[f"yearplan-{nir}-20280229@testserver"]
    assert str(deadline["SUMMARY"]) == "Frist: årsavslutning i NIR"
    assert "DESCRIPTION" in deadline and "DTSTAMP" in deadline
    # An all-day event is a DATE, and ends (exclusively) the day after.
    start = deadline.decoded("DTSTART")
    assert type(start) is datetime.date and start == D(2028, 2, 29)
    assert deadline.decoded("DTEND") == D(2028, 3, 1)
    # The teachers' test period is not the consultant's; another municipality's never is.
    titles = {str(e["SUMMARY"]) for e in found.values()}
    assert "Norskprøven" not in titles and "Drangedal" not in titles
    # New G is for everyone: 1 May 2026, 2027 and 2028.
    g = events["g"].pk
    assert sorted(uid for uid in found if uid.startswith(f"yearplan-{g}-")) == [
        f"yearplan-{g}-20260501@testserver",
        f"yearplan-{g}-20270501@testserver",
        f"yearplan-{g}-20280501@testserver",
    ]


def test_a_timed_event_is_written_in_utc(users, events):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    found = entries(parse(fetch(token)))
    pk = events["planning"].pk
    # 09:00 in Oslo: 08:00 UTC in winter time (March), 07:00 UTC in summer time (September).
    march = found[f"yearplan-{pk}-20260310@testserver"]
    assert march.decoded("DTSTART") == datetime.datetime(2026, 3, 10, 8, 0, tzinfo=datetime.UTC)
    assert march.decoded("DTEND") == datetime.datetime(2026, 3, 10, 11, 0, tzinfo=datetime.UTC)
    september = found[f"yearplan-{pk}-20260908@testserver"]
    assert september.decoded("DTSTART") == datetime.datetime(2026, 9, 8, 7, 0, tzinfo=datetime.UTC)


def test_the_feed_reaches_from_a_year_back_to_two_years_ahead(users, municipality):
    CalendarEventFactory(municipality=municipality, recurrence="monthly", start_date=D(2020, 1, 15))
    found = entries(parse(fetch(services.subscribe_to_calendar(actor=users["leader"]))))
    dates = sorted(e.decoded("DTSTART") for e in found.values())
    assert dates[0] == D(2025, 12, 15) and dates[-1] == D(2028, 11, 15)
    assert len(dates) == 36


def test_the_uids_stay_the_same_from_one_fetch_to_the_next(users, events):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    first = entries(parse(fetch(token)))
    second = entries(parse(fetch(token)))
    assert set(first) == set(second) and len(first) > 0


def test_another_users_address_gives_that_users_events(users, events):
    consultant = services.subscribe_to_calendar(actor=users["consultant"])
    teacher = services.subscribe_to_calendar(actor=users["teacher"])
    for_teacher = {str(e["SUMMARY"]) for e in entries(parse(fetch(teacher))).values()}
    for_consultant = {str(e["SUMMARY"]) for e in entries(parse(fetch(consultant))).values()}
    assert for_teacher == {"Ny G", "Planleggingsmøte", "Norskprøven"}
    assert for_consultant == {"Ny G", "Planleggingsmøte", "Frist: årsavslutning i NIR"}


def test_a_multi_day_event_ends_the_day_after_its_last_day(users, events):
    found = entries(parse(fetch(services.subscribe_to_calendar(actor=users["teacher"]))))
    test_period = found[f"yearplan-{events['teachers'].pk}-20270504@testserver"]
    assert test_period.decoded("DTSTART") == D(2027, 5, 4)
    assert test_period.decoded("DTEND") == D(2027, 5, 30)


def test_a_revoked_address_is_not_found(users, events):
    old = services.subscribe_to_calendar(actor=users["consultant"])
    new = services.regenerate_calendar_feed(actor=users["consultant"])
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    services.revoke_calendar_feed(actor=users["consultant"])
    assert fetch(new).status_code == 404


@pytest.mark.parametrize("key", ["not-a-token", "x" * 32, "a"])
def test_an_unknown_address_is_not_found(db, key):
    assert fetch(key).status_code == 404


def test_a_user_who_leaves_or_becomes_a_mentor_gets_nothing(users, events):
    token = services.subscribe_to_calendar(actor=users["teacher"])
    teacher = users["teacher"]
    teacher.role = Role.MENTOR
    teacher.save()
    assert fetch(token).status_code == 404
    teacher.role = Role.TEACHER
    teacher.is_active = False
    teacher.save()
    assert fetch(token).status_code == 404


def test_the_feed_runs_a_fixed_number_of_queries(users, municipality, django_assert_num_queries):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    CalendarEventFactory(municipality=municipality)
    with CaptureQueriesContext(connection) as first:
        fetch(token)
    CalendarEventFactory.create_batch(3, municipality=municipality, nir=True)
    with django_assert_num_queries(len(first)):
        fetch(token)


def _fake_meetings(monkeypatch, owner, item):
    row = types.SimpleNamespace(item=item, overdue=False)
    fake = types.ModuleType("introsak.meetings.selectors")
    fake.my_action_items = lambda user, today: [row] if user == owner else []
    monkeypatch.setitem(sys.modules, "introsak.meetings.selectors", fake)


def test_the_users_own_action_items_are_in_the_feed_when_meetings_offers_them(
    users, events, monkeypatch
):
    consultant = users["consultant"]
    item = types.SimpleNamespace(
        pk=7, text="Send referat til NAV", due_date=D(2026, 12, 1), meeting_id=42
    )
    _fake_meetings(monkeypatch, consultant, item)
    found = entries(parse(fetch(services.subscribe_to_calendar(actor=consultant))))
    action = found["meetings-action-7@testserver"]
    assert action.decoded("DTSTART") == D(2026, 12, 1)
    assert action.decoded("DTEND") == D(2026, 12, 2)


def test_an_action_item_in_the_feed_has_a_neutral_summary_and_only_a_link(
    users, events, monkeypatch
):
    consultant = users["consultant"]
    item = types.SimpleNamespace(
        pk=7,
        text="Ring Amina Hassan om legetimen",
        note="Amina Hassan trenger tolk",
        due_date=D(2026, 12, 1),
        meeting="Oppfølging av Amina Hassan",
        meeting_id=42,
    )
    _fake_meetings(monkeypatch, consultant, item)
    response = fetch(services.subscribe_to_calendar(actor=consultant))
    # No free text from the meeting or the item leaves for an outside calendar.
    assert b"Amina" not in response.content and "Amina" not in response.content.decode()
    action = entries(parse(response))["meetings-action-7@testserver"]
    with translation.override("nb"):
        assert str(action["SUMMARY"]) == gettext("Action item from a meeting")
    link = "http://testserver/moter/42/#actions"
    assert str(action["DESCRIPTION"]) == link and str(action["URL"]) == link


def test_a_late_evening_event_without_an_end_time_ends_after_midnight(users, municipality):
    # 23:30 in Oslo on 10 December 2026 (winter time): 22:30 UTC; an hour later is 00:30
    # on 11 December in Oslo, never 00:30 on the 10th (before it starts).
    late = CalendarEventFactory(
        municipality=municipality,
        recurrence="once",
        start_date=D(2026, 12, 10),
        all_day=False,
        start_time=datetime.time(23, 30),
        end_time=None,
    )
    found = entries(parse(fetch(services.subscribe_to_calendar(actor=users["consultant"]))))
    entry = found[f"yearplan-{late.pk}-20261210@testserver"]
    start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
    assert start == datetime.datetime(2026, 12, 10, 22, 30, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 12, 10, 23, 30, tzinfo=datetime.UTC)
    assert end > start


def test_an_event_that_ends_earlier_in_the_day_than_it_starts_ends_the_next_day(
    users, municipality
):
    # The service refuses such an event; a row that has it anyway is written as 22:00–01:00
    # across midnight, never with the end before the start.
    night = CalendarEventFactory(
        municipality=municipality,
        recurrence="once",
        start_date=D(2026, 12, 10),
        all_day=False,
        start_time=datetime.time(22, 0),
        end_time=datetime.time(1, 0),
    )
    found = entries(parse(fetch(services.subscribe_to_calendar(actor=users["consultant"]))))
    entry = found[f"yearplan-{night.pk}-20261210@testserver"]
    assert entry.decoded("DTSTART") == datetime.datetime(2026, 12, 10, 21, 0, tzinfo=datetime.UTC)
    assert entry.decoded("DTEND") == datetime.datetime(2026, 12, 11, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("day", "start", "end", "hours"),
    [
        (D(2026, 6, 1), datetime.time(9), datetime.time(12), 3),
        (D(2026, 6, 1), datetime.time(23, 30), None, 1),
        (D(2026, 12, 31), datetime.time(23, 45), None, 1),  # into the next year
        (D(2026, 3, 28), datetime.time(23, 30), None, 1),  # the night summer time begins
        (D(2026, 6, 1), datetime.time(22), datetime.time(1), 3),
        (D(2026, 6, 1), datetime.time(9), datetime.time(9), 24),
    ],
)
def test_a_timed_event_always_ends_after_it_starts(day, start, end, hours):
    begins, ends = feed.timed_span(day, start, end)
    assert ends - begins == datetime.timedelta(hours=hours)
