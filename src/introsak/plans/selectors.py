"""Reads for plans and IOPs: the plan with its weekly hours and warnings, the revision
history and comparisons, and the start page's reviews due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from introsak.core.models import User
from introsak.core.permissions import visible_participants
from introsak.decisions import selectors as decision_selectors
from introsak.participants.models import ACTIVE_STATUSES, Participant, Relation
from introsak.participants.rules import age_on

from . import rules
from .models import (
    WORK_OR_EDUCATION,
    Measure,
    Plan,
    PlanRevision,
    TrainingPlan,
    TrainingReview,
)

MINUTES = Decimal(60)


def has_children_under_18(participant: Participant, *, today: datetime.date) -> bool:
    """Children under 18 in the household, when the participant is a parent there."""
    if participant.household_id is None or participant.household_relation not in (
        Relation.MAIN,
        Relation.SPOUSE,
        Relation.COHABITANT,
    ):
        return False
    return any(
        member.relation == Relation.CHILD
        and member.birth_date is not None
        and age_on(member.birth_date, today) < 18
        for member in participant.household.members.all()
    )


def full_time_hours(plan: Plan, params, on: datetime.date) -> Decimal:
    key = "self_study_full_time_minutes" if plan.heavy_self_study else "full_time_minutes"
    return Decimal(params.value(key, on)) / MINUTES


@dataclass
class PlanOverview:
    plan: Plan | None
    measures: list[Measure] = field(default_factory=list)
    week_start: datetime.date | None = None
    week_hours: Decimal = Decimal(0)
    full_time: Decimal = Decimal("37.5")
    weeks_below: list[tuple[datetime.date, Decimal]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    period: object | None = None
    revisions: list[PlanRevision] = field(default_factory=list)
    conversations: list = field(default_factory=list)
    social_studies_hours: Decimal = Decimal(0)


def spans(measures) -> list[rules.MeasureSpan]:
    return [rules.MeasureSpan(m.kind, m.start_date, m.end_date, m.hours_per_week) for m in measures]


def plan_overview(participant: Participant, *, today: datetime.date) -> PlanOverview:
    plan = Plan.objects.filter(participant=participant).prefetch_related("sub_goals").first()
    period = decision_selectors.programme_period(participant)
    if plan is None:
        return PlanOverview(plan=None, period=period)
    measures = list(plan.measures.filter(is_active=True).select_related("responsible"))
    params = decision_selectors.Parameters()
    full_time = full_time_hours(plan, params, today)
    measure_spans = spans(measures)
    week = rules.monday(max(today, period.start) if period else today)
    overview = PlanOverview(
        plan=plan,
        measures=measures,
        week_start=week,
        week_hours=rules.weekly_hours(measure_spans, week),
        full_time=full_time,
        period=period,
        revisions=list(plan.revisions.select_related("created_by").defer("snapshot")),
        conversations=list(plan.conversations.all()),
        social_studies_hours=sum(
            (rules.planned_hours(s) for s in measure_spans if s.kind == "social_studies"),
            Decimal(0),
        ),
    )
    if period is not None:
        overview.weeks_below = rules.weeks_below(
            measure_spans, start=max(today, period.start), end=period.end, full_time=full_time
        )
    overview.missing = rules.missing_compulsory(
        measure_spans,
        has_children_under_18=has_children_under_18(participant, today=today),
        social_studies_hours=params.value("social_studies_hours", today),
        work_or_education_kinds=WORK_OR_EDUCATION,
    )
    return overview


@dataclass
class ComparedRow:
    values: dict
    change: str  # "", "added", "removed", "changed"
    changed_fields: set


def compare(old: PlanRevision, new: PlanRevision) -> dict:
    """Two revisions side by side: for each section, the rows of each with what changed."""
    changes = rules.diff_snapshots(old.snapshot, new.snapshot)
    by_item = {(c["section"], c["item"]): c for c in changes}
    plan_change = by_item.get(("plan", None))
    result = {
        "plan_changed": set(plan_change["fields"]) if plan_change else set(),
        "changes": changes,
    }
    for section in rules.SECTIONS:
        for side, revision in (("old", old), ("new", new)):
            rows = []
            for row in revision.snapshot.get(section, []):
                change = by_item.get((section, row["id"]))
                kind = ""
                if change:
                    kind = change["change"]
                rows.append(ComparedRow(row, kind, set(change["fields"]) if change else set()))
            result[f"{section}_{side}"] = rows
    return result


def reviews_due(user: User, *, today: datetime.date, within_days: int = 14) -> list[Plan]:
    """Plans of the consultant's (and unassigned) active participants whose review date has
    come or comes within two weeks, or that have no review date."""
    return list(
        Plan.objects.filter(
            participant__in=visible_participants(user)
            .filter(status__in=ACTIVE_STATUSES)
            .filter(Q(consultant=user) | Q(consultant__isnull=True))
        )
        .filter(
            Q(next_review_on__isnull=True)
            | Q(next_review_on__lte=today + datetime.timedelta(days=within_days))
        )
        .select_related("participant")
        .order_by("next_review_on")
    )


def training_overview(participant: Participant, *, today: datetime.date) -> dict:
    iop = (
        TrainingPlan.objects.filter(participant=participant)
        .prefetch_related(
            "levels__recorded_by", "goals", "reviews__reviewed_by", "tests__recorded_by"
        )
        .first()
    )
    reviews = list(iop.reviews.all()) if iop else []
    return {
        "iop": iop,
        "levels": list(iop.levels.all()) if iop else [],
        "goals": list(iop.goals.all()) if iop else [],
        "reviews": reviews,
        "tests": list(iop.tests.all()) if iop else [],
        "semester": rules.semester_of(today),
        "semester_end": rules.semester_end(today),
        "review_missing": rules.review_missing([r.held_on for r in reviews], today),
    }


def missing_training_reviews(user: User, *, today: datetime.date) -> list[Participant]:
    """The teacher's participants in the programme with no IOP review this semester."""
    start = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
    reviewed = TrainingReview.objects.filter(
        held_on__gte=start, held_on__lte=rules.semester_end(today)
    ).values("training_plan__participant_id")
    return list(
        visible_participants(user)
        .filter(status__in=("in_programme",))
        .exclude(pk__in=reviewed)
        .order_by("family_name", "given_name")
    )
