"""The summary figures of a deltakerbevis (certificate of participation). Pure, no Django.

Hours of a measure (what the certificate states for Norwegian, social studies and each
measure and course):

- where attendance is registered for the measure, the hours registered *present* — the hours
  the participant actually took part in;
- where nothing is registered (a course outside the class registers, an imported plan), the
  planned hours: hours a week × the measure's days / 7 (as `plans.rules.planned_hours`),
  counted only up to the programme's last day when it ended early.

Each measure says which of the two it is (`source`), and the certificate says so in words.

How much of the programme was completed (for an early end): the calendar days from the start
to the last day, against the days from the start to the planned end, as a whole percent
rounded down (never 100 % for an early end with days left), and the same as months
(days / 30.44, one decimal).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

DAYS_PER_MONTH = Decimal("30.44")
NORWEGIAN = "norwegian"
SOCIAL_STUDIES = "social_studies"
REGISTERED = "registered"
PLANNED = "planned"


@dataclass(frozen=True)
class MeasureInput:
    kind: str
    start: datetime.date
    end: datetime.date
    hours_per_week: Decimal
    registrations: int = 0  # how many attendance registrations the measure has
    present_hours: Decimal = Decimal(0)  # the hours registered present


@dataclass(frozen=True)
class MeasureHours:
    hours: Decimal
    source: str  # REGISTERED or PLANNED


@dataclass(frozen=True)
class Summary:
    measures: tuple[MeasureHours, ...]
    norwegian_hours: Decimal
    norwegian_source: str  # REGISTERED, PLANNED or "mixed"
    social_studies_hours: Decimal
    planned_days: int
    completed_days: int
    completed_percent: int
    planned_months: Decimal
    completed_months: Decimal
    early: bool


def inclusive_days(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end - start).days + 1)


def planned_hours(
    start: datetime.date, end: datetime.date, hours_per_week: Decimal, *, until=None
) -> Decimal:
    """Hours a week × days / 7, counting days only up to `until` when it is given."""
    if until is not None and until < end:
        end = until
    days = inclusive_days(start, end)
    return (Decimal(hours_per_week) * days / 7).quantize(Decimal("0.1"))


def measure_hours(measure: MeasureInput, *, until: datetime.date | None = None) -> MeasureHours:
    if measure.registrations:
        return MeasureHours(Decimal(measure.present_hours).quantize(Decimal("0.1")), REGISTERED)
    return MeasureHours(
        planned_hours(measure.start, measure.end, measure.hours_per_week, until=until), PLANNED
    )


def _months(days: int) -> Decimal:
    return (Decimal(days) / DAYS_PER_MONTH).quantize(Decimal("0.1"))


def summarize(
    measures: Sequence[MeasureInput],
    *,
    start: datetime.date,
    planned_end: datetime.date,
    actual_end: datetime.date,
) -> Summary:
    hours = tuple(measure_hours(m, until=actual_end) for m in measures)
    norwegian = [h for m, h in zip(measures, hours, strict=True) if m.kind == NORWEGIAN]
    social = [h for m, h in zip(measures, hours, strict=True) if m.kind == SOCIAL_STUDIES]
    sources = {h.source for h in norwegian}
    source = sources.pop() if len(sources) == 1 else ("mixed" if sources else PLANNED)
    planned_days = inclusive_days(start, planned_end)
    completed_days = min(planned_days, inclusive_days(start, actual_end))
    early = actual_end < planned_end
    percent = (
        int((Decimal(100) * completed_days / planned_days).to_integral_value(ROUND_FLOOR))
        if planned_days
        else 100
    )
    if early:
        percent = min(percent, 99)
    return Summary(
        measures=hours,
        norwegian_hours=sum((h.hours for h in norwegian), Decimal(0)),
        norwegian_source=source,
        social_studies_hours=sum((h.hours for h in social), Decimal(0)),
        planned_days=planned_days,
        completed_days=completed_days,
        completed_percent=percent,
        planned_months=_months(planned_days),
        completed_months=_months(completed_days),
        early=early,
    )


def end_fingerprint(actual_end: datetime.date | None, end_kind: str, reason: str) -> str:
    """What a deltakerbevis states about the end of the programme (last day, how it ended,
    why), as a SHA-256: when a new end decision changes any of it, the certificate made from
    the old one no longer holds."""
    if actual_end is None:
        return ""
    text = f"{actual_end.isoformat()}|{end_kind}|{reason.strip()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
