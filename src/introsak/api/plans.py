"""/api/v1: the individual plan (IP), its revisions and IP conversations, and the teacher's
training plan (IOP).

Mounted at /v1; everything hangs off /participants/{id}:

- /plan (GET, PUT), /plan/revisions, /plan/revisions/{number}, /plan/conversations;
- /training-plan (GET) with /levels, /goals, /reviews and /tests.

The views are thin: they fetch the participant through the policy (one the user may not see
is a 404), turn responsible_id into a colleague, and call the plans services and selectors,
which check the role (403), the rules and the programme period (422 with the field). Errors
in a row of a list name the row: `measures.0.hours_per_week` comes back with the loc
["body", "payload", "measures", "0", "hours_per_week"].

Hours are numbers with one decimal (37.5).
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as HttpStatus

from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.permissions import get_visible_participant_or_404, municipality_users
from introsak.core.web import log_api_read as _log_read
from introsak.decisions.models import FinalGoal
from introsak.participants.models import CefrLevel, InterpreterMode
from introsak.plans import selectors, services
from introsak.plans.models import (
    MeasureKind,
    Plan,
    SubGoalStatus,
    TargetLevel,
    TestKind,
)

router = Router(tags=["plans"])


def _choice(choices):
    """One Literal of the choices' values: a bad value is a 422 on the field alone, and the
    value comes in as a plain string."""
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


def _choice_or_blank(choices):
    return Literal[("", *choices.values)]  # type: ignore[valid-type]


FinalGoalIn = _choice(FinalGoal)
TargetLevelIn = _choice(TargetLevel)
# A test names a level from A1 to C1 per skill, or none for a skill not tested.
TestLevelIn = _choice_or_blank(TargetLevel)
CefrLevelIn = _choice(CefrLevel)
SubGoalStatusIn = _choice(SubGoalStatus)
MeasureKindIn = _choice(MeasureKind)
TestKindIn = _choice(TestKind)
InterpreterModeIn = _choice_or_blank(InterpreterMode)
LanguageIn = Literal[("", *LANGUAGE_NAMES)]  # type: ignore[valid-type]

Hours = float


# --- the plan: schemas ------------------------------------------------------------------


class SubGoalOut(Schema):
    id: int
    description: str
    target_date: datetime.date
    status: str


class MeasureOut(Schema):
    id: int
    kind: str
    title: str
    provider: str
    responsible_id: int | None
    start_date: datetime.date
    end_date: datetime.date
    hours_per_week: Hours


class PlanOut(Schema):
    final_goal: str
    final_goal_field: str
    norwegian_target: str
    heavy_self_study: bool
    next_review_on: datetime.date | None
    sub_goals: list[SubGoalOut]
    measures: list[MeasureOut] = Field(..., description="The measures in the plan now")
    week_start: datetime.date | None = Field(
        ..., description="Monday of the week week_hours counts: this week, or the programme's first"
    )
    week_hours: Hours
    full_time_hours: Hours = Field(..., description="37.5, or 30 with heavy self-study")
    weeks_below_full_time: int = Field(
        ..., description="Weeks from now to the programme's end planned under full time"
    )
    missing_compulsory: list[str] = Field(
        ...,
        description=(
            "Compulsory content the plan lacks: norwegian, social_studies, life_skills, "
            "parental_guidance, work_or_education"
        ),
    )
    social_studies_hours: Hours = Field(..., description="Social studies hours planned in all")
    current_revision: int | None


class SubGoalIn(Schema):
    id: int | None = Field(None, description="Leave out for a new sub-goal")
    description: str = Field(..., max_length=300)
    target_date: datetime.date
    status: SubGoalStatusIn | None = Field(
        None, description="Left out: planned for a new sub-goal, unchanged for an existing one"
    )


class MeasureIn(Schema):
    id: int | None = Field(None, description="Leave out for a new measure")
    kind: MeasureKindIn
    title: str = Field("", max_length=200)
    provider: str = Field(..., max_length=150)
    responsible_id: int | None = None
    start_date: datetime.date
    end_date: datetime.date
    hours_per_week: Decimal = Field(
        ..., decimal_places=1, description="More than 0 and at most 40, one decimal"
    )


class PlanIn(Schema):
    """The whole plan. Sub-goals and measures left out are removed (a removed measure is kept
    inactive for the attendance that refers to it)."""

    final_goal: FinalGoalIn
    final_goal_field: str = Field("", max_length=150)
    norwegian_target: TargetLevelIn
    heavy_self_study: bool = False
    note: str = Field("", max_length=300, description="Why the plan changed (the revision's)")
    sub_goals: list[SubGoalIn] = []
    measures: list[MeasureIn] = []


class ValueChange(Schema):
    old: Any
    new: Any


class ChangeOut(Schema):
    section: str = Field(..., description="plan, sub_goals or measures")
    item: int | None = Field(..., description="The sub-goal's or measure's id")
    change: str = Field(..., description="added, removed or changed")
    fields: dict[str, ValueChange]


class RevisionOut(Schema):
    number: int
    created_at: datetime.datetime
    created_by_id: int
    note: str
    acknowledged_on: datetime.date | None
    changes: list[ChangeOut]


class SnapshotOut(Schema):
    plan: dict[str, Any]
    sub_goals: list[dict[str, Any]]
    measures: list[dict[str, Any]]


class RevisionDetailOut(RevisionOut):
    snapshot: SnapshotOut = Field(..., description="The whole plan as this revision saved it")


class ConversationIn(Schema):
    held_on: datetime.date
    attendees: str = Field(..., max_length=400)
    interpreter_used: bool = False
    interpreter_language: LanguageIn = ""
    interpreter_name: str = Field("", max_length=150)
    interpreter_birth_date: datetime.date | None = Field(
        None, description="Needed with an interpreter: a person under 18 can never interpret"
    )
    interpreter_qualified: bool = False
    interpreter_mode: InterpreterModeIn = ""
    summary: str
    agreed_changes: str = ""
    next_review_on: datetime.date
    acknowledged: bool = Field(
        False, description="The participant acknowledged the plan (its latest revision)"
    )


class ConversationOut(Schema):
    id: int
    held_on: datetime.date
    attendees: str
    interpreter_used: bool
    interpreter_language: str
    interpreter_name: str
    interpreter_birth_date: datetime.date | None
    interpreter_qualified: bool
    interpreter_mode: str
    summary: str
    agreed_changes: str
    next_review_on: datetime.date
    acknowledged: bool
    recorded_by_id: int


# --- the IOP: schemas -------------------------------------------------------------------


class LevelIn(Schema):
    recorded_on: datetime.date
    listening: CefrLevelIn
    reading: CefrLevelIn
    writing: CefrLevelIn
    oral: CefrLevelIn


class LevelOut(Schema):
    id: int
    recorded_on: datetime.date
    listening: str
    reading: str
    writing: str
    oral: str
    recorded_by_id: int


class GoalIn(Schema):
    id: int | None = Field(None, description="Leave out for a new goal")
    semester: str = Field(..., max_length=6, description="V2027 or H2026")
    description: str = Field(..., max_length=300)
    status: SubGoalStatusIn | None = Field(None, description="Left out: planned")


class GoalsIn(Schema):
    goals: list[GoalIn] = Field(..., description="The whole list; goals left out are removed")


class GoalOut(Schema):
    id: int
    semester: str
    description: str
    status: str


class ReviewIn(Schema):
    held_on: datetime.date
    summary: str


class ReviewOut(Schema):
    id: int
    held_on: datetime.date
    summary: str
    reviewed_by_id: int


class TestResultIn(Schema):
    kind: TestKindIn
    taken_on: datetime.date
    listening: TestLevelIn = ""
    reading: TestLevelIn = ""
    writing: TestLevelIn = ""
    oral: TestLevelIn = ""
    passed: bool | None = Field(None, description="The social studies test only")


class TestResultOut(Schema):
    id: int
    kind: str
    taken_on: datetime.date
    listening: str
    reading: str
    writing: str
    oral: str
    passed: bool | None
    recorded_by_id: int


class TrainingPlanOut(Schema):
    main_goal: str = ""
    main_goal_by: datetime.date | None = None
    levels: list[LevelOut]
    goals: list[GoalOut]
    reviews: list[ReviewOut]
    tests: list[TestResultOut]
    semester: str = Field(..., description="The semester today is in, e.g. H2026")
    semester_end: datetime.date
    review_missing: bool = Field(..., description="No IOP review yet this semester")


# --- helpers ----------------------------------------------------------------------------


def _participant_with(request, participant_id: int, perm: str):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm(perm, participant):
        raise PermissionDenied
    return participant


def _plan_or_404(participant) -> Plan:
    plan = Plan.objects.filter(participant=participant).first()
    if plan is None:
        raise HttpError(404, _("This participant has no plan yet."))
    return plan


def _plan_output(participant) -> dict:
    overview = selectors.plan_overview(participant, today=timezone.localdate())
    plan = overview.plan
    if plan is None:
        raise HttpError(404, _("This participant has no plan yet."))
    return {
        "final_goal": plan.final_goal,
        "final_goal_field": plan.final_goal_field,
        "norwegian_target": plan.norwegian_target,
        "heavy_self_study": plan.heavy_self_study,
        "next_review_on": plan.next_review_on,
        "sub_goals": list(plan.sub_goals.all()),
        "measures": overview.measures,
        "week_start": overview.week_start,
        "week_hours": overview.week_hours,
        "full_time_hours": overview.full_time,
        "weeks_below_full_time": len(overview.weeks_below),
        "missing_compulsory": overview.missing,
        "social_studies_hours": overview.social_studies_hours,
        "current_revision": overview.revisions[0].number if overview.revisions else None,
    }


def _measure_rows(request, measures: list[dict]) -> list[dict]:
    """responsible_id to a colleague of the user's municipality, or a 422 on the row's field."""
    ids = {row["responsible_id"] for row in measures if row["responsible_id"] is not None}
    colleagues = municipality_users(request.auth).in_bulk(ids)
    rows, errors = [], {}
    for index, measure in enumerate(measures):
        row = dict(measure)
        pk = row.pop("responsible_id")
        if pk is not None and pk not in colleagues:
            errors[f"measures.{index}.responsible_id"] = _("No such id in your municipality.")
        row["responsible"] = colleagues.get(pk)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def _without_blank_status(rows: list[dict]) -> list[dict]:
    """A row without a status keeps the one it has (a new row is planned)."""
    return [{k: v for k, v in row.items() if not (k == "status" and v is None)} for row in rows]


# --- the plan ---------------------------------------------------------------------------


@router.get(
    "/participants/{int:participant_id}/plan",
    response=PlanOut,
    summary="The plan (IP) with its weekly hours and what it lacks",
)
def get_plan(request, participant_id: int):
    participant = _participant_with(request, participant_id, "plans.view_plan")
    output = _plan_output(participant)
    _log_read(request, participant, "api.plan.get")
    return output


@router.put(
    "/participants/{int:participant_id}/plan",
    response=PlanOut,
    summary="Save the whole plan; a change becomes a new revision",
)
def save_plan(request, participant_id: int, payload: PlanIn):
    participant = _participant_with(request, participant_id, "plans.change_plan")
    data = payload.dict()
    note = data.pop("note")
    sub_goals = _without_blank_status(data.pop("sub_goals"))
    measures = _measure_rows(request, data.pop("measures"))
    services.save_plan(
        actor=request.auth,
        participant=participant,
        data=data,
        sub_goals=sub_goals,
        measures=measures,
        note=note,
    )
    return _plan_output(participant)


@router.get(
    "/participants/{int:participant_id}/plan/revisions",
    response=list[RevisionOut],
    summary="The plan's revisions, newest first, each with what changed",
)
def list_revisions(request, participant_id: int):
    participant = _participant_with(request, participant_id, "plans.view_plan")
    plan = _plan_or_404(participant)
    revisions = list(plan.revisions.defer("snapshot").order_by("-number"))
    _log_read(request, participant, "api.plan.revisions")
    return revisions


@router.get(
    "/participants/{int:participant_id}/plan/revisions/{int:number}",
    response=RevisionDetailOut,
    summary="One revision with the whole plan as it then was",
)
def get_revision(request, participant_id: int, number: int):
    participant = _participant_with(request, participant_id, "plans.view_plan")
    plan = _plan_or_404(participant)
    revision = get_object_or_404(plan.revisions, number=number)
    _log_read(request, participant, "api.plan.revision")
    return revision


@router.get(
    "/participants/{int:participant_id}/plan/conversations",
    response=list[ConversationOut],
    summary="The IP conversations, newest first",
)
def list_conversations(request, participant_id: int):
    participant = _participant_with(request, participant_id, "plans.view_plan")
    plan = _plan_or_404(participant)
    conversations = list(plan.conversations.all())
    _log_read(request, participant, "api.plan.conversations")
    return conversations


@router.post(
    "/participants/{int:participant_id}/plan/conversations",
    response={201: ConversationOut},
    summary="Record an IP conversation (sets the next review; may acknowledge the plan)",
)
def record_conversation(request, participant_id: int, payload: ConversationIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    conversation = services.record_conversation(
        actor=request.auth, participant=participant, data=payload.dict()
    )
    return HttpStatus(201, conversation)


# --- the IOP ----------------------------------------------------------------------------


@router.get(
    "/participants/{int:participant_id}/training-plan",
    response=TrainingPlanOut,
    summary="The teacher's training plan (IOP): levels, semester goals, reviews, tests",
)
def get_training_plan(request, participant_id: int):
    participant = _participant_with(request, participant_id, "plans.view_plan")
    overview = selectors.training_overview(participant, today=timezone.localdate())
    _log_read(request, participant, "api.training_plan.get")
    return _training_plan_output(overview)


def _training_plan_output(overview: dict) -> dict:
    iop = overview["iop"]
    return {
        **overview,
        "main_goal": iop.main_goal if iop else "",
        "main_goal_by": iop.main_goal_by if iop else None,
    }


class MainGoalIn(Schema):
    main_goal: str = Field(..., max_length=300)
    main_goal_by: datetime.date | None = None


@router.put(
    "/participants/{int:participant_id}/training-plan/main-goal",
    response=TrainingPlanOut,
    summary="Set the IOP's main goal and when it should be reached",
)
def set_main_goal(request, participant_id: int, payload: MainGoalIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    services.set_main_goal(actor=request.auth, participant=participant, data=payload.dict())
    overview = selectors.training_overview(participant, today=timezone.localdate())
    _log_read(request, participant, "api.training_plan.get")
    return _training_plan_output(overview)


@router.post(
    "/participants/{int:participant_id}/training-plan/levels",
    response={201: LevelOut},
    summary="Record the teacher's judgement of the level per skill",
)
def record_level(request, participant_id: int, payload: LevelIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    record = services.record_level(actor=request.auth, participant=participant, data=payload.dict())
    return HttpStatus(201, record)


@router.put(
    "/participants/{int:participant_id}/training-plan/goals",
    response=list[GoalOut],
    summary="Save the semester goals (the whole list)",
)
def save_goals(request, participant_id: int, payload: GoalsIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    iop = services.save_semester_goals(
        actor=request.auth, participant=participant, goals=payload.dict()["goals"]
    )
    return list(iop.goals.all())


@router.post(
    "/participants/{int:participant_id}/training-plan/reviews",
    response={201: ReviewOut},
    summary="Record an IOP review (at least one a semester)",
)
def record_review(request, participant_id: int, payload: ReviewIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    review = services.record_training_review(
        actor=request.auth, participant=participant, data=payload.dict()
    )
    return HttpStatus(201, review)


@router.post(
    "/participants/{int:participant_id}/training-plan/tests",
    response={201: TestResultOut},
    summary="Record a test: Norwegian (A1–C1 per skill) or social studies (passed or not)",
)
def record_test(request, participant_id: int, payload: TestResultIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    result = services.record_test_result(
        actor=request.auth, participant=participant, data=payload.dict()
    )
    return HttpStatus(201, result)
