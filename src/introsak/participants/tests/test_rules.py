"""Identifier and age rules, from worked examples (Skatteetaten's 2032 note, python-stdnum's
documentation, and numbers computed by hand)."""

import datetime

import pytest

from introsak.participants.rules import (
    CheckDigitScheme,
    IdentifierError,
    NationalIdKind,
    age_on,
    check_birth_date,
    check_digits_for,
    format_account_number,
    parse_account_number,
    parse_duf_number,
    parse_national_id,
)

FNR = NationalIdKind.FODSELSNUMMER
DNR = NationalIdKind.D_NUMMER
CURRENT = CheckDigitScheme.CURRENT
NEW = CheckDigitScheme.FROM_2032


@pytest.mark.parametrize(
    ("typed", "number", "kind", "scheme"),
    [
        # python-stdnum's own example
        ("151086 95088", "15108695088", FNR, CURRENT),
        # Skatteetaten, «Nytt fødselsnummer fra 2032»: person born 02.01.2032, k1 = 9, k2 = 7
        ("02013299997", "02013299997", FNR, CURRENT),
        # same note: the next number on individual number 999 uses remainder 2 (k1 = 0)
        ("02013299903", "02013299903", FNR, NEW),
        # same note: born 30.10.1982, numbered in 2032 – remainder 0, then remainder 1
        ("30108299920", "30108299920", FNR, CURRENT),
        ("301082-99939", "30108299939", FNR, NEW),
        # D-nummer: first digit + 4 (born 01.01.2001)
        ("41010199946", "41010199946", DNR, CURRENT),
        ("410101 99946", "41010199946", DNR, CURRENT),
    ],
)
def test_valid_national_ids_are_accepted_under_both_schemes(typed, number, kind, scheme):
    parsed = parse_national_id(typed)
    assert (parsed.value, parsed.kind, parsed.scheme) == (number, kind, scheme)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1510869508", "length"),  # 10 digits
        ("151086950888", "length"),  # 12 digits
        ("1510869508A", "digits"),
        ("15108695077", "checksum"),  # stdnum's invalid example
        ("15108695089", "checksum"),  # k2 off by one
        ("31028612345", "date"),  # 31 February
        ("71138612345", "date"),  # month 13
        ("12345678901", "date"),  # month 34: a typing error, not an H number
        ("15508695088", "h_number"),  # H-nummer: month + 40
        ("15908695088", "h_number"),  # synthetic test number: month + 80
        ("", "length"),
    ],
)
def test_invalid_national_ids_are_refused_with_a_reason(typed, code):
    with pytest.raises(IdentifierError) as excinfo:
        parse_national_id(typed)
    assert excinfo.value.code == code


def test_remainder_four_is_outside_even_the_2032_scheme():
    # Build a number whose first check digit leaves remainder 4: never valid.
    first_nine = "010190123"
    for remainder in (4, 5, 10):
        digits = check_digits_for(first_nine, remainder=remainder)
        if digits:
            with pytest.raises(IdentifierError):
                parse_national_id(first_nine + digits)


@pytest.mark.parametrize("remainder", [0, 1, 2, 3])
def test_numbers_made_with_every_allowed_remainder_validate(remainder):
    made = [
        check_digits_for(f"0101{year:02d}{ind:03d}", remainder=remainder)
        for year in (75, 90)
        for ind in range(100, 120)
    ]
    numbers = [
        f"0101{year:02d}{ind:03d}" + d
        for (year, ind), d in zip(
            [(y, i) for y in (75, 90) for i in range(100, 120)], made, strict=True
        )
        if d
    ]
    assert numbers
    for number in numbers:
        assert parse_national_id(number).value == number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2015 12345678", "201512345678"), ("199900000001", "199900000001")],
)
def test_duf_numbers_in_the_right_format_are_accepted(typed, expected):
    assert parse_duf_number(typed, today=datetime.date(2026, 11, 24)) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("20151234567", "length"),
        ("2015123456789", "length"),
        ("2015ABCD5678", "digits"),
        ("202712345678", "year"),  # after today
        ("197912345678", "year"),  # before the register existed
    ],
)
def test_duf_numbers_in_a_wrong_format_are_refused(typed, code):
    with pytest.raises(IdentifierError) as excinfo:
        parse_duf_number(typed, today=datetime.date(2026, 11, 24))
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("8601 11 17947", "86011117947"), ("1234.56.78903", "12345678903")],
)
def test_valid_account_numbers(typed, expected):
    assert parse_account_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [("86011117948", "checksum"), ("1234567", "length"), ("8601111794X", "digits")],
)
def test_invalid_account_numbers(typed, code):
    with pytest.raises(IdentifierError) as excinfo:
        parse_account_number(typed)
    assert excinfo.value.code == code


def test_account_number_is_shown_grouped_as_on_a_bank_card():
    assert format_account_number("12345678903") == "1234.56.78903"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (datetime.date(2008, 11, 24), datetime.date(2026, 11, 24), 18),
        (datetime.date(2008, 11, 25), datetime.date(2026, 11, 24), 17),
        (datetime.date(2004, 2, 29), datetime.date(2022, 2, 28), 17),
        (datetime.date(2004, 2, 29), datetime.date(2022, 3, 1), 18),
    ],
)
def test_age_in_completed_years(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("born", "problem"),
    [
        (datetime.date(2026, 11, 25), "future"),
        (datetime.date(2008, 11, 25), "under_18"),
        (datetime.date(2008, 11, 24), None),
        (datetime.date(1970, 1, 1), None),
    ],
)
def test_a_participant_must_be_an_adult_born_in_the_past(born, problem):
    assert check_birth_date(born, today=datetime.date(2026, 11, 24)) == problem
