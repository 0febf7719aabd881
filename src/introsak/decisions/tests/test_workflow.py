"""Every edge of the decision workflow, allowed and forbidden, by role."""

import itertools

import pytest

from introsak.core.models import Role
from introsak.decisions.models import DecisionStatus
from introsak.decisions.workflow import (
    TRANSITIONS,
    Action,
    TransitionError,
    actions_from,
    check_transition,
)

ALLOWED = {
    (DecisionStatus.DRAFT, Action.SUBMIT): ({Role.CONSULTANT}, DecisionStatus.AWAITING_APPROVAL),
    (DecisionStatus.DRAFT, Action.DISCARD): ({Role.CONSULTANT}, DecisionStatus.DISCARDED),
    (DecisionStatus.AWAITING_APPROVAL, Action.RETURN): ({Role.LEADER}, DecisionStatus.DRAFT),
    (DecisionStatus.AWAITING_APPROVAL, Action.APPROVE): ({Role.LEADER}, DecisionStatus.DECIDED),
    (DecisionStatus.DECIDED, Action.SEND): ({Role.CONSULTANT, Role.LEADER}, DecisionStatus.SENT),
    (DecisionStatus.SENT, Action.APPEAL): ({Role.CONSULTANT, Role.LEADER}, DecisionStatus.APPEALED),
    (DecisionStatus.APPEALED, Action.REVERSE): ({Role.LEADER}, DecisionStatus.REVERSED),
    (DecisionStatus.APPEALED, Action.FORWARD): ({Role.LEADER}, DecisionStatus.FORWARDED),
    (DecisionStatus.APPEALED, Action.WITHDRAW): (
        {Role.CONSULTANT, Role.LEADER},
        DecisionStatus.UPHELD,
    ),
    (DecisionStatus.FORWARDED, Action.UPHOLD): (
        {Role.CONSULTANT, Role.LEADER},
        DecisionStatus.UPHELD,
    ),
    (DecisionStatus.FORWARDED, Action.OVERTURN): (
        {Role.CONSULTANT, Role.LEADER},
        DecisionStatus.REVERSED,
    ),
}


def test_the_table_is_exactly_the_documented_workflow():
    assert set(TRANSITIONS) == set(ALLOWED)


@pytest.mark.parametrize(
    ("status", "action", "role"),
    list(itertools.product(DecisionStatus, Action, Role)),
)
def test_every_status_action_and_role(status, action, role):
    allowed = ALLOWED.get((status, action))
    if allowed is None:
        with pytest.raises(TransitionError) as excinfo:
            check_transition(status=status, action=action, role=role, is_drafter=False)
        assert excinfo.value.code == "not_allowed"
    elif role in allowed[0]:
        transition = check_transition(status=status, action=action, role=role, is_drafter=False)
        assert transition.target == allowed[1]
    else:
        with pytest.raises(TransitionError) as excinfo:
            check_transition(status=status, action=action, role=role, is_drafter=False)
        assert excinfo.value.code == "role"


def test_the_drafter_can_never_approve_their_own_decision():
    with pytest.raises(TransitionError) as excinfo:
        check_transition(
            status=DecisionStatus.AWAITING_APPROVAL,
            action=Action.APPROVE,
            role=Role.LEADER,
            is_drafter=True,
        )
    assert excinfo.value.code == "own_decision"


def test_nothing_leaves_the_final_states():
    for status in (DecisionStatus.REVERSED, DecisionStatus.DISCARDED, DecisionStatus.UPHELD):
        assert actions_from(status) == []
