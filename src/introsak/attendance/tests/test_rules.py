"""The calendar, every absence limit (from DOMAIN.md), and the month's totals."""

import datetime
from decimal import Decimal

import pytest

from introsak.attendance import rules
from introsak.attendance.rules import AbsenceDay, Limits, MeasureSchedule

D = datetime.date
H = Decimal
HOLIDAYS = {D(2026, 5, 1), D(2026, 5, 14), D(2026, 5, 25)}


def working(day):
    return day.weekday() < 5 and day not in HOLIDAYS


def not_holiday(day):
    return day in HOLIDAYS


NORWEGIAN = MeasureSchedule(1, D(2026, 1, 1), D(2026, 12, 31), H(15))
PRACTICE = MeasureSchedule(2, D(2026, 5, 1), D(2026, 12, 31), H(15), (1, 2, 3))


def test_hours_spread_over_the_weekdays():
    assert rules.hours_on(NORWEGIAN, D(2026, 5, 4)) == H(3)  # Monday: 15 / 5
    assert rules.hours_on(PRACTICE, D(2026, 5, 4)) == H(0)  # practice runs Tue–Thu
    assert rules.hours_on(PRACTICE, D(2026, 5, 5)) == H(5)


def test_calendar_leaves_out_weekends_holidays_and_blocked_days():
    vacation = {D(2026, 5, 6), D(2026, 5, 7)}
    days = rules.programme_days(
        [NORWEGIAN, PRACTICE],
        start=D(2026, 5, 1),
        end=D(2026, 5, 10),
        is_public_holiday=not_holiday,
        is_blocked=vacation.__contains__,
    )
    assert sorted(days) == [D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 8)]
    assert days[D(2026, 5, 5)] == {1: H(3), 2: H(5)}


SELF = "own_illness_self"


def self_cert(*dates):
    return [AbsenceDay(d, "own_illness_self") for d in dates]


START = D(2025, 9, 1)  # programme start: 8 weeks have long passed by May 2026


@pytest.mark.parametrize(
    ("days", "over"),
    [
        # Three days in a row are fine; a fourth is not.
        (self_cert(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6)), {}),
        (
            self_cert(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6), D(2026, 5, 7)),
            {(D(2026, 5, 7), SELF): "self_cert_days_per_spell"},
        ),
        # A weekend does not break a spell: Thu, Fri, Mon, Tue is four days in a row.
        (
            self_cert(D(2026, 5, 7), D(2026, 5, 8), D(2026, 5, 11), D(2026, 5, 12)),
            {(D(2026, 5, 12), SELF): "self_cert_days_per_spell"},
        ),
        # A public holiday does not either (14 May 2026 is Ascension Day).
        (
            self_cert(D(2026, 5, 12), D(2026, 5, 13), D(2026, 5, 15), D(2026, 5, 18)),
            {(D(2026, 5, 18), SELF): "self_cert_days_per_spell"},
        ),
        # A working day in between starts a new spell.
        (self_cert(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6), D(2026, 5, 8)), {}),
    ],
)
def test_self_certified_illness_three_days_at_a_time(days, over):
    assert (
        rules.apply_limits(days, programme_start=START, limits=Limits(), is_working_day=working)
        == over
    )


def test_the_fifth_self_certified_spell_in_twelve_months_is_invalid():
    spells = self_cert(D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 6), D(2026, 5, 4))
    assert rules.apply_limits(
        spells, programme_start=START, limits=Limits(), is_working_day=working
    ) == {(D(2026, 5, 4), SELF): "self_cert_spells_per_year"}


def test_a_spell_more_than_twelve_months_ago_no_longer_counts():
    spells = self_cert(D(2025, 5, 4), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 6), D(2026, 5, 4))
    assert (
        rules.apply_limits(
            spells, programme_start=D(2025, 1, 1), limits=Limits(), is_working_day=working
        )
        == {}
    )


def test_self_certification_only_after_eight_weeks():
    start = D(2026, 4, 1)
    days = self_cert(D(2026, 5, 26), D(2026, 5, 27))  # 8 weeks from 1 April is 27 May
    assert rules.apply_limits(
        days, programme_start=start, limits=Limits(), is_working_day=working
    ) == {(D(2026, 5, 26), SELF): "self_cert_before_weeks"}


def days_of(kind, first, count):
    result, day = [], first
    while len(result) < count:
        if working(day):
            result.append(AbsenceDay(day, kind))
        day += datetime.timedelta(days=1)
    return result


@pytest.mark.parametrize(
    ("kind", "limits", "allowed"),
    [
        ("sick_child", Limits(sick_child_days=10), 10),
        ("sick_child", Limits(sick_child_days=15), 15),
        ("pregnancy", Limits(pregnancy_days=10), 10),
        ("birth", Limits(birth_days=20), 20),
        ("birth", Limits(birth_days=7), 7),
        ("welfare", Limits(welfare_days=3), 3),
        ("religious_holiday", Limits(religious_days=2), 2),
    ],
)
def test_counted_absence_past_its_limit_is_invalid(kind, limits, allowed):
    days = days_of(kind, D(2026, 3, 2), allowed + 2)
    over = rules.apply_limits(days, programme_start=START, limits=limits, is_working_day=working)
    assert sorted(over) == [(d.date, kind) for d in days[allowed:]]
    assert set(over.values()) == {f"{kind}_limit"}


def test_welfare_leave_without_a_municipal_limit_is_not_checked():
    days = days_of("welfare", D(2026, 3, 2), 40)
    assert (
        rules.apply_limits(
            days, programme_start=START, limits=Limits(welfare_days=None), is_working_day=working
        )
        == {}
    )


@pytest.mark.parametrize(
    ("children", "sole", "days"),
    [(1, False, 10), (2, False, 10), (3, False, 15), (1, True, 20), (3, True, 30)],
)
def test_sick_child_days_by_family(children, sole, days):
    assert (
        rules.sick_child_days(
            children=children,
            sole_carer=sole,
            base=10,
            more_than_two=15,
            sole=20,
            sole_more_than_two=30,
        )
        == days
    )


def test_a_decision_keeps_a_day_past_the_limit_valid():
    days = self_cert(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6))
    days.append(AbsenceDay(D(2026, 5, 7), "own_illness_self", covered_by_decision=True))
    assert (
        rules.apply_limits(days, programme_start=START, limits=Limits(), is_working_day=working)
        == {}
    )


def test_approved_leave_needs_a_leave_decision():
    days = [
        AbsenceDay(D(2026, 5, 4), "approved_leave"),
        AbsenceDay(D(2026, 5, 5), "approved_leave", covered_by_decision=True),
    ]
    assert rules.apply_limits(
        days, programme_start=START, limits=Limits(), is_working_day=working
    ) == {(D(2026, 5, 4), "approved_leave"): "approved_leave_without_decision"}


def test_month_totals():
    calendar = {D(2026, 5, 4): {1: H(3)}, D(2026, 5, 5): {1: H(3), 2: H(5)}}
    regs = [
        rules.RegisteredHours(D(2026, 5, 4), 1, "present", "", H(3), False),
        rules.RegisteredHours(D(2026, 5, 5), 1, "absent", "own_illness_self", H(3), True),
    ]
    totals = rules.month_totals(calendar, regs)
    assert (totals.planned, totals.present, totals.invalid, totals.unregistered) == (
        H(11),
        H(3),
        H(3),
        H(5),
    )
    assert totals.absent_by_type == {"own_illness_self": H(3)}
