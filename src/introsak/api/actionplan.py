"""/api/v1: the municipality's action plan (tiltaksplan) — plans with their areas, strategies
and actions, and the status and notes of an action.

Mounted at /v1:

- /action-plans (GET: the plans the user reads; POST: a new plan, from the Drangedal template
  when `from_template` is true — the leader only);
- /action-plans/{id} (GET: the plan, its areas in order with their progress, each area's
  strategies with their actions, and the actions for the area as a whole);
- /action-plans/actions/{id} (GET: an action with its history; PATCH: its notes);
- /action-plans/actions/{id}/status (POST: one step as the table in actionplan/workflow.py
  allows — planned → under_way → done, and under_way → planned).

The leader reads and manages the plan; consultants, NAV advisors and teachers read it, and
change the status and notes of the actions they are responsible for (others: 403). Payroll,
participants and administrators get 403; a mentor 404. Another municipality's plan or action
is a 404. Bad input is a 422 naming the field (a status jump the table does not allow names
`to_status`).
"""

import datetime
from typing import Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.actionplan import selectors, services
from introsak.actionplan.models import Action, ActionStatus
from introsak.actionplan.workflow import next_statuses
from introsak.core.permissions import visible_action_plans, visible_plan_actions
from introsak.core.web import require_api as _require

router = Router(tags=["action plan"])

StatusIn = Literal[tuple(ActionStatus.values)]  # type: ignore[valid-type]


# --- schemas --------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.get_full_name() or obj.username


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    on: datetime.date
    note: str
    by: str

    @staticmethod
    def resolve_by(obj):
        return obj.by.get_full_name() or obj.by.username


class ActionOut(Schema):
    id: int
    area_id: int
    strategy_id: int | None
    position: int
    text: str
    start_date: datetime.date
    due_on: datetime.date | None = Field(..., description="When to be done or evaluated")
    responsible_users: list[PersonOut]
    responsible_unit: str = Field(..., description="A unit in free text, such as «VO» or «NAV»")
    status: str = Field(..., description="planned, under_way or done")
    status_changed_on: datetime.date
    next_statuses: list[str] = Field(..., description="The statuses the action may move to")
    late: bool = Field(..., description="The start date has passed and it is still planned")
    notes: str

    @staticmethod
    def resolve_responsible_users(obj):
        return list(obj.responsible_users.all())

    @staticmethod
    def resolve_next_statuses(obj):
        return list(next_statuses(obj.status))

    @staticmethod
    def resolve_late(obj):
        return obj.is_late(timezone.localdate())


class ActionDetailOut(ActionOut):
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_history(obj):
        return obj.history_rows


class StrategyOut(Schema):
    id: int
    position: int
    text: str
    actions: list[ActionOut]


class ProgressOut(Schema):
    planned: int
    under_way: int
    done: int
    late: int
    total: int
    share_planned: int = Field(..., description="Whole percent; the three shares add up to 100")
    share_under_way: int
    share_done: int


class AreaOut(Schema):
    id: int
    position: int
    title: str
    description: str
    progress: ProgressOut
    strategies: list[StrategyOut]
    area_actions: list[ActionOut] = Field(
        ..., description="Actions for the area as a whole (serving no single strategy)"
    )


class PlanSummaryOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    adopted_on: datetime.date | None
    action_count: int
    done_count: int


class PlanOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    adopted_on: datetime.date | None
    description: str
    progress: ProgressOut
    areas: list[AreaOut]


class PlanIn(Schema):
    title: str = Field(..., max_length=200)
    start_year: int
    end_year: int
    adopted_on: datetime.date | None = None
    description: str = ""
    from_template: bool = Field(
        False, description="Start with the areas, strategies and actions of the Drangedal plan"
    )


class StatusMoveIn(Schema):
    to_status: StatusIn = Field(..., description="planned → under_way → done; under_way → planned")
    on: datetime.date | None = Field(None, description="When; today if left out")
    note: str = Field("", max_length=500)


class NotesIn(Schema):
    notes: str


# --- helpers --------------------------------------------------------------------------------


def _progress(p) -> dict:
    return {
        "planned": p.planned,
        "under_way": p.under_way,
        "done": p.done,
        "late": p.late,
        "total": p.total,
        "share_planned": p.share_planned,
        "share_under_way": p.share_under_way,
        "share_done": p.share_done,
    }


def _plan_output(request, plan_id: int) -> dict:
    _require(request, "actionplan.view_plans")
    plan = visible_action_plans(request.auth).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    progress = selectors.plan_progress(plan, today=timezone.localdate())
    return {
        "id": plan.pk,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "adopted_on": plan.adopted_on,
        "description": plan.description,
        "progress": _progress(progress.total),
        "areas": [
            {
                "id": view.area.pk,
                "position": view.area.position,
                "title": view.area.title,
                "description": view.area.description,
                "progress": _progress(view.progress),
                "strategies": [
                    {
                        "id": row.strategy.pk,
                        "position": row.strategy.position,
                        "text": row.strategy.text,
                        "actions": row.actions,
                    }
                    for row in view.strategies
                ],
                "area_actions": view.loose_actions,
            }
            for view in progress.areas
        ],
    }


def _action_or_404(request, action_id: int) -> Action:
    _require(request, "actionplan.view_plans")
    action = (
        visible_plan_actions(request.auth)
        .filter(pk=action_id)
        .prefetch_related("responsible_users")
        .first()
    )
    if action is None:
        raise Http404
    action.history_rows = selectors.action_history(action)
    return action


# --- endpoints ------------------------------------------------------------------------------


@router.get(
    "/action-plans",
    response=list[PlanSummaryOut],
    summary="The municipality's action plans, newest period first",
)
def list_plans(request):
    _require(request, "actionplan.view_plans")
    return list(selectors.plans(request.auth))


@router.post(
    "/action-plans",
    response={201: PlanOut},
    summary="Start an action plan (empty, or from the Drangedal template)",
)
def create_plan(request, payload: PlanIn):
    data = payload.dict()
    from_template = data.pop("from_template")
    if from_template:
        plan = services.create_plan_from_drangedal_template(actor=request.auth, data=data)
    else:
        plan = services.create_plan(actor=request.auth, data=data)
    return HttpStatus(201, _plan_output(request, plan.pk))


@router.get(
    "/action-plans/{int:plan_id}",
    response=PlanOut,
    summary="A plan: its areas with progress, strategies and actions",
)
def get_plan(request, plan_id: int):
    return _plan_output(request, plan_id)


@router.get(
    "/action-plans/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="An action with its history",
)
def get_action(request, action_id: int):
    return _action_or_404(request, action_id)


@router.post(
    "/action-plans/actions/{int:action_id}/status",
    response=ActionDetailOut,
    summary="Move an action one step: set it going, mark it done, or back to planned",
)
def change_status(request, action_id: int, payload: StatusMoveIn):
    action = _action_or_404(request, action_id)
    services.change_action_status(
        actor=request.auth,
        action=action,
        to_status=payload.to_status,
        on=payload.on,
        note=payload.note,
    )
    return _action_or_404(request, action_id)


@router.patch(
    "/action-plans/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="Change the notes of an action",
)
def patch_notes(request, action_id: int, payload: NotesIn):
    action = _action_or_404(request, action_id)
    services.update_action_notes(actor=request.auth, action=action, notes=payload.notes)
    return _action_or_404(request, action_id)
