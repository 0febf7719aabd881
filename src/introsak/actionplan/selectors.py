"""Reads of the action plan: the list of plans, a plan as areas → strategies → actions (with
filters), and the progress figures for the leader meeting.

Each read runs a fixed number of queries, however many areas and actions the plan has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from introsak.core.models import User
from introsak.core.permissions import municipality_users, visible_action_plans

from . import rules
from .models import Action, ActionPlan, ActionStatus, Area, StatusChange, Strategy
from .services import RESPONSIBLE_ROLES

LATE = "late"
STATUS_FILTERS = (*ActionStatus.values, LATE)


def plans(user: User):
    """The plans the user may read, newest period first, with their action counts."""
    return visible_action_plans(user).annotate(
        action_count=Count("areas__actions"),
        done_count=Count("areas__actions", filter=Q(areas__actions__status=ActionStatus.DONE)),
    )


def responsible_choices(user: User):
    """The people who may be responsible for an action (for pickers and the filter)."""
    return municipality_users(user).filter(role__in=RESPONSIBLE_ROLES, is_active=True)


def _actions_queryset():
    return Action.objects.select_related("strategy").prefetch_related(
        Prefetch("responsible_users", queryset=User.objects.order_by("first_name", "last_name"))
    )


@dataclass
class StrategyRow:
    strategy: Strategy
    actions: list[Action] = field(default_factory=list)


@dataclass
class AreaView:
    area: Area
    strategies: list[StrategyRow]
    loose_actions: list[Action]
    progress: rules.Progress
    shown: int = 0

    @property
    def all_actions(self) -> list[Action]:
        """The area's (shown) actions in the plan's order, whatever strategy they serve."""
        actions = [a for row in self.strategies for a in row.actions] + self.loose_actions
        return sorted(actions, key=lambda a: (a.position, a.pk))


def _matches(action: Action, status: str, responsible: int | None, today) -> bool:
    if status == LATE and not action.is_late(today):
        return False
    if status in ActionStatus.values and action.status != status:
        return False
    return responsible is None or any(u.pk == responsible for u in action.responsible_users.all())


def plan_tree(
    plan: ActionPlan,
    *,
    today: datetime.date,
    status: str = "",
    responsible: int | None = None,
) -> list[AreaView]:
    """The plan's areas in order, each with its strategies and their actions, then the actions
    of the area that serve no single strategy. `status` (planned, under_way, done or late) and
    `responsible` (a user's id) keep only the matching actions; the progress of each area
    counts all its actions. Four queries."""
    areas = list(
        Area.objects.filter(plan=plan).prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.order_by("position", "id")),
            Prefetch("actions", queryset=_actions_queryset().order_by("position", "id")),
        )
    )
    result = []
    for area in areas:
        actions = list(area.actions.all())
        rows = {s.pk: StrategyRow(s) for s in area.strategies.all()}
        loose = []
        shown = 0
        for action in actions:
            if not _matches(action, status, responsible, today):
                continue
            shown += 1
            if action.strategy_id in rows:
                rows[action.strategy_id].actions.append(action)
            else:
                loose.append(action)
        result.append(
            AreaView(
                area=area,
                strategies=list(rows.values()),
                loose_actions=loose,
                progress=rules.progress(((a.status, a.start_date) for a in actions), today),
                shown=shown,
            )
        )
    return result


@dataclass
class PlanProgress:
    areas: list[AreaView]
    total: rules.Progress
    late: list[Action]


def plan_progress(plan: ActionPlan, *, today: datetime.date) -> PlanProgress:
    """Per area: how many actions are planned, under way and done (and their shares), and
    which are late; and the same for the whole plan."""
    areas = plan_tree(plan, today=today)
    everything = [a for view in areas for a in view.all_actions]
    total = rules.progress(((a.status, a.start_date) for a in everything), today)
    late = sorted((a for a in everything if a.is_late(today)), key=lambda a: a.start_date)
    for view in areas:
        for action in view.all_actions:
            action.area_title = view.area.title
    return PlanProgress(areas=areas, total=total, late=late)


def action_history(action: Action) -> list[StatusChange]:
    return list(StatusChange.objects.filter(action=action).select_related("by"))
