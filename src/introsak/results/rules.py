"""Pure rules for results: when the follow-ups of a programme are due, which are due now,
which activities count towards the goal, rates and shares, and the bars of a chart.

No Django imports: these take plain values and are tested with tables.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

END = "end"
MONTH_6 = "month_6"
MONTH_12 = "month_12"
CHECKPOINT_MONTHS = ((END, 0), (MONTH_6, 6), (MONTH_12, 12))

# Activities that count as «in work or education» for the national goal.
WORK_OR_EDUCATION = frozenset({"work", "education", "both"})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has fewer days
    (31.08 + 6 months = 28.02 or 29.02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class FollowUp:
    checkpoint: str
    due_on: datetime.date


def followups_for(programme_end: datetime.date) -> list[FollowUp]:
    """The follow-ups of a programme that ended on `programme_end`: on the last day, and 6
    and 12 months after it."""
    return [FollowUp(c, add_months(programme_end, m)) for c, m in CHECKPOINT_MONTHS]


def due_followups(
    programme_end: datetime.date, today: datetime.date, recorded: Iterable[str] = ()
) -> list[FollowUp]:
    """The follow-ups that are due on `today` and not yet recorded. A checkpoint is due from
    its date; a later checkpoint that is due replaces an earlier one not recorded (nobody
    records «at the end» a year afterwards), so at most one is due at a time."""
    done = set(recorded)
    due = [f for f in followups_for(programme_end) if f.due_on <= today]
    if not due or due[-1].checkpoint in done:
        return []
    return [due[-1]]


def counts_towards_goal(activity: str) -> bool:
    return activity in WORK_OR_EDUCATION


def percent(part, whole, places: int = 1) -> Decimal | None:
    """`part` of `whole` in per cent, rounded half up; None when there is nothing to divide."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


def absence_rate(invalid_hours, registered_hours) -> Decimal | None:
    """Invalid absence as a share of the hours registered (present and absent): the hours of
    absence without valid reason — the invalid type, or a valid type past its limit — divided
    by all hours registered for the month and measure kind, in per cent."""
    return percent(invalid_hours or 0, registered_hours or 0)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float  # of 100
    y: int


BAR_HEIGHT = 22
BAR_GAP = 8


def bars(rows: Sequence[tuple[str, float | int | Decimal | None]], *, scale_max=None) -> list[Bar]:
    """The bars of a horizontal bar chart: widths in per cent of the largest value (or of
    `scale_max`, e.g. 100 for percentages), with the y position of each bar."""
    values = [float(v or 0) for _, v in rows]
    top = float(scale_max) if scale_max else max(values, default=0)
    return [
        Bar(
            label,
            value,
            round(100 * value / top, 1) if top else 0.0,
            i * (BAR_HEIGHT + BAR_GAP),
        )
        for i, ((label, _), value) in enumerate(zip(rows, values, strict=True))
    ]


def chart_height(count: int) -> int:
    return max(1, count) * (BAR_HEIGHT + BAR_GAP)


# The follow-up at the end may be recorded from this many days before the last day.
RECORD_END_DAYS_BEFORE = 30


def may_record(followup: FollowUp, today: datetime.date) -> bool:
    """A follow-up may be recorded once it is due; the one at the end also in the last
    `RECORD_END_DAYS_BEFORE` days of the programme, when the activity afterwards is known."""
    if followup.checkpoint == END:
        return today >= followup.due_on - datetime.timedelta(days=RECORD_END_DAYS_BEFORE)
    return today >= followup.due_on


# Programmes ending within this many months are «ending soon» (the dashboard, the start page).
# A product choice, not the law: long enough to book a test date.
ENDING_MONTHS = 3

# The parts of the Norwegian test a participant should have taken before the programme ends.
NORWEGIAN_TEST_PARTS = ("oral", "writing")


def norwegian_test_missing(results: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The parts of the Norwegian test not yet taken, from the participant's Norwegian test
    results as (oral level, writing level) pairs, each blank when that part was not taken.

    The municipality's goal for the teaching: «Mål med undervisningen er at de skal avlegge
    språkprøve A2 eller B1, muntlig og skriftlig før endt program» (Karasjok's cooperation plan,
    the faglærer's tasks). The parts may be taken on different dates; any level counts as taken
    (whether it reached A2 or B1 is the dashboard's test table).
    """
    taken = {"oral": False, "writing": False}
    for oral, writing in results:
        taken["oral"] = taken["oral"] or bool(oral)
        taken["writing"] = taken["writing"] or bool(writing)
    return tuple(part for part in NORWEGIAN_TEST_PARTS if not taken[part])
