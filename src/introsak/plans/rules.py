"""Rules for the plan and the IOP. Pure functions, no Django.

Sources:
- Full time: the programme is «helårig og på full tid» (integreringsloven § 14 a; introduksjons-
  loven § 4), in practice 37.5 hours a week, 30 with much self-study (DOMAIN.md; IMDi). The
  hours come in as arguments from the dated rule table.
- Compulsory content (DOMAIN.md, IL § 14 a): Norwegian, social studies (75 hours, in a
  language the participant understands), livsmestring, parental guidance for participants
  with children under 18, and work- or education-oriented measures.
- The IOP is reviewed at least once a semester (the Karasjok cooperation plan).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ONE_WEEK = datetime.timedelta(days=7)
# A product limit, not the law: no single measure takes more than a full week.
MAX_HOURS_PER_WEEK = Decimal(40)


class RuleError(ValueError):
    def __init__(self, field: str, code: str, **params):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
        self.params = params


@dataclass(frozen=True)
class MeasureSpan:
    kind: str
    start: datetime.date
    end: datetime.date
    hours_per_week: Decimal


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly_hours(measures: Iterable[MeasureSpan], week_start: datetime.date) -> Decimal:
    """Hours planned in the week starting on Monday `week_start`."""
    week_end = week_start + datetime.timedelta(days=6)
    return sum(
        (m.hours_per_week for m in measures if m.start <= week_end and m.end >= week_start),
        Decimal(0),
    )


def weeks_below(
    measures: Sequence[MeasureSpan],
    *,
    start: datetime.date,
    end: datetime.date,
    full_time: Decimal,
) -> list[tuple[datetime.date, Decimal]]:
    """Every week from `start` to `end` whose planned hours are under full time."""
    weeks, week = [], monday(start)
    while week <= end:
        hours = weekly_hours(measures, week)
        if hours < full_time:
            weeks.append((week, hours))
        week += ONE_WEEK
    return weeks


def planned_hours(measure: MeasureSpan) -> Decimal:
    """Hours over the measure's whole period: hours a week × weeks (days / 7)."""
    days = (measure.end - measure.start).days + 1
    return (measure.hours_per_week * days / 7).quantize(Decimal("0.1"))


COMPULSORY = (
    "norwegian",
    "social_studies",
    "life_skills",
    "parental_guidance",
    "work_or_education",
)


def missing_compulsory(
    measures: Sequence[MeasureSpan],
    *,
    has_children_under_18: bool,
    social_studies_hours: int,
    work_or_education_kinds: Iterable[str],
) -> list[str]:
    """Which compulsory content the plan lacks for this participant."""
    kinds = {m.kind for m in measures}
    missing = []
    if "norwegian" not in kinds:
        missing.append("norwegian")
    social = sum((planned_hours(m) for m in measures if m.kind == "social_studies"), Decimal(0))
    if social < social_studies_hours:
        missing.append("social_studies")
    if "life_skills" not in kinds:
        missing.append("life_skills")
    if has_children_under_18 and "parental_guidance" not in kinds:
        missing.append("parental_guidance")
    if not kinds & set(work_or_education_kinds):
        missing.append("work_or_education")
    return missing


def check_measure(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    hours: Decimal | None,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> None:
    """A measure has hours above 0 and at most 40 a week, and lies in the programme."""
    if hours is None:
        raise RuleError("hours_per_week", "required")
    if hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise RuleError("hours_per_week", "hours_range", max=MAX_HOURS_PER_WEEK)
    if start is None:
        raise RuleError("start_date", "required")
    if end is None:
        raise RuleError("end_date", "required")
    if end < start:
        raise RuleError("end_date", "end_before_start")
    if period_start and start < period_start:
        raise RuleError("start_date", "before_programme", start=period_start)
    if period_end and end > period_end:
        raise RuleError("end_date", "after_programme", end=period_end)


def check_sub_goal(*, target_date: datetime.date | None, period_end: datetime.date | None) -> None:
    if target_date is None:
        raise RuleError("target_date", "required")
    if period_end and target_date > period_end:
        raise RuleError("target_date", "after_programme", end=period_end)


def check_interpreter(
    *, birth_date: datetime.date | None, on: datetime.date, adult_age: int
) -> None:
    """A child can never interpret (DOMAIN.md; IMDi: «barn skal ikke brukes som tolk»)."""
    if birth_date is None:
        raise RuleError("interpreter_birth_date", "required")
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if years < adult_age:
        raise RuleError("interpreter_birth_date", "interpreter_child", age=years)


# --- revisions --------------------------------------------------------------------------


SECTIONS = ("sub_goals", "measures")


def diff_snapshots(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between two plan snapshots: the plan's own fields, and sub-goals and
    measures added, removed or changed (matched by id)."""
    old = old or {"plan": {}, "sub_goals": [], "measures": []}
    changes: list[dict[str, Any]] = []
    fields = {
        key: {"old": old["plan"].get(key), "new": value}
        for key, value in new["plan"].items()
        if old["plan"].get(key) != value
    }
    if fields:
        changes.append({"section": "plan", "item": None, "change": "changed", "fields": fields})
    for section in SECTIONS:
        before = {row["id"]: row for row in old.get(section, [])}
        after = {row["id"]: row for row in new.get(section, [])}
        for row_id, row in after.items():
            if row_id not in before:
                changes.append(
                    {
                        "section": section,
                        "item": row_id,
                        "change": "added",
                        "fields": {k: {"old": None, "new": v} for k, v in row.items() if k != "id"},
                    }
                )
            else:
                fields = {
                    k: {"old": before[row_id].get(k), "new": v}
                    for k, v in row.items()
                    if before[row_id].get(k) != v
                }
                if fields:
                    changes.append(
                        {"section": section, "item": row_id, "change": "changed", "fields": fields}
                    )
        for row_id, row in before.items():
            if row_id not in after:
                changes.append(
                    {
                        "section": section,
                        "item": row_id,
                        "change": "removed",
                        "fields": {k: {"old": v, "new": None} for k, v in row.items() if k != "id"},
                    }
                )
    return changes


# --- the IOP ----------------------------------------------------------------------------


def semester_of(day: datetime.date) -> str:
    """«V2026» for January–June (vår), «H2026» for July–December (høst)."""
    return f"{'V' if day.month <= 6 else 'H'}{day.year}"


def semester_end(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 6, 30) if day.month <= 6 else datetime.date(day.year, 12, 31)


def review_missing(review_dates: Iterable[datetime.date], today: datetime.date) -> bool:
    """No IOP review yet in the semester `today` is in."""
    current = semester_of(today)
    return not any(semester_of(d) == current for d in review_dates)


def check_test_levels(levels: dict[str, str], allowed: Iterable[str]) -> None:
    """Test levels are A1–C1 (Norskprøven); at least one skill is given."""
    allowed = set(allowed)
    given = {skill: level for skill, level in levels.items() if level}
    if not given:
        raise RuleError("listening", "no_level")
    for skill, level in given.items():
        if level not in allowed:
            raise RuleError(skill, "level_range")
