import datetime
from decimal import Decimal

import pytest

from introsak.attendance.models import Registration, Timesheet, TimesheetStatus
from introsak.attendance.tests.conftest import enrol
from introsak.participants.tests.factories import ParticipantFactory
from introsak.stipend import services

D = datetime.date
MAY = D(2026, 5, 1)
JUNE = D(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 7, 15))


def approve_month(participant, month, user):
    Timesheet.objects.update_or_create(
        participant=participant,
        month=month,
        defaults={
            "municipality_id": participant.municipality_id,
            "status": TimesheetStatus.APPROVED,
            "approved_by": user,
            "acknowledged_on": month,
        },
    )


def invalid_absence(participant, measure, day, hours, user):
    return Registration.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        measure=measure,
        date=day,
        status=Registration.Status.ABSENT,
        absence_type="invalid",
        hours=Decimal(hours),
        registered_by=user,
    )


@pytest.fixture
def enrolled(users, municipality):
    """Three adults in the programme since 1.9.2025, full rate; May 2026 approved."""
    people = []
    for index in range(3):
        participant = ParticipantFactory(
            municipality=municipality,
            consultant=users["consultant"],
            status="in_programme",
            birth_date=D(1985 + index, 3, 1),
            legal_basis="il",
            household=None,
        )
        measures = enrol(participant, users["consultant"])
        approve_month(participant, MAY, users["consultant"])
        people.append((participant, measures))
    return people
