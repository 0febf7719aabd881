"""Pure rules for placements: the organisasjonsnummer, when two placements collide, which
days a mentor may register, and how workplaces are ranked for a participant.

No Django imports: these take plain values and are tested with tables.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import orgnr as stdnum_orgnr


def _(message: str) -> str:
    """Marks an English msgid for makemessages; the caller translates it when shown."""
    return message


class RuleError(ValueError):
    """A rule refuses the input; `message` is an English msgid for the caller to translate."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def clean_org_number(value: str) -> str:
    """An organisasjonsnummer from Enhetsregisteret: 9 digits, the last a modulus-11 check
    digit with weights 3 2 7 6 5 4 3 2 (forskrift om Enhetsregisteret; python-stdnum
    `no.orgnr`). Spaces are allowed in the input («974 760 673»); the result is 9 digits."""
    digits = re.sub(r"[\s.-]", "", value or "")
    if not digits:
        raise RuleError(_("Give the organisation number."))
    if not digits.isdigit() or len(digits) != 9:
        raise RuleError(_("An organisation number has 9 digits."))
    try:
        return stdnum_orgnr.validate(digits)
    except StdnumValidationError:
        raise RuleError(
            _("%(number)s is not a valid organisation number (the check digit does not match)."),
            number=format_org_number(digits),
        ) from None


def format_org_number(digits: str) -> str:
    """«974760673» → «974 760 673», as Brønnøysundregistrene writes it."""
    if len(digits) != 9:
        return digits
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def weekday_set(weekdays: str) -> frozenset[int]:
    return frozenset(int(d) for d in weekdays if d.isdigit() and int(d) < 7)


def collides(
    a_start: datetime.date,
    a_end: datetime.date,
    a_days: str,
    b_start: datetime.date,
    b_end: datetime.date,
    b_days: str,
) -> bool:
    """Two placements of one participant collide when their periods overlap and they share
    a weekday: a participant can be at two workplaces in one period on different days."""
    if a_start > b_end or b_start > a_end:
        return False
    return bool(weekday_set(a_days) & weekday_set(b_days))


def mentor_may_register(
    day: datetime.date,
    *,
    today: datetime.date,
    start: datetime.date,
    end: datetime.date,
    weekdays: str,
) -> str | None:
    """Whether the mentor may register `day` for the placement. None when allowed, else the
    reason (an English msgid). The mentor's access lasts while the placement lasts: from its
    first day to its last, for its own weekdays, and not for days that have not come yet."""
    if today > end:
        return _("The placement has ended; the mentor can no longer register.")
    if day < start or day > end:
        return _("The day is outside the placement.")
    if day > today:
        return _("Attendance is registered for days that have come, not ahead.")
    if day.weekday() not in weekday_set(weekdays):
        return _("The placement does not have this weekday.")
    return None


# --- matching ---------------------------------------------------------------------------

# Words in a participant's wishes and work experience that point to an industry. The
# consultant sees which word matched, so a wrong hit is easy to see and to ignore.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "health": (
        "helse",
        "omsorg",
        "sykepleie",
        "sykehjem",
        "pleie",
        "eldre",
        "lege",
        "nurse",
        "care",
        "health",
        "hospital",
        "sykehus",
        "apotek",
        "farmas",
        "pharmac",
    ),
    "education": (
        "barnehage",
        "skole",
        "lærer",
        "undervis",
        "assistent",
        "teacher",
        "kindergarten",
        "school",
        "tolk",
    ),
    "construction": (
        "bygg",
        "snekker",
        "tømrer",
        "murer",
        "maler",
        "elektriker",
        "rørlegger",
        "anlegg",
        "construction",
        "carpenter",
        "builder",
        "painter",
        "electrician",
        "plumber",
    ),
    "manufacturing": (
        "industri",
        "fabrikk",
        "produksjon",
        "sveis",
        "mekaniker",
        "verksted",
        "factory",
        "welder",
        "mechanic",
        "skredder",
        "tailor",
        "sy",
        "syer",
        "sying",
    ),
    "retail": (
        "butikk",
        "salg",
        "selger",
        "kasse",
        "handel",
        "dagligvare",
        "shop",
        "sales",
        "seller",
        "store",
        "market",
    ),
    "hospitality": (
        "kokk",
        "kjøkken",
        "restaurant",
        "kafé",
        "kafe",
        "hotell",
        "servering",
        "baker",
        "cook",
        "chef",
        "kitchen",
        "hotel",
        "waiter",
        "reiseliv",
        "turisme",
    ),
    "transport": (
        "sjåfør",
        "transport",
        "lager",
        "truck",
        "buss",
        "taxi",
        "driver",
        "warehouse",
        "logistikk",
        "logistics",
        "førerkort",
    ),
    "cleaning": ("renhold", "vaskeri", "vaktmester", "cleaning", "cleaner", "janitor"),
    "primary": (
        "gård",
        "jordbruk",
        "landbruk",
        "bonde",
        "skog",
        "fisk",
        "reindrift",
        "farm",
        "farmer",
        "farming",
        "agricultur",
        "fish",
        "gartner",
        "garden",
    ),
    "ict": ("data", "it-", "ikt", "programm", "utvikler", "software", "computer"),
    "public": ("kontor", "administrasjon", "saksbehandl", "office", "regnskap", "account"),
    "culture": ("kultur", "idrett", "musikk", "frivillig", "sport", "music", "bibliotek"),
}


# Words that match only as a whole word, because as the start of a word they would hit
# unrelated ones: «sy» (sew) in «sykepleier» and «Syria», «farm» in «farmasøyt», «care» in
# «career».
WHOLE_WORDS = frozenset({"sy", "farm", "care"})


def industries_in(text: str) -> dict[str, str]:
    """The industries a free text points to, each with the first word that matched. A word
    matches the start of a word in the text («butikk» in «butikkmedarbeider»), except the
    few in WHOLE_WORDS."""
    lowered = (text or "").lower()
    found: dict[str, str] = {}
    for industry, words in INDUSTRY_WORDS.items():
        for word in words:
            end = r"\b" if word in WHOLE_WORDS else ""
            if re.search(r"\b" + re.escape(word) + end, lowered):
                found[industry] = word
                break
    return found


@dataclass(frozen=True)
class Candidate:
    """A workplace as matching sees it."""

    id: int
    industry: str
    takes_participants: bool
    free_places: int
    labour_need: int = 0  # positions the municipality expects to need in this industry


@dataclass
class Match:
    id: int
    score: int
    reasons: list[tuple[str, dict]] = field(default_factory=list)


# Points, so that the order is easy to explain: a wish weighs most, then experience, then
# whether the workplace can take someone now, then the municipality's need for labour.
WISH_POINTS = 3
EXPERIENCE_POINTS = 2
OPEN_POINTS = 1
NEED_POINTS = 1


def rank_workplaces(
    *, wishes: str, experience: Sequence[str], candidates: Iterable[Candidate]
) -> list[Match]:
    """Workplaces for a participant, best first, each with the reasons for its place.

    Only workplaces whose industry fits a wish or earlier work are suggested (the issue:
    "industry fits the participant's wishes and experience from the assessment"). Ties keep
    the order given (the caller gives them by name)."""
    wished = industries_in(wishes)
    experienced: dict[str, str] = {}
    for occupation in experience:
        for industry in industries_in(occupation):
            experienced.setdefault(industry, occupation)
    matches = []
    for candidate in candidates:
        match = Match(candidate.id, 0)
        if candidate.industry in wished:
            match.score += WISH_POINTS
            match.reasons.append(
                (_("Fits the wish for work («%(word)s»)"), {"word": wished[candidate.industry]})
            )
        if candidate.industry in experienced:
            match.score += EXPERIENCE_POINTS
            match.reasons.append(
                (
                    _("Earlier work as %(occupation)s"),
                    {"occupation": experienced[candidate.industry]},
                )
            )
        if not match.score:
            continue
        if candidate.takes_participants and candidate.free_places > 0:
            match.score += OPEN_POINTS
            match.reasons.append(
                (_("Free places now: %(count)s"), {"count": candidate.free_places})
            )
        elif not candidate.takes_participants:
            match.reasons.append((_("Not yet recruited: start with contact"), {}))
        else:
            match.reasons.append((_("No free place now"), {}))
        if candidate.labour_need:
            match.score += NEED_POINTS
            match.reasons.append(
                (
                    _("The municipality needs %(count)s people in this industry"),
                    {"count": candidate.labour_need},
                )
            )
        matches.append(match)
    matches.sort(key=lambda m: -m.score)
    return matches
