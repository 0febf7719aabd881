"""The checks before a participant can be reported to NIR, and the deadlines, as tables."""

import datetime
from decimal import Decimal

import pytest

from introsak.register import rules
from introsak.register.rules import EndFacts, MeasureFacts, ParticipantFacts

D = datetime.date
TODAY = D(2026, 11, 24)
FNR = "01019012345"


def facts(**kw):
    base = {
        "participant_id": 1,
        "status": "in_programme",
        "legal_basis": "il",
        "national_id": FNR,
        "national_id_kind": "fnr",
        "duf_number": "202400000001",
        "grant_decision_id": 10,
        "final_goal": "work",
        "measures": (MeasureFacts(5, Decimal(15)),),
    }
    return ParticipantFacts(**{**base, **kw})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"national_id": "", "national_id_kind": ""}, [("missing_national_id", "blocking")]),
        ({"national_id": "123"}, [("invalid_national_id", "blocking")]),
        ({"national_id_kind": "duf"}, [("invalid_national_id", "blocking")]),
        ({"national_id_kind": "dnr"}, []),
        ({"grant_decision_id": None}, [("missing_grant", "blocking")]),
        ({"status": "completed"}, [("missing_end_decision", "blocking")]),
        (
            {"status": "completed", "end": EndFacts(20, "completed", "")},
            [("missing_main_activity", "blocking")],
        ),
        (
            {"status": "interrupted", "end": EndFacts(20, "", "")},
            [("missing_end_reason", "blocking"), ("missing_main_activity", "blocking")],
        ),
        ({"status": "completed", "end": EndFacts(20, "completed", "work")}, []),
        ({"final_goal": ""}, [("missing_final_goal", "blocking")]),
        ({"final_goal": "", "legal_basis": "introl"}, []),
        ({"measures": (MeasureFacts(5, Decimal(0)),)}, [("measure_without_hours", "blocking")]),
        ({"measures": (MeasureFacts(5, None),)}, [("measure_without_hours", "blocking")]),
        ({"measures": ()}, [("no_measures", "warning")]),
        ({"duf_number": ""}, [("missing_duf_number", "warning")]),
        ({"unexported_decided_on": (D(2026, 9, 24),)}, []),
        ({"unexported_decided_on": (D(2026, 9, 23),)}, [("registration_late", "warning")]),
        (
            {"status": "settled", "grant_decision_id": None, "measures": ()},
            [],
        ),
    ],
)
def test_check_participant_lists_what_is_missing(changes, expected):
    issues = rules.check_participant(facts(**changes), today=TODAY)
    assert [(i.code, i.severity) for i in issues] == expected


def test_blocking_errors_come_before_warnings_and_point_to_where_they_are_fixed():
    issues = rules.check_participant(
        facts(duf_number="", end=EndFacts(20, "completed", ""), status="completed"), today=TODAY
    )
    assert [i.severity for i in issues] == ["blocking", "warning"]
    assert (issues[0].fix_on, issues[0].object_id) == (rules.ON_DECISION, 20)
    assert rules.blocking(issues) == [issues[0]]


@pytest.mark.parametrize(
    ("occurred", "deadline"),
    [
        (D(2026, 1, 15), D(2026, 3, 15)),
        (D(2025, 12, 31), D(2026, 2, 28)),
        (D(2023, 12, 31), D(2024, 2, 29)),
        (D(2026, 11, 30), D(2027, 1, 30)),
    ],
)
def test_registration_deadline_is_two_months_after_the_fact(occurred, deadline):
    assert rules.registration_deadline(occurred) == deadline


@pytest.mark.parametrize(
    ("year", "deadline"),
    [(2022, D(2023, 2, 28)), (2023, D(2024, 2, 29)), (2025, D(2026, 2, 28))],
)
def test_year_end_clean_up_is_due_at_the_end_of_february(year, deadline):
    assert rules.year_end_deadline(year) == deadline


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30)), False),
        ((D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 3, 31), D(2026, 6, 30)), True),
        ((D(2026, 1, 1), D(2026, 12, 31)), (D(2026, 5, 1), D(2026, 5, 1)), True),
        ((D(2026, 5, 1), D(2026, 5, 1)), (D(2026, 1, 1), D(2026, 4, 30)), False),
    ],
)
def test_periods_overlap_when_they_share_a_day(a, b, overlap):
    assert rules.overlaps(*a, *b) is overlap


def test_next_period_starts_the_day_after_the_last_export():
    assert rules.next_period_start(D(2026, 3, 31), default=D(2026, 1, 1)) == D(2026, 4, 1)
    assert rules.next_period_start(None, default=D(2026, 1, 1)) == D(2026, 1, 1)
