import datetime
from decimal import Decimal

import pytest

from introsak.attendance.models import Registration
from introsak.attendance.tests.conftest import enrol
from introsak.participants.tests.factories import ParticipantFactory
from introsak.placements.tests.factories import PlacementFactory
from introsak.plans import models as plan_models
from introsak.results import selectors, services
from introsak.results.models import Outcome
from introsak.results.rules import add_months

from .conftest import DAY, ended_participant

pytestmark = pytest.mark.django_db


def test_due_followups_lists_the_consultants_participants_whose_follow_up_is_due(
    users, municipality, ended, running, today
):
    due = selectors.due_followups(users["consultant"], today)
    assert [(d.participant.pk, d.checkpoint) for d in due] == [(ended.pk, "month_6")]
    assert due[0].programme_end == add_months(today, -7)


def test_recorded_follow_up_is_no_longer_due(users, ended, today):
    services.record_outcome(
        actor=users["consultant"],
        participant=ended,
        data={"checkpoint": "month_6", "activity": "education"},
    )
    assert selectors.due_followups(users["consultant"], today) == []


def test_another_consultants_participants_are_not_on_my_list(users, municipality, today):
    from introsak.core.tests.factories import UserFactory

    colleague = UserFactory(municipality=municipality, role="consultant")
    ended_participant(municipality, colleague, today - 5 * DAY)
    assert selectors.due_followups(users["consultant"], today) == []
    assert len(selectors.due_followups(colleague, today)) == 1
    assert len(selectors.due_followups(users["leader"], today)) == 1


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "payroll", "mentor", "participant"])
def test_other_roles_have_no_follow_ups(users, ended, today, role):
    assert selectors.due_followups(users[role], today) == []


def test_due_followups_runs_a_fixed_number_of_queries(
    users, municipality, ended, today, django_assert_num_queries
):
    with django_assert_num_queries(4):
        selectors.due_followups(users["consultant"], today)
    for months in (1, 8, 13):
        ended_participant(municipality, users["consultant"], add_months(today, -months))
    with django_assert_num_queries(4):
        assert len(selectors.due_followups(users["consultant"], today)) == 4


def _history(users, municipality, today):
    """One running participant with registrations, a test and a placement; outcomes at the
    end for two who ended this year and 12 months after for one who ended last year."""
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    measures = enrol(participant, users["consultant"])
    year_day = datetime.date(today.year, 1, 15)
    for measure, status, absence, hours, day in (
        (measures["norwegian"], "present", "", Decimal(3), 15),
        (measures["norwegian"], "absent", "invalid", Decimal(1), 16),
        (measures["practice"], "absent", "own_illness_self", Decimal(4), 15),
    ):
        Registration.objects.create(
            municipality=municipality,
            participant=participant,
            measure=measure,
            date=year_day.replace(day=day),
            status=status,
            absence_type=absence,
            hours=hours,
            registered_by=users["consultant"],
        )
    plan = plan_models.TrainingPlan.objects.create(
        municipality=municipality, participant=participant
    )
    plan_models.TestResult.objects.create(
        training_plan=plan,
        kind="norwegian",
        taken_on=year_day,
        listening="b1",
        reading="a2",
        writing="a2",
        oral="b1",
        recorded_by=users["teacher"],
    )
    PlacementFactory(
        participant=participant, measure=measures["practice"], created_by=users["consultant"]
    )
    ends = datetime.date(today.year, 1, 10)
    for activity in ("work", "neither"):
        p = ended_participant(municipality, users["consultant"], ends)
        Outcome.objects.create(
            municipality=municipality,
            participant=p,
            checkpoint="end",
            due_on=ends,
            programme_end=ends,
            activity=activity,
            recorded_on=ends,
            recorded_by=users["consultant"],
        )
    p = ended_participant(municipality, users["consultant"], add_months(ends, -12))
    Outcome.objects.create(
        municipality=municipality,
        participant=p,
        checkpoint="month_12",
        due_on=ends,
        programme_end=add_months(ends, -12),
        activity="both",
        recorded_on=ends,
        recorded_by=users["consultant"],
    )
    return participant


def test_dashboard_figures(users, municipality, running, today):
    _history(users, municipality, today)
    d = selectors.dashboard(users["leader"], today=today)
    assert d["total_active"] == 2
    assert {k: n for k, _label, n in d["by_status"]}["in_programme"] == 2
    assert {k: n for k, _label, n in d["by_track"]}["other"] == 2
    assert [r["participant"].pk for r in d["ending"]] == [running.pk]
    (row,) = d["absence"]
    rates = dict(zip([k for k, _ in d["absence_kinds"]], row["cells"], strict=True))
    assert rates["norwegian"]["rate"] == Decimal("25.0")  # 1 invalid of 4 hours
    assert rates["work_practice"]["rate"] == Decimal("0.0")  # valid absence
    assert row["rate"] == Decimal("12.5")  # 1 of 8
    assert d["tests_taken"] == 1
    levels = {r["level"]: r["counts"] for r in d["tests"]}
    assert levels["B1"] == [1, 0, 0, 1]
    assert levels["A2"] == [0, 1, 1, 0]
    assert d["placements_total"] == 1
    outcomes = {o["checkpoint"]: o for o in d["outcomes"]}
    assert outcomes["end"]["recorded"] == 2
    assert outcomes["end"]["share"] == Decimal("50.0")
    assert not outcomes["end"]["meets_goal"]
    assert outcomes["month_12"]["share"] == Decimal("100.0")
    assert outcomes["month_12"]["meets_goal"]
    assert d["goal"] == 70


def test_dashboard_filters_by_consultant_and_year(users, municipality, running, today):
    _history(users, municipality, today)
    other = selectors.dashboard(users["leader"], today=today, consultant_id=users["leader"].pk)
    assert other["total_active"] == 0
    last_year = selectors.dashboard(users["leader"], today=today, year=today.year - 1)
    assert last_year["absence"] == []
    assert last_year["tests_taken"] == 0


def test_goal_is_data_with_a_date(users, today):
    from introsak.decisions.models import RuleParameter

    RuleParameter.objects.filter(key=selectors.GOAL_KEY).update(
        valid_to=datetime.date(today.year - 1, 12, 31)
    )
    RuleParameter.objects.create(
        key=selectors.GOAL_KEY,
        value=75,
        unit="percent",
        valid_from=datetime.date(today.year, 1, 1),
        legal_reference="test",
    )
    assert selectors.dashboard(users["leader"], today=today)["goal"] == 75
    assert selectors.dashboard(users["leader"], today=today, year=today.year - 1)["goal"] == 70


def test_dashboard_runs_a_fixed_number_of_queries(
    users, municipality, today, django_assert_num_queries
):
    with django_assert_num_queries(12):
        selectors.dashboard(users["leader"], today=today)
    _history(users, municipality, today)
    _history(users, municipality, today)
    with django_assert_num_queries(12):
        selectors.dashboard(users["leader"], today=today)
