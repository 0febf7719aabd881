"""Pure rules for user surveys (brukerundersøkelser): when a survey is open, which answers
are valid for a question, and the small-group rule that keeps answers anonymous.

No Django here: the rules are data and functions, tested with tables.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# The smallest group whose answers are shown. A filter (language, legal basis) that leaves
# fewer answers than this shows «too few answers» instead of numbers: with 3 answers from
# Tigrinya speakers, a consultant could guess who said what. The floor: the installation may
# ask for more (INTROSAK_SURVEY_MIN_GROUP, see `minimum_group`), never for less.
MIN_GROUP_SIZE = 5

# The kinds of question.
SCALE = "scale"
YES_NO = "yes_no"
CHOICE = "choice"
TEXT = "text"
KINDS = (SCALE, YES_NO, CHOICE, TEXT)
SCALE_VALUES = ("1", "2", "3", "4", "5")
YES_NO_VALUES = ("yes", "no")
TEXT_LIMIT = 2000

# The languages a question carries a translation slot for, beside the bokmål text (codes of
# introsak.core.languages.LANGUAGES). English, Arabic and Tigrinya always; add freely.
TRANSLATION_LANGUAGES = ("en", "ar", "ti", "prs", "so", "uk")
# Written right to left: the answer page sets dir="rtl".
RTL_LANGUAGES = frozenset({"ar", "prs", "fa", "ps", "ur", "ckb"})

# The few words of the answer page itself in the participant's language (the question texts
# come from the survey). Arabic and Tigrinya to be checked by a translator.
PAGE_TEXT = {
    "nb": {
        "yes": "Ja",
        "no": "Nei",
        "low": "Svært dårlig",
        "high": "Svært bra",
        "send": "Send svarene",
        "anonymous": "Svarene dine er anonyme.",
        "invalid": "Sjekk dette svaret.",
        "answer_one": "Svar på minst ett spørsmål.",
    },
    "en": {
        "yes": "Yes",
        "no": "No",
        "low": "Very bad",
        "high": "Very good",
        "send": "Send my answers",
        "anonymous": "Your answers are anonymous.",
        "invalid": "Please check this answer.",
        "answer_one": "Please answer at least one question.",
    },
    "ar": {
        "yes": "نعم",
        "no": "لا",
        "low": "سيئ جدًا",
        "high": "جيد جدًا",
        "send": "أرسل إجاباتي",
        "anonymous": "إجاباتك مجهولة الهوية.",
        "invalid": "يرجى التحقق من هذه الإجابة.",
        "answer_one": "يرجى الإجابة على سؤال واحد على الأقل.",
    },
    "ti": {
        "yes": "እወ",
        "no": "ኣይፋል",
        "low": "ብጣዕሚ ሕማቕ",
        "high": "ብጣዕሚ ጽቡቕ",
        "send": "መልስታተይ ስደድ",
        "anonymous": "መልስታትካ ስም የብሎምን።",
        "invalid": "በጃኻ ነዚ መልሲ ኣረጋግጽ።",
        "answer_one": "በጃኻ እንተ ወሓደ ሓደ ሕቶ መልስ።",
    },
}


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds the name) without importing
    Django: the services translate RuleError.message when they show it."""
    return message


class RuleError(Exception):
    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def is_open(opens_on: datetime.date, closes_on: datetime.date, today: datetime.date) -> bool:
    """Open from the first day to the last day, both included."""
    return opens_on <= today <= closes_on


def check_period(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise RuleError(gettext_noop("The survey must close on or after the day it opens."))


def results_visible(closes_on: datetime.date, today: datetime.date) -> bool:
    """Results are shown from the day after the survey closes. While answers still come in,
    two looks at the results a moment apart would give away the answers of whoever answered
    in between — and who answered is known (the audit trail, or simply being told)."""
    return today > closes_on


def check_reopening(
    old_closes_on: datetime.date,
    new_closes_on: datetime.date,
    today: datetime.date,
    has_answers: bool,
) -> None:
    """A survey whose results can be read is not opened again for more answers: the new
    answers would be the difference between the results before and after."""
    if has_answers and results_visible(old_closes_on, today) and new_closes_on >= today:
        raise RuleError(
            gettext_noop(
                "The survey has closed and its results can be read: it cannot be opened "
                "again. Make a new survey instead."
            )
        )


def check_filters(language: str, legal_basis: str) -> None:
    """One filter at a time: with both, the group «Arabic and IL» beside the group «Arabic»
    would give away «Arabic and not IL» by subtraction, however large each group is."""
    if language and legal_basis:
        raise RuleError(gettext_noop("Filter by language or by legal basis, not both at once."))


def page_text(language: str) -> dict[str, str]:
    """The answer page's own words in `language`, bokmål where there is no translation."""
    return {**PAGE_TEXT["nb"], **PAGE_TEXT.get(language, {})}


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def localized(text: str, translations: dict[str, str], language: str) -> str:
    """The question in `language` if it has been translated, else the bokmål text."""
    return (translations or {}).get(language, "").strip() or text


def clean_answer(kind: str, value: str, option_count: int = 0) -> str:
    """The answer as stored ('' for no answer: every question may be skipped), or RuleError."""
    value = (value or "").strip()
    if value == "":
        return ""
    if kind == SCALE and value not in SCALE_VALUES:
        raise RuleError(gettext_noop("Choose a number from 1 to 5."))
    if kind == YES_NO and value not in YES_NO_VALUES:
        raise RuleError(gettext_noop("Answer yes or no."))
    # isdecimal and isascii: «²» and «٣» are digits to Python but not an option's number.
    if kind == CHOICE and not (value.isascii() and value.isdecimal() and int(value) < option_count):
        raise RuleError(gettext_noop("Choose one of the options."))
    if kind == TEXT and len(value) > TEXT_LIMIT:
        raise RuleError(gettext_noop("Write at most %(limit)d characters."), limit=TEXT_LIMIT)
    return value


def minimum_group(configured: int | None) -> int:
    """The group size in force: the configured one, but never below MIN_GROUP_SIZE."""
    return max(MIN_GROUP_SIZE, configured or 0)


def shown(count: int, minimum: int = MIN_GROUP_SIZE) -> bool:
    """Whether a group of `count` answers may be shown as numbers."""
    return count >= minimum


def hidden_groups(sizes: dict[str, int], minimum: int = MIN_GROUP_SIZE) -> set[str]:
    """The groups of one filter (every language, or every legal basis, with the number of
    answers in each) that are not shown. A group under `minimum` is hidden; and since the
    whole survey is shown too, the hidden groups together must also be none or at least
    `minimum` — else the whole minus the shown groups gives them away by subtraction. While
    they fall short, the smallest shown group is hidden as well."""
    hidden = {value for value, n in sizes.items() if n < minimum}
    shown_groups = sorted((n, value) for value, n in sizes.items() if value not in hidden and n > 0)
    while 0 < sum(sizes[v] for v in hidden) < minimum and shown_groups:
        hidden.add(shown_groups.pop(0)[1])
    return hidden


@dataclass(frozen=True)
class Bar:
    value: str
    count: int
    percent: int


@dataclass
class Tally:
    """Counts per value of one question in one group, or nothing if the group is too small."""

    count: int
    suppressed: bool
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None


def tally(
    kind: str, counts: dict[str, int], option_count: int = 0, minimum: int = MIN_GROUP_SIZE
) -> Tally:
    """Bars for a question's answers: every possible value in order, with counts and whole
    percentages; suppressed (no numbers at all) when fewer than `minimum` answered."""
    total = sum(counts.values())
    if not shown(total, minimum):
        return Tally(count=total, suppressed=True)
    if kind == SCALE:
        values = SCALE_VALUES
    elif kind == YES_NO:
        values = YES_NO_VALUES
    elif kind == CHOICE:
        values = tuple(str(i) for i in range(option_count))
    else:
        return Tally(count=total, suppressed=False)
    bars = [
        Bar(value=v, count=counts.get(v, 0), percent=round(100 * counts.get(v, 0) / total))
        for v in values
    ]
    mean = None
    if kind == SCALE:
        mean = round(sum(int(v) * n for v, n in counts.items() if v in SCALE_VALUES) / total, 1)
    return Tally(count=total, suppressed=False, bars=bars, mean=mean)
