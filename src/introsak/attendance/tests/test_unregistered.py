"""«Attendance not registered this week» on the consultant's start page: an empty absence
list must not pass for a week of full attendance."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from introsak.attendance import selectors, services

pytestmark = pytest.mark.django_db
D = datetime.date
THURSDAY = D(2026, 6, 4)  # Norwegian 3 h Mon–Fri, work practice 5 h Tue–Thu


def _register(users, participant, measure, days):
    services.register_bulk(
        actor=users["consultant"],
        items=[
            {
                "participant_id": participant.pk,
                "measure_id": measure.pk,
                "date": day,
                "status": "present",
            }
            for day in days
        ],
    )


MON_TO_WED = [D(2026, 6, 1), D(2026, 6, 2), D(2026, 6, 3)]


def test_hours_nobody_registered_up_to_yesterday_are_listed(users, klass):
    (done, done_m), (half, half_m), (none, _none_m) = klass["people"]
    _register(users, done, done_m["norwegian"], MON_TO_WED)
    _register(users, done, done_m["practice"], MON_TO_WED[1:])
    _register(users, half, half_m["norwegian"], MON_TO_WED)

    report = selectors.unregistered_this_week(users["consultant"], today=THURSDAY)

    assert [(r.participant, r.hours, r.days) for r in report] == sorted(
        [
            (half, Decimal(10), MON_TO_WED[1:]),  # the work practice, Tue and Wed
            (none, Decimal(19), MON_TO_WED),
        ],
        key=lambda row: (row[0].family_name, row[0].given_name, row[0].pk),
    )


def test_on_a_monday_the_report_is_about_last_week(users, klass):
    report = selectors.unregistered_this_week(users["consultant"], today=D(2026, 6, 8))
    # Mon–Fri of last week: 5 × 3 h Norwegian and 3 × 5 h practice each.
    assert {r.hours for r in report} == {Decimal(30)}
    assert report[0].days[0] == D(2026, 6, 1) and report[0].days[-1] == D(2026, 6, 5)


def test_another_consultants_participants_are_not_listed(users, klass, municipality):
    from introsak.core.tests.factories import UserFactory

    other = UserFactory(municipality=municipality, role="consultant")
    assert selectors.unregistered_this_week(other, today=THURSDAY) == []


def test_consultant_start_page_shows_the_section(client_for, users, klass, monkeypatch):
    from django.utils import timezone

    moment = datetime.datetime.combine(THURSDAY, datetime.time(10), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    html = client_for(users["consultant"]).get(reverse("core:home")).content.decode()
    assert "Oppmøte ikke registrert, uke 23" in html
    assert klass["people"][0][0].full_name in html


def test_days_in_an_approved_month_are_left_out(users, klass):
    from introsak.attendance.models import Timesheet

    participant = klass["people"][0][0]
    Timesheet.objects.create(
        municipality=participant.municipality,
        participant=participant,
        month=D(2026, 5, 1),
        status="approved",
    )
    # Thursday 28 May: the reporting week (25–27 May) is in this participant's approved May.
    report = selectors.unregistered_this_week(users["consultant"], today=D(2026, 5, 28))
    assert participant not in [r.participant for r in report]
    assert len(report) == 2


@pytest.mark.parametrize("role", ["teacher", "leader", "nav_advisor", "payroll"])
def test_other_roles_do_not_get_the_section(client_for, users, klass, role):
    html = client_for(users[role]).get(reverse("core:home")).content.decode()
    assert "Oppmøte ikke registrert" not in html


def test_the_report_runs_a_fixed_number_of_queries(
    users, klass, municipality, django_assert_num_queries
):
    from introsak.participants.tests.factories import ParticipantFactory

    from .conftest import enrol

    with CaptureQueriesContext(connection) as few:
        selectors.unregistered_this_week(users["consultant"], today=THURSDAY)
    for _i in range(3):
        participant = ParticipantFactory(
            municipality=municipality, consultant=users["consultant"], status="in_programme"
        )
        enrol(participant, users["consultant"], klass["group"])
    with django_assert_num_queries(len(few.captured_queries)):
        selectors.unregistered_this_week(users["consultant"], today=THURSDAY)
