"""The pure placement rules from worked examples: the organisasjonsnummer, colliding
placements, which days the mentor may register, and matching workplaces to a participant."""

import datetime

import pytest

from introsak.placements import rules
from introsak.placements.rules import Candidate, RuleError

D = datetime.date

# --- the organisation number -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("974760673", "974760673"),  # Brønnøysundregistrene itself
        ("974 760 673", "974760673"),
        (" 974.760.673 ", "974760673"),
        ("923609016", "923609016"),  # Equinor
        ("889 640 782", "889640782"),  # NAV
    ],
)
def test_a_valid_org_number_is_given_back_as_nine_digits(given, expected):
    assert rules.clean_org_number(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "Give the organisation number."),
        ("   ", "Give the organisation number."),
        (None, "Give the organisation number."),
        ("97476067", "An organisation number has 9 digits."),
        ("9747606733", "An organisation number has 9 digits."),
        ("97476067A", "An organisation number has 9 digits."),
        ("NO974760673", "An organisation number has 9 digits."),
        (
            "974760674",
            "%(number)s is not a valid organisation number (the check digit does not match).",
        ),
    ],
)
def test_an_invalid_org_number_is_refused_with_the_reason(given, message):
    with pytest.raises(RuleError) as excinfo:
        rules.clean_org_number(given)
    assert excinfo.value.message == message


def test_a_bad_check_digit_names_the_number_as_written_in_the_register():
    with pytest.raises(RuleError) as excinfo:
        rules.clean_org_number("974760674")
    assert excinfo.value.params == {"number": "974 760 674"}


# --- placements that collide -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Overlapping periods, a shared Wednesday.
        ((D(2026, 1, 1), D(2026, 3, 31), "123"), (D(2026, 3, 1), D(2026, 6, 30), "34"), True),
        # Overlapping periods, disjoint days: two workplaces in one period is fine.
        ((D(2026, 1, 1), D(2026, 3, 31), "01"), (D(2026, 3, 1), D(2026, 6, 30), "234"), False),
        # One period inside the other, same days.
        ((D(2026, 1, 1), D(2026, 12, 31), "0"), (D(2026, 5, 1), D(2026, 5, 31), "0"), True),
        # Adjacent periods: one ends the day before the other starts.
        ((D(2026, 1, 1), D(2026, 3, 31), "123"), (D(2026, 4, 1), D(2026, 6, 30), "123"), False),
        ((D(2026, 4, 1), D(2026, 6, 30), "123"), (D(2026, 1, 1), D(2026, 3, 31), "123"), False),
        # Sharing a single day counts.
        ((D(2026, 1, 1), D(2026, 3, 31), "2"), (D(2026, 3, 31), D(2026, 6, 30), "2"), True),
    ],
)
def test_placements_collide_when_periods_overlap_on_a_shared_weekday(a, b, expected):
    assert rules.collides(*a, *b) is expected
    assert rules.collides(*b, *a) is expected


# --- the days a mentor may register ----------------------------------------------------------

START, END = D(2026, 9, 1), D(2026, 11, 30)  # a Tuesday to a Monday
TUE_THU = "123"


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        # Today, a Tuesday in the placement.
        (D(2026, 11, 24), D(2026, 11, 24), None),
        # Last week's Thursday.
        (D(2026, 11, 19), D(2026, 11, 24), None),
        # The first day.
        (D(2026, 9, 1), D(2026, 11, 24), None),
        # The day after the placement ended: access has ended, even for days inside it.
        (
            D(2026, 11, 26),
            D(2026, 12, 1),
            "The placement has ended; the mentor can no longer register.",
        ),
        (
            D(2026, 11, 24),
            D(2026, 12, 1),
            "The placement has ended; the mentor can no longer register.",
        ),
        # A day that has not come yet.
        (
            D(2026, 11, 25),
            D(2026, 11, 24),
            "Attendance is registered for days that have come, not ahead.",
        ),
        # A Friday: not one of the placement's days.
        (D(2026, 11, 20), D(2026, 11, 24), "The placement does not have this weekday."),
        # Before the placement started.
        (D(2026, 8, 27), D(2026, 11, 24), "The day is outside the placement."),
    ],
)
def test_the_mentor_registers_days_that_have_come_while_the_placement_lasts(day, today, expected):
    assert (
        rules.mentor_may_register(day, today=today, start=START, end=END, weekdays=TUE_THU)
        == expected
    )


# --- matching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeg vil jobbe i barnehage", {"education": "barnehage"}),
        ("Kokk på restaurant", {"hospitality": "kokk"}),
        ("Sykepleier", {"health": "sykepleie"}),
        ("Sykepleier i Syria", {"health": "sykepleie"}),
        ("Syerske", {"manufacturing": "syer"}),
        ("Kan sy klær", {"manufacturing": "sy"}),
        ("Farmasøyt", {"health": "farmas"}),
        ("Farmer with cows", {"primary": "farmer"}),
        ("A career in software", {"ict": "software"}),
        ("Elderly care", {"health": "care"}),
        ("Tømrer og maler", {"construction": "tømrer"}),
        ("Lastebilsjåfør", {}),  # a word in the middle of another is not a hit
        ("", {}),
        (None, {}),
    ],
)
def test_industries_are_found_from_the_start_of_words(text, expected):
    assert rules.industries_in(text) == expected


def candidate(id, industry, *, takes=True, free=1, need=0):
    return Candidate(id, industry, takes_participants=takes, free_places=free, labour_need=need)


def test_a_wished_industry_ranks_above_earlier_work_and_open_places_count():
    matches = rules.rank_workplaces(
        wishes="Jeg vil bli kokk",
        experience=["Butikkmedarbeider", "Selger"],
        candidates=[
            candidate(1, "retail"),  # experience 2 + open 1 = 3
            candidate(2, "hospitality", takes=False, free=0),  # wish 3 = 3, not recruited
            candidate(3, "hospitality", free=2),  # wish 3 + open 1 = 4
            candidate(4, "cleaning"),  # no fit
        ],
    )
    assert [(m.id, m.score) for m in matches] == [(3, 4), (1, 3), (2, 3)]


def test_the_reasons_say_why_a_workplace_is_suggested():
    (match,) = rules.rank_workplaces(
        wishes="Jobbe i butikk",
        experience=["Selger på marked"],
        candidates=[candidate(7, "retail", free=2, need=5)],
    )
    assert match.score == rules.WISH_POINTS + rules.EXPERIENCE_POINTS + 1 + 1
    assert match.reasons == [
        ("Fits the wish for work («%(word)s»)", {"word": "butikk"}),
        ("Earlier work as %(occupation)s", {"occupation": "Selger på marked"}),
        ("Free places now: %(count)s", {"count": 2}),
        ("The municipality needs %(count)s people in this industry", {"count": 5}),
    ]


@pytest.mark.parametrize(
    ("takes", "free", "reason", "score"),
    [
        (True, 1, ("Free places now: %(count)s", {"count": 1}), 4),
        (True, 0, ("No free place now", {}), 3),
        (False, 0, ("Not yet recruited: start with contact", {}), 3),
    ],
)
def test_whether_the_workplace_can_take_someone_now_is_a_reason(takes, free, reason, score):
    (match,) = rules.rank_workplaces(
        wishes="helse", experience=[], candidates=[candidate(1, "health", takes=takes, free=free)]
    )
    assert match.reasons[-1] == reason
    assert match.score == score


def test_workplaces_with_no_fit_are_not_suggested_even_with_free_places_and_need():
    matches = rules.rank_workplaces(
        wishes="Jeg vil bli elektriker",
        experience=["Lærer"],
        candidates=[
            candidate(1, "retail", free=5, need=40),
            candidate(2, "ict", free=1),
            candidate(3, "health"),
        ],
    )
    assert matches == []


def test_no_wishes_and_no_experience_suggests_nothing():
    assert (
        rules.rank_workplaces(wishes="", experience=[], candidates=[candidate(1, "retail")]) == []
    )


def test_ties_keep_the_order_given():
    matches = rules.rank_workplaces(
        wishes="renhold",
        experience=[],
        candidates=[candidate(5, "cleaning"), candidate(2, "cleaning"), candidate(9, "cleaning")],
    )
    assert [m.id for m in matches] == [5, 2, 9]


def test_labour_need_lifts_a_fitting_workplace_above_an_equal_one():
    matches = rules.rank_workplaces(
        wishes="",
        experience=["Renholder", "Butikkansatt"],
        candidates=[candidate(1, "cleaning"), candidate(2, "retail", need=3)],
    )
    assert [(m.id, m.score) for m in matches] == [(2, 4), (1, 3)]
