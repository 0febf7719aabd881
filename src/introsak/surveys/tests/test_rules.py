"""The survey rules as tables: when a survey is open, which answers a question takes, the
small-group rule, the bars, and the language of the answer page."""

import datetime

import pytest

from introsak.surveys import rules

D = datetime.date


@pytest.mark.parametrize(
    ("count", "minimum", "shown"),
    [
        (0, 5, False),
        (1, 5, False),
        (4, 5, False),
        (5, 5, True),
        (6, 5, True),
        (9, 10, False),
        (10, 10, True),
    ],
)
def test_a_group_is_shown_only_from_the_minimum_size(count, minimum, shown):
    assert rules.shown(count, minimum) is shown


def test_the_minimum_group_size_is_five():
    assert rules.MIN_GROUP_SIZE == 5


@pytest.mark.parametrize(
    ("opens", "closes", "today", "open_"),
    [
        (D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 1), True),
        (D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 30), True),
        (D(2026, 11, 1), D(2026, 11, 30), D(2026, 10, 31), False),
        (D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1), False),
    ],
)
def test_a_survey_is_open_from_first_to_last_day(opens, closes, today, open_):
    assert rules.is_open(opens, closes, today) is open_


def test_a_survey_cannot_close_before_it_opens():
    with pytest.raises(rules.RuleError):
        rules.check_period(D(2026, 11, 2), D(2026, 11, 1))
    rules.check_period(D(2026, 11, 2), D(2026, 11, 2))


@pytest.mark.parametrize(
    ("kind", "value", "options", "stored"),
    [
        ("scale", "1", 0, "1"),
        ("scale", "5", 0, "5"),
        ("scale", "", 0, ""),
        ("yes_no", "yes", 0, "yes"),
        ("yes_no", " no ", 0, "no"),
        ("choice", "2", 3, "2"),
        ("text", "Bra", 0, "Bra"),
    ],
)
def test_valid_answers_are_stored(kind, value, options, stored):
    assert rules.clean_answer(kind, value, options) == stored


@pytest.mark.parametrize(
    ("kind", "value", "options"),
    [
        ("scale", "0", 0),
        ("scale", "6", 0),
        ("scale", "3.5", 0),
        ("yes_no", "ja", 0),
        ("choice", "3", 3),
        ("choice", "-1", 3),
        ("choice", "Buss", 3),
        ("choice", "²", 3),  # a digit to Python, not an option's number (was a 500)
        ("choice", "١", 3),  # Arabic-Indic one
        ("text", "x" * (rules.TEXT_LIMIT + 1), 0),
    ],
)
def test_invalid_answers_are_refused(kind, value, options):
    with pytest.raises(rules.RuleError):
        rules.clean_answer(kind, value, options)


@pytest.mark.parametrize(
    ("kind", "counts", "options", "suppressed", "bars", "mean"),
    [
        ("scale", {"5": 2, "4": 2}, 0, True, [], None),
        (
            "scale",
            {"5": 3, "1": 2},
            0,
            False,
            [("1", 2, 40), ("2", 0, 0), ("3", 0, 0), ("4", 0, 0), ("5", 3, 60)],
            3.4,
        ),
        ("yes_no", {"yes": 4, "no": 1}, 0, False, [("yes", 4, 80), ("no", 1, 20)], None),
        ("choice", {"1": 5}, 2, False, [("0", 0, 0), ("1", 5, 100)], None),
        ("yes_no", {"yes": 4}, 0, True, [], None),
    ],
)
def test_tally_gives_every_value_or_nothing_for_a_small_group(
    kind, counts, options, suppressed, bars, mean
):
    tally = rules.tally(kind, counts, options)
    assert tally.suppressed is suppressed
    assert [(b.value, b.count, b.percent) for b in tally.bars] == bars
    assert tally.mean == mean


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("prs", "rtl"), ("ti", "ltr"), ("nb", "ltr")]
)
def test_arabic_and_dari_are_written_right_to_left(language, direction):
    assert rules.direction(language) == direction


@pytest.mark.parametrize(
    ("translations", "language", "text"),
    [
        ({"en": "Hello"}, "en", "Hello"),
        ({"en": "Hello"}, "ar", "Hei"),
        ({"en": "  "}, "en", "Hei"),
        ({}, "nb", "Hei"),
    ],
)
def test_a_question_falls_back_to_bokmal(translations, language, text):
    assert rules.localized("Hei", translations, language) == text


def test_english_arabic_and_tigrinya_have_translation_slots_and_page_words():
    for code in ("en", "ar", "ti"):
        assert code in rules.TRANSLATION_LANGUAGES
        assert rules.page_text(code)["send"] != rules.PAGE_TEXT["nb"]["send"]
    assert rules.page_text("so") == rules.PAGE_TEXT["nb"]


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"ar": 5}, set()),  # the group is everyone
        ({"ar": 5, "en": 5}, set()),  # 5 inside, 5 outside
        ({"ar": 5, "ti": 2}, {"ar", "ti"}),  # 7 − 5 gives away the other 2
        ({"ar": 6, "ti": 4}, {"ar", "ti"}),
        # 25 − 20 gives away only the 5 hidden answers together, a group of 5: allowed
        ({"ar": 20, "ti": 4, "so": 1}, {"ti", "so"}),
        ({"il": 5, "introl": 5, "il_6a": 3}, {"il_6a", "il"}),  # 13 − 5 − 5 gave the 3 away
        ({"il": 10, "introl": 6, "il_6a": 3}, {"il_6a", "introl"}),  # the smallest shown goes
        ({"ar": 7, "en": 5, "": 2}, {"", "en"}),  # the blank group counts like any other
        ({"ar": 3, "en": 2, "nb": 9}, {"ar", "en"}),  # hidden together: 5
    ],
)
def test_the_groups_of_a_filter_are_hidden_as_a_set(sizes, hidden):
    assert rules.hidden_groups(sizes) == hidden


@pytest.mark.parametrize(
    ("closes_on", "today", "visible"),
    [
        (D(2026, 4, 30), D(2026, 4, 29), False),
        (D(2026, 4, 30), D(2026, 4, 30), False),  # the last day: answers still come in
        (D(2026, 4, 30), D(2026, 5, 1), True),
    ],
)
def test_results_are_visible_from_the_day_after_closing(closes_on, today, visible):
    assert rules.results_visible(closes_on, today) is visible


@pytest.mark.parametrize(
    ("old", "new", "answered", "refused"),
    [
        (D(2026, 4, 30), D(2026, 12, 31), True, True),  # closed, read, opened again
        (D(2026, 4, 30), D(2026, 5, 15), True, False),  # later, but still closed
        (D(2026, 4, 30), D(2026, 12, 31), False, False),  # nobody answered
        (D(2026, 12, 1), D(2026, 12, 31), True, False),  # still open: extended
    ],
)
def test_a_survey_read_after_closing_is_not_opened_again(old, new, answered, refused):
    today = D(2026, 11, 25)
    if refused:
        with pytest.raises(rules.RuleError):
            rules.check_reopening(old, new, today, answered)
    else:
        rules.check_reopening(old, new, today, answered)


@pytest.mark.parametrize(
    ("language", "legal_basis", "refused"),
    [("", "", False), ("ar", "", False), ("", "il", False), ("ar", "il", True)],
)
def test_one_filter_at_a_time(language, legal_basis, refused):
    if refused:
        with pytest.raises(rules.RuleError):
            rules.check_filters(language, legal_basis)
    else:
        rules.check_filters(language, legal_basis)


@pytest.mark.parametrize(("configured", "used"), [(None, 5), (0, 5), (3, 5), (5, 5), (8, 8)])
def test_the_minimum_group_may_be_raised_but_never_lowered(configured, used):
    assert rules.minimum_group(configured) == used
