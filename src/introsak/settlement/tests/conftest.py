"""A fixed today (Tuesday 24 November 2026) for the policy, the services and the views, the
municipality's settlement decision for the year, and an arrival registered through the
service so that it has the default checklist."""

import datetime

import pytest
from django.utils import timezone

from introsak.settlement import services

TODAY = datetime.date(2026, 11, 24)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    state = {"today": TODAY}
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return state["today"] if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return state


@pytest.fixture(autouse=True)
def _today(clock):
    return clock


@pytest.fixture
def today():
    return TODAY


def arrival_data(**changes) -> dict:
    return {
        "name": "Familien Haddad",
        "expected_on": TODAY + 10 * DAY,
        "persons": 5,
        "languages": ["ar"],
        "needs_interpreter": True,
        "notes": "",
        **changes,
    }


@pytest.fixture
def decision(users):
    return services.record_settlement_decision(
        actor=users["consultant"], data={"year": TODAY.year, "persons": 10}
    )


@pytest.fixture
def arrival(users):
    """Expected in ten days, five people, with the default checklist."""
    return services.register_arrival(actor=users["consultant"], data=arrival_data())
