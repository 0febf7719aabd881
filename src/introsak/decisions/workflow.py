"""The decision workflow as data: every allowed transition, and who may take it.

The consultant drafts and submits; a leader approves or returns; whoever drafted a
decision may never approve it. After approval the letter is sent; the participant may
appeal, and the municipality either reverses its decision (forvaltningsloven § 33 andre
ledd) or forwards the appeal to Statsforvalteren (fvl § 33 fjerde ledd, integreringsloven
§ 47), whose outcome is recorded. A decision that has been sent is never edited: a change
needs a new decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Role

from .models import DecisionStatus as S


class Action(models.TextChoices):
    SUBMIT = "submit", _("Send for approval")
    RETURN = "return", _("Return to the drafter")
    APPROVE = "approve", _("Approve")
    SEND = "send", _("Send the letter")
    DISCARD = "discard", _("Discard the draft")
    APPEAL = "appeal", _("Register an appeal")
    REVERSE = "reverse", _("Reverse the decision")
    FORWARD = "forward", _("Forward to Statsforvalteren")
    WITHDRAW = "withdraw", _("The appeal is withdrawn or dismissed")
    UPHOLD = "uphold", _("Statsforvalteren upheld the decision")
    OVERTURN = "overturn", _("Statsforvalteren reversed the decision")


@dataclass(frozen=True)
class Transition:
    target: str
    roles: frozenset[str]
    not_by_drafter: bool = False


CONSULTANT = frozenset({Role.CONSULTANT})
LEADER = frozenset({Role.LEADER})
CASE_WORKERS = frozenset({Role.CONSULTANT, Role.LEADER})

TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, Action.SUBMIT): Transition(S.AWAITING_APPROVAL, CONSULTANT),
    (S.DRAFT, Action.DISCARD): Transition(S.DISCARDED, CONSULTANT),
    (S.AWAITING_APPROVAL, Action.RETURN): Transition(S.DRAFT, LEADER),
    (S.AWAITING_APPROVAL, Action.APPROVE): Transition(S.DECIDED, LEADER, not_by_drafter=True),
    (S.DECIDED, Action.SEND): Transition(S.SENT, CASE_WORKERS),
    (S.SENT, Action.APPEAL): Transition(S.APPEALED, CASE_WORKERS),
    (S.APPEALED, Action.REVERSE): Transition(S.REVERSED, LEADER),
    (S.APPEALED, Action.FORWARD): Transition(S.FORWARDED, LEADER),
    (S.APPEALED, Action.WITHDRAW): Transition(S.UPHELD, CASE_WORKERS),
    (S.FORWARDED, Action.UPHOLD): Transition(S.UPHELD, CASE_WORKERS),
    (S.FORWARDED, Action.OVERTURN): Transition(S.REVERSED, CASE_WORKERS),
}


class TransitionError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_transition(*, status: str, action: str, role: str, is_drafter: bool) -> Transition:
    """The transition for (status, action) if `role` may take it, else TransitionError with
    `not_allowed` (no such edge), `role` (wrong role) or `own_decision` (drafter approving)."""
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        raise TransitionError("not_allowed")
    if role not in transition.roles:
        raise TransitionError("role")
    if transition.not_by_drafter and is_drafter:
        raise TransitionError("own_decision")
    return transition


def actions_from(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]
