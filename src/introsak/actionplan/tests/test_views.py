"""The action plan screens for every role: who reads the plan, who manages it, who moves an
action; another municipality's plan is a 404 and a mentor gets 404 for all of it; forms keep
what was typed; the filters; and a fixed number of queries on the plan, the list and the
progress view."""

import datetime

import pytest
from django.urls import reverse

from introsak.actionplan.models import Action, ActionPlan, ActionStatus, Area, Strategy
from introsak.core.models import Role
from introsak.core.tests.factories import UserFactory

from .factories import ActionFactory, AreaFactory, StrategyFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
S = ActionStatus

READERS = ("consultant", "leader", "nav_advisor", "teacher")
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
MANAGE_BY_ROLE = [
    ("leader", 200),
    ("consultant", 403),
    ("nav_advisor", 403),
    ("teacher", 403),
    ("payroll", 403),
    ("participant", 403),
    ("administrator", 403),
    ("mentor", 404),
]


@pytest.fixture
def foreign_plan(other_municipality):
    """A plan of another municipality, with an area, a strategy and an action."""
    action = ActionFactory(area__plan__municipality=other_municipality)
    StrategyFactory(area=action.area)
    return action.area.plan


@pytest.fixture
def outsider_leader(other_municipality):
    return UserFactory(municipality=other_municipality, role=Role.LEADER)


def read_urls(plan, action):
    return [
        reverse("actionplan:detail", args=[plan.pk]),
        reverse("actionplan:progress", args=[plan.pk]),
        reverse("actionplan:action", args=[action.pk]),
    ]


def manage_urls(plan, area, strategy, action):
    return [
        reverse("actionplan:create"),
        reverse("actionplan:edit", args=[plan.pk]),
        reverse("actionplan:area_create", args=[plan.pk]),
        reverse("actionplan:area_edit", args=[area.pk]),
        reverse("actionplan:strategy_create", args=[area.pk]),
        reverse("actionplan:strategy_edit", args=[strategy.pk]),
        reverse("actionplan:action_create", args=[area.pk]),
        reverse("actionplan:action_edit", args=[action.pk]),
    ]


# --- who reads the plan -------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), READ_BY_ROLE)
def test_plan_list_by_role(client_for, users, plan, role, status):
    response = client_for(users[role]).get(reverse("actionplan:list"))
    assert response.status_code == status
    if status == 200:
        assert plan in response.context["plans"]


@pytest.mark.parametrize(("role", "status"), READ_BY_ROLE)
def test_plan_progress_and_action_by_role(
    client_for, users, plan, consultants_action, role, status
):
    client = client_for(users[role])
    for url in read_urls(plan, consultants_action):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(("role", "status"), READ_BY_ROLE)
def test_progress_pdf_by_role(client_for, users, plan, role, status):
    response = client_for(users[role]).get(reverse("actionplan:progress_pdf", args=[plan.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_plan_list_shows_only_own_municipality(client_for, users, plan, foreign_plan):
    response = client_for(users["leader"]).get(reverse("actionplan:list"))
    assert list(response.context["plans"]) == [plan]


def test_another_municipalitys_plan_is_not_found(client_for, users, foreign_plan):
    action = Action.objects.get(area__plan=foreign_plan)
    area, strategy = action.area, Strategy.objects.get(area__plan=foreign_plan)
    client = client_for(users["leader"])
    urls = [
        *read_urls(foreign_plan, action),
        reverse("actionplan:progress_pdf", args=[foreign_plan.pk]),
        *manage_urls(foreign_plan, area, strategy, action)[1:],
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("actionplan:action", args=[action.pk]), {"to_status": "under_way"}
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == S.PLANNED


def test_outsider_does_not_see_our_plan(client_for, outsider, plan, consultants_action):
    client = client_for(outsider)
    for url in read_urls(plan, consultants_action):
        assert client.get(url).status_code == 404, url


# --- who manages it -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), MANAGE_BY_ROLE)
def test_manage_pages_by_role(client_for, users, plan, area, consultants_action, role, status):
    strategy = area.strategies.first()
    client = client_for(users[role])
    for url in manage_urls(plan, area, strategy, consultants_action):
        assert client.get(url).status_code == status, url


def test_leader_of_another_municipality_cannot_manage_our_plan(
    client_for, outsider_leader, plan, area, consultants_action
):
    strategy = area.strategies.first()
    client = client_for(outsider_leader)
    for url in manage_urls(plan, area, strategy, consultants_action)[1:]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("actionplan:area_create", args=[plan.pk]), {"title": "X"})
    assert response.status_code == 404
    assert plan.areas.count() == 6


def test_consultant_cannot_post_to_the_leaders_forms(client_for, users, plan, area):
    client = client_for(users["consultant"])
    response = client.post(reverse("actionplan:area_create", args=[plan.pk]), {"title": "X"})
    assert response.status_code == 403
    assert plan.areas.count() == 6


def test_leader_creates_a_plan_from_the_drangedal_template(client_for, users, today):
    response = client_for(users["leader"]).post(
        reverse("actionplan:create"),
        {
            "title": "Plan for introduksjonsprogrammet",
            "start_year": today.year,
            "end_year": today.year + 3,
            "from_template": "on",
        },
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplan:detail", args=[plan.pk])
    assert plan.areas.count() == 6
    assert Action.objects.filter(area__plan=plan).count() > 25


def test_leader_creates_an_empty_plan(client_for, users, today):
    client_for(users["leader"]).post(
        reverse("actionplan:create"),
        {"title": "Tom plan", "start_year": today.year, "end_year": today.year + 1},
    )
    plan = ActionPlan.objects.get()
    assert not plan.areas.exists()


def test_plan_form_keeps_what_was_typed_and_shows_the_period_error(client_for, users, today):
    response = client_for(users["leader"]).post(
        reverse("actionplan:create"),
        {"title": "Min plan", "start_year": today.year, "end_year": today.year - 2},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "end_year" in form.errors
    assert form["title"].value() == "Min plan"
    assert not ActionPlan.objects.exists()


def test_leader_adds_an_area_strategy_and_action(client_for, users, plan, today):
    client = client_for(users["leader"])
    client.post(reverse("actionplan:area_create", args=[plan.pk]), {"title": "Tolketjenesten"})
    area = Area.objects.get(plan=plan, title="Tolketjenesten")
    client.post(
        reverse("actionplan:strategy_create", args=[area.pk]), {"text": "Kvalifiserte tolker"}
    )
    strategy = Strategy.objects.get(area=area)
    response = client.post(
        reverse("actionplan:action_create", args=[area.pk]),
        {
            "text": "Bruke tolkeregisteret",
            "strategy": str(strategy.pk),
            "start_date": today.isoformat(),
            "responsible_users": [str(users["consultant"].pk), str(users["teacher"].pk)],
            "responsible_unit": "",
        },
    )
    action = Action.objects.get(area=area)
    assert response.status_code == 302
    assert action.strategy == strategy
    assert set(action.responsible_users.all()) == {users["consultant"], users["teacher"]}


def test_action_form_keeps_what_was_typed_when_the_text_is_missing(client_for, users, area, today):
    before = Action.objects.count()
    response = client_for(users["leader"]).post(
        reverse("actionplan:action_create", args=[area.pk]),
        {
            "text": "",
            "start_date": today.isoformat(),
            "responsible_unit": "NAV",
            "notes": "Viktig",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "text" in form.errors
    assert form["responsible_unit"].value() == "NAV"
    assert form["notes"].value() == "Viktig"
    assert Action.objects.count() == before


def test_action_form_shows_the_service_error_on_the_field(client_for, users, area, today):
    response = client_for(users["leader"]).post(
        reverse("actionplan:action_create", args=[area.pk]),
        {"text": "Uten ansvarlig", "start_date": today.isoformat(), "responsible_unit": ""},
    )
    assert response.status_code == 200
    assert "responsible_users" in response.context["form"].errors


def test_leader_edits_an_action(client_for, users, consultants_action, today):
    response = client_for(users["leader"]).post(
        reverse("actionplan:action_edit", args=[consultants_action.pk]),
        {
            "text": "Nytt navn",
            "start_date": today.isoformat(),
            "responsible_users": [str(users["nav_advisor"].pk)],
            "responsible_unit": "NAV",
        },
    )
    assert response.status_code == 302
    consultants_action.refresh_from_db()
    assert consultants_action.text == "Nytt navn"
    assert list(consultants_action.responsible_users.all()) == [users["nav_advisor"]]


# --- moving an action ---------------------------------------------------------------------


def test_responsible_consultant_sets_the_action_going_with_a_note(
    client_for, users, consultants_action, today
):
    url = reverse("actionplan:action", args=[consultants_action.pk])
    client = client_for(users["consultant"])
    page = client.get(url)
    assert page.context["can_update"] is True
    assert not page.context["can_manage"]
    response = client.post(
        url, {"do": "status", "to_status": "under_way", "on": "", "note": "Startet"}
    )
    assert response.status_code == 302
    consultants_action.refresh_from_db()
    assert consultants_action.status == S.UNDER_WAY
    assert consultants_action.history.filter(to_status=S.UNDER_WAY, note="Startet").exists()


def test_responsible_consultant_saves_notes(client_for, users, consultants_action):
    url = reverse("actionplan:action", args=[consultants_action.pk])
    client_for(users["consultant"]).post(url, {"do": "notes", "notes": "Møte avtalt"})
    consultants_action.refresh_from_db()
    assert consultants_action.notes == "Møte avtalt"


def test_a_status_jump_is_shown_on_the_field_and_not_saved(client_for, users, consultants_action):
    url = reverse("actionplan:action", args=[consultants_action.pk])
    response = client_for(users["consultant"]).post(url, {"do": "status", "to_status": "done"})
    assert response.status_code == 200
    assert "to_status" in response.context["status_form"].errors
    consultants_action.refresh_from_db()
    assert consultants_action.status == S.PLANNED


def test_a_future_date_is_shown_on_the_field(client_for, users, consultants_action, today):
    url = reverse("actionplan:action", args=[consultants_action.pk])
    response = client_for(users["consultant"]).post(
        url,
        {"do": "status", "to_status": "under_way", "on": (today + DAY).isoformat(), "note": "x"},
    )
    form = response.context["status_form"]
    assert "on" in form.errors
    assert form["note"].value() == "x"


@pytest.mark.parametrize("role", ["consultant", "teacher", "nav_advisor"])
def test_staff_who_are_not_responsible_only_read_the_action(client_for, users, area, role):
    action = ActionFactory(area=area, responsible=[users["leader"]])
    url = reverse("actionplan:action", args=[action.pk])
    client = client_for(users[role])
    assert client.get(url).context["can_update"] is False
    response = client.post(url, {"do": "status", "to_status": "under_way"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == S.PLANNED


@pytest.mark.parametrize(("role", "status"), [("payroll", 403), ("mentor", 404)])
def test_roles_outside_the_plan_cannot_post_a_status(client_for, users, area, role, status):
    action = ActionFactory(area=area, responsible=[users["consultant"]])
    url = reverse("actionplan:action", args=[action.pk])
    response = client_for(users[role]).post(url, {"do": "status", "to_status": "under_way"})
    assert response.status_code == status


# --- the plan page: tree and filters --------------------------------------------------------


def _shown(response) -> set[int]:
    return {a.pk for view in response.context["areas"] for a in view.all_actions}


def test_plan_shows_areas_strategies_and_actions_in_order(client_for, users, plan):
    response = client_for(users["teacher"]).get(reverse("actionplan:detail", args=[plan.pk]))
    areas = response.context["areas"]
    assert [v.area.position for v in areas] == [1, 2, 3, 4, 5, 6]
    reception = areas[1]
    meeting_strategy = reception.strategies[1]
    assert meeting_strategy.strategy.text.startswith("Etablere et informasjonsmøte")
    assert [a.text for a in meeting_strategy.actions][0].startswith("Informasjonsmøte")
    assert _shown(response) == set(
        Action.objects.filter(area__plan=plan).values_list("pk", flat=True)
    )
    assert not response.context["can_manage"]


def test_filter_by_status(client_for, users, area):
    plan = area.plan
    under_way = ActionFactory(area=area, under_way=True)
    done = ActionFactory(area=area, done=True)
    client = client_for(users["leader"])
    url = reverse("actionplan:detail", args=[plan.pk])
    assert _shown(client.get(url, {"status": "under_way"})) == {under_way.pk}
    assert _shown(client.get(url, {"status": "done"})) == {done.pk}
    unknown = client.get(url, {"status": "nonsense"})
    assert unknown.context["status"] == ""


def test_filter_late_actions(client_for, users, area, today):
    Action.objects.filter(area__plan=area.plan).update(start_date=today + 10 * DAY)
    late = ActionFactory(area=area, late=True)
    response = client_for(users["leader"]).get(
        reverse("actionplan:detail", args=[area.plan_id]), {"status": "late"}
    )
    assert _shown(response) == {late.pk}
    assert response.context["shown"] == 1


def test_filter_by_responsible_person(client_for, users, plan, consultants_action, teachers_action):
    response = client_for(users["consultant"]).get(
        reverse("actionplan:detail", args=[plan.pk]), {"ansvarlig": users["teacher"].pk}
    )
    assert _shown(response) == {teachers_action.pk}


# --- progress ------------------------------------------------------------------------------


def test_progress_counts_per_area_and_lists_late_actions(client_for, users, municipality, today):
    plan = AreaFactory(plan__municipality=municipality).plan
    first, second = AreaFactory(plan=plan, position=1), AreaFactory(plan=plan, position=2)
    plan.areas.exclude(pk__in=[first.pk, second.pk]).delete()
    ActionFactory(area=first, done=True)
    ActionFactory(area=first, under_way=True)
    late = ActionFactory(area=first, late=True, notes="Mangler ressurser")
    ActionFactory(area=first)
    ActionFactory(area=second, done=True)
    response = client_for(users["leader"]).get(reverse("actionplan:progress", args=[plan.pk]))
    progress = response.context["progress"]
    p1, p2 = (view.progress for view in progress.areas)
    assert (p1.planned, p1.under_way, p1.done, p1.late) == (2, 1, 1, 1)
    assert (p1.share_planned, p1.share_under_way, p1.share_done) == (50, 25, 25)
    assert (p2.done, p2.share_done) == (1, 100)
    assert (progress.total.total, progress.total.done, progress.total.late) == (5, 2, 1)
    assert progress.late == [late]
    assert "Mangler ressurser" in response.content.decode()


# --- a fixed number of queries ------------------------------------------------------------


def _more_rows(plan, users):
    for area in plan.areas.all()[:3]:
        strategy = StrategyFactory(area=area)
        ActionFactory(area=area, strategy=strategy, responsible=[users["teacher"], users["leader"]])
        ActionFactory(area=area, done=True, responsible=[users["consultant"]])
    area = AreaFactory(plan=plan, position=20)
    StrategyFactory(area=area)
    ActionFactory(area=area, late=True, responsible=[users["nav_advisor"]])


@pytest.mark.parametrize("name", ["actionplan:detail", "actionplan:progress"])
def test_plan_pages_run_a_fixed_number_of_queries(
    client_for, users, plan, consultants_action, django_assert_num_queries, name
):
    client = client_for(users["consultant"])
    url = reverse(name, args=[plan.pk])
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    _more_rows(plan, users)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_plan_list_runs_a_fixed_number_of_queries(
    client_for, users, plan, django_assert_num_queries, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["teacher"])
    url = reverse("actionplan:list")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    ActionPlan.objects.create(
        municipality=plan.municipality,
        title="Forrige plan",
        start_year=today.year - 4,
        end_year=today.year - 1,
        created_by=users["leader"],
    )
    _more_rows(plan, users)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_action_page_runs_a_fixed_number_of_queries(
    client_for, users, consultants_action, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from introsak.actionplan import services

    client = client_for(users["consultant"])
    url = reverse("actionplan:action", args=[consultants_action.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=S.UNDER_WAY
    )
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=S.PLANNED
    )
    consultants_action.responsible_users.add(users["teacher"], users["leader"])
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
