"""Saving plans as revisions, IP conversations and the teacher's IOP, with permissions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from introsak.core.models import AuditEvent
from introsak.decisions.models import DecisionStatus
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.models import HouseholdMember, Relation
from introsak.participants.tests.factories import HouseholdFactory
from introsak.plans import selectors, services
from introsak.plans.models import Measure, Plan, PlanRevision

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def participant(world, users):
    participant = world["mine"]
    DecisionFactory(
        participant=participant,
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        start_date=D(2026, 2, 1),
        end_date=D(2028, 1, 31),
        decided_at=timezone.now(),
    )
    return participant


def measure(kind, hours, **kw):
    return {
        "kind": kind,
        "provider": kw.pop("provider", "Karasjok voksenopplæring"),
        "start_date": kw.pop("start", D(2026, 2, 2)),
        "end_date": kw.pop("end", D(2027, 6, 30)),
        "hours_per_week": Decimal(str(hours)),
        **kw,
    }


FULL = [
    measure("norwegian", 15),
    measure("social_studies", "2.5"),
    measure("life_skills", 2),
    measure("work_practice", 15, provider="Coop Karasjok"),
    measure("other", 3),
]
GOALS = {
    "final_goal": "work",
    "final_goal_field": "butikkmedarbeider",
    "norwegian_target": "b1",
    "heavy_self_study": False,
}


def errors_of(excinfo):
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_consultant_builds_a_full_time_plan(users, participant):
    plan = services.save_plan(
        actor=users["consultant"],
        participant=participant,
        data=GOALS,
        sub_goals=[{"description": "A2 muntlig", "target_date": D(2026, 12, 1)}],
        measures=FULL,
    )
    overview = selectors.plan_overview(participant, today=D(2026, 11, 24))
    assert overview.week_hours == Decimal("37.5") and overview.full_time == Decimal("37.5")
    assert overview.missing == []
    revision = plan.revisions.get()
    assert revision.number == 1 and revision.created_by == users["consultant"]
    assert len(revision.snapshot["measures"]) == 5
    assert AuditEvent.objects.filter(action="plan.create", participant_id=participant.pk)


def test_plan_warns_when_not_full_time_and_content_is_missing(users, participant):
    household = HouseholdFactory(municipality=participant.municipality)
    participant.household, participant.household_relation = household, Relation.MAIN
    participant.save()
    HouseholdMember.objects.create(
        municipality=participant.municipality,
        household=household,
        given_name="Luwam",
        family_name="Tesfay",
        birth_date=D(2022, 1, 1),
        relation=Relation.CHILD,
    )
    services.save_plan(
        actor=users["consultant"], participant=participant, data=GOALS, measures=FULL[:2]
    )
    overview = selectors.plan_overview(participant, today=D(2026, 11, 24))
    assert overview.week_hours == Decimal("17.5")
    assert overview.weeks_below  # weeks under 37.5 hours
    assert overview.missing == ["life_skills", "parental_guidance", "work_or_education"]


def test_heavy_self_study_makes_30_hours_full_time(users, participant):
    services.save_plan(
        actor=users["consultant"],
        participant=participant,
        data={**GOALS, "heavy_self_study": True},
        measures=[
            measure("norwegian", 20),
            measure("social_studies", "2.5"),
            measure("life_skills", 2),
            measure("course", "5.5"),
        ],
    )
    overview = selectors.plan_overview(participant, today=D(2026, 11, 24))
    assert overview.full_time == Decimal(30) and overview.week_hours == Decimal(30)


@pytest.mark.parametrize(
    ("bad", "key", "message"),
    [
        (measure("norwegian", -1), "measures.0.hours_per_week", "more than 0"),
        (measure("norwegian", 41), "measures.0.hours_per_week", "at most 40"),
        (
            measure("norwegian", 15, start=D(2026, 1, 5)),
            "measures.0.start_date",
            "before the programme",
        ),
        (
            measure("norwegian", 15, end=D(2028, 3, 1)),
            "measures.0.end_date",
            "after the programme ends",
        ),
        (measure("", 15), "measures.0.kind", "Choose"),
    ],
)
def test_bad_measures_are_refused_and_nothing_saved(users, participant, bad, key, message):
    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(
            actor=users["consultant"], participant=participant, data=GOALS, measures=[bad]
        )
    assert message in errors_of(excinfo)[key]
    assert not Plan.objects.exists() and not Measure.objects.exists()


def test_sub_goal_after_the_programme_is_refused(users, participant):
    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(
            actor=users["consultant"],
            participant=participant,
            data=GOALS,
            sub_goals=[{"description": "B1", "target_date": D(2028, 2, 1)}],
        )
    assert "after the programme ends" in errors_of(excinfo)["sub_goals.0.target_date"]


def test_a_revision_records_exactly_what_changed(users, participant):
    plan = services.save_plan(
        actor=users["consultant"], participant=participant, data=GOALS, measures=FULL
    )
    rows = [
        {
            "id": m.pk,
            "kind": m.kind,
            "provider": m.provider,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "hours_per_week": m.hours_per_week,
        }
        for m in plan.measures.all()
    ]
    rows[0]["hours_per_week"] = Decimal(20)  # Norwegian 15 -> 20
    rows = [r for r in rows if r["kind"] != "other"]  # drop the 3-hour measure
    services.save_plan(
        actor=users["consultant"],
        participant=participant,
        data={**GOALS, "norwegian_target": "b2"},
        measures=rows,
        note="Etter IP-samtale",
    )
    latest = plan.revisions.order_by("-number").first()
    assert latest.number == 2 and latest.note == "Etter IP-samtale"
    summary = {(c["section"], c["change"]) for c in latest.changes}
    assert summary == {("plan", "changed"), ("measures", "changed"), ("measures", "removed")}
    plan_change = next(c for c in latest.changes if c["section"] == "plan")
    assert plan_change["fields"] == {"norwegian_target": {"old": "b1", "new": "b2"}}
    # The removed measure is kept for the attendance that refers to it, but not planned.
    assert Measure.objects.filter(kind="other", is_active=False).exists()


def test_a_row_id_that_is_not_in_the_plan_is_refused(users, participant):
    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(
            actor=users["consultant"],
            participant=participant,
            data=GOALS,
            measures=[{**FULL[0], "id": 999999}],
        )
    assert "not part of the plan" in errors_of(excinfo)["measures.0.id"]


def test_saving_without_changes_makes_no_revision(users, participant):
    plan = services.save_plan(actor=users["consultant"], participant=participant, data=GOALS)
    services.save_plan(actor=users["consultant"], participant=participant, data=GOALS)
    assert plan.revisions.count() == 1


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "leader"])
def test_only_the_consultant_writes_the_plan(users, participant, role):
    with pytest.raises(PermissionDenied):
        services.save_plan(actor=users[role], participant=participant, data=GOALS)


def test_ip_conversation_with_an_adult_qualified_interpreter(users, participant):
    services.save_plan(
        actor=users["consultant"], participant=participant, data=GOALS, measures=FULL
    )
    conversation = services.record_conversation(
        actor=users["consultant"],
        participant=participant,
        data={
            "held_on": D(2026, 11, 20),
            "attendees": "deltaker, konsulent, faglærer",
            "interpreter_used": True,
            "interpreter_language": "ti",
            "interpreter_name": "Yordanos Haile",
            "interpreter_birth_date": D(1985, 3, 3),
            "interpreter_qualified": True,
            "interpreter_mode": "remote",
            "summary": "Gjennomgang av planen.",
            "next_review_on": D(2027, 2, 20),
            "acknowledged": True,
        },
    )
    plan = Plan.objects.get()
    assert plan.next_review_on == D(2027, 2, 20)
    revision = plan.revisions.get()
    assert revision.acknowledged_on == D(2026, 11, 20)
    assert revision.acknowledged_at_conversation == conversation


def test_a_child_is_never_registered_as_interpreter(users, participant):
    services.save_plan(actor=users["consultant"], participant=participant, data=GOALS)
    with pytest.raises(ValidationError) as excinfo:
        services.record_conversation(
            actor=users["consultant"],
            participant=participant,
            data={
                "held_on": D(2026, 11, 20),
                "attendees": "deltaker, datter",
                "interpreter_used": True,
                "interpreter_language": "ti",
                "interpreter_name": "Luwam",
                "interpreter_birth_date": D(2012, 1, 1),
                "interpreter_mode": "in_person",
                "summary": "x",
                "next_review_on": D(2027, 1, 1),
            },
        )
    assert "under 18" in errors_of(excinfo)["interpreter_birth_date"]


def test_teacher_writes_the_iop_but_not_the_plan(users, participant):
    services.record_level(
        actor=users["teacher"],
        participant=participant,
        data={
            "recorded_on": D(2026, 11, 1),
            "listening": "a2",
            "reading": "a2",
            "writing": "a1",
            "oral": "a2",
        },
    )
    services.save_semester_goals(
        actor=users["teacher"],
        participant=participant,
        goals=[{"semester": "H2026", "description": "A2 skriftlig"}],
    )
    services.record_training_review(
        actor=users["teacher"],
        participant=participant,
        data={"held_on": D(2026, 11, 10), "summary": "God framgang."},
    )
    services.record_test_result(
        actor=users["teacher"],
        participant=participant,
        data={
            "kind": "norwegian",
            "taken_on": D(2026, 11, 5),
            "listening": "a2",
            "reading": "b1",
            "oral": "a2",
        },
    )
    services.record_test_result(
        actor=users["teacher"],
        participant=participant,
        data={"kind": "social_studies", "taken_on": D(2026, 11, 5), "passed": True},
    )
    overview = selectors.training_overview(participant, today=D(2026, 11, 24))
    assert not overview["review_missing"]
    assert len(overview["tests"]) == 2 and overview["levels"][0].writing == "a1"
    with pytest.raises(PermissionDenied):
        services.save_plan(actor=users["teacher"], participant=participant, data=GOALS)


def test_a_test_level_outside_a1_to_c1_is_refused(users, participant):
    with pytest.raises(ValidationError) as excinfo:
        services.record_test_result(
            actor=users["teacher"],
            participant=participant,
            data={"kind": "norwegian", "taken_on": D(2026, 11, 5), "oral": "c2"},
        )
    assert "A1 to C1" in errors_of(excinfo)["oral"]


@pytest.mark.parametrize("role", ["consultant", "nav_advisor", "leader"])
def test_only_the_participants_teacher_writes_the_iop(users, participant, role):
    with pytest.raises(PermissionDenied):
        services.record_training_review(
            actor=users[role],
            participant=participant,
            data={"held_on": D(2026, 11, 10), "summary": "x"},
        )


def test_a_teacher_of_another_class_cannot_write_the_iop(users, world, municipality):
    from introsak.core.tests.factories import UserFactory

    other_teacher = UserFactory(municipality=municipality, role="teacher")
    with pytest.raises(PermissionDenied):
        services.record_training_review(
            actor=other_teacher,
            participant=world["mine"],
            data={"held_on": D(2026, 11, 10), "summary": "x"},
        )


def test_reviews_due_on_the_consultants_start_page(users, participant):
    services.save_plan(actor=users["consultant"], participant=participant, data=GOALS)
    assert [
        p.participant for p in selectors.reviews_due(users["consultant"], today=D(2026, 11, 24))
    ] == [participant]
    Plan.objects.update(next_review_on=D(2027, 3, 1))
    assert selectors.reviews_due(users["consultant"], today=D(2026, 11, 24)) == []


def test_revision_comparison_side_by_side(users, participant):
    plan = services.save_plan(
        actor=users["consultant"], participant=participant, data=GOALS, measures=FULL[:1]
    )
    services.save_plan(
        actor=users["consultant"],
        participant=participant,
        data={**GOALS, "final_goal_field": "kokk"},
        measures=[
            *[
                {
                    "id": m.pk,
                    "kind": m.kind,
                    "provider": m.provider,
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                    "hours_per_week": m.hours_per_week,
                }
                for m in plan.measures.all()
            ],
            FULL[1],
        ],
    )
    first, second = PlanRevision.objects.order_by("number")
    compared = selectors.compare(first, second)
    assert compared["plan_changed"] == {"final_goal_field"}
    assert [r.change for r in compared["measures_new"]] == ["", "added"]
    assert [r.change for r in compared["measures_old"]] == [""]
