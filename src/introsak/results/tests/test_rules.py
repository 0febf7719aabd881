import datetime
from decimal import Decimal

import pytest

from introsak.results import rules

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 15), 6, D(2026, 7, 15)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2026, 12, 31), 12, D(2027, 12, 31)),
        (D(2026, 5, 31), -3, D(2026, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_a_programme_has_three_followups_at_end_6_and_12_months():
    assert rules.followups_for(D(2026, 8, 31)) == [
        rules.FollowUp("end", D(2026, 8, 31)),
        rules.FollowUp("month_6", D(2027, 2, 28)),
        rules.FollowUp("month_12", D(2027, 8, 31)),
    ]


END = D(2026, 3, 31)


@pytest.mark.parametrize(
    ("today", "recorded", "expected"),
    [
        (D(2026, 3, 30), (), []),  # still in programme
        (D(2026, 3, 31), (), [("end", END)]),
        (D(2026, 4, 20), ("end",), []),
        (D(2026, 9, 30), ("end",), [("month_6", D(2026, 9, 30))]),
        (D(2026, 9, 30), (), [("month_6", D(2026, 9, 30))]),  # the later replaces the end
        (D(2026, 12, 1), ("month_6",), []),
        (D(2027, 3, 31), ("end", "month_6"), [("month_12", D(2027, 3, 31))]),
        (D(2028, 1, 1), ("month_12",), []),
        (D(2028, 1, 1), ("end", "month_6"), [("month_12", D(2027, 3, 31))]),
    ],
)
def test_due_followups(today, recorded, expected):
    due = rules.due_followups(END, today, recorded)
    assert [(f.checkpoint, f.due_on) for f in due] == expected


@pytest.mark.parametrize(
    ("checkpoint", "due_on", "today", "expected"),
    [
        ("end", D(2026, 3, 31), D(2026, 3, 1), True),
        ("end", D(2026, 3, 31), D(2026, 2, 28), False),
        ("month_6", D(2026, 9, 30), D(2026, 9, 29), False),
        ("month_6", D(2026, 9, 30), D(2026, 9, 30), True),
        ("month_12", D(2027, 3, 31), D(2027, 5, 1), True),
    ],
)
def test_may_record(checkpoint, due_on, today, expected):
    assert rules.may_record(rules.FollowUp(checkpoint, due_on), today) is expected


@pytest.mark.parametrize(
    ("activity", "counts"),
    [("work", True), ("education", True), ("both", True), ("neither", False), ("unknown", False)],
)
def test_work_education_or_both_count_towards_the_goal(activity, counts):
    assert rules.counts_towards_goal(activity) is counts


@pytest.mark.parametrize(
    ("invalid", "hours", "expected"),
    [
        (0, 0, None),
        (0, 100, Decimal("0.0")),
        (Decimal("7.5"), Decimal("150"), Decimal("5.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (None, 10, Decimal("0.0")),
    ],
)
def test_absence_rate_is_invalid_hours_over_registered_hours(invalid, hours, expected):
    assert rules.absence_rate(invalid, hours) == expected


def test_bars_scale_to_the_largest_or_to_a_given_maximum():
    bars = rules.bars([("a", 10), ("b", 5), ("c", 0)])
    assert [(b.label, b.width, b.y) for b in bars] == [
        ("a", 100.0, 0),
        ("b", 50.0, 30),
        ("c", 0.0, 60),
    ]
    assert rules.bars([("x", 35)], scale_max=100)[0].width == 35.0
    assert rules.bars([("x", 0)])[0].width == 0.0


@pytest.mark.parametrize(
    ("results", "missing"),
    [
        ([], ("oral", "writing")),
        ([("", "")], ("oral", "writing")),  # only listening and reading
        ([("b1", "")], ("writing",)),
        ([("", "a2")], ("oral",)),
        ([("b1", ""), ("", "a1")], ()),  # the parts on different dates
        ([("a2", "b1")], ()),
    ],
)
def test_norwegian_test_missing_names_the_parts_not_taken(results, missing):
    assert rules.norwegian_test_missing(results) == missing
