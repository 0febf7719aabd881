"""The cleaning helpers the services share: one value of a form's or the API's mapping into
a value, or a message on its field."""

import datetime

import pytest
from django.db import models
from django.utils import translation

from introsak.core import cleaning
from introsak.core.models import User


class Colour(models.TextChoices):
    RED = "red", "Red"
    BLUE = "blue", "Blue"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


MISSING = object()


def _data(value) -> dict:
    return {} if value is MISSING else {"field": value}


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("  Tromsø \n", None, "Tromsø"),
        (MISSING, None, ""),
        (None, None, ""),
        ("", None, ""),
        (9730, None, "9730"),
        (0, None, ""),
        ("abcdef", 3, "abc"),
        ("   abcdef", 3, "abc"),
        ("abc", 10, "abc"),
        ("abc", 0, "abc"),
    ],
)
def test_text_is_stripped_and_cut_to_the_limit(value, limit, expected):
    assert cleaning.text(_data(value), "field", limit) == expected


@pytest.mark.parametrize(
    ("data", "errors", "expected"),
    [
        ({"a": "x", "b": 0}, {}, {}),
        ({"b": "x"}, {}, {"a": "This field is required."}),
        (
            {"a": None, "b": ""},
            {},
            {"a": "This field is required.", "b": "This field is required."},
        ),
        ({"a": "  "}, {}, {"b": "This field is required."}),
        ({}, {"a": "Too long."}, {"a": "Too long.", "b": "This field is required."}),
    ],
)
def test_required_marks_the_empty_fields_and_keeps_earlier_messages(data, errors, expected):
    cleaning.required(errors, data, ("a", "b"))
    assert errors == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1)),
        (datetime.datetime(2025, 3, 1, 23, 59), datetime.date(2025, 3, 1)),
        ("2025-03-01", datetime.date(2025, 3, 1)),
        (MISSING, None),
        (None, None),
        ("", None),
    ],
)
def test_date_reads_dates_datetimes_and_iso_strings(value, expected):
    errors: dict = {}
    assert cleaning.date(errors, _data(value), "field") == expected
    assert errors == {}


@pytest.mark.parametrize("value", ["2025-02-30", "1.3.2025", "tomorrow", 12.5, ["2025-03-01"]])
def test_date_refuses_what_is_not_a_date(value):
    errors: dict = {}
    assert cleaning.date(errors, _data(value), "field", required=True, message="Say when.") is None
    assert errors == {"field": "Give a valid date."}


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (MISSING, {}, {}),
        ("", {"message": "Say when."}, {}),
        (None, {"required": True}, {"field": "This field is required."}),
        ("", {"required": True, "message": "Say when."}, {"field": "Say when."}),
    ],
)
def test_an_empty_date_is_refused_only_when_required(value, kwargs, expected):
    errors: dict = {}
    assert cleaning.date(errors, _data(value), "field", **kwargs) is None
    assert errors == expected


@pytest.mark.parametrize(
    ("value", "expected", "errors"),
    [
        (datetime.time(9, 30), datetime.time(9, 30), {}),
        ("09:30", datetime.time(9, 30), {}),
        ("09:30:15", datetime.time(9, 30, 15), {}),
        (MISSING, None, {}),
        ("", None, {}),
        ("25:00", None, {"field": "Give a valid time."}),
        ("half past nine", None, {"field": "Give a valid time."}),
    ],
)
def test_time_reads_times_and_iso_strings(value, expected, errors):
    found: dict = {}
    assert cleaning.time(found, _data(value), "field") == expected
    assert found == errors


@pytest.mark.parametrize(
    ("value", "default", "expected", "errors"),
    [
        (5, None, 5, {}),
        ("12", None, 12, {}),
        ("-3", 1, -3, {}),
        (MISSING, None, None, {}),
        ("", 1, 1, {}),
        (None, 7, 7, {}),
        ("twelve", None, None, {"field": "Give a whole number."}),
        ("1.5", 1, 1, {"field": "Give a whole number."}),
        ([1], 1, 1, {"field": "Give a whole number."}),
    ],
)
def test_integer_gives_the_default_when_empty_or_not_a_number(value, default, expected, errors):
    found: dict = {}
    assert cleaning.integer(found, _data(value), "field", default=default) == expected
    assert found == errors


@pytest.mark.parametrize(
    ("value", "default", "expected", "errors"),
    [
        ("red", None, "red", {}),
        (Colour.BLUE, None, "blue", {}),
        ("", "blue", "blue", {}),
        (MISSING, Colour.RED, "red", {}),
        ("red", "blue", "red", {}),
        ("", None, "", {"field": "Choose one of the options."}),
        ("green", None, "green", {"field": "Choose one of the options."}),
        ("green", "blue", "green", {"field": "Choose one of the options."}),
    ],
)
def test_choice_accepts_only_the_options(value, default, expected, errors):
    found: dict = {}
    assert cleaning.choice(found, _data(value), "field", Colour, default=default) == expected
    assert found == errors


def test_choice_keeps_an_earlier_message_on_the_field():
    errors = {"field": "Not for this kind."}
    cleaning.choice(errors, {"field": "green"}, "field", Colour)
    assert errors == {"field": "Not for this kind."}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (User(pk=7), 7),
        (5, 5),
        ("5", 5),
        (1, 1),
        (cleaning.MAX_ID, cleaning.MAX_ID),
        (str(cleaning.MAX_ID), cleaning.MAX_ID),
        (cleaning.MAX_ID + 1, None),
        (str(2**64), None),
        (0, None),
        ("0", None),
        (-1, None),
        ("-1", None),
        ("1.5", None),
        (" 5", None),
        ("five", None),
        ("²", None),
        ("١٢", None),
        (None, None),
        ("", None),
        (True, None),
        (object(), None),
    ],
)
def test_pk_is_an_id_the_database_can_hold_or_none(value, expected):
    assert cleaning.pk(value, User) == expected


@pytest.mark.parametrize(
    ("clean", "value", "message"),
    [
        (lambda errors, data: cleaning.date(errors, data, "field"), "x", "Oppgi en gyldig dato."),
        (
            lambda errors, data: cleaning.time(errors, data, "field"),
            "x",
            "Oppgi et gyldig klokkeslett.",
        ),
        (lambda errors, data: cleaning.integer(errors, data, "field"), "x", "Oppgi et heltall."),
        (
            lambda errors, data: cleaning.choice(errors, data, "field", Colour),
            "x",
            "Velg et av alternativene.",
        ),
        (
            lambda errors, data: cleaning.required(errors, data, ["field"]),
            "",
            "Dette feltet må fylles ut.",
        ),
    ],
    ids=["date", "time", "integer", "choice", "required"],
)
def test_the_messages_are_in_bokmal(clean, value, message):
    errors: dict = {}
    with translation.override("nb"):
        clean(errors, {"field": value})
    assert errors == {"field": message}
