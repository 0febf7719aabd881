"""The holiday plan: the year's holidays of the participants a user follows, against the five
weeks (Karasjok's plan: «helårs- og fulltidsprogram … og ferieplan»)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from introsak.attendance import selectors, services
from introsak.core.models import Role
from introsak.participants.tests.factories import ParticipantFactory

from .conftest import enrol

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("attendance:holiday_plan")


def _holiday(users, participant, start, end):
    services.register_vacation(
        actor=users["consultant"], participant=participant, start=start, end=end
    )


def test_rows_show_days_planned_and_left_most_left_first(users, klass):
    (three_weeks, _m), (nothing, _n), (one_week, _o) = klass["people"]
    _holiday(users, three_weeks, D(2026, 7, 6), D(2026, 7, 24))  # 15 working days
    _holiday(users, one_week, D(2026, 10, 5), D(2026, 10, 9))  # 5
    allowed, rows = selectors.holiday_plan(users["consultant"], year=2026)
    assert allowed == 25
    assert [(r.participant, r.days, r.left) for r in rows] == [
        (nothing, 0, 25),
        (one_week, 5, 20),
        (three_weeks, 15, 10),
    ]


def test_public_holidays_inside_a_holiday_are_not_counted(users, klass):
    participant = klass["people"][0][0]
    _holiday(users, participant, D(2026, 12, 21), D(2026, 12, 31))  # 25th, 26th (Sat) are holidays
    _allowed, rows = selectors.holiday_plan(users["consultant"], year=2026)
    row = next(r for r in rows if r.participant == participant)
    # 21–24 (4) and 28–31 (4); 25 December is a public holiday.
    assert row.days == 8


def test_another_year_shows_that_years_holidays(users, klass):
    participant = klass["people"][0][0]
    _holiday(users, participant, D(2026, 7, 6), D(2026, 7, 10))
    _allowed, rows = selectors.holiday_plan(users["consultant"], year=2027)
    assert all(r.days == 0 for r in rows)


ROLES = {
    "consultant": 200,
    "leader": 200,
    "teacher": 200,
    "nav_advisor": 403,
    "payroll": 403,
    "mentor": 404,
    "participant": 403,
    "administrator": 403,
}


@pytest.mark.parametrize("role", list(ROLES))
def test_the_page_for_every_role(client_for, users, klass, role):
    assert client_for(users[role]).get(URL).status_code == ROLES[role]


def test_teacher_sees_only_the_class(client_for, users, klass, municipality):
    outside = ParticipantFactory(
        municipality=municipality, consultant=users["consultant"], status="in_programme"
    )
    html = client_for(users["teacher"]).get(URL).content.decode()
    assert klass["people"][0][0].full_name in html
    assert outside.full_name not in html


def test_another_municipality_sees_none_of_ours(client_for, outsider, klass):
    outsider.role = Role.CONSULTANT
    outsider.save()
    html = client_for(outsider).get(URL).content.decode()
    assert klass["people"][0][0].full_name not in html


def test_the_page_in_norwegian_with_an_unreadable_year(client_for, users, klass):
    html = client_for(users["consultant"]).get(URL + "?ar=tjuetjuesju").content.decode()
    assert f"Ferieplan {datetime.date.today().year}" in html
    assert "Ingen planlagt" in html


def test_the_page_runs_a_fixed_number_of_queries(
    client_for, users, klass, municipality, django_assert_num_queries
):
    client = client_for(users["consultant"])
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _i in range(3):
        participant = ParticipantFactory(
            municipality=municipality, consultant=users["consultant"], status="in_programme"
        )
        enrol(participant, users["consultant"], klass["group"])
        _holiday(users, participant, D(2026, 8, 3), D(2026, 8, 7))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_only_participants_in_the_programme_are_listed(users, klass, municipality):
    settled = ParticipantFactory(
        municipality=municipality, consultant=users["consultant"], status="settled"
    )
    _allowed, rows = selectors.holiday_plan(users["consultant"], year=2026)
    assert settled not in [r.participant for r in rows]
    assert len(rows) == 3
