"""Identifier and age rules for the participant registry. Pure functions, no Django.

Sources:
- Fødselsnummer and D-nummer: folkeregisterforskriften (FOR-2017-07-14-1201) § 2-2-1 to
  § 2-2-5 and Skatteetaten, «Nytt fødselsnummer fra 2032» (folkeregisteret-api-dokumentasjon):
  from 1.1.2032 the remainder behind the first check digit (k1) may be 0, 1, 2 or 3, the
  individual number no longer tells the century, and sex and birth date must not be read
  from the number. Both schemes must be accepted side by side.
- DUF-nummer: UDI's case number, 12 digits starting with the year of the first application.
  Only the format is checked (there is no public check-digit algorithm).
- Kontonummer: 11 digits, modulus 11 (python-stdnum `no.kontonr`).
- Age: the programme is for adults (integreringsloven § 8 first paragraph: from 18 years).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import fodselsnummer as stdnum_fnr
from stdnum.no import kontonr as stdnum_kontonr

ADULT_AGE = 18

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)  # the first nine digits and k1 itself
K1_REMAINDERS_2032 = frozenset({0, 1, 2, 3})


class IdentifierError(ValueError):
    """An identifier that is not valid; `code` says why, for a message in the UI's language."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class NationalIdKind(enum.StrEnum):
    FODSELSNUMMER = "fnr"
    D_NUMMER = "dnr"


class CheckDigitScheme(enum.StrEnum):
    CURRENT = "current"
    FROM_2032 = "2032"


@dataclass(frozen=True)
class NationalId:
    value: str
    kind: NationalIdKind
    scheme: CheckDigitScheme


def compact_digits(value: str) -> str:
    """Strip the separators people type (space, dash, dot)."""
    return "".join(ch for ch in (value or "") if ch not in " -.:\u00a0\t")


def _k1_remainder(number: str) -> int:
    return sum(w * int(d) for w, d in zip(K1_WEIGHTS, number[:10], strict=True)) % 11


def _date_exists_in_some_century(day: int, month: int, yy: int) -> bool:
    # The 2032 scheme no longer tells the century; a date is valid if it exists in any.
    for century in (1800, 1900, 2000):
        try:
            datetime.date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def parse_national_id(value: str) -> NationalId:
    """Validate a fødselsnummer or D-nummer under either check-digit scheme.

    Returns the compact number, whether it is a fødselsnummer or a D-nummer (first digit + 4),
    and which scheme its first check digit follows. Raises IdentifierError with a code:
    `length`, `digits`, `h_number`, `date`, `checksum`.
    """
    number = compact_digits(value)
    if len(number) != 11:
        raise IdentifierError("length")
    if not number.isdigit():
        raise IdentifierError("digits")
    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    if 41 <= month <= 52 or 81 <= month <= 92:
        # H-numbers (month + 40) and synthetic test numbers (month + 80) are not a
        # person's identity.
        raise IdentifierError("h_number")
    kind = NationalIdKind.FODSELSNUMMER
    if day > 40:
        kind = NationalIdKind.D_NUMMER
        day -= 40
    if not 1 <= month <= 12 or not _date_exists_in_some_century(day, month, yy):
        raise IdentifierError("date")
    # k2 is computed as before in both schemes (python-stdnum implements it).
    if number[10] != stdnum_fnr.calc_check_digit2(number[:10]):
        raise IdentifierError("checksum")
    if number[9] == stdnum_fnr.calc_check_digit1(number):
        scheme = CheckDigitScheme.CURRENT
    elif _k1_remainder(number) in K1_REMAINDERS_2032:
        scheme = CheckDigitScheme.FROM_2032
    else:
        raise IdentifierError("checksum")
    return NationalId(value=number, kind=kind, scheme=scheme)


def check_digits_for(first_nine: str, *, remainder: int = 0) -> str | None:
    """The two check digits that make an 11-digit number, or None if none exist.

    `remainder` 0 is the current scheme; 1–3 give the extra numbers of the 2032 scheme.
    Used by the demo data and the tests to make numbers that are valid by construction.
    """
    partial = sum(w * int(d) for w, d in zip(K1_WEIGHTS, first_nine, strict=False))
    k1 = (remainder - partial) % 11
    if k1 == 10:
        return None
    k2 = stdnum_fnr.calc_check_digit2(first_nine + str(k1))
    if k2 == "10":
        return None
    return f"{k1}{k2}"


def parse_duf_number(value: str, *, today: datetime.date) -> str:
    """Validate the format of a DUF-nummer: 12 digits, starting with a plausible year.

    Raises IdentifierError with `length`, `digits` or `year`.
    """
    number = compact_digits(value)
    if len(number) != 12:
        raise IdentifierError("length")
    if not number.isdigit():
        raise IdentifierError("digits")
    year = int(number[:4])
    # UDI's DUF register dates from the 1980s; a year after today cannot be an application.
    if not 1980 <= year <= today.year:
        raise IdentifierError("year")
    return number


def parse_account_number(value: str) -> str:
    """Validate a Norwegian kontonummer (11 digits, modulus 11). Codes: `length`, `digits`,
    `checksum`."""
    number = compact_digits(value)
    if len(number) != 11:
        raise IdentifierError("length")
    if not number.isdigit():
        raise IdentifierError("digits")
    try:
        return stdnum_kontonr.validate(number)
    except StdnumValidationError as exc:
        raise IdentifierError("checksum") from exc


def format_account_number(number: str) -> str:
    """4-2-5 grouping as printed on Norwegian bank cards: 1234.56.78903."""
    if len(number) != 11:
        return number
    return f"{number[:4]}.{number[4:6]}.{number[6:]}"


def format_national_id(number: str) -> str:
    if len(number) != 11:
        return number
    return f"{number[:6]} {number[6:]}"


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Completed years of age on a date (a person born 29 February has their birthday on
    1 March in other years, as in Norwegian practice)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_birth_date(birth_date: datetime.date, *, today: datetime.date) -> str | None:
    """Why a birth date cannot be a participant's, or None: `future`, `under_18`."""
    if birth_date > today:
        return "future"
    if age_on(birth_date, today) < ADULT_AGE:
        return "under_18"
    return None
