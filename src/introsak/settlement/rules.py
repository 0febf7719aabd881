"""Pure rules for settlement: the default checklist for an arrival, due dates counted from
the arrival date, what is overdue or due soon, and the progress against the year's
settlement decision.

No Django imports: these take plain values and are tested with tables.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


def _(message: str) -> str:
    """Marks an English msgid for makemessages; the caller translates it when shown."""
    return message


class RuleError(ValueError):
    """A rule refuses the input; `message` is an English msgid for the caller to translate."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


# A checklist item is due at most a year before or after the arrival.
MAX_OFFSET = 365
# The largest household one arrival registers (a settlement decision counts people).
MAX_HOUSEHOLD = 30
# A settlement decision agrees to at most this many people a year (Oslo settles ~1,000).
MAX_PERSONS = 5000
# The start page shows checklist items due within this many days (and those overdue).
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class DefaultItem:
    title: str  # an English msgid, translated when the municipality's template is made
    role: str  # a core.models.Role value
    offset_days: int


# Who does what when a household arrives, from the Drangedal plan («Mottak og bosetting»:
# housing by the housing committee, prepared by property services, the information meeting
# called by the refugee coordinator, the stipend made ready, training in everyday living) and
# the Karasjok plan (school and kindergarten, health and vaccination, the first assessment
# within three months of settlement; introduksjonsloven / integreringsloven § 6).
DEFAULT_CHECKLIST: tuple[DefaultItem, ...] = (
    DefaultItem(_("Housing assigned"), "consultant", -14),
    DefaultItem(_("Housing prepared"), "consultant", -3),
    DefaultItem(_("Information meeting called"), "consultant", 3),
    DefaultItem(_("Stipend ready"), "nav_advisor", 7),
    DefaultItem(_("Training in everyday living (botrening)"), "teacher", 14),
    DefaultItem(_("School and kindergarten places"), "consultant", 21),
    DefaultItem(_("Health check and vaccination"), "consultant", 21),
    DefaultItem(_("First assessment (kartlegging)"), "consultant", 30),
)


def check_offset(offset_days) -> int:
    """Days from the arrival, −365 to 365 (negative: before the household comes)."""
    try:
        value = int(offset_days)
    except (TypeError, ValueError):
        raise RuleError(_("Give the number of days as a whole number.")) from None
    if not -MAX_OFFSET <= value <= MAX_OFFSET:
        raise RuleError(
            _("The number of days must be from %(low)s to %(high)s."),
            low=-MAX_OFFSET,
            high=MAX_OFFSET,
        )
    return value


def due_date(arrival_on: datetime.date, offset_days: int) -> datetime.date:
    """The day an item is due: the arrival date moved by the item's offset (−14 is two
    weeks before the household comes). Calendar days, not working days: a house is ready
    or not, whatever the weekday."""
    return arrival_on + datetime.timedelta(days=check_offset(offset_days))


def is_overdue(due_on: datetime.date, *, done: bool, today: datetime.date) -> bool:
    """Not done, and the due day has passed (due today is not yet overdue)."""
    return not done and due_on < today


def is_due_soon(
    due_on: datetime.date, *, done: bool, today: datetime.date, days: int = DUE_SOON_DAYS
) -> bool:
    """Not done, and due within `days` days from today, or overdue."""
    return not done and due_on <= today + datetime.timedelta(days=days)


@dataclass(frozen=True)
class Progress:
    """The year at a glance: people agreed, settled and still expected. The percentages are
    of the bar (agreed, or more when more come), so settled + expected never pass 100."""

    agreed: int
    settled: int
    expected: int

    @property
    def planned(self) -> int:
        return self.settled + self.expected

    @property
    def remaining(self) -> int:
        """People the decision still has room for, beyond those settled and expected."""
        return max(0, self.agreed - self.planned)

    @property
    def over(self) -> int:
        """People settled or expected beyond the decision."""
        return max(0, self.planned - self.agreed)

    @property
    def _scale(self) -> int:
        return max(self.agreed, self.planned, 1)

    @property
    def settled_percent(self) -> int:
        return round(100 * self.settled / self._scale)

    @property
    def expected_percent(self) -> int:
        return round(100 * self.planned / self._scale) - self.settled_percent


def progress(*, agreed: int, settled: int, expected: int) -> Progress:
    for value in (agreed, settled, expected):
        if value < 0:
            raise RuleError(_("A number of people cannot be negative."))
    return Progress(agreed, settled, expected)


def check_persons(value, *, low: int = 0, high: int = MAX_PERSONS) -> int:
    """A number of people, from `low` to `high`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RuleError(_("Give a whole number.")) from None
    if number != value and str(number) != str(value).strip():
        raise RuleError(_("Give a whole number."))
    if not low <= number <= high:
        raise RuleError(_("Give a whole number from %(low)s to %(high)s."), low=low, high=high)
    return number
