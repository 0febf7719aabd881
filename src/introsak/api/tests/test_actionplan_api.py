"""/api/v1 action plan: the plan with its areas, strategies and actions, and the status and
notes of an action — under the same policy, workflow table and audit as the screens: 404 for
another municipality's plan, 403 for a role that may not act (a mentor: 404), 422 with the
field for bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from introsak.actionplan import services
from introsak.actionplan.models import Action, ActionPlan, ActionStatus
from introsak.actionplan.tests.factories import ActionFactory
from introsak.api.tests.test_participants_api import Api, fields_in_error
from introsak.core.models import AuditEvent

pytestmark = pytest.mark.django_db
S = ActionStatus
DAY = datetime.timedelta(days=1)

READ_BY_ROLE = [
    ("consultant", 200),
    ("leader", 200),
    ("nav_advisor", 200),
    ("teacher", 200),
    ("payroll", 403),
    ("participant", 403),
    ("administrator", 403),
    ("mentor", 404),
]


@pytest.fixture
def plan(users):
    today = timezone.localdate()
    return services.create_plan_from_drangedal_template(
        actor=users["leader"],
        data={"title": "Plan 2025–2028", "start_year": today.year, "end_year": today.year + 3},
    )


@pytest.fixture
def action(users, plan):
    """The consultant's action, still planned."""
    action = Action.objects.filter(area__plan=plan).order_by("area__position", "position").first()
    action.responsible_users.set([users["consultant"]])
    return action


@pytest.fixture
def foreign_action(other_municipality):
    return ActionFactory(area__plan__municipality=other_municipality)


@pytest.mark.parametrize(("role", "status"), READ_BY_ROLE)
def test_plans_and_plan_by_role(users, plan, action, role, status):
    api = Api(users[role])
    assert api.get("/action-plans").status_code == status
    assert api.get(f"/action-plans/{plan.pk}").status_code == status
    assert api.get(f"/action-plans/actions/{action.pk}").status_code == status


def test_plan_has_areas_strategies_and_actions_in_order(users, plan, action):
    response = Api(users["teacher"]).get(f"/action-plans/{plan.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [a["title"] for a in body["areas"]][:2] == ["Generelt", "Mottak og bosetting"]
    reception = body["areas"][1]
    meeting = reception["strategies"][1]
    assert meeting["text"].startswith("Etablere et informasjonsmøte")
    assert meeting["actions"][0]["strategy_id"] == meeting["id"]
    general = body["areas"][0]
    assert general["area_actions"][0]["id"] == action.pk
    assert general["area_actions"][0]["responsible_users"] == [
        {"id": users["consultant"].pk, "name": users["consultant"].get_full_name()}
    ]
    assert general["area_actions"][0]["next_statuses"] == ["under_way"]
    total = Action.objects.filter(area__plan=plan).count()
    assert body["progress"]["planned"] == body["progress"]["total"] == total
    assert body["progress"]["share_planned"] == 100


def test_plan_list_has_counts(users, plan):
    body = Api(users["leader"]).get("/action-plans").json()
    assert body == [
        {
            "id": plan.pk,
            "title": "Plan 2025–2028",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "adopted_on": None,
            "action_count": Action.objects.filter(area__plan=plan).count(),
            "done_count": 0,
        }
    ]


def test_another_municipalitys_plan_and_action_are_not_found(users, foreign_action):
    api = Api(users["leader"])
    assert api.get(f"/action-plans/{foreign_action.area.plan_id}").status_code == 404
    assert api.get(f"/action-plans/actions/{foreign_action.pk}").status_code == 404
    response = api.post(
        f"/action-plans/actions/{foreign_action.pk}/status", {"to_status": "under_way"}
    )
    assert response.status_code == 404
    assert api.get("/action-plans").json() == []


def test_responsible_consultant_sets_the_action_going(users, action):
    on = timezone.localdate() - 2 * DAY
    response = Api(users["consultant"]).post(
        f"/action-plans/actions/{action.pk}/status",
        {"to_status": "under_way", "on": on.isoformat(), "note": "Startet"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "under_way"
    assert body["status_changed_on"] == on.isoformat()
    assert body["next_statuses"] == ["done", "planned"]
    assert body["history"][0]["to_status"] == "under_way"
    assert body["history"][0]["note"] == "Startet"
    assert AuditEvent.objects.filter(action="actionplan.action.status").count() == 1


def test_a_status_jump_is_422_naming_to_status(users, action):
    response = Api(users["consultant"]).post(
        f"/action-plans/actions/{action.pk}/status", {"to_status": "done"}
    )
    assert response.status_code == 422
    assert ("to_status",) in fields_in_error(response)
    action.refresh_from_db()
    assert action.status == S.PLANNED


def test_an_unknown_status_or_a_future_date_is_422(users, action):
    api = Api(users["consultant"])
    unknown = api.post(f"/action-plans/actions/{action.pk}/status", {"to_status": "iverksatt"})
    assert unknown.status_code == 422
    future = (timezone.localdate() + DAY).isoformat()
    response = api.post(
        f"/action-plans/actions/{action.pk}/status", {"to_status": "under_way", "on": future}
    )
    assert response.status_code == 422
    assert ("on",) in fields_in_error(response)


@pytest.mark.parametrize(
    ("role", "status"),
    [("teacher", 403), ("nav_advisor", 403), ("payroll", 403), ("mentor", 404), ("leader", 200)],
)
def test_who_may_move_the_consultants_action(users, action, role, status):
    response = Api(users[role]).post(
        f"/action-plans/actions/{action.pk}/status", {"to_status": "under_way"}
    )
    assert response.status_code == status


def test_responsible_person_changes_the_notes(users, action):
    response = Api(users["consultant"]).patch(
        f"/action-plans/actions/{action.pk}", {"notes": "Møte i mars"}
    )
    assert response.status_code == 200
    assert response.json()["notes"] == "Møte i mars"
    assert (
        Api(users["teacher"])
        .patch(f"/action-plans/actions/{action.pk}", {"notes": "x"})
        .status_code
        == 403
    )


def test_leader_creates_a_plan_from_the_template(users):
    year = timezone.localdate().year
    response = Api(users["leader"]).post(
        "/action-plans",
        {"title": "Ny plan", "start_year": year, "end_year": year + 2, "from_template": True},
    )
    assert response.status_code == 201
    assert len(response.json()["areas"]) == 6


def test_a_plan_ending_before_it_starts_is_422(users):
    response = Api(users["leader"]).post(
        "/action-plans", {"title": "Feil", "start_year": 2027, "end_year": 2026}
    )
    assert response.status_code == 422
    assert ("end_year",) in fields_in_error(response)
    assert not ActionPlan.objects.exists()


def test_consultant_cannot_create_a_plan(users):
    response = Api(users["consultant"]).post(
        "/action-plans", {"title": "X", "start_year": 2026, "end_year": 2027}
    )
    assert response.status_code == 403


def test_plan_runs_a_fixed_number_of_queries(users, plan, action, django_assert_num_queries):
    api = Api(users["consultant"])
    url = f"/action-plans/{plan.pk}"
    api.get(url)
    with CaptureQueriesContext(connection) as first:
        api.get(url)
    for area in plan.areas.all()[:3]:
        ActionFactory(area=area, done=True, responsible=[users["teacher"], users["leader"]])
    with django_assert_num_queries(len(first.captured_queries)):
        assert api.get(url).status_code == 200
