"""Cleaning the values a service is given, field by field.

Services take a plain mapping of values, from a Django form's ``cleaned_data`` (dates as
dates, ids as instances) or from the API (strings, numbers, ids as numbers or strings),
and answer a bad value with a ``ValidationError`` that names the field. These helpers turn
one entry of such a mapping into a value, and where it is not one, put the message for its
field in the service's ``errors`` dict, so that the service can report every bad field at
once. They live here so that every app cleans the same input the same way, with the same
messages.

Call them through the module (``cleaning.date(...)``), not imported by name: ``date`` and
``time`` would hide the ``datetime`` classes of the same name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

# The largest id the database holds (a signed 64-bit integer): a larger one is never an id.
MAX_ID = 2**63 - 1


def _empty(value: Any) -> bool:
    return value in (None, "")


def _iso(errors: dict, name: str, value: Any, kind: type, message: str):
    """`value` when it is a `kind` (a date or a time), else read from its ISO string; None,
    with `message` on the field, when it is no such string."""
    if isinstance(value, kind):
        return value
    try:
        return kind.fromisoformat(str(value))
    except ValueError:
        errors[name] = message
        return None


def text(data: Mapping[str, Any], name: str, limit: int | None = None) -> str:
    """The value as text without surrounding white space ("" when missing), cut to `limit`
    characters when one is given. A number from the API becomes its digits."""
    value = str(data.get(name) or "").strip()
    return value[:limit] if limit else value


def required(errors: dict, data: Mapping[str, Any], names: Iterable[str]) -> None:
    """Mark each of `names` that is missing or empty in `data` as required, unless the field
    already has a message."""
    for name in names:
        if _empty(data.get(name)) and name not in errors:
            errors[name] = _("This field is required.")


def date(
    errors: dict,
    data: Mapping[str, Any],
    name: str,
    *,
    required: bool = False,
    message: str | None = None,
) -> datetime.date | None:
    """A date from a form (a date, or a datetime: its day) or the API (an ISO string);
    None when empty (an error when `required`, `message` or «This field is required.») or
    not a date."""
    value = data.get(name)
    if _empty(value):
        if required:
            errors[name] = message or _("This field is required.")
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    return _iso(errors, name, value, datetime.date, _("Give a valid date."))


def time(errors: dict, data: Mapping[str, Any], name: str) -> datetime.time | None:
    """A time of day from a form (a time) or the API (an ISO string such as «09:30»); None
    when empty or not a time."""
    value = data.get(name)
    if _empty(value):
        return None
    return _iso(errors, name, value, datetime.time, _("Give a valid time."))


def integer(
    errors: dict, data: Mapping[str, Any], name: str, *, default: int | None = None
) -> int | None:
    """A whole number from a number or its digits; `default` when empty or not a number."""
    value = data.get(name)
    if _empty(value):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        errors[name] = _("Give a whole number.")
        return default


def choice(
    errors: dict,
    data: Mapping[str, Any],
    name: str,
    choices: type[models.Choices],
    *,
    default: str | None = None,
) -> str:
    """The value when it is one of `choices` (`default` when empty); otherwise the value as
    given, with an error on the field unless it already has one."""
    value = data.get(name) or default or ""
    if value not in choices.values:
        errors.setdefault(name, _("Choose one of the options."))
    return value


def pk(value: Any, model: type[models.Model]) -> int | None:
    """The id of an instance of `model`, or of an id as a form or the API sends it (a number
    or its ASCII digits); None for anything else, and for a number outside the ids the
    database holds (1 to MAX_ID), so that the caller refuses it on the field and never sends
    it to the database. Instances give their id, to be looked up again like ids, so that they
    pass the same checks."""
    if isinstance(value, model):
        return value.pk
    digits = str(value)
    if not (digits.isascii() and digits.isdigit()):
        return None
    number = int(digits)
    return number if 1 <= number <= MAX_ID else None
