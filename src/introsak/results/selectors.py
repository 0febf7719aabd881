"""Reads for results: the programme ends of many participants at once, whose follow-up is
due, a participant's follow-ups, and the leader's dashboard figures.

Every function here runs a fixed number of queries, whatever the number of participants:
the decisions of all participants are read in one query and the periods are computed in
Python with the same rules as the participant page.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from introsak.attendance.models import AbsenceType, Registration
from introsak.core.models import Role, User
from introsak.core.permissions import is_leader, visible_participants
from introsak.decisions import selectors as decision_selectors
from introsak.decisions.models import (
    IN_FORCE,
    Decision,
    DecisionType,
    Track,
    without_replaced,
)
from introsak.participants.models import ACTIVE_STATUSES, LegalBasis, Participant, Status
from introsak.placements.models import Industry, Placement
from introsak.plans.models import MeasureKind, TargetLevel, TestKind, TestResult

from . import rules
from .models import Activity, Checkpoint, Outcome

GOAL_KEY = "results_goal_work_or_education_percent"
SKILLS = ("listening", "reading", "writing", "oral")
TENTH = Decimal("0.1")


def programme_periods(participant_ids) -> dict[int, object]:
    """The programme period of each participant (None-less: those without a grant are left
    out), from the decisions in force, in one query for the decisions and one for the rule
    parameters. `participant_ids` may be a queryset of ids."""
    decisions = (
        without_replaced(
            Decision.objects.filter(participant_id__in=participant_ids, status__in=IN_FORCE)
        )
        .select_related("leave_type")
        .order_by("participant_id", "decided_at", "id")
    )
    by_participant: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_participant[decision.participant_id].append(decision)
    params = decision_selectors.Parameters()
    periods = {}
    for pid, rows in by_participant.items():
        period = decision_selectors.programme_period(decisions=rows, params=params, labels=False)
        if period is not None:
            periods[pid] = period
    return periods


def norwegian_test_results(participants) -> dict[int, list[tuple[str, str]]]:
    """Each participant's Norwegian test results as (oral level, writing level) pairs, for
    `rules.norwegian_test_missing`; participants without a result are left out. One query;
    `participants` is a queryset."""
    results: dict[int, list[tuple[str, str]]] = {}
    for pid, oral, writing in TestResult.objects.filter(
        kind=TestKind.NORWEGIAN, training_plan__participant__in=participants.values("id")
    ).values_list("training_plan__participant_id", "oral", "writing"):
        results.setdefault(pid, []).append((oral, writing))
    return results


@dataclass
class TestMissing:
    participant: Participant
    programme_end: datetime.date
    missing: tuple[str, ...]

    @property
    def missing_text(self) -> str:
        if not self.missing:
            return ""
        if len(self.missing) == len(rules.NORWEGIAN_TEST_PARTS):
            return _("oral and written")
        return _("oral") if "oral" in self.missing else _("written")


def ending_without_norwegian_test(participants, *, today: datetime.date) -> list[TestMissing]:
    """Active participants among `participants` (a queryset) whose programme ends within
    `rules.ENDING_MONTHS` months and who have not taken both parts of the Norwegian test,
    soonest end first. Four queries, whatever the number."""
    active = participants.filter(status__in=ACTIVE_STATUSES)
    horizon = rules.add_months(today, rules.ENDING_MONTHS)
    periods = programme_periods(active.values("id"))
    results = norwegian_test_results(active)
    rows = []
    for participant in active.only("id", "given_name", "family_name", "municipality_id"):
        period = periods.get(participant.pk)
        if period is None or not today <= period.end <= horizon:
            continue
        missing = rules.norwegian_test_missing(results.get(participant.pk, ()))
        if missing:
            rows.append(TestMissing(participant, period.end, missing))
    rows.sort(key=lambda r: (r.programme_end, r.participant.family_name, r.participant.pk))
    return rows


# --- follow-ups ----------------------------------------------------------------------


@dataclass
class DueFollowUp:
    participant: Participant
    checkpoint: str
    due_on: datetime.date
    programme_end: datetime.date

    @property
    def checkpoint_label(self) -> str:
        return Checkpoint(self.checkpoint).label


def followup_participants(user: User):
    """Whose follow-up the user keeps: the consultant their own participants, the leader
    everybody in the municipality; nobody else."""
    qs = visible_participants(user)
    if user.role == Role.CONSULTANT:
        return qs.filter(consultant=user)
    if is_leader(user):
        return qs
    return qs.none()


def due_followups(user: User, today: datetime.date) -> list[DueFollowUp]:
    """The follow-ups due on `today` and not recorded, for the user's participants, oldest
    first. Four queries: participants, decisions, rule parameters, outcomes."""
    participants = {
        p.pk: p
        for p in followup_participants(user).only(
            "id", "given_name", "family_name", "municipality_id", "consultant_id", "status"
        )
    }
    if not participants:
        return []
    periods = programme_periods(list(participants))
    recorded: dict[int, set[str]] = defaultdict(set)
    for pid, checkpoint in Outcome.objects.filter(participant_id__in=list(periods)).values_list(
        "participant_id", "checkpoint"
    ):
        recorded[pid].add(checkpoint)
    due = []
    for pid, period in periods.items():
        if period.end > today:
            continue
        for followup in rules.due_followups(period.end, today, recorded[pid]):
            due.append(
                DueFollowUp(participants[pid], followup.checkpoint, followup.due_on, period.end)
            )
    due.sort(key=lambda d: (d.due_on, d.participant.family_name, d.participant.pk))
    return due


@dataclass
class FollowUpRow:
    checkpoint: str
    label: str
    due_on: datetime.date
    outcome: Outcome | None
    due: bool
    may_record: bool


def participant_followups(participant: Participant, today: datetime.date):
    """The participant's programme end and its three follow-ups with what was recorded."""
    period = decision_selectors.programme_period(participant, labels=False)
    outcomes = {
        o.checkpoint: o
        for o in Outcome.objects.filter(participant=participant).select_related("recorded_by")
    }
    if period is None:
        return None, [], list(outcomes.values())
    due = {f.checkpoint for f in rules.due_followups(period.end, today, outcomes)}
    rows = [
        FollowUpRow(
            f.checkpoint,
            Checkpoint(f.checkpoint).label,
            f.due_on,
            outcomes.get(f.checkpoint),
            f.checkpoint in due,
            rules.may_record(f, today),
        )
        for f in rules.followups_for(period.end)
    ]
    return period, rows, list(outcomes.values())


# --- the dashboard ---------------------------------------------------------------------


@dataclass
class Chart:
    id: str
    title: str
    rows: list  # [(label, value)]
    unit: str = ""
    scale_max: int | None = None
    bars: list = field(default_factory=list)
    height: int = 0

    def __post_init__(self):
        self.bars = rules.bars(self.rows, scale_max=self.scale_max)
        self.height = rules.chart_height(len(self.rows))


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "–"


def _scoped(user: User, consultant_id: int | None):
    qs = visible_participants(user)
    if consultant_id:
        qs = qs.filter(consultant_id=consultant_id)
    return qs


def dashboard(
    user: User, *, today: datetime.date, year: int | None = None, consultant_id: int | None = None
) -> dict:
    """The leader's figures for `year` (default this year), for one consultant's
    participants or everybody's. A fixed number of queries (twelve).

    - active: participants in an active status, by status, legal basis and track (the track
      of the grant in force);
    - ending: programmes whose end falls in the next `rules.ENDING_MONTHS` months (from
      `today`), with the parts of the Norwegian test not yet taken;
    - absence: the absence rate by month of `year` and measure kind, see
      `rules.absence_rate` — invalid absence hours (the invalid type, or a valid type past its
      limit) divided by all hours registered (present and absent) for that month and kind;
    - tests: the Norwegian test results taken in `year`, by level and skill;
    - placements: placements running today, by the workplace's industry;
    - outcomes: the follow-ups at the end and 12 months after that fell due in `year`, the
      share in work or education against the goal in force on the last day of the year.
    """
    year = year or today.year
    participants = _scoped(user, consultant_id)
    active = participants.filter(status__in=ACTIVE_STATUSES)

    by_status = Counter(dict(active.values_list("status").annotate(n=Count("id"))))
    by_basis = Counter(dict(active.values_list("legal_basis").annotate(n=Count("id"))))
    tracks: dict[int, str] = {}
    for pid, track in (
        without_replaced(
            Decision.objects.filter(
                participant__in=active,
                decision_type=DecisionType.GRANT,
                status__in=IN_FORCE,
            )
        )
        .order_by("decided_at", "id")
        .values_list("participant_id", "track")
    ):
        tracks[pid] = track
    by_track = Counter(tracks.values())
    total_active = sum(by_status.values())
    if total_active > len(tracks):
        by_track[""] += total_active - len(tracks)
    # The tracks in order, and «–» for the active participants without a grant in force.
    track_rows = [(t, _label(Track, t), by_track[t]) for t in Track.values] + (
        [("", "–", by_track[""])] if by_track[""] else []
    )

    # Programmes ending in the next 3 months.
    horizon = rules.add_months(today, rules.ENDING_MONTHS)
    names = {
        p.pk: p
        for p in active.select_related("consultant").only(
            "id",
            "given_name",
            "family_name",
            "municipality_id",
            "consultant__first_name",
            "consultant__last_name",
        )
    }
    periods = programme_periods(active.values("id"))
    ending_pids = [pid for pid, p in periods.items() if today <= p.end <= horizon]
    test_results = norwegian_test_results(active)
    ending = sorted(
        (
            {
                "participant": names[pid],
                "end": periods[pid].end,
                "decided": periods[pid].actual_end is not None,
                "test_missing": TestMissing(
                    names[pid],
                    periods[pid].end,
                    rules.norwegian_test_missing(test_results.get(pid, ())),
                ),
            }
            for pid in ending_pids
            if pid in names
        ),
        key=lambda r: (r["end"], r["participant"].family_name),
    )

    # Absence by month and measure kind.
    invalid = Q(status=Registration.Status.ABSENT) & (
        Q(absence_type=AbsenceType.INVALID) | Q(counts_as_invalid=True)
    )
    absence_rows = (
        Registration.objects.filter(participant__in=participants, date__year=year)
        .annotate(month=ExtractMonth("date"))
        .values("month", "measure__kind")
        .annotate(total=Sum("hours"), invalid=Sum("hours", filter=invalid))
        .order_by("month", "measure__kind")
    )
    kinds: list[str] = []
    absence: dict[int, dict[str, dict]] = defaultdict(dict)
    month_totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in absence_rows:
        kind = row["measure__kind"]
        if kind not in kinds:
            kinds.append(kind)
        invalid_hours = Decimal(row["invalid"] or 0).quantize(TENTH)
        total_hours = Decimal(row["total"] or 0).quantize(TENTH)
        absence[row["month"]][kind] = {
            "hours": total_hours,
            "invalid": invalid_hours,
            "rate": rules.absence_rate(invalid_hours, total_hours),
        }
        month_totals[row["month"]][0] += invalid_hours
        month_totals[row["month"]][1] += total_hours
    kinds.sort(key=lambda k: list(MeasureKind.values).index(k) if k in MeasureKind.values else 99)
    absence_table = [
        {
            "month": month,
            "cells": [absence[month].get(kind) for kind in kinds],
            "rate": rules.absence_rate(*month_totals[month]),
        }
        for month in sorted(absence)
    ]

    # Norwegian tests by level.
    levels = list(TargetLevel.values)
    test_counts = {skill: Counter() for skill in SKILLS}
    tests_taken = 0
    for row in TestResult.objects.filter(
        kind=TestKind.NORWEGIAN,
        taken_on__year=year,
        training_plan__participant__in=participants,
    ).values_list(*SKILLS):
        tests_taken += 1
        for skill, level in zip(SKILLS, row, strict=True):
            if level:
                test_counts[skill][level] += 1
    tests_table = [
        {
            "level": TargetLevel(level).label,
            "counts": [test_counts[s][level] for s in SKILLS],
            "total": sum(test_counts[s][level] for s in SKILLS),
        }
        for level in levels
    ]

    # Active placements.
    placements = Counter(
        dict(
            Placement.objects.filter(
                participant__in=participants, start_date__lte=today, end_date__gte=today
            )
            .values_list("workplace__industry")
            .annotate(n=Count("id"))
        )
    )
    placement_rows = [
        (i, _label(Industry, i), n) for i, n in sorted(placements.items(), key=lambda x: -x[1])
    ]
    # Outcomes against the goal.
    outcome_counts: dict[str, Counter] = {Checkpoint.END: Counter(), Checkpoint.MONTH_12: Counter()}
    for checkpoint, activity, n in (
        Outcome.objects.filter(
            participant__in=participants,
            checkpoint__in=(Checkpoint.END, Checkpoint.MONTH_12),
            due_on__year=year,
        )
        .values_list("checkpoint", "activity")
        .annotate(n=Count("id"))
    ):
        outcome_counts[checkpoint][activity] += n
    try:
        goal = decision_selectors.Parameters().value(GOAL_KEY, datetime.date(year, 12, 31))
    except LookupError:
        goal = None
    outcomes = []
    for checkpoint, counts in outcome_counts.items():
        recorded = sum(counts.values())
        in_goal = sum(n for a, n in counts.items() if rules.counts_towards_goal(a))
        share = rules.percent(in_goal, recorded)
        outcomes.append(
            {
                "checkpoint": checkpoint,
                "label": Checkpoint(checkpoint).label,
                "recorded": recorded,
                "in_goal": in_goal,
                "share": share,
                "meets_goal": share is not None and goal is not None and share >= goal,
                "by_activity": [(Activity(a).label, counts[a]) for a in Activity.values],
            }
        )

    charts = {
        "status": Chart(
            "chart-status",
            "",
            [(_label(Status, s), by_status[s]) for s in ACTIVE_STATUSES],
        ),
        "basis": Chart(
            "chart-basis", "", [(_label(LegalBasis, b), by_basis[b]) for b in LegalBasis.values]
        ),
        "track": Chart("chart-track", "", [(label, n) for _t, label, n in track_rows]),
        "absence": Chart(
            "chart-absence",
            "",
            [(f"{r['month']:02d}", r["rate"] or 0) for r in absence_table],
            unit="%",
        ),
        "tests": Chart("chart-tests", "", [(r["level"], r["total"]) for r in tests_table]),
        "placements": Chart(
            "chart-placements", "", [(label, n) for _i, label, n in placement_rows]
        ),
        "outcomes": Chart(
            "chart-outcomes",
            "",
            [(str(o["label"]), o["share"] or 0) for o in outcomes],
            unit="%",
            scale_max=100,
        ),
    }
    return {
        "year": year,
        "today": today,
        "consultant_id": consultant_id,
        "total_active": total_active,
        "by_status": [(s, _label(Status, s), by_status[s]) for s in ACTIVE_STATUSES],
        "by_basis": [(b, _label(LegalBasis, b), by_basis[b]) for b in LegalBasis.values],
        "by_track": track_rows,
        "ending": ending,
        "horizon": horizon,
        "absence_kinds": [(k, _label(MeasureKind, k)) for k in kinds],
        "absence": absence_table,
        "tests_taken": tests_taken,
        "tests": tests_table,
        "placements": placement_rows,
        "placements_total": sum(placements.values()),
        "outcomes": outcomes,
        "goal": goal,
        "charts": charts,
    }


def consultants(user: User):
    return User.objects.filter(
        municipality_id=user.municipality_id, role=Role.CONSULTANT, is_active=True
    ).order_by("first_name", "last_name")
