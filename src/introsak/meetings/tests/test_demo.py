"""The demo: a planning meeting whose action items show on their owners' start pages (one
overdue), and an information meeting that warns of a missing interpreter."""

from introsak.core.tests.factories import UserFactory
from introsak.meetings import selectors
from introsak.meetings.demo import load_demo
from introsak.meetings.models import Booking, Interpreter, Meeting
from introsak.participants.models import ParticipantLanguage
from introsak.participants.tests.factories import ParticipantFactory


def test_demo_loads_through_the_services(users, municipality, today):
    for language in ("ar", "ti", "prs", "uk"):
        participant = ParticipantFactory(municipality=municipality)
        ParticipantLanguage.objects.create(
            municipality=municipality,
            participant=participant,
            language=language,
            needs_interpreter=True,
        )
    demo_users = {
        "konsulent": users["consultant"],
        "konsulent2": UserFactory(municipality=municipality, role="consultant"),
        "leder": users["leader"],
        "lonn": users["payroll"],
        "laerer": users["teacher"],
        "laerer2": UserFactory(municipality=municipality, role="teacher"),
        "nav": users["nav_advisor"],
        "veileder": users["mentor"],
        "deltaker": users["participant"],
        "admin": users["administrator"],
    }
    load_demo(demo_users, today)

    assert Interpreter.objects.count() == 5
    assert Meeting.objects.filter(kind="planning").count() == 1
    for role in ("consultant", "nav_advisor", "teacher"):
        assert len(selectors.my_action_items(users[role], today)) == 1
    assert [r.overdue for r in selectors.my_action_items(users["teacher"], today)] == [True]
    rows = selectors.meeting_rows(users["consultant"], when="upcoming", kind="information")
    assert [len(r.lacking_codes) for r in rows] == [1]
    assert Booking.objects.count() == 4
    year_data = selectors.bookings(users["leader"], year=today.year)
    assert year_data["total"] > 0
