"""Pure rules for meetings and interpreters: when a meeting's times make sense, who may
interpret, which bookings fit the interpreter, which languages a meeting still lacks an
interpreter for, when an action item is overdue, and what interpreting cost per month.

No Django imports: these take plain values and are tested with tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from introsak.participants.rules import age_on


def _(message: str) -> str:
    """Marks an English msgid for makemessages; the caller translates it when shown."""
    return message


class RuleError(ValueError):
    """A rule refuses the input: `field` is where it belongs, `message` an English msgid
    for the caller to translate with `params`."""

    def __init__(self, field: str, message: str, **params):
        super().__init__(message)
        self.field = field
        self.message = message
        self.params = params


# Lov om offentlige organers ansvar for bruk av tolk mv. (tolkeloven, LOV-2021-06-11-79)
# § 4: public bodies shall not use children as interpreters. «Barn» is a person under 18
# (IMDi, «Veileder til tolkeloven og tolkeforskriften», 2. Forbud mot bruk av barn som tolk:
# https://www.imdi.no/regelverk/veileder-til-tolkeloven-og-tolkeforskriften/2.-forbud-mot-bruk-av-barn-som-tolk).
# The exceptions of § 4 (danger to life or health, other emergencies) are not a booking
# made in advance, so Introsak never books a child.
ADULT_AGE = 18


def check_interpreter_age(birth_date: datetime.date | None, *, on: datetime.date) -> None:
    """A person under 18 on the day can never interpret for the municipality
    (tolkeloven § 4: children shall not be used as interpreters)."""
    if birth_date is None:
        raise RuleError("birth_date", _("Give the interpreter's date of birth."))
    if birth_date > on:
        raise RuleError("birth_date", _("The date of birth cannot be in the future."))
    years = age_on(birth_date, on)
    if years < ADULT_AGE:
        raise RuleError(
            "birth_date",
            _(
                "The interpreter is %(age)s years old on %(date)s. Children under 18 may "
                "never be used as interpreters (tolkeloven § 4)."
            ),
            age=years,
            date=on,
        )


def check_meeting_times(
    starts_at: datetime.datetime | None, ends_at: datetime.datetime | None
) -> None:
    """A meeting (or a booking) ends after it starts."""
    if starts_at is None:
        raise RuleError("starts_at", _("Give when it starts."))
    if ends_at is None:
        raise RuleError("ends_at", _("Give when it ends."))
    if ends_at <= starts_at:
        raise RuleError("ends_at", _("It must end after it starts."))


def check_booking_language(language: str, interpreter_languages: Iterable[str]) -> None:
    """An interpreter is booked only for a language they interpret."""
    if not language:
        raise RuleError("language", _("Choose the language."))
    if language not in set(interpreter_languages):
        raise RuleError("language", _("The interpreter does not interpret this language."))


# Which booking modes an interpreter's way of working allows.
MODES_OFFERED = {
    "in_person": frozenset({"in_person"}),
    "remote": frozenset({"remote"}),
    "both": frozenset({"in_person", "remote"}),
}


def check_booking_mode(mode: str, interpreter_mode: str) -> None:
    if mode not in MODES_OFFERED["both"]:
        raise RuleError("mode", _("Choose in person or remote."))
    if mode not in MODES_OFFERED.get(interpreter_mode, frozenset()):
        raise RuleError("mode", _("The interpreter does not work this way."))


def languages_lacking_interpreter(needed: Iterable[str], booked: Iterable[str]) -> list[str]:
    """The languages a meeting needs an interpreter for (those of its participants who need
    one) that no booking that still stands covers, sorted."""
    return sorted(set(needed) - set(booked))


def is_overdue(due: datetime.date, *, status: str, today: datetime.date) -> bool:
    """An open action item is overdue the day after its due date."""
    return status == "open" and due < today


def cost_per_month(
    rows: Iterable[tuple[datetime.date, Decimal]],
) -> list[tuple[datetime.date, Decimal, int]]:
    """(first day of month, total cost, number of bookings) per month, oldest first."""
    totals: dict[datetime.date, list] = {}
    for day, cost in rows:
        month = day.replace(day=1)
        entry = totals.setdefault(month, [Decimal("0"), 0])
        entry[0] += cost
        entry[1] += 1
    return [(month, total, count) for month, (total, count) in sorted(totals.items())]
