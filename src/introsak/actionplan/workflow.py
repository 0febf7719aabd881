"""The life of an action in the plan, as a table of allowed moves (checked in the services).

planned → under way («iverksatt») → done. An action that was set going too early, or that
stopped, goes back from under way to planned. A done action stays done, and nothing jumps
from planned straight to done: the plan shows when each action was set going.
"""

from __future__ import annotations

from .models import ActionStatus

S = ActionStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.UNDER_WAY,),
    S.UNDER_WAY: (S.DONE, S.PLANNED),
    S.DONE: (),
}


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def may_move(from_status: str, to_status: str) -> bool:
    return to_status in next_statuses(from_status)
