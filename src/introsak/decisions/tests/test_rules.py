"""The programme period and the decision checks, from worked examples."""

import datetime

import pytest

from introsak.decisions import rules
from introsak.decisions.rules import EventKind, PeriodEvent, RuleError, TrackRule

D = datetime.date
IL_OTHER = TrackRule(3, 24, 12)
IL_UPPER = TrackRule(3, 6, 6)
IL_GOAL_VGO = TrackRule(3, 36, 12)


def grant(start, end):
    return PeriodEvent(EventKind.GRANT, start, end)


def extension(new_end, on=None):
    return PeriodEvent(EventKind.EXTENSION, on, new_end)


def pause(start, end, extends=True):
    return PeriodEvent(EventKind.PAUSE, start, end, extends_programme=extends)


def end(last_day):
    return PeriodEvent(EventKind.END, last_day)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 15), 3, D(2026, 4, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 3, 15), 24, D(2028, 3, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert rules.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("events", "planned_end", "actual_end", "pause_days"),
    [
        # A two-year grant, nothing else.
        ([grant(D(2026, 1, 5), D(2028, 1, 4))], D(2028, 1, 4), None, 0),
        # Care leave without stipend, 10 days that extend: the end moves 10 days.
        (
            [grant(D(2026, 1, 5), D(2028, 1, 4)), pause(D(2026, 6, 1), D(2026, 6, 10))],
            D(2028, 1, 14),
            None,
            10,
        ),
        # Leave with stipend does not move the end.
        (
            [grant(D(2026, 1, 5), D(2028, 1, 4)), pause(D(2026, 6, 1), D(2026, 6, 10), False)],
            D(2028, 1, 4),
            None,
            0,
        ),
        # A temporary suspension of 3 months (92 days) moves the end by 92 days.
        (
            [grant(D(2026, 1, 5), D(2028, 1, 4)), pause(D(2026, 3, 1), D(2026, 5, 31))],
            D(2028, 4, 5),
            None,
            92,
        ),
        # An extension sets the new end; a later leave moves that.
        (
            [
                grant(D(2026, 1, 5), D(2028, 1, 4)),
                extension(D(2028, 7, 4)),
                pause(D(2028, 2, 1), D(2028, 2, 29)),
            ],
            D(2028, 8, 2),
            None,
            29,
        ),
        # A leave decided before the extension: the extension's date already counts it.
        (
            [
                grant(D(2026, 1, 5), D(2028, 1, 4)),
                pause(D(2026, 6, 1), D(2026, 6, 10)),
                extension(D(2028, 12, 31)),
            ],
            D(2028, 12, 31),
            None,
            10,
        ),
        # An end decision ends it on its last day.
        (
            [grant(D(2026, 1, 5), D(2028, 1, 4)), end(D(2027, 3, 31))],
            D(2028, 1, 4),
            D(2027, 3, 31),
            0,
        ),
        # A permanent suspension ends it the day before it starts.
        (
            [grant(D(2026, 1, 5), D(2028, 1, 4)), pause(D(2026, 9, 1), None)],
            D(2028, 1, 4),
            D(2026, 8, 31),
            0,
        ),
    ],
)
def test_programme_period_end_date_table(events, planned_end, actual_end, pause_days):
    period = rules.programme_period(events)
    assert (period.planned_end, period.actual_end, period.pause_days) == (
        planned_end,
        actual_end,
        pause_days,
    )


def test_no_grant_means_no_period():
    assert rules.programme_period([pause(D(2026, 1, 1), D(2026, 1, 5))]) is None


@pytest.mark.parametrize(
    ("today", "days_left"),
    [(D(2028, 1, 4), 1), (D(2027, 12, 31), 5), (D(2028, 1, 5), 0), (D(2025, 12, 1), 765)],
)
def test_days_left_counts_today_and_the_last_day(today, days_left):
    period = rules.programme_period([grant(D(2026, 1, 5), D(2028, 1, 4))])
    assert period.days_left(today) == days_left


@pytest.mark.parametrize(
    ("start", "end_", "settled", "rule", "error"),
    [
        (D(2026, 2, 1), D(2028, 1, 31), D(2026, 1, 10), IL_OTHER, None),
        (
            D(2026, 1, 5),
            D(2027, 1, 4),
            D(2026, 1, 10),
            IL_OTHER,
            ("start_date", "before_settlement"),
        ),
        (D(2026, 2, 1), D(2026, 1, 31), None, IL_OTHER, ("end_date", "end_before_start")),
        (D(2026, 2, 1), D(2026, 3, 31), None, IL_OTHER, ("end_date", "too_short")),
        (D(2026, 2, 1), D(2026, 4, 30), None, IL_OTHER, None),  # exactly 3 months
        (D(2026, 2, 1), D(2028, 2, 1), None, IL_OTHER, ("end_date", "too_long")),
        (D(2026, 2, 1), D(2026, 7, 31), None, IL_UPPER, None),  # exactly 6 months
        (D(2026, 2, 1), D(2026, 8, 1), None, IL_UPPER, ("end_date", "too_long")),
        (D(2026, 2, 1), D(2029, 1, 31), None, IL_GOAL_VGO, None),  # exactly 3 years
        (None, D(2027, 1, 1), None, IL_OTHER, ("start_date", "required")),
    ],
)
def test_grant_checks_table(start, end_, settled, rule, error):
    if error is None:
        rules.check_grant(start=start, planned_end=end_, settlement_date=settled, rule=rule)
        return
    with pytest.raises(RuleError) as excinfo:
        rules.check_grant(start=start, planned_end=end_, settlement_date=settled, rule=rule)
    assert (excinfo.value.field, excinfo.value.code) == error


@pytest.mark.parametrize(
    ("new_end", "extra_events", "error"),
    [
        (D(2029, 1, 31), [], None),  # 2 years + 1 year extension, exactly
        (D(2029, 2, 1), [], "beyond_maximum"),
        # 10 days of care leave make room for 10 more days.
        (D(2029, 2, 10), [pause(D(2026, 6, 1), D(2026, 6, 10))], None),
        (D(2029, 2, 11), [pause(D(2026, 6, 1), D(2026, 6, 10))], "beyond_maximum"),
        (D(2028, 1, 31), [], "not_later"),
        (D(2028, 6, 30), [end(D(2027, 12, 31))], "programme_ended"),
    ],
)
def test_extension_checks_table(new_end, extra_events, error):
    period = rules.programme_period([grant(D(2026, 2, 1), D(2028, 1, 31)), *extra_events])
    if error is None:
        rules.check_extension(new_end=new_end, period=period, rule=IL_OTHER)
        return
    with pytest.raises(RuleError) as excinfo:
        rules.check_extension(new_end=new_end, period=period, rule=IL_OTHER)
    assert excinfo.value.code == error


def test_end_after_the_planned_end_needs_an_extension_first():
    period = rules.programme_period([grant(D(2026, 2, 1), D(2028, 1, 31))])
    rules.check_end(last_day=D(2028, 1, 31), period=period)
    with pytest.raises(RuleError) as excinfo:
        rules.check_end(last_day=D(2028, 2, 1), period=period)
    assert excinfo.value.code == "after_planned_end"


def test_an_extension_segment_starts_the_day_after_the_old_end():
    period = rules.programme_period(
        [grant(D(2026, 2, 1), D(2028, 1, 31)), extension(D(2028, 7, 31))]
    )
    assert period.segments[-1][:3] == ("extension", D(2028, 2, 1), D(2028, 7, 31))


def test_extension_without_programme_is_refused():
    with pytest.raises(RuleError) as excinfo:
        rules.check_extension(new_end=D(2027, 1, 1), period=None, rule=IL_OTHER)
    assert excinfo.value.code == "no_programme"


PERIOD = rules.ProgrammePeriod(start=D(2026, 2, 1), planned_end=D(2028, 1, 31))


@pytest.mark.parametrize(
    ("start", "end_", "others", "open_ended", "error"),
    [
        (D(2026, 5, 1), D(2026, 5, 10), [], False, None),
        (D(2026, 5, 1), D(2026, 4, 30), [], False, "end_before_start"),
        (D(2026, 1, 20), D(2026, 2, 10), [], False, "outside_programme"),
        (D(2028, 2, 1), D(2028, 2, 10), [], False, "outside_programme"),
        (D(2026, 5, 1), D(2026, 5, 10), [(D(2026, 5, 10), D(2026, 5, 20))], False, "overlap"),
        (D(2026, 5, 1), D(2026, 5, 10), [(D(2026, 5, 11), D(2026, 5, 20))], False, None),
        (D(2026, 5, 1), None, [(D(2026, 9, 1), D(2026, 9, 20))], True, "overlap"),
        (D(2026, 10, 1), D(2026, 10, 5), [(D(2026, 9, 1), None)], False, "overlap"),
        (D(2026, 5, 1), None, [], False, "required"),
    ],
)
def test_pause_checks_table(start, end_, others, open_ended, error):
    if error is None:
        rules.check_pause(
            start=start, end=end_, period=PERIOD, others=others, open_ended=open_ended
        )
        return
    with pytest.raises(RuleError) as excinfo:
        rules.check_pause(
            start=start, end=end_, period=PERIOD, others=others, open_ended=open_ended
        )
    assert excinfo.value.code == error


def no_holidays(day):
    return False


@pytest.mark.parametrize(
    ("start", "end_", "rule", "error"),
    [
        # 10 working days: Monday 2 Nov to Friday 13 Nov 2026.
        (D(2026, 11, 2), D(2026, 11, 13), rules.LeaveRule(10, "working_days"), None),
        (
            D(2026, 11, 2),
            D(2026, 11, 16),
            rules.LeaveRule(10, "working_days"),
            "leave_too_long_days",
        ),
        # Weekends do not count: Friday to Monday is 2 working days.
        (D(2026, 11, 6), D(2026, 11, 9), rules.LeaveRule(2, "working_days"), None),
        # Care leave: 10 months.
        (D(2026, 3, 1), D(2026, 12, 31), rules.LeaveRule(10, "months"), None),
        (D(2026, 3, 1), D(2027, 1, 1), rules.LeaveRule(10, "months"), "leave_too_long_months"),
        (D(2026, 3, 1), D(2030, 1, 1), rules.LeaveRule(None, "working_days"), None),
    ],
)
def test_leave_length_table(start, end_, rule, error):
    if error is None:
        rules.check_leave_length(start=start, end=end_, rule=rule, is_holiday=no_holidays)
        return
    with pytest.raises(RuleError) as excinfo:
        rules.check_leave_length(start=start, end=end_, rule=rule, is_holiday=no_holidays)
    assert excinfo.value.code == error


def test_public_holidays_are_not_working_days():
    easter_2026 = {D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 6)}
    # Monday 30 March to Tuesday 7 April 2026: 7 weekdays, 3 of them holidays.
    assert rules.working_days(D(2026, 3, 30), D(2026, 4, 7), easter_2026.__contains__) == 4


@pytest.mark.parametrize(
    ("end_", "error"),
    [(D(2026, 5, 31), False), (D(2026, 6, 1), True)],
)
def test_temporary_suspension_at_most_three_months(end_, error):
    if error:
        with pytest.raises(RuleError):
            rules.check_temporary_suspension(start=D(2026, 3, 1), end=end_, max_months=3)
    else:
        rules.check_temporary_suspension(start=D(2026, 3, 1), end=end_, max_months=3)


@pytest.mark.parametrize(
    ("age", "permit_ok", "expected"),
    [
        (18, True, True),
        (55, True, True),
        (56, True, False),
        (17, True, False),
        (30, False, False),
        (None, True, False),
    ],
)
def test_right_and_duty_by_age_at_permit(age, permit_ok, expected):
    assert (
        rules.has_right_and_duty(
            age_at_permit=age, min_age=18, max_age=55, permit_gives_right=permit_ok
        )
        is expected
    )


def test_appeal_deadline_is_three_weeks_from_the_letter():
    assert rules.appeal_deadline(D(2026, 11, 24), 3) == D(2026, 12, 15)


@pytest.mark.parametrize(
    ("today", "has_grant", "codes"),
    [
        (D(2026, 3, 1), False, []),  # settled 1 Jan: 2 months
        (D(2026, 3, 17), False, ["no_grant"]),  # 15 days before 1 April
        (D(2026, 4, 2), False, ["no_grant"]),  # past the deadline
        (D(2026, 4, 2), True, []),
    ],
)
def test_start_deadline_warning(today, has_grant, codes):
    warnings = rules.programme_warnings(
        today=today,
        settlement=D(2026, 1, 1),
        has_grant=has_grant,
        start_deadline_months=3,
        start_warning_days=15,
        period=None,
        end_or_extension_pending=False,
        end_warning_days=60,
        rule=None,
    )
    assert [w.code for w in warnings] == codes


@pytest.mark.parametrize(
    ("planned_end", "today", "pending", "codes"),
    [
        (D(2028, 1, 31), D(2027, 10, 1), False, []),
        (D(2028, 1, 31), D(2027, 12, 5), False, ["ending", "at_track_maximum"]),
        (D(2028, 1, 31), D(2027, 12, 5), True, ["at_track_maximum"]),
        (D(2027, 6, 30), D(2027, 5, 10), False, ["ending"]),
        (D(2029, 1, 31), D(2028, 6, 1), False, ["at_absolute_maximum"]),
    ],
)
def test_end_and_maximum_warnings(planned_end, today, pending, codes):
    period = rules.programme_period([grant(D(2026, 2, 1), planned_end)])
    warnings = rules.programme_warnings(
        today=today,
        settlement=D(2026, 1, 10),
        has_grant=True,
        start_deadline_months=3,
        start_warning_days=15,
        period=period,
        end_or_extension_pending=pending,
        end_warning_days=60,
        rule=IL_OTHER,
    )
    assert [w.code for w in warnings] == codes


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 31), None),
        (D(2026, 2, 1), "in_programme"),
        (D(2026, 5, 5), "on_leave"),
        (D(2026, 9, 15), "suspended"),
        (D(2027, 12, 31), "in_programme"),
        (D(2028, 1, 1), "completed"),
    ],
)
def test_status_follows_the_decisions(day, expected):
    period = rules.programme_period([grant(D(2026, 2, 1), D(2028, 1, 31)), end(D(2027, 12, 31))])
    pauses = [
        rules.Pause(D(2026, 5, 1), D(2026, 5, 10), "leave"),
        rules.Pause(D(2026, 9, 1), D(2026, 9, 30), "suspension"),
    ]
    assert rules.status_on(day, period=period, pauses=pauses, end_kind="completed") == expected
