"""Today is Tuesday 24 November 2026 for the policy, the services and the feed (the feed
reaches from a year back to two years ahead of it)."""

import datetime

import pytest
from django.utils import timezone

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def g_data():
    """New G on 1 May, as the form sends it: for everyone."""
    return {
        "title": "Ny G",
        "category": "stipend",
        "recurrence": "yearly",
        "start_date": datetime.date(2026, 5, 1),
        "day_rule": "date",
        "all_day": True,
        "duration_days": 1,
        "audience": [],
    }
