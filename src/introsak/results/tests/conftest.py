"""Participants whose programme has ended (a grant and an end decision in force) or runs,
relative to the real date (the views ask `timezone.localdate()`)."""

import datetime

import pytest
from django.utils import timezone

from introsak.decisions.models import DecisionStatus, DecisionType
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.models import Status
from introsak.participants.tests.factories import ParticipantFactory

from ..rules import add_months

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


def grant(participant, consultant, start, end, *, track="other"):
    return DecisionFactory(
        participant=participant,
        drafted_by=consultant,
        status=DecisionStatus.SENT,
        start_date=start,
        end_date=end,
        track=track,
        decided_at=timezone.now(),
    )


def end_programme(participant, consultant, last_day, kind="completed"):
    return DecisionFactory(
        participant=participant,
        drafted_by=consultant,
        decision_type=DecisionType.END,
        status=DecisionStatus.SENT,
        start_date=last_day,
        end_date=None,
        end_kind=kind,
        decided_at=timezone.now(),
    )


def ended_participant(municipality, consultant, last_day, **kwargs):
    """A participant whose programme ended on `last_day` by an end decision."""
    participant = ParticipantFactory(
        municipality=municipality, consultant=consultant, status=Status.COMPLETED, **kwargs
    )
    grant(participant, consultant, add_months(last_day, -24), last_day + 200 * DAY)
    end_programme(participant, consultant, last_day)
    return participant


@pytest.fixture
def ended(users, municipality, today):
    """The consultant's participant; the programme ended 7 months ago (6-month follow-up
    due)."""
    return ended_participant(municipality, users["consultant"], add_months(today, -7))


@pytest.fixture
def running(users, municipality, today):
    """The consultant's participant in programme, ending in 2 months."""
    participant = ParticipantFactory(
        municipality=municipality, consultant=users["consultant"], status=Status.IN_PROGRAMME
    )
    grant(participant, users["consultant"], add_months(today, -22), add_months(today, 2))
    return participant
