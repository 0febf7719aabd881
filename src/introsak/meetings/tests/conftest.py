"""A participant who needs an Arabic interpreter (the consultant's, advised by NAV, taught by
the teacher), interpreters in the register, and a meeting tomorrow about the participant
called by the consultant with the teacher taking part."""

import datetime

import pytest
from django.utils import timezone

from introsak.participants.models import ParticipantLanguage

from .factories import InterpreterFactory, MeetingFactory

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def today():
    return timezone.localdate()


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def needs_arabic(world, municipality):
    """The world's `mine` participant, who needs an Arabic interpreter."""
    participant = world["mine"]
    ParticipantLanguage.objects.create(
        municipality=municipality, participant=participant, language="ar", needs_interpreter=True
    )
    return participant


@pytest.fixture
def arabic(municipality):
    return InterpreterFactory(municipality=municipality, name="Nadia Arabisk", languages=["ar"])


@pytest.fixture
def tigrinya(municipality):
    return InterpreterFactory(
        municipality=municipality, name="Tesfit Tigrinja", languages=["ti", "am"], mode="remote"
    )


@pytest.fixture
def meeting(users, municipality, needs_arabic):
    """An information meeting tomorrow 10–11 about the participant, called by the consultant,
    with the teacher taking part."""
    return MeetingFactory(
        municipality=municipality,
        kind="information",
        title="Informasjonsmøte",
        participant=needs_arabic,
        created_by=users["consultant"],
        attendees=[users["consultant"], users["teacher"]],
        participant_attendees=[needs_arabic],
    )


@pytest.fixture
def general_meeting(users, municipality):
    """A leader meeting called by the leader with nobody else: no participant in it."""
    return MeetingFactory(
        municipality=municipality,
        kind="leader",
        title="Ledermøte",
        created_by=users["leader"],
        attendees=[users["leader"]],
    )
