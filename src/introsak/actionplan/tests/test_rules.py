"""The pure rules of the action plan, from worked examples."""

import datetime

import pytest

from introsak.actionplan import rules
from introsak.actionplan.models import ActionStatus

D = datetime.date
TODAY = D(2026, 11, 24)


def test_the_rules_know_the_same_statuses_as_the_model():
    assert set(rules.STATUSES) == set(ActionStatus.values)


@pytest.mark.parametrize(
    ("status", "start", "late"),
    [
        ("planned", D(2026, 11, 23), True),  # started yesterday, not set going
        ("planned", D(2026, 11, 24), False),  # starts today: not late yet
        ("planned", D(2026, 12, 1), False),
        ("planned", None, False),
        ("under_way", D(2026, 1, 1), False),
        ("done", D(2026, 1, 1), False),
    ],
)
def test_an_action_is_late_when_its_start_has_passed_and_it_is_still_planned(status, start, late):
    assert rules.is_late(status, start, TODAY) is late


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, {"planned": 0, "under_way": 0, "done": 0}),
        ({"done": 4}, {"planned": 0, "under_way": 0, "done": 100}),
        ({"planned": 1, "under_way": 1, "done": 2}, {"planned": 25, "under_way": 25, "done": 50}),
        # 33.3 each: the missing point goes to the first status with the largest remainder.
        ({"planned": 1, "under_way": 1, "done": 1}, {"planned": 34, "under_way": 33, "done": 33}),
        # 2/3 = 66.7 and 1/3 = 33.3: 67 and 33.
        ({"under_way": 1, "done": 2}, {"planned": 0, "under_way": 33, "done": 67}),
        # 11, 14 and 7 of 32: 34.4, 43.75, 21.9 → 34, 44, 22.
        ({"done": 11, "under_way": 14, "planned": 7}, {"planned": 22, "under_way": 44, "done": 34}),
    ],
)
def test_shares_are_whole_percentages_that_add_up_to_100(counts, expected):
    result = rules.shares(counts)
    assert result == expected
    assert sum(result.values()) in (0, 100)


def test_progress_counts_statuses_and_late_actions():
    progress = rules.progress(
        [
            ("planned", D(2026, 11, 1)),  # late
            ("planned", D(2026, 12, 1)),
            ("under_way", D(2026, 10, 1)),
            ("done", D(2026, 3, 1)),
        ],
        TODAY,
    )
    assert (progress.planned, progress.under_way, progress.done) == (2, 1, 1)
    assert progress.total == 4
    assert progress.late == 1
    assert (progress.share_planned, progress.share_under_way, progress.share_done) == (50, 25, 25)


def test_progress_of_no_actions_is_all_zero():
    progress = rules.progress([], TODAY)
    assert progress.total == 0
    assert progress.share_done == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2006, 11, 1), 2, D(2007, 1, 1)),  # Drangedal: «Januar 2007»
        (D(2006, 11, 1), 13, D(2007, 12, 1)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected
