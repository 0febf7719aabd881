"""Full time, compulsory content, measures in the programme, interpreters, revisions."""

import datetime
from decimal import Decimal

import pytest

from introsak.plans import rules
from introsak.plans.rules import MeasureSpan, RuleError

D = datetime.date
H = Decimal
MON = D(2026, 11, 23)  # a Monday
WORK_EDU = ("work_practice", "upper_secondary", "course")


def m(kind, hours, start=None, end=None):
    return MeasureSpan(kind, start or D(2026, 8, 1), end or D(2027, 6, 30), H(hours))


FULL_WEEK = [
    m("norwegian", 15),
    m("social_studies", 2.5),
    m("life_skills", 2),
    m("work_practice", 15),
    m("other", 3),
]


@pytest.mark.parametrize(
    ("measures", "week", "hours"),
    [
        (FULL_WEEK, MON, H("37.5")),
        # A measure ending on the Monday still counts that week.
        ([m("norwegian", 15, end=MON)], MON, H(15)),
        # One that starts on Sunday counts for the week it ends.
        ([m("norwegian", 15, start=D(2026, 11, 29))], MON, H(15)),
        ([m("norwegian", 15, start=D(2026, 11, 30))], MON, H(0)),
        ([], MON, H(0)),
    ],
)
def test_weekly_hours(measures, week, hours):
    assert rules.weekly_hours(measures, week) == hours


@pytest.mark.parametrize(
    ("measures", "full_time", "weeks"),
    [
        (FULL_WEEK, H("37.5"), 0),
        (FULL_WEEK[:-1], H("37.5"), 5),  # 34.5 hours: every week of five is under
        (FULL_WEEK[:-1], H(30), 0),  # heavy self-study: 30 hours is full time
    ],
)
def test_weeks_below_full_time(measures, full_time, weeks):
    below = rules.weeks_below(
        measures, start=MON, end=MON + datetime.timedelta(days=34), full_time=full_time
    )
    assert len(below) == weeks


def test_planned_hours_over_the_period():
    # 2.5 hours a week for 30 weeks = 75 hours
    span = m(
        "social_studies",
        2.5,
        start=D(2026, 1, 5),
        end=D(2026, 1, 5) + datetime.timedelta(days=30 * 7 - 1),
    )
    assert rules.planned_hours(span) == H(75)


@pytest.mark.parametrize(
    ("measures", "children", "missing"),
    [
        (FULL_WEEK, False, []),
        (FULL_WEEK, True, ["parental_guidance"]),
        (FULL_WEEK + [m("parental_guidance", 1)], True, []),
        ([m("norwegian", 15)], False, ["social_studies", "life_skills", "work_or_education"]),
        # 1 hour a week of social studies for 8 weeks is 8 hours, not 75.
        (
            [
                m("norwegian", 15),
                m("social_studies", 1, D(2026, 1, 5), D(2026, 3, 1)),
                m("life_skills", 2),
                m("course", 5),
            ],
            False,
            ["social_studies"],
        ),
        ([], False, ["norwegian", "social_studies", "life_skills", "work_or_education"]),
    ],
)
def test_compulsory_content(measures, children, missing):
    assert (
        rules.missing_compulsory(
            measures,
            has_children_under_18=children,
            social_studies_hours=75,
            work_or_education_kinds=WORK_EDU,
        )
        == missing
    )


@pytest.mark.parametrize(
    ("start", "end", "hours", "error"),
    [
        (D(2026, 2, 1), D(2026, 6, 30), H(15), None),
        (D(2026, 2, 1), D(2026, 6, 30), H(40), None),
        (D(2026, 2, 1), D(2026, 6, 30), H("40.5"), "hours_range"),
        (D(2026, 2, 1), D(2026, 6, 30), H(-1), "hours_range"),
        (D(2026, 2, 1), D(2026, 6, 30), H(0), "hours_range"),
        (D(2026, 1, 31), D(2026, 6, 30), H(15), "before_programme"),
        (D(2026, 2, 1), D(2028, 2, 1), H(15), "after_programme"),
        (D(2026, 6, 1), D(2026, 5, 1), H(15), "end_before_start"),
    ],
)
def test_measure_checks(start, end, hours, error):
    kwargs = {
        "start": start,
        "end": end,
        "hours": hours,
        "period_start": D(2026, 2, 1),
        "period_end": D(2028, 1, 31),
    }
    if error is None:
        rules.check_measure(**kwargs)
    else:
        with pytest.raises(RuleError) as excinfo:
            rules.check_measure(**kwargs)
        assert excinfo.value.code == error


def test_sub_goal_after_the_programme_is_refused():
    rules.check_sub_goal(target_date=D(2028, 1, 31), period_end=D(2028, 1, 31))
    with pytest.raises(RuleError):
        rules.check_sub_goal(target_date=D(2028, 2, 1), period_end=D(2028, 1, 31))


@pytest.mark.parametrize(
    ("born", "ok"),
    [(D(2008, 11, 24), True), (D(2008, 11, 25), False), (D(2015, 1, 1), False)],
)
def test_an_interpreter_is_never_a_child(born, ok):
    if ok:
        rules.check_interpreter(birth_date=born, on=D(2026, 11, 24), adult_age=18)
    else:
        with pytest.raises(RuleError) as excinfo:
            rules.check_interpreter(birth_date=born, on=D(2026, 11, 24), adult_age=18)
        assert excinfo.value.code == "interpreter_child"


def test_revision_diff_names_what_changed():
    old = {
        "plan": {"final_goal": "work", "norwegian_target": "a2"},
        "sub_goals": [{"id": 1, "description": "A2 muntlig", "status": "planned"}],
        "measures": [
            {"id": 7, "kind": "norwegian", "hours_per_week": "15.0"},
            {"id": 8, "kind": "course", "hours_per_week": "5.0"},
        ],
    }
    new = {
        "plan": {"final_goal": "work", "norwegian_target": "b1"},
        "sub_goals": [{"id": 1, "description": "A2 muntlig", "status": "achieved"}],
        "measures": [
            {"id": 7, "kind": "norwegian", "hours_per_week": "20.0"},
            {"id": 9, "kind": "work_practice", "hours_per_week": "15.0"},
        ],
    }
    changes = {
        (c["section"], c["item"], c["change"]): c["fields"] for c in rules.diff_snapshots(old, new)
    }
    assert changes[("plan", None, "changed")] == {"norwegian_target": {"old": "a2", "new": "b1"}}
    assert changes[("sub_goals", 1, "changed")] == {"status": {"old": "planned", "new": "achieved"}}
    assert changes[("measures", 7, "changed")] == {"hours_per_week": {"old": "15.0", "new": "20.0"}}
    assert ("measures", 8, "removed") in changes and ("measures", 9, "added") in changes
    assert len(changes) == 5


def test_identical_snapshots_have_no_changes():
    snap = {"plan": {"final_goal": "work"}, "sub_goals": [], "measures": []}
    assert rules.diff_snapshots(snap, snap) == []


@pytest.mark.parametrize(
    ("day", "semester", "end"),
    [
        (D(2026, 1, 1), "V2026", D(2026, 6, 30)),
        (D(2026, 6, 30), "V2026", D(2026, 6, 30)),
        (D(2026, 7, 1), "H2026", D(2026, 12, 31)),
    ],
)
def test_semesters(day, semester, end):
    assert rules.semester_of(day) == semester and rules.semester_end(day) == end


def test_review_missing_this_semester():
    assert rules.review_missing([D(2026, 5, 2)], D(2026, 11, 24))
    assert not rules.review_missing([D(2026, 5, 2), D(2026, 9, 1)], D(2026, 11, 24))


@pytest.mark.parametrize(
    ("levels", "error"),
    [
        ({"listening": "a2", "reading": "b1"}, None),
        ({}, "no_level"),
        ({"oral": "c2"}, "level_range"),
        ({"oral": "pre_a1"}, "level_range"),
    ],
)
def test_test_levels_are_a1_to_c1(levels, error):
    allowed = ("a1", "a2", "b1", "b2", "c1")
    if error is None:
        rules.check_test_levels(levels, allowed)
    else:
        with pytest.raises(RuleError) as excinfo:
            rules.check_test_levels(levels, allowed)
        assert excinfo.value.code == error
