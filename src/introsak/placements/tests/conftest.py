"""A participant in the programme with a work-practice measure (Tue–Thu, 15 h a week), an
employer whose workplace has signed the agreement, and the mentor user as its mentor.

Dates are relative to `timezone.localdate()`: the mentor's access is decided by the real
date (the policy asks `timezone.localdate()`), so a test that needs "ended yesterday" makes
a placement that ended yesterday.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from introsak.attendance.tests.conftest import enrol
from introsak.decisions.selectors import is_public_holiday
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory

from .factories import EmployerFactory, MentorFactory, WorkplaceFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


def work_day(on_or_before: datetime.date, weekdays: str = "123") -> datetime.date:
    """The latest day on or before `on_or_before` that is one of `weekdays` and no public
    holiday: a day the mentor may register."""
    day = on_or_before
    while str(day.weekday()) not in weekdays or is_public_holiday(day):
        day -= DAY
    return day


def next_work_day(after: datetime.date, weekdays: str = "123") -> datetime.date:
    day = after + DAY
    while str(day.weekday()) not in weekdays or is_public_holiday(day):
        day += DAY
    return day


@pytest.fixture
def enrolled(users, municipality):
    """The consultant's participant, taught by the teacher, with a granted programme and a
    plan whose work practice runs Tue–Thu."""
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    GroupFactory(municipality=municipality, teachers=[users["teacher"]], participants=[participant])
    measures = enrol(participant, users["consultant"])
    return {"participant": participant, **measures}


@pytest.fixture
def employer(municipality):
    return EmployerFactory(municipality=municipality, name="Coop Karasjok")


@pytest.fixture
def workplace(employer):
    """At «agreement»: takes participants, has none yet."""
    return WorkplaceFactory(employer=employer, name="Coop Extra")


@pytest.fixture
def mentor(users, employer):
    """The mentor user of the shared fixtures, as mentor at the employer."""
    return MentorFactory(employer=employer, user=users["mentor"])


@pytest.fixture
def placement_data(enrolled, workplace, mentor, today):
    """A valid agreement for the enrolled participant: four weeks back, four weeks ahead."""
    return {
        "workplace": workplace,
        "mentor": mentor,
        "measure": enrolled["practice"],
        "start_date": today - 28 * DAY,
        "end_date": today + 28 * DAY,
        "weekdays": "123",
        "hours_per_week": Decimal("12"),
        "tasks": "Varepåfylling",
        "language_goals": "Hilse på kunder og svare på enkle spørsmål",
    }


@pytest.fixture
def placement(users, enrolled, placement_data):
    """A current placement made through the service, mentored by the mentor user."""
    from introsak.placements import services

    return services.make_placement(
        actor=users["consultant"], participant=enrolled["participant"], data=placement_data
    )
