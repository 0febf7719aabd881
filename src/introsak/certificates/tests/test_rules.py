"""The summary figures of the deltakerbevis, from plain values."""

import datetime
from decimal import Decimal

import pytest

from introsak.certificates.rules import (
    PLANNED,
    REGISTERED,
    MeasureInput,
    measure_hours,
    planned_hours,
    summarize,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "per_week", "until", "hours"),
    [
        (D(2026, 1, 5), D(2026, 1, 11), "15", None, "15.0"),  # one week
        (D(2025, 9, 1), D(2025, 12, 21), "5", None, "80.0"),  # 16 weeks
        (D(2026, 1, 5), D(2026, 1, 18), "10", D(2026, 1, 11), "10.0"),  # cut at the end
        (D(2026, 1, 5), D(2026, 1, 5), "7", None, "1.0"),  # one day
        (D(2026, 1, 5), D(2026, 1, 18), "10", D(2026, 1, 1), "0.0"),  # ended before it began
    ],
)
def test_planned_hours(start, end, per_week, until, hours):
    assert planned_hours(start, end, Decimal(per_week), until=until) == Decimal(hours)


@pytest.mark.parametrize(
    ("registrations", "present", "expected", "source"),
    [
        (0, "0", "80.0", PLANNED),  # nothing registered: the plan
        (3, "5.5", "5.5", REGISTERED),  # registered: hours present
        (2, "0", "0.0", REGISTERED),  # registered, all absent: none
    ],
)
def test_measure_hours_prefer_registered(registrations, present, expected, source):
    measure = MeasureInput(
        "norwegian", D(2025, 9, 1), D(2025, 12, 21), Decimal(5), registrations, Decimal(present)
    )
    hours = measure_hours(measure)
    assert (hours.hours, hours.source) == (Decimal(expected), source)


NOR_REG = MeasureInput("norwegian", D(2025, 9, 1), D(2027, 8, 31), Decimal(15), 3, Decimal("5.5"))
NOR_PLAN = MeasureInput("norwegian", D(2025, 9, 1), D(2025, 9, 14), Decimal(14))
SOCIAL = MeasureInput("social_studies", D(2025, 9, 1), D(2025, 12, 21), Decimal(5))
COURSE = MeasureInput("course", D(2026, 3, 2), D(2026, 3, 15), Decimal(10))


@pytest.mark.parametrize(
    ("measures", "actual_end", "norwegian", "source", "social", "percent", "months", "early"),
    [
        ([NOR_REG, SOCIAL, COURSE], D(2026, 10, 31), "5.5", REGISTERED, "80.0", 58, "14.0", True),
        ([NOR_PLAN, SOCIAL], D(2027, 8, 31), "28.0", PLANNED, "80.0", 100, "24.0", False),
        ([NOR_REG, NOR_PLAN], D(2027, 8, 31), "33.5", "mixed", "0", 100, "24.0", False),
        ([COURSE], D(2025, 9, 1), "0", PLANNED, "0", 0, "0.0", True),
        # the last day before the planned end: never 100 % for an early end
        ([], D(2027, 8, 30), "0", PLANNED, "0", 99, "23.9", True),
    ],
)
def test_summarize(measures, actual_end, norwegian, source, social, percent, months, early):
    summary = summarize(
        measures, start=D(2025, 9, 1), planned_end=D(2027, 8, 31), actual_end=actual_end
    )
    assert summary.norwegian_hours == Decimal(norwegian)
    assert summary.norwegian_source == source
    assert summary.social_studies_hours == Decimal(social)
    assert summary.completed_percent == percent
    assert summary.completed_months == Decimal(months)
    assert summary.planned_months == Decimal("24.0")
    assert summary.planned_days == 730
    assert summary.early is early


def test_summarize_counts_planned_hours_only_until_the_last_day():
    summary = summarize(
        [COURSE], start=D(2025, 9, 1), planned_end=D(2027, 8, 31), actual_end=D(2026, 3, 8)
    )
    assert summary.measures[0].hours == Decimal("10.0")
