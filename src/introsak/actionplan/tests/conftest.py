"""A plan of the municipality made from the Drangedal template by the leader, with one action
the consultant is responsible for and one the teacher is responsible for."""

import pytest
from django.utils import timezone

from introsak.actionplan import services
from introsak.actionplan.models import Action


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(users, today):
    return services.create_plan_from_drangedal_template(
        actor=users["leader"],
        data={
            "title": "Plan for introduksjonsprogrammet 2025–2028",
            "start_year": today.year,
            "end_year": today.year + 3,
        },
    )


@pytest.fixture
def area(plan):
    return plan.areas.get(position=1)


@pytest.fixture
def consultants_action(users, area):
    """Under «Generelt», the consultant responsible: still planned."""
    action = Action.objects.filter(area=area).order_by("position").first()
    action.responsible_users.set([users["consultant"]])
    return action


@pytest.fixture
def teachers_action(users, plan):
    action = Action.objects.filter(area__plan=plan, responsible_unit="VO").first()
    action.responsible_users.set([users["teacher"]])
    return action
