"""How a recurrence turns into dates, from the årshjul's own examples: the NIR year-end
deadline at the end of February (leap years), new G on 1 May, a planning meeting twice a year
on the second Tuesday of March and September, a monthly leader meeting, and month ends."""

import datetime

import pytest

from introsak.yearplan import rules
from introsak.yearplan.rules import DayRule, Kind, Recurrence

D = datetime.date
TUESDAY = 1


def R(kind, start, **kwargs):
    return Recurrence(kind=Kind(kind), start=start, **kwargs)


@pytest.mark.parametrize(
    ("rule", "start", "end", "expected"),
    [
        # NIR year-end deadline: the last day of February, the 29th in a leap year.
        (
            R("yearly", D(2023, 2, 28), day_rule=DayRule.LAST),
            D(2023, 1, 1),
            D(2029, 12, 31),
            [
                D(2023, 2, 28),
                D(2024, 2, 29),
                D(2025, 2, 28),
                D(2026, 2, 28),
                D(2027, 2, 28),
                D(2028, 2, 29),
                D(2029, 2, 28),
            ],
        ),
        # New G (grunnbeløpet) on 1 May every year.
        (
            R("yearly", D(2026, 5, 1)),
            D(2026, 1, 1),
            D(2028, 12, 31),
            [D(2026, 5, 1), D(2027, 5, 1), D(2028, 5, 1)],
        ),
        # A yearly date of 29 February falls on the 28th in a common year.
        (
            R("yearly", D(2024, 2, 29)),
            D(2024, 1, 1),
            D(2026, 12, 31),
            [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28)],
        ),
        # Planning meeting twice a year: the second Tuesday of March and September.
        (
            R(
                "every_n_months",
                D(2026, 3, 1),
                interval=6,
                day_rule=DayRule.WEEKDAY,
                week=2,
                weekday=TUESDAY,
            ),
            D(2026, 1, 1),
            D(2027, 12, 31),
            [D(2026, 3, 10), D(2026, 9, 8), D(2027, 3, 9), D(2027, 9, 14)],
        ),
        # Twice a year on a fixed date: 15 March and 15 September.
        (
            R("every_n_months", D(2026, 3, 15), interval=6),
            D(2026, 1, 1),
            D(2026, 12, 31),
            [D(2026, 3, 15), D(2026, 9, 15)],
        ),
        # Monthly on the 31st: the last day of shorter months, never skipped.
        (
            R("monthly", D(2026, 1, 31)),
            D(2026, 1, 1),
            D(2026, 6, 30),
            [
                D(2026, 1, 31),
                D(2026, 2, 28),
                D(2026, 3, 31),
                D(2026, 4, 30),
                D(2026, 5, 31),
                D(2026, 6, 30),
            ],
        ),
        # Monthly on the last day, across a leap February.
        (
            R("monthly", D(2028, 1, 1), day_rule=DayRule.LAST),
            D(2028, 1, 1),
            D(2028, 3, 31),
            [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)],
        ),
        # Leader meeting the first Monday of every month.
        (
            R("monthly", D(2026, 1, 1), day_rule=DayRule.WEEKDAY, week=1, weekday=0),
            D(2026, 1, 1),
            D(2026, 4, 30),
            [D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 6)],
        ),
        # The last Friday of the month.
        (
            R("monthly", D(2026, 1, 1), day_rule=DayRule.WEEKDAY, week=-1, weekday=4),
            D(2026, 1, 1),
            D(2026, 3, 31),
            [D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27)],
        ),
        # Nothing before the first date: a second Tuesday already past in the first month.
        (
            R("monthly", D(2026, 3, 11), day_rule=DayRule.WEEKDAY, week=2, weekday=TUESDAY),
            D(2026, 1, 1),
            D(2026, 5, 31),
            [D(2026, 4, 14), D(2026, 5, 12)],
        ),
        # Nothing after the last date.
        (
            R("monthly", D(2026, 1, 15), until=D(2026, 3, 15)),
            D(2026, 1, 1),
            D(2026, 12, 31),
            [D(2026, 1, 15), D(2026, 2, 15), D(2026, 3, 15)],
        ),
        # Only what falls in the range.
        (
            R("yearly", D(2020, 11, 1)),
            D(2025, 6, 1),
            D(2026, 6, 1),
            [D(2025, 11, 1)],
        ),
        # A single date, inside and outside the range.
        (R("once", D(2026, 10, 20)), D(2026, 1, 1), D(2026, 12, 31), [D(2026, 10, 20)]),
        (R("once", D(2027, 10, 20)), D(2026, 1, 1), D(2026, 12, 31), []),
        # A range that ends before it starts has nothing.
        (R("monthly", D(2026, 1, 1)), D(2026, 5, 1), D(2026, 4, 1), []),
    ],
)
def test_a_recurrence_falls_on_these_dates(rule, start, end, expected):
    assert rules.occurrences(rule, start, end) == expected


def test_a_fifth_weekday_is_skipped_in_months_that_have_none():
    rule = R("monthly", D(2026, 1, 1), day_rule=DayRule.WEEKDAY, week=5, weekday=0)
    # Mondays: five in March and June 2026, four in the others.
    assert rules.occurrences(rule, D(2026, 1, 1), D(2026, 6, 30)) == [
        D(2026, 3, 30),
        D(2026, 6, 29),
    ]


@pytest.mark.parametrize(
    ("rule", "duration", "start", "end", "expected"),
    [
        # The summer holiday (all of July) touches a range that begins in mid-July.
        (R("yearly", D(2026, 7, 1)), 31, D(2026, 7, 15), D(2026, 8, 31), [D(2026, 7, 1)]),
        # A span that began in the last days of December reaches into January.
        (R("yearly", D(2025, 12, 22)), 14, D(2026, 1, 1), D(2026, 1, 31), [D(2025, 12, 22)]),
        # It does not reach a range that begins after it ended.
        (R("yearly", D(2025, 12, 22)), 5, D(2026, 1, 1), D(2026, 1, 31), []),
        (R("once", D(2026, 6, 25)), 10, D(2026, 7, 1), D(2026, 7, 31), [D(2026, 6, 25)]),
    ],
)
def test_an_event_of_several_days_shows_where_it_touches_the_range(
    rule, duration, start, end, expected
):
    assert rules.occurrences(rule, start, end, duration_days=duration) == expected


@pytest.mark.parametrize(
    ("year", "month", "week", "weekday", "expected"),
    [
        (2026, 3, 2, TUESDAY, D(2026, 3, 10)),
        (2026, 9, 2, TUESDAY, D(2026, 9, 8)),
        (2026, 9, 1, TUESDAY, D(2026, 9, 1)),  # the month begins on a Tuesday
        (2026, 2, -1, 6, D(2026, 2, 22)),  # last Sunday of February
        (2026, 2, 5, 6, None),  # February 2026 has four Sundays
    ],
)
def test_nth_weekday(year, month, week, weekday, expected):
    assert rules.nth_weekday(year, month, week, weekday) == expected


@pytest.mark.parametrize(
    ("rule", "duration", "errors"),
    [
        (R("every_n_months", D(2026, 3, 1), interval=6), 1, set()),
        (R("every_n_months", D(2026, 3, 1), interval=0), 1, {"interval_months"}),
        (R("every_n_months", D(2026, 3, 1), interval=13), 1, {"interval_months"}),
        (
            R("monthly", D(2026, 3, 1), day_rule=DayRule.WEEKDAY, week=None, weekday=None),
            1,
            {"week", "weekday"},
        ),
        (R("monthly", D(2026, 3, 1), until=D(2026, 2, 1)), 1, {"until"}),
        (R("once", D(2026, 3, 1)), 0, {"duration_days"}),
        (R("once", D(2026, 3, 1)), 367, {"duration_days"}),
    ],
)
def test_a_recurrence_that_makes_no_sense_is_refused(rule, duration, errors):
    assert set(rules.check_recurrence(rule, duration_days=duration)) == errors


@pytest.mark.parametrize(
    ("all_day", "start", "end", "errors"),
    [
        (True, None, None, set()),
        (False, datetime.time(9), datetime.time(11), set()),
        (False, datetime.time(9), None, set()),
        (False, None, None, {"start_time"}),
        (False, datetime.time(11), datetime.time(9), {"end_time"}),
        (False, datetime.time(9), datetime.time(9), {"end_time"}),
    ],
)
def test_a_timed_event_ends_after_it_starts(all_day, start, end, errors):
    assert set(rules.check_times(all_day, start, end)) == errors
