"""/api/v1 plans: the IP with its revisions and conversations, and the teacher's IOP, under
the same policy, rules and audit as the services — 404 for what the user may not see, 403
for what the role may not do, 422 with the field (and the row) for what the rules refuse.

Dates are relative to today, so the tests do not depend on the calendar."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.decisions.models import DecisionStatus
from introsak.decisions.tests.factories import DecisionFactory
from introsak.plans import services
from introsak.plans.models import (
    IPConversation,
    LevelRecord,
    Measure,
    Plan,
    PlanRevision,
    SemesterGoal,
    TrainingReview,
)
from introsak.plans.models import TestResult as TakenTest  # not collected as a test class

ALL = [r.value for r in Role]
DAY = datetime.timedelta(days=1)


class PlanApi(Api):
    def put(self, path, data):
        return self.client.put(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def api_for():
    return PlanApi


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(users, world, today):
    """The consultant's participant has a programme period from 30 days ago for two years."""
    start, end = today - 30 * DAY, today + 700 * DAY
    DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        start_date=start,
        end_date=end,
        decided_at=timezone.now(),
    )
    return start, end


@pytest.fixture
def mine(world, period):
    return world["mine"]


def fields_in_error(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def measure(period, kind, hours, **changes) -> dict:
    start, end = period
    row = {
        "kind": kind,
        "provider": "Karasjok voksenopplæring",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "hours_per_week": hours,
    }
    row.update(changes)
    return row


def plan_body(period, **changes) -> dict:
    """A full-time plan: 15 + 2.5 + 2 + 15 + 3 = 37.5 hours a week."""
    body = {
        "final_goal": "work",
        "final_goal_field": "butikkmedarbeider",
        "norwegian_target": "b1",
        "heavy_self_study": False,
        "note": "",
        "sub_goals": [
            {"description": "A2 muntlig", "target_date": (period[0] + 180 * DAY).isoformat()}
        ],
        "measures": [
            measure(period, "norwegian", 15),
            measure(period, "social_studies", 2.5),
            measure(period, "life_skills", 2),
            measure(period, "work_practice", 15, provider="Coop Karasjok", title="Praksis"),
            measure(period, "other", 3),
        ],
    }
    body.update(changes)
    return body


def as_rows(plan: dict) -> dict:
    """The plan as GET returns it, as a body for PUT (with the rows' ids)."""
    keys = ("final_goal", "final_goal_field", "norwegian_target", "heavy_self_study")
    measure_keys = (
        "id",
        "kind",
        "title",
        "provider",
        "responsible_id",
        "start_date",
        "end_date",
        "hours_per_week",
    )
    return {
        **{k: plan[k] for k in keys},
        "sub_goals": [dict(g) for g in plan["sub_goals"]],
        "measures": [{k: m[k] for k in measure_keys} for m in plan["measures"]],
    }


def conversation_body(today, **changes) -> dict:
    body = {
        "held_on": (today - 2 * DAY).isoformat(),
        "attendees": "deltaker, flyktningkonsulent, faglærer",
        "interpreter_used": True,
        "interpreter_language": "ti",
        "interpreter_name": "Yordanos Haile",
        "interpreter_birth_date": "1985-03-03",
        "interpreter_qualified": True,
        "interpreter_mode": "remote",
        "summary": "Gjennomgang av planen.",
        "agreed_changes": "Mer praksis fra januar.",
        "next_review_on": (today + 90 * DAY).isoformat(),
        "acknowledged": True,
    }
    body.update(changes)
    return body


def saved_plan(users, participant, period):
    """A plan saved through the service, as the consultant."""
    return services.save_plan(
        actor=users["consultant"],
        participant=participant,
        data={"final_goal": "work", "norwegian_target": "b1"},
        sub_goals=[{"description": "A2", "target_date": period[0] + 180 * DAY}],
        measures=[
            {
                "kind": "norwegian",
                "provider": "Voksenopplæringen",
                "start_date": period[0],
                "end_date": period[1],
                "hours_per_week": 15,
            }
        ],
    )


# --- the plan ---------------------------------------------------------------------------


def test_consultant_saves_a_full_time_plan_and_reads_it(api_for, users, mine, period, today):
    consultant = api_for(users["consultant"])
    body = plan_body(period)
    body["measures"][3]["responsible_id"] = users["mentor"].pk

    response = consultant.put(f"/participants/{mine.pk}/plan", body)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["week_hours"] == 37.5 and saved["full_time_hours"] == 37.5
    assert saved["missing_compulsory"] == [] and saved["weeks_below_full_time"] == 0
    assert saved["current_revision"] == 1

    response = consultant.get(f"/participants/{mine.pk}/plan")
    assert response.status_code == 200
    plan = response.json()
    assert plan == saved
    assert plan["final_goal"] == "work" and plan["final_goal_field"] == "butikkmedarbeider"
    assert plan["norwegian_target"] == "b1" and plan["heavy_self_study"] is False
    assert plan["next_review_on"] is None
    assert plan["week_start"] == (today - today.weekday() * DAY).isoformat()
    assert plan["social_studies_hours"] > 75
    [goal] = plan["sub_goals"]
    assert goal["description"] == "A2 muntlig" and goal["status"] == "planned"
    practice = next(m for m in plan["measures"] if m["kind"] == "work_practice")
    assert practice["title"] == "Praksis" and practice["provider"] == "Coop Karasjok"
    assert practice["responsible_id"] == users["mentor"].pk
    assert practice["start_date"] == period[0].isoformat()
    assert practice["hours_per_week"] == 15
    assert sorted(m["hours_per_week"] for m in plan["measures"]) == [2, 2.5, 3, 15, 15]
    event = AuditEvent.objects.get(action="plan.create")
    assert event.actor == users["consultant"] and event.participant_id == mine.pk


def test_heavy_self_study_makes_30_hours_full_time(api_for, users, mine, period):
    body = plan_body(period, heavy_self_study=True)
    body["measures"] = [
        measure(period, "norwegian", 20),
        measure(period, "social_studies", 2.5),
        measure(period, "life_skills", 2),
        measure(period, "course", 5.5),
    ]
    response = api_for(users["consultant"]).put(f"/participants/{mine.pk}/plan", body)
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["full_time_hours"] == 30 and plan["week_hours"] == 30
    assert plan["weeks_below_full_time"] == 0


def test_a_plan_that_lacks_hours_and_content_says_so(api_for, users, mine, period):
    body = plan_body(period, measures=[measure(period, "norwegian", 15)])
    plan = api_for(users["consultant"]).put(f"/participants/{mine.pk}/plan", body).json()
    assert plan["week_hours"] == 15
    assert plan["weeks_below_full_time"] > 90  # every week of the two years left
    assert plan["missing_compulsory"] == ["social_studies", "life_skills", "work_or_education"]


def test_a_changed_measure_makes_revision_2_with_exactly_that_change(api_for, users, mine, period):
    consultant = api_for(users["consultant"])
    path = f"/participants/{mine.pk}/plan"
    first = consultant.put(path, plan_body(period)).json()

    body = as_rows(first)
    norwegian = next(m for m in body["measures"] if m["kind"] == "norwegian")
    norwegian["hours_per_week"] = 20
    body["note"] = "Etter IP-samtale"
    response = consultant.put(path, body)
    assert response.status_code == 200, response.content
    assert response.json()["current_revision"] == 2
    assert response.json()["week_hours"] == 42.5

    revisions = consultant.get(f"{path}/revisions")
    assert revisions.status_code == 200
    listed = revisions.json()
    assert [r["number"] for r in listed] == [2, 1]
    latest = listed[0]
    assert latest["note"] == "Etter IP-samtale"
    assert latest["created_by_id"] == users["consultant"].pk
    assert latest["acknowledged_on"] is None
    assert latest["changes"] == [
        {
            "section": "measures",
            "item": norwegian["id"],
            "change": "changed",
            "fields": {"hours_per_week": {"old": "15.0", "new": "20.0"}},
        }
    ]
    assert "snapshot" not in latest
    assert len(listed[1]["changes"]) == 7  # the plan's fields, one sub-goal, five measures

    detail = consultant.get(f"{path}/revisions/2").json()
    assert detail["number"] == 2 and detail["changes"] == latest["changes"]
    assert detail["snapshot"]["plan"]["norwegian_target"] == "b1"
    hours = {m["id"]: m["hours_per_week"] for m in detail["snapshot"]["measures"]}
    assert hours[norwegian["id"]] == "20.0"
    old = consultant.get(f"{path}/revisions/1").json()
    assert {m["id"]: m["hours_per_week"] for m in old["snapshot"]["measures"]}[
        norwegian["id"]
    ] == "15.0"
    assert consultant.get(f"{path}/revisions/3").status_code == 404

    # Saving the same plan again changes nothing and makes no revision.
    assert consultant.put(path, body).json()["current_revision"] == 2
    assert PlanRevision.objects.count() == 2


def test_rows_left_out_are_removed_and_a_status_left_out_is_kept(api_for, users, mine, period):
    consultant = api_for(users["consultant"])
    path = f"/participants/{mine.pk}/plan"
    body = as_rows(consultant.put(path, plan_body(period)).json())
    body["sub_goals"][0]["status"] = "achieved"
    consultant.put(path, body)

    body["sub_goals"][0].pop("status")
    dropped = body["measures"].pop()
    plan = consultant.put(path, body).json()
    assert plan["sub_goals"][0]["status"] == "achieved"
    assert dropped["id"] not in {m["id"] for m in plan["measures"]}
    # Kept, inactive, for the attendance that refers to it.
    assert Measure.objects.filter(pk=dropped["id"], is_active=False).exists()
    assert PlanRevision.objects.get(number=3).changes[0]["change"] == "removed"


@pytest.mark.parametrize(
    ("change", "loc", "message"),
    [
        ({"hours_per_week": 41}, ("measures", 1, "hours_per_week"), "at most 40"),
        ({"hours_per_week": -1}, ("measures", 1, "hours_per_week"), "more than 0"),
        ({"hours_per_week": 0}, ("measures", 1, "hours_per_week"), "more than 0"),
        ({"start_date": "start-1"}, ("measures", 1, "start_date"), "before the programme"),
        ({"end_date": "end+1"}, ("measures", 1, "end_date"), "after the programme ends"),
        ({"end_date": "start"}, ("measures", 1, "end_date"), "before the start"),
        ({"provider": " "}, ("measures", 1, "provider"), "required"),
        ({"responsible_id": 999999}, ("measures", 1, "responsible_id"), "No such id"),
        ({"responsible_id": "outsider"}, ("measures", 1, "responsible_id"), "No such id"),
    ],
)
def test_a_bad_measure_is_422_on_its_row_and_nothing_is_saved(
    api_for, users, mine, period, outsider, change, loc, message
):
    start, end = period
    replacements = {
        "start-1": (start - DAY).isoformat(),
        "end+1": (end + DAY).isoformat(),
        "start": (start + 10 * DAY).isoformat(),
        "outsider": outsider.pk,
    }
    change = {k: replacements.get(v, v) for k, v in change.items()}
    body = plan_body(period)
    body["measures"][1].update({"start_date": (start + 20 * DAY).isoformat(), **change})
    response = api_for(users["consultant"]).put(f"/participants/{mine.pk}/plan", body)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", *loc]
    assert message in error["msg"]
    assert not Plan.objects.exists() and not Measure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="plan.").exists()


def test_a_sub_goal_after_the_programme_ends_is_422(api_for, users, mine, period):
    body = plan_body(period)
    body["sub_goals"].append({"description": "B1 skriftlig", "target_date": "2099-01-01"})
    response = api_for(users["consultant"]).put(f"/participants/{mine.pk}/plan", body)
    assert response.status_code == 422
    errors = fields_in_error(response)
    assert "after the programme ends" in errors[("sub_goals", 1, "target_date")]
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"final_goal": "riches"}, "final_goal"),
        ({"norwegian_target": "c2"}, "norwegian_target"),
        ({"final_goal_field": "x" * 151}, "final_goal_field"),
    ],
)
def test_bad_goals_are_422_on_the_field(api_for, users, mine, period, change, field):
    response = api_for(users["consultant"]).put(
        f"/participants/{mine.pk}/plan", plan_body(period, **change)
    )
    assert response.status_code == 422
    assert list(fields_in_error(response)) == [(field,)]
    assert not Plan.objects.exists()


def test_a_change_to_an_existing_plan_that_breaks_a_rule_changes_nothing(
    api_for, users, mine, period
):
    consultant = api_for(users["consultant"])
    path = f"/participants/{mine.pk}/plan"
    body = as_rows(consultant.put(path, plan_body(period)).json())
    body["final_goal_field"] = "kokk"
    body["measures"][0]["hours_per_week"] = 41
    response = consultant.put(path, body)
    assert response.status_code == 422
    assert ("measures", 0, "hours_per_week") in fields_in_error(response)
    plan = consultant.get(path).json()
    assert plan["final_goal_field"] == "butikkmedarbeider" and plan["current_revision"] == 1


def test_no_plan_yet_is_404_with_a_message_and_not_logged(api_for, users, mine):
    consultant = api_for(users["consultant"])
    response = consultant.get(f"/participants/{mine.pk}/plan")
    assert response.status_code == 404
    assert "no plan yet" in response.json()["detail"]
    assert consultant.get(f"/participants/{mine.pk}/plan/revisions").status_code == 404
    assert not AccessLog.objects.exists()


def test_messages_are_in_bokmaal_unless_the_client_asks_for_english(users, mine, period):
    api = PlanApi(users["consultant"], language="nb")
    response = api.get(f"/participants/{mine.pk}/plan")
    assert response.json()["detail"] == "Deltakeren har ingen integreringsplan ennå."
    body = plan_body(period)
    body["measures"][0]["responsible_id"] = 999999
    response = api.put(f"/participants/{mine.pk}/plan", body)
    assert fields_in_error(response) == {
        ("measures", 0, "responsible_id"): "Denne ID-en finnes ikke i kommunen din."
    }


# --- IP conversations -------------------------------------------------------------------


def test_ip_conversation_sets_the_review_and_acknowledges_the_plan(
    api_for, users, mine, period, today
):
    saved_plan(users, mine, period)
    consultant = api_for(users["consultant"])
    path = f"/participants/{mine.pk}/plan/conversations"
    response = consultant.post(path, conversation_body(today))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["recorded_by_id"] == users["consultant"].pk
    assert created["interpreter_language"] == "ti" and created["interpreter_mode"] == "remote"
    assert created["interpreter_birth_date"] == "1985-03-03"

    listed = api_for(users["teacher"]).get(path).json()
    assert [c["id"] for c in listed] == [created["id"]]
    plan = consultant.get(f"/participants/{mine.pk}/plan").json()
    assert plan["next_review_on"] == (today + 90 * DAY).isoformat()
    [revision] = consultant.get(f"/participants/{mine.pk}/plan/revisions").json()
    assert revision["acknowledged_on"] == (today - 2 * DAY).isoformat()
    assert AuditEvent.objects.filter(action="plan.conversation").exists()


def test_an_interpreter_under_18_is_422_on_the_birth_date(api_for, users, mine, period, today):
    saved_plan(users, mine, period)
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/plan/conversations",
        conversation_body(
            today,
            attendees="deltaker, datter",
            interpreter_name="Luwam",
            interpreter_birth_date=(today - 15 * 365 * DAY).isoformat(),
            interpreter_qualified=False,
        ),
    )
    assert response.status_code == 422
    assert "under 18" in fields_in_error(response)[("interpreter_birth_date",)]
    assert not IPConversation.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"interpreter_language": ""}, "interpreter_language"),
        ({"interpreter_mode": "by_pigeon"}, "interpreter_mode"),
        ({"interpreter_birth_date": None}, "interpreter_birth_date"),
        ({"held_on": "future"}, "held_on"),
        ({"next_review_on": "past"}, "next_review_on"),
    ],
)
def test_bad_conversation_is_422_on_the_field(api_for, users, mine, period, today, change, field):
    saved_plan(users, mine, period)
    dates = {"future": (today + DAY).isoformat(), "past": (today - 10 * DAY).isoformat()}
    change = {k: dates.get(v, v) for k, v in change.items()}
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/plan/conversations", conversation_body(today, **change)
    )
    assert response.status_code == 422
    assert (field,) in fields_in_error(response)
    assert not IPConversation.objects.exists()


def test_a_conversation_needs_a_plan(api_for, users, mine, today):
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/plan/conversations", conversation_body(today)
    )
    assert response.status_code == 422
    assert "Make the plan" in fields_in_error(response)[("__all__",)]


# --- the IOP ----------------------------------------------------------------------------


def test_the_teacher_writes_the_iop_but_not_the_plan(api_for, users, mine, period, today):
    teacher = api_for(users["teacher"])
    base = f"/participants/{mine.pk}/training-plan"
    recently = (today - 3 * DAY).isoformat()

    response = teacher.post(
        f"{base}/levels",
        {
            "recorded_on": recently,
            "listening": "a2",
            "reading": "a2",
            "writing": "a1",
            "oral": "b1",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["recorded_by_id"] == users["teacher"].pk

    response = teacher.put(
        f"{base}/goals",
        {
            "goals": [
                {"semester": "H2026", "description": "A2 skriftlig"},
                {"semester": "V2027", "description": "B1 muntlig", "status": "in_progress"},
            ]
        },
    )
    assert response.status_code == 200, response.content
    goals = response.json()
    assert [(g["semester"], g["status"]) for g in goals] == [
        ("H2026", "planned"),
        ("V2027", "in_progress"),
    ]

    response = teacher.post(f"{base}/reviews", {"held_on": recently, "summary": "God framgang."})
    assert response.status_code == 201, response.content

    response = teacher.post(
        f"{base}/tests",
        {"kind": "norwegian", "taken_on": recently, "listening": "a2", "oral": "b1"},
    )
    assert response.status_code == 201, response.content
    norwegian = response.json()
    assert (norwegian["oral"], norwegian["writing"], norwegian["passed"]) == ("b1", "", None)
    response = teacher.post(
        f"{base}/tests", {"kind": "social_studies", "taken_on": recently, "passed": True}
    )
    assert response.status_code == 201, response.content
    assert response.json()["passed"] is True

    iop = teacher.get(base).json()
    assert iop["review_missing"] is False
    assert iop["semester"] == f"{'V' if today.month <= 6 else 'H'}{today.year}"
    assert [lvl["oral"] for lvl in iop["levels"]] == ["b1"]
    assert [g["description"] for g in iop["goals"]] == ["A2 skriftlig", "B1 muntlig"]
    assert [r["summary"] for r in iop["reviews"]] == ["God framgang."]
    assert {t["kind"] for t in iop["tests"]} == {"norwegian", "social_studies"}

    # The whole list: a goal left out is removed, one with its id is changed.
    kept = {**goals[1], "status": "achieved"}
    response = teacher.put(f"{base}/goals", {"goals": [kept]})
    assert [(g["id"], g["status"]) for g in response.json()] == [(goals[1]["id"], "achieved")]

    response = teacher.put(f"/participants/{mine.pk}/plan", plan_body(period))
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_an_iop_without_entries_is_empty(api_for, users, mine):
    iop = api_for(users["nav_advisor"]).get(f"/participants/{mine.pk}/training-plan").json()
    assert (iop["levels"], iop["goals"], iop["reviews"], iop["tests"]) == ([], [], [], [])
    assert iop["review_missing"] is True


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "norwegian", "oral": "c2"}, "oral", "Input should be"),
        ({"kind": "norwegian"}, "listening", "at least one skill"),
        ({"kind": "social_studies"}, "passed", "passed"),
        ({"kind": "driving", "oral": "a2"}, "kind", "Input should be"),
        ({"kind": "norwegian", "oral": "a2", "taken_on": "future"}, "taken_on", "future"),
    ],
)
def test_a_bad_test_result_is_422_on_the_field(api_for, users, mine, today, body, field, message):
    data = {"taken_on": (today - DAY).isoformat(), **body}
    if data["taken_on"] == "future":
        data["taken_on"] = (today + DAY).isoformat()
    response = api_for(users["teacher"]).post(f"/participants/{mine.pk}/training-plan/tests", data)
    assert response.status_code == 422, response.content
    errors = fields_in_error(response)
    assert list(errors) == [(field,)] and message in errors[(field,)]
    assert not TakenTest.objects.exists()


def test_bad_semester_goal_is_422_on_its_row(api_for, users, mine):
    response = api_for(users["teacher"]).put(
        f"/participants/{mine.pk}/training-plan/goals",
        {
            "goals": [
                {"semester": "H2026", "description": "A2"},
                {"semester": "2026", "description": "B1"},
            ]
        },
    )
    assert response.status_code == 422
    assert "V2027 or H2026" in fields_in_error(response)[("goals", 1, "semester")]
    assert not SemesterGoal.objects.exists()


# --- who may do what --------------------------------------------------------------------

VIEW = {"consultant": 200, "leader": 200, "teacher": 200, "nav_advisor": 200}
WRITE_PLAN = {"consultant": 200, "leader": 403, "teacher": 403, "nav_advisor": 403}
RECORD_CONVERSATION = {"consultant": 201, "leader": 403, "teacher": 403, "nav_advisor": 403}
WRITE_IOP = {"consultant": 403, "leader": 403, "teacher": 201, "nav_advisor": 403}
SAVE_GOALS = {**WRITE_IOP, "teacher": 200}


def every_endpoint(api, participant, period, today) -> dict:
    """Each endpoint called with a valid body: path -> status code."""
    base = f"/participants/{participant.pk}"
    on = (today - DAY).isoformat()
    return {
        "GET plan": api.get(f"{base}/plan").status_code,
        "GET revisions": api.get(f"{base}/plan/revisions").status_code,
        "GET revision": api.get(f"{base}/plan/revisions/1").status_code,
        "GET conversations": api.get(f"{base}/plan/conversations").status_code,
        "GET training-plan": api.get(f"{base}/training-plan").status_code,
        "PUT plan": api.put(f"{base}/plan", plan_body(period)).status_code,
        "POST conversations": api.post(
            f"{base}/plan/conversations", conversation_body(today)
        ).status_code,
        "POST levels": api.post(
            f"{base}/training-plan/levels",
            {"recorded_on": on, "listening": "a2", "reading": "a2", "writing": "a2", "oral": "a2"},
        ).status_code,
        "PUT goals": api.put(
            f"{base}/training-plan/goals", {"goals": [{"semester": "H2026", "description": "A2"}]}
        ).status_code,
        "POST reviews": api.post(
            f"{base}/training-plan/reviews", {"held_on": on, "summary": "Bra."}
        ).status_code,
        "POST tests": api.post(
            f"{base}/training-plan/tests", {"kind": "norwegian", "taken_on": on, "oral": "a2"}
        ).status_code,
    }


@pytest.mark.parametrize("role", ALL)
def test_permission_matrix(api_for, users, mine, period, today, role):
    saved_plan(users, mine, period)
    codes = every_endpoint(api_for(users[role]), mine, period, today)
    view = VIEW.get(role, 404)
    assert codes == {
        "GET plan": view,
        "GET revisions": view,
        "GET revision": view,
        "GET conversations": view,
        "GET training-plan": view,
        "PUT plan": WRITE_PLAN.get(role, 404),
        "POST conversations": RECORD_CONVERSATION.get(role, 404),
        "POST levels": WRITE_IOP.get(role, 404),
        "PUT goals": SAVE_GOALS.get(role, 404),
        "POST reviews": WRITE_IOP.get(role, 404),
        "POST tests": WRITE_IOP.get(role, 404),
    }
    wrote_iop = role == "teacher"
    assert LevelRecord.objects.exists() is wrote_iop
    assert TrainingReview.objects.exists() is wrote_iop
    assert IPConversation.objects.exists() is (role == "consultant")


def test_nav_and_the_teacher_see_only_their_participants_plans(api_for, users, world, period):
    other = world["other"]
    saved_plan(users, world["mine"], period)
    saved_plan(users, other, period)
    for role in ("nav_advisor", "teacher"):
        api = api_for(users[role])
        assert api.get(f"/participants/{world['mine'].pk}/plan").status_code == 200
        assert api.get(f"/participants/{other.pk}/plan").status_code == 404
        assert api.get(f"/participants/{other.pk}/training-plan").status_code == 404
    assert api_for(users["consultant"]).get(f"/participants/{other.pk}/plan").status_code == 200
    response = api_for(users["teacher"]).post(
        f"/participants/{other.pk}/training-plan/reviews",
        {"held_on": "2026-01-05", "summary": "Bra."},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ALL)
def test_another_municipalitys_participant_is_404_for_every_role(
    api_for, users, world, outsider, period, today, role
):
    foreign = world["foreign"]
    saved_plan({"consultant": outsider}, foreign, period)
    codes = every_endpoint(api_for(users[role]), foreign, period, today)
    assert set(codes.values()) == {404}, codes
    assert not AccessLog.objects.exists()
    assert Plan.objects.get().revisions.count() == 1
    assert not IPConversation.objects.exists() and not LevelRecord.objects.exists()


def test_the_other_municipality_sees_its_own_plan(api_for, world, outsider, period):
    saved_plan({"consultant": outsider}, world["foreign"], period)
    response = api_for(outsider).get(f"/participants/{world['foreign'].pk}/plan")
    assert response.status_code == 200


# --- the access log, queries and schema ---------------------------------------------------


def test_reads_are_in_the_access_log(api_for, users, mine, period):
    saved_plan(users, mine, period)
    base = f"/participants/{mine.pk}"
    nav = api_for(users["nav_advisor"])
    nav.get(f"{base}/plan")
    nav.get(f"{base}/plan/revisions")
    nav.get(f"{base}/plan/revisions/1")
    nav.get(f"{base}/plan/conversations")
    api_for(users["teacher"]).get(f"{base}/training-plan")
    logs = AccessLog.objects.order_by("id")
    assert [(log.user.role, log.channel, log.what, log.participant_id) for log in logs] == [
        ("nav_advisor", "api", what, mine.pk)
        for what in (
            "api.plan.get",
            "api.plan.revisions",
            "api.plan.revision",
            "api.plan.conversations",
        )
    ] + [("teacher", "api", "api.training_plan.get", mine.pk)]
    assert logs[0].path == f"/api/v1{base}/plan"


def test_the_plan_is_read_in_a_fixed_number_of_queries(api_for, users, mine, period):
    consultant = api_for(users["consultant"])
    path = f"/participants/{mine.pk}/plan"
    consultant.put(path, plan_body(period, measures=[measure(period, "norwegian", 15)]))
    consultant.get(path)  # the token's use is recorded at most once a minute
    with CaptureQueriesContext(connection) as one:
        assert len(consultant.get(path).json()["measures"]) == 1
    body = plan_body(period)
    for row in body["measures"]:
        row["responsible_id"] = users["teacher"].pk
    body["sub_goals"] *= 3
    consultant.put(path, body)
    with CaptureQueriesContext(connection) as five:
        assert len(consultant.get(path).json()["measures"]) == 5
    assert len(five) == len(one)


def test_openapi_schema_lists_the_plan_endpoints(db):
    from django.test import Client

    paths = Client().get("/api/schema").json()["paths"]
    base = "/api/v1/participants/{participant_id}"
    assert {"get", "put"} <= set(paths[f"{base}/plan"])
    for path in (
        "/plan/revisions",
        "/plan/revisions/{number}",
        "/plan/conversations",
        "/training-plan",
        "/training-plan/levels",
        "/training-plan/goals",
        "/training-plan/reviews",
        "/training-plan/tests",
    ):
        assert f"{base}{path}" in paths
