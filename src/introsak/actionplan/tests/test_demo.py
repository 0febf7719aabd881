"""The demo plan: the Drangedal areas for the demo municipality, people responsible, and a
realistic mix of statuses with exactly one late action."""

from collections import Counter

import pytest

from introsak.actionplan.demo import load_demo
from introsak.actionplan.models import Action, ActionPlan, ActionStatus

pytestmark = pytest.mark.django_db


def test_demo_plan_has_a_mix_of_statuses_and_one_late_action(users, today):
    demo_users = {
        "leder": users["leader"],
        "konsulent": users["consultant"],
        "laerer": users["teacher"],
        "nav": users["nav_advisor"],
    }
    load_demo(demo_users, today)
    plan = ActionPlan.objects.get()
    assert plan.areas.count() == 6
    actions = list(Action.objects.filter(area__plan=plan).prefetch_related("responsible_users"))
    counts = Counter(a.status for a in actions)
    assert counts[ActionStatus.DONE] >= 5
    assert counts[ActionStatus.UNDER_WAY] >= 5
    assert counts[ActionStatus.PLANNED] >= 3
    assert [a.text for a in actions if a.is_late(today)] == [
        "Samle ideer og søke eksterne prosjektmidler"
    ]
    assert all(a.responsible_users.all() for a in actions)
    responsible = {u for a in actions for u in a.responsible_users.all()}
    assert responsible == set(demo_users.values())
    done = next(a for a in actions if a.status == ActionStatus.DONE)
    assert [h.to_status for h in done.history.all()] == ["done", "under_way", "planned"]
