"""Participants ready for the register export and one whose ended programme lacks the main
activity afterwards. The programme (from `enrol`) runs 2025-09-01..2027-08-31 with Norwegian
and work practice, 15 h a week each; the default export period runs from 1 January of this
year to yesterday."""

import datetime

import pytest
from django.utils import timezone

from introsak.attendance.tests.conftest import enrol
from introsak.decisions.models import DecisionStatus, DecisionType
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.tests.factories import ParticipantFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def ready(users, municipality):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    return {"participant": participant, **enrol(participant, users["consultant"])}


def end_programme(participant, actor, on, *, main_activity="work", end_kind="completed"):
    return DecisionFactory(
        participant=participant,
        drafted_by=actor,
        decision_type=DecisionType.END,
        status=DecisionStatus.SENT,
        start_date=on,
        end_date=None,
        end_kind=end_kind,
        main_activity_after=main_activity,
        decided_at=timezone.now(),
    )


@pytest.fixture
def ended_without_activity(users, municipality, today):
    participant = ParticipantFactory(
        municipality=municipality, consultant=users["consultant"], status="completed"
    )
    measures = enrol(participant, users["consultant"])
    end = end_programme(participant, users["consultant"], today - 10 * DAY, main_activity="")
    return {"participant": participant, "end": end, **measures}
