"""The meeting and interpreter rules, from worked examples."""

import datetime
from decimal import Decimal

import pytest

from introsak.meetings import rules
from introsak.meetings.workflow import ACTION, BOOKING

D = datetime.date
T = datetime.datetime


@pytest.mark.parametrize(
    ("birth_date", "on", "refused"),
    [
        (D(2008, 11, 25), D(2026, 11, 24), True),  # 18 tomorrow: still a child today
        (D(2008, 11, 24), D(2026, 11, 24), False),  # 18 today
        (D(2010, 5, 1), D(2026, 11, 24), True),  # 16
        (D(1980, 1, 1), D(2026, 11, 24), False),
        (D(2008, 2, 29), D(2026, 2, 28), True),  # born on a leap day: 18 on 1 March
        (D(2008, 2, 29), D(2026, 3, 1), False),
        (D(2027, 1, 1), D(2026, 11, 24), True),  # not born yet
        (None, D(2026, 11, 24), True),
    ],
)
def test_a_child_can_never_interpret(birth_date, on, refused):
    if refused:
        with pytest.raises(rules.RuleError) as error:
            rules.check_interpreter_age(birth_date, on=on)
        assert error.value.field == "birth_date"
    else:
        rules.check_interpreter_age(birth_date, on=on)


def test_the_age_refusal_names_the_law():
    with pytest.raises(rules.RuleError) as error:
        rules.check_interpreter_age(D(2010, 1, 1), on=D(2026, 11, 24))
    assert "tolkeloven § 4" in error.value.message
    assert error.value.params["age"] == 16


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (T(2026, 11, 24, 10), T(2026, 11, 24, 11), None),
        (T(2026, 11, 24, 10), T(2026, 11, 24, 9), "ends_at"),  # ends before it starts
        (T(2026, 11, 24, 10), T(2026, 11, 24, 10), "ends_at"),  # no time at all
        (T(2026, 11, 24, 22), T(2026, 11, 25, 1), None),  # over midnight
        (None, T(2026, 11, 24, 10), "starts_at"),
        (T(2026, 11, 24, 10), None, "ends_at"),
    ],
)
def test_a_meeting_ends_after_it_starts(starts, ends, field):
    if field is None:
        rules.check_meeting_times(starts, ends)
    else:
        with pytest.raises(rules.RuleError) as error:
            rules.check_meeting_times(starts, ends)
        assert error.value.field == field


@pytest.mark.parametrize(
    ("language", "has", "ok"),
    [
        ("ar", ["ar"], True),
        ("ti", ["ti", "am"], True),
        ("prs", ["ar", "fa"], False),  # Dari is not Persian
        ("ar", [], False),
        ("", ["ar"], False),
    ],
)
def test_an_interpreter_is_booked_only_for_their_languages(language, has, ok):
    if ok:
        rules.check_booking_language(language, has)
    else:
        with pytest.raises(rules.RuleError) as error:
            rules.check_booking_language(language, has)
        assert error.value.field == "language"


@pytest.mark.parametrize(
    ("mode", "works", "ok"),
    [
        ("in_person", "both", True),
        ("remote", "both", True),
        ("remote", "remote", True),
        ("in_person", "remote", False),
        ("remote", "in_person", False),
        ("video", "both", False),
    ],
)
def test_a_booking_is_in_a_way_the_interpreter_works(mode, works, ok):
    if ok:
        rules.check_booking_mode(mode, works)
    else:
        with pytest.raises(rules.RuleError):
            rules.check_booking_mode(mode, works)


@pytest.mark.parametrize(
    ("needed", "booked", "lacking"),
    [
        ({"ar"}, set(), ["ar"]),
        ({"ar"}, {"ar"}, []),
        ({"ar", "ti"}, {"ar"}, ["ti"]),
        (set(), {"ar"}, []),
        ({"ti", "ar"}, set(), ["ar", "ti"]),
    ],
)
def test_languages_lacking_an_interpreter(needed, booked, lacking):
    assert rules.languages_lacking_interpreter(needed, booked) == lacking


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (D(2026, 11, 23), "open", True),
        (D(2026, 11, 24), "open", False),  # due today is not late yet
        (D(2026, 11, 25), "open", False),
        (D(2026, 11, 1), "done", False),
        (D(2026, 11, 1), "cancelled", False),
    ],
)
def test_an_open_action_item_is_overdue_after_its_due_date(due, status, overdue):
    assert rules.is_overdue(due, status=status, today=D(2026, 11, 24)) is overdue


def test_cost_per_month_sums_each_month_oldest_first():
    rows = [
        (D(2026, 3, 10), Decimal("1200.00")),
        (D(2026, 1, 5), Decimal("950.50")),
        (D(2026, 3, 28), Decimal("800.00")),
    ]
    assert rules.cost_per_month(rows) == [
        (D(2026, 1, 1), Decimal("950.50"), 1),
        (D(2026, 3, 1), Decimal("2000.00"), 2),
    ]
    assert rules.cost_per_month([]) == []


@pytest.mark.parametrize(
    ("table", "start", "to", "allowed"),
    [
        (ACTION, "open", "done", True),
        (ACTION, "open", "cancelled", True),
        (ACTION, "done", "open", False),
        (ACTION, "cancelled", "done", False),
        (BOOKING, "ordered", "confirmed", True),
        (BOOKING, "ordered", "cancelled", True),
        (BOOKING, "confirmed", "cancelled", True),
        (BOOKING, "confirmed", "ordered", False),
        (BOOKING, "cancelled", "confirmed", False),
    ],
)
def test_workflow_tables(table, start, to, allowed):
    assert (to in table[start]) is allowed
