"""The plan and IOP screens by role, and the consultant and teacher building a plan."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.decisions.models import DecisionStatus
from introsak.decisions.tests.factories import DecisionFactory
from introsak.plans.models import Plan, PlanRevision, TrainingPlan
from introsak.plans.models import TestResult as IOPTestResult

ALL = [r.value for r in Role]


def expect(default, **by_role):
    return {role: by_role.get(role, default) for role in ALL}


@pytest.fixture
def programme(world, users):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        start_date=start,
        end_date=start + datetime.timedelta(days=700),
        decided_at=timezone.now(),
    )
    return {
        "participant": world["mine"],
        "start": start,
        "end": start + datetime.timedelta(days=700),
    }


SCREENS = {
    "plans:detail": expect(404, consultant=200, leader=200, teacher=200, nav_advisor=200),
    "plans:training": expect(404, consultant=200, leader=200, teacher=200, nav_advisor=200),
    "plans:edit": expect(404, consultant=200, leader=403, teacher=403, nav_advisor=403),
    "plans:conversation_create": expect(
        404, consultant=200, leader=403, teacher=403, nav_advisor=403
    ),
}


@pytest.mark.parametrize("name", SCREENS)
def test_plan_screens_by_role(client_for, users, world, name):
    for role in ALL:
        url = reverse(name, args=[world["mine"].pk])
        assert client_for(users[role]).get(url).status_code == SCREENS[name][role], role


@pytest.mark.parametrize("name", SCREENS)
def test_another_municipalitys_plan_is_not_found(client_for, users, outsider, world, name):
    assert (
        client_for(users["consultant"]).get(reverse(name, args=[world["foreign"].pk])).status_code
        == 404
    )
    assert client_for(outsider).get(reverse(name, args=[world["mine"].pk])).status_code == 404


def test_nav_advisor_sees_only_plans_of_assigned_participants(client_for, users, world):
    client = client_for(users["nav_advisor"])
    assert client.get(reverse("plans:detail", args=[world["mine"].pk])).status_code == 200
    assert client.get(reverse("plans:detail", args=[world["other"].pk])).status_code == 404


def post_plan(client, participant, start, measures, note="", extra=None):
    data = {
        "final_goal": "work",
        "final_goal_field": "helsefagarbeider",
        "norwegian_target": "b1",
        "note": note,
        "sub_goals-TOTAL_FORMS": "1",
        "sub_goals-INITIAL_FORMS": "0",
        "sub_goals-0-description": "A2 muntlig",
        "sub_goals-0-target_date": (start + datetime.timedelta(days=120)).isoformat(),
        "measures-TOTAL_FORMS": str(len(measures)),
        "measures-INITIAL_FORMS": "0",
    }
    for i, (kind, hours) in enumerate(measures):
        data.update(
            {
                f"measures-{i}-kind": kind,
                f"measures-{i}-provider": "Karasjok VO",
                f"measures-{i}-start_date": (start + datetime.timedelta(days=1)).isoformat(),
                f"measures-{i}-end_date": (start + datetime.timedelta(days=400)).isoformat(),
                f"measures-{i}-hours_per_week": str(hours),
            }
        )
    data.update(extra or {})
    return client.post(reverse("plans:edit", args=[participant.pk]), data)


FULL = [
    ("norwegian", 15),
    ("social_studies", 2.5),
    ("life_skills", 2),
    ("work_practice", 15),
    ("other", 3),
]


def test_consultant_builds_a_full_time_plan_and_revises_it(client_for, users, programme):
    consultant = client_for(users["consultant"])
    participant, start = programme["participant"], programme["start"]
    response = post_plan(consultant, participant, start, FULL)
    assert response.status_code == 302
    page = consultant.get(reverse("plans:detail", args=[participant.pk])).content.decode()
    assert "37,5" in page and "Helsefagarbeider" not in page  # the field is shown as typed
    plan = Plan.objects.get()
    # Revise: Norwegian up to 20 hours, through the edit form with the existing rows.
    measures = list(plan.measures.order_by("id"))
    data = {
        "final_goal": "work",
        "final_goal_field": "helsefagarbeider",
        "norwegian_target": "b1",
        "note": "Mer norsk etter IP-samtale",
        "sub_goals-TOTAL_FORMS": "0",
        "sub_goals-INITIAL_FORMS": "0",
        "measures-TOTAL_FORMS": str(len(measures)),
        "measures-INITIAL_FORMS": "0",
    }
    for i, m in enumerate(measures):
        data.update(
            {
                f"measures-{i}-id": m.pk,
                f"measures-{i}-kind": m.kind,
                f"measures-{i}-provider": m.provider,
                f"measures-{i}-start_date": m.start_date.isoformat(),
                f"measures-{i}-end_date": m.end_date.isoformat(),
                f"measures-{i}-hours_per_week": "20"
                if m.kind == "norwegian"
                else str(m.hours_per_week),
            }
        )
    consultant.post(reverse("plans:edit", args=[participant.pk]), data)
    second = PlanRevision.objects.get(number=2)
    kinds = {(c["section"], c["change"]) for c in second.changes}
    assert kinds == {("measures", "changed"), ("sub_goals", "removed")}
    compare = consultant.get(
        reverse("plans:compare", args=[participant.pk]), {"fra": 1, "til": 2}
    ).content.decode()
    assert "<del>15,0</del>" in compare and "<ins>20,0</ins>" in compare
    assert AccessLog.objects.filter(what="plan.compare").exists()


def test_plan_form_refuses_a_measure_over_40_hours_and_keeps_the_input(
    client_for, users, programme
):
    response = post_plan(
        client_for(users["consultant"]),
        programme["participant"],
        programme["start"],
        [("norwegian", 41)],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_measures-0-hours_per_week"' in html and 'value="41"' in html
    assert "Tiltak 1" in html  # the summary says which row
    assert not Plan.objects.exists()


def test_plan_warns_when_the_week_is_not_full(client_for, users, programme):
    consultant = client_for(users["consultant"])
    post_plan(consultant, programme["participant"], programme["start"], [("norwegian", 15)])
    page = consultant.get(reverse("plans:detail", args=[programme["participant"].pk]))
    html = page.content.decode()
    assert "fulltid er 37,5" in html
    assert "Samfunnskunnskap: 0 av 75 timer" in html


def test_teacher_records_review_and_test_results(client_for, users, programme):
    teacher = client_for(users["teacher"])
    url = reverse("plans:training", args=[programme["participant"].pk])
    today = timezone.localdate().isoformat()
    teacher.post(
        url, {"form": "review", "review-held_on": today, "review-summary": "God framgang."}
    )
    teacher.post(
        url,
        {
            "form": "test",
            "test-kind": "norwegian",
            "test-taken_on": today,
            "test-listening": "a2",
            "test-reading": "b1",
        },
    )
    response = teacher.post(
        url,
        {
            "form": "test",
            "test-kind": "social_studies",
            "test-taken_on": today,
            "test-passed": "true",
        },
    )
    assert response.status_code == 302
    assert IOPTestResult.objects.count() == 2
    html = teacher.get(url).content.decode()
    assert "God framgang." in html and "IOP-samtale" in html


def test_consultant_cannot_write_the_iop(client_for, users, programme):
    response = client_for(users["consultant"]).post(
        reverse("plans:training", args=[programme["participant"].pk]),
        {
            "form": "review",
            "review-held_on": timezone.localdate().isoformat(),
            "review-summary": "x",
        },
    )
    assert response.status_code == 403


def test_printable_plan_is_a_pdf(client_for, users, programme):
    consultant = client_for(users["consultant"])
    post_plan(consultant, programme["participant"], programme["start"], FULL)
    response = consultant.get(reverse("plans:pdf", args=[programme["participant"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# --- the IOP's main goal: «faglig hovedmål og delmål, med tidsplan» (Karasjok's plan) ---


def _iop_url(programme):
    return reverse("plans:training", args=[programme["participant"].pk])


def _later(days=200):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_teacher_sets_the_main_goal_and_it_is_shown_and_audited(client_for, users, programme):
    teacher = client_for(users["teacher"])
    response = teacher.post(
        _iop_url(programme),
        {
            "form": "main",
            "main-main_goal": "B1 muntlig og skriftlig",
            "main-main_goal_by": _later(),
        },
    )
    assert response.status_code == 302
    iop = TrainingPlan.objects.get(participant=programme["participant"])
    assert iop.main_goal == "B1 muntlig og skriftlig"
    html = teacher.get(_iop_url(programme)).content.decode()
    assert "B1 muntlig og skriftlig" in html and "Hovedmål" in html
    event = AuditEvent.objects.get(action="iop.main_goal")
    assert event.changes["main_goal"]["new"] == "B1 muntlig og skriftlig"


def test_a_missing_goal_is_named_and_the_date_kept(client_for, users, programme):
    response = client_for(users["teacher"]).post(
        _iop_url(programme), {"form": "main", "main-main_goal": " ", "main-main_goal_by": _later()}
    )
    assert response.status_code == 200
    form = response.context["main_form"]
    assert "main_goal" in form.errors
    assert form["main_goal_by"].value() == _later()


def test_a_date_that_has_passed_is_refused_and_the_goal_kept(client_for, users, programme):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(users["teacher"]).post(
        _iop_url(programme), {"form": "main", "main-main_goal": "B1", "main-main_goal_by": past}
    )
    assert response.status_code == 200
    form = response.context["main_form"]
    assert "har passert" in form.errors["main_goal_by"][0]
    assert form["main_goal"].value() == "B1"
    assert not TrainingPlan.objects.filter(main_goal="B1").exists()


@pytest.mark.parametrize("role", ["consultant", "leader", "nav_advisor"])
def test_only_the_teacher_sets_the_main_goal(client_for, users, programme, role):
    response = client_for(users[role]).post(
        _iop_url(programme), {"form": "main", "main-main_goal": "B1"}
    )
    assert response.status_code == 403
    assert not TrainingPlan.objects.filter(main_goal="B1").exists()


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_roles_without_the_iop_do_not_find_it(client_for, users, programme, role):
    response = client_for(users[role]).post(
        _iop_url(programme), {"form": "main", "main-main_goal": "B1"}
    )
    assert response.status_code == 404


def test_the_api_sets_and_reads_the_main_goal(users, programme):
    from introsak.api.tests.test_participants_api import Api, fields_in_error

    api = Api(users["teacher"], language="nb")
    path = f"/participants/{programme['participant'].pk}/training-plan"
    response = api.client.put(
        f"/api/v1{path}/main-goal",
        {"main_goal": "B1", "main_goal_by": _later()},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["main_goal"] == "B1"
    assert api.get(path).json()["main_goal_by"] == _later()
    response = api.client.put(
        f"/api/v1{path}/main-goal",
        {"main_goal": "B2", "main_goal_by": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ("main_goal_by",) in fields_in_error(response)
