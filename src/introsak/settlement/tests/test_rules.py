"""The pure settlement rules, from worked examples."""

import datetime

import pytest

from introsak.settlement import rules

D = datetime.date


@pytest.mark.parametrize(
    ("arrival", "offset", "due"),
    [
        # The default checklist for a household arriving Monday 1 March 2027.
        (D(2027, 3, 1), -14, D(2027, 2, 15)),  # housing assigned
        (D(2027, 3, 1), -3, D(2027, 2, 26)),  # housing prepared
        (D(2027, 3, 1), 3, D(2027, 3, 4)),  # information meeting called
        (D(2027, 3, 1), 7, D(2027, 3, 8)),  # stipend ready
        (D(2027, 3, 1), 14, D(2027, 3, 15)),  # training in everyday living
        (D(2027, 3, 1), 21, D(2027, 3, 22)),  # school and kindergarten, health
        (D(2027, 3, 1), 30, D(2027, 3, 31)),  # first assessment
        (D(2027, 3, 1), 0, D(2027, 3, 1)),
        # Across a leap day and a year end.
        (D(2028, 2, 20), 14, D(2028, 3, 5)),
        (D(2026, 12, 20), 30, D(2027, 1, 19)),
        (D(2027, 1, 5), -14, D(2026, 12, 22)),
        # The limits of the offset.
        (D(2027, 3, 1), 365, D(2028, 2, 29)),
        (D(2027, 3, 1), -365, D(2026, 3, 1)),
    ],
)
def test_due_date_counts_calendar_days_from_the_arrival(arrival, offset, due):
    assert rules.due_date(arrival, offset) == due


@pytest.mark.parametrize("offset", [366, -366, 1000, "x", None, ""])
def test_offset_outside_a_year_or_not_a_number_is_refused(offset):
    with pytest.raises(rules.RuleError):
        rules.check_offset(offset)


@pytest.mark.parametrize("offset", ["-14", "30", 0, 365, -365])
def test_offset_within_a_year_is_accepted(offset):
    assert rules.check_offset(offset) == int(offset)


@pytest.mark.parametrize(
    ("due", "done", "today", "overdue", "soon"),
    [
        (D(2026, 11, 23), False, D(2026, 11, 24), True, True),  # yesterday
        (D(2026, 11, 24), False, D(2026, 11, 24), False, True),  # today: not yet overdue
        (D(2026, 12, 8), False, D(2026, 11, 24), False, True),  # in 14 days
        (D(2026, 12, 9), False, D(2026, 11, 24), False, False),  # in 15 days
        (D(2026, 11, 1), True, D(2026, 11, 24), False, False),  # done: never
    ],
)
def test_overdue_and_due_soon(due, done, today, overdue, soon):
    assert rules.is_overdue(due, done=done, today=today) is overdue
    assert rules.is_due_soon(due, done=done, today=today) is soon


@pytest.mark.parametrize(
    ("agreed", "settled", "expected", "settled_pct", "expected_pct", "remaining", "over"),
    [
        (10, 0, 0, 0, 0, 10, 0),
        (10, 4, 3, 40, 30, 3, 0),
        (10, 10, 0, 100, 0, 0, 0),
        # More planned than agreed: the bar is the planned total, so it never passes 100.
        (10, 8, 4, 67, 33, 0, 2),
        # No decision yet: everything is beyond it.
        (0, 2, 3, 40, 60, 0, 5),
        (0, 0, 0, 0, 0, 0, 0),
    ],
)
def test_progress_against_the_decision(
    agreed, settled, expected, settled_pct, expected_pct, remaining, over
):
    p = rules.progress(agreed=agreed, settled=settled, expected=expected)
    assert (p.settled_percent, p.expected_percent) == (settled_pct, expected_pct)
    assert (p.remaining, p.over) == (remaining, over)
    assert p.settled_percent + p.expected_percent <= 100


def test_progress_refuses_negative_numbers():
    with pytest.raises(rules.RuleError):
        rules.progress(agreed=-1, settled=0, expected=0)


@pytest.mark.parametrize(
    ("value", "low", "high", "ok"),
    [
        (10, 0, 5000, True),
        ("10", 0, 5000, True),
        (0, 0, 5000, True),
        (-1, 0, 5000, False),
        ("-3", 0, 5000, False),
        (10.5, 0, 5000, False),
        ("ti", 0, 5000, False),
        (0, 1, 30, False),
        (31, 1, 30, False),
    ],
)
def test_a_number_of_people(value, low, high, ok):
    if ok:
        assert rules.check_persons(value, low=low, high=high) == int(value)
    else:
        with pytest.raises(rules.RuleError):
            rules.check_persons(value, low=low, high=high)


def test_the_default_checklist_has_the_tasks_of_the_plan_in_date_order():
    offsets = [item.offset_days for item in rules.DEFAULT_CHECKLIST]
    assert offsets == sorted(offsets)
    assert offsets == [-14, -3, 3, 7, 14, 21, 21, 30]
    roles = {item.role for item in rules.DEFAULT_CHECKLIST}
    assert roles <= {"consultant", "nav_advisor", "teacher", "leader", "payroll"}
    for item in rules.DEFAULT_CHECKLIST:
        rules.check_offset(item.offset_days)
