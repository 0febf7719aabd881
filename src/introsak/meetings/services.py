"""Writes for meetings and interpreters: calling a meeting and writing its minutes, action
items and closing them, the interpreter register, and booking (and cancelling) an
interpreter for a meeting.

Each service takes the acting user, checks the one permission policy, is one transaction,
and writes its own audit event. Bad input raises ValidationError naming the field, before
anything is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import Role, User
from introsak.core.permissions import require as _require
from introsak.core.permissions import visible_participants
from introsak.participants.models import Participant

from . import rules
from .models import (
    ActionItem,
    ActionStatus,
    Booking,
    BookingStatus,
    Interpreter,
    InterpreterLanguage,
    InterpreterModes,
    Meeting,
    MeetingKind,
    RegisterCategory,
)
from .workflow import ACTION, BOOKING

MEETING_FIELDS = (
    "kind",
    "title",
    "purpose",
    "starts_at",
    "ends_at",
    "place",
    "participant",
    "external_attendees",
    "agenda",
    "minutes",
    "decisions",
)
INTERPRETER_FIELDS = ("name", "category", "mode", "phone", "email", "birth_date", "notes")
BOOKING_FIELDS = ("interpreter", "language", "mode", "starts_at", "ends_at", "cost", "note")

# Office roles that take part in meetings and own action items.
ATTENDEE_ROLES = (Role.CONSULTANT, Role.LEADER, Role.TEACHER, Role.NAV_ADVISOR, Role.PAYROLL)


def _today() -> datetime.date:
    return timezone.localdate()


def _rule_message(error: rules.RuleError) -> str:
    params = dict(error.params)
    for key, value in params.items():
        if isinstance(value, datetime.date):
            params[key] = date_format(value, "SHORT_DATE_FORMAT")
    return _(error.message) % params if params else _(error.message)


def _aware(value) -> datetime.datetime | None:
    if not isinstance(value, datetime.datetime):
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def office_users(municipality_id: int):
    """Colleagues who can take part in a meeting and own its action items."""
    return User.objects.filter(
        municipality_id=municipality_id, role__in=ATTENDEE_ROLES, is_active=True
    )


# --- meetings -------------------------------------------------------------------------------


def _clean_meeting(
    actor: User,
    meeting: Meeting | None,
    data: Mapping[str, Any],
    attendee_ids: Iterable,
    participant_ids: Iterable,
) -> tuple[dict, list, list]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        name: cleaning.text(data, name)
        for name in ("purpose", "external_attendees", "agenda", "minutes", "decisions")
    }
    cleaned["title"] = cleaning.text(data, "title", 200)
    cleaned["place"] = cleaning.text(data, "place", 200)
    cleaned["kind"] = cleaning.choice(errors, data, "kind", MeetingKind)
    if not cleaned["title"]:
        errors["title"] = _("Give the meeting a title.")
    starts_at, ends_at = _aware(data.get("starts_at")), _aware(data.get("ends_at"))
    try:
        rules.check_meeting_times(starts_at, ends_at)
    except rules.RuleError as error:
        errors[error.field] = _rule_message(error)
    cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at

    # The participant it is about: one the actor sees (or the one it was already about).
    about = data.get("participant")
    cleaned["participant"] = None
    if about not in (None, ""):
        about_id = cleaning.pk(about, Participant)
        keep = meeting is not None and about_id == meeting.participant_id
        found = (
            meeting.participant
            if keep
            else visible_participants(actor).filter(pk=about_id).first()
            if about_id
            else None
        )
        if found is None:
            errors["participant"] = _("Choose a participant you follow.")
        cleaned["participant"] = found

    # An id that is no id (None) is dropped from the query and so refused on the field.
    attendee_ids = {cleaning.pk(pk, User) for pk in attendee_ids or ()}
    attendees = list(office_users(actor.municipality_id).filter(pk__in=attendee_ids - {None}))
    if len(attendees) != len(attendee_ids):
        errors["attendees"] = _("Choose colleagues in the municipality.")
    participant_ids = {cleaning.pk(pk, Participant) for pk in participant_ids or ()}
    participants = list(visible_participants(actor).filter(pk__in=participant_ids - {None}))
    if len(participants) != len(participant_ids):
        errors["participant_attendees"] = _("Choose participants you follow.")
    if errors:
        raise ValidationError(errors)
    return cleaned, attendees, participants


def _meeting_state(meeting: Meeting) -> dict:
    return {
        **audit.snapshot(meeting, MEETING_FIELDS),
        "attendees": sorted(u.pk for u in meeting.attendees.all()),
        "participant_attendees": sorted(p.pk for p in meeting.participant_attendees.all()),
    }


def _save_meeting(actor, meeting, data, attendee_ids, participant_ids) -> Meeting:
    cleaned, attendees, participants = _clean_meeting(
        actor, meeting, data, attendee_ids, participant_ids
    )
    before = None
    unseen = []
    if meeting is None:
        meeting = Meeting(municipality_id=actor.municipality_id, created_by=actor)
    else:
        before = _meeting_state(meeting)
        # Participants the actor does not see stay: the actor's list never held them.
        unseen = list(
            meeting.participant_attendees.exclude(pk__in=visible_participants(actor).values("pk"))
        )
    for name, value in cleaned.items():
        setattr(meeting, name, value)
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.participant_attendees.set([*participants, *unseen])
    after = _meeting_state(meeting)
    if before == after:
        return meeting
    audit.record_event(
        actor=actor,
        action="meeting.update" if before else "meeting.create",
        obj=meeting,
        participant_id=meeting.participant_id,
        object_repr=meeting.title,
        changes=audit.diff(before, after) if before else audit.created(after),
    )
    return meeting


@transaction.atomic
def call_meeting(
    *,
    actor: User,
    data: Mapping[str, Any],
    attendee_ids: Iterable = (),
    participant_ids: Iterable = (),
) -> Meeting:
    """Call a meeting: its type, title, purpose, time and place, who takes part, and the
    participant it is about, if any. A meeting that ends before it starts is refused."""
    _require(actor, "meetings.add_meeting")
    return _save_meeting(actor, None, data, attendee_ids, participant_ids)


@transaction.atomic
def update_meeting(
    *,
    actor: User,
    meeting: Meeting,
    data: Mapping[str, Any],
    attendee_ids: Iterable = (),
    participant_ids: Iterable = (),
) -> Meeting:
    """Change a meeting, or write its agenda, minutes and decisions."""
    _require(actor, "meetings.change_meeting", meeting)
    return _save_meeting(actor, meeting, data, attendee_ids, participant_ids)


# --- action items ---------------------------------------------------------------------------


@transaction.atomic
def add_action_item(*, actor: User, meeting: Meeting, data: Mapping[str, Any]) -> ActionItem:
    """An action item from the meeting: what, who owns it, by when. An action item without
    an owner is refused: nobody would do it."""
    _require(actor, "meetings.change_meeting", meeting)
    errors: dict[str, str] = {}
    text = cleaning.text(data, "text", 500)
    if not text:
        errors["text"] = _("Say what is to be done.")
    owner = data.get("owner")
    owner_id = cleaning.pk(owner, User) if owner not in (None, "") else None
    owner = office_users(meeting.municipality_id).filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        errors["owner"] = _("Choose who owns the action item.")
    due_date = data.get("due_date")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Give the date it is due.")
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        municipality_id=meeting.municipality_id,
        meeting=meeting,
        text=text,
        owner=owner,
        due_date=due_date,
        note=cleaning.text(data, "note", 2000),
        created_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="meeting.action.add",
        obj=meeting,
        participant_id=meeting.participant_id,
        object_repr=meeting.title,
        changes=audit.created({"text": text, "owner": owner.pk, "due_date": due_date}),
    )
    return item


@transaction.atomic
def close_action_item(
    *, actor: User, item: ActionItem, status: str = ActionStatus.DONE, note: str = ""
) -> ActionItem:
    """Close an action item as done, or cancel it (no longer needed), as the ACTION table
    allows; the note says what was done or why."""
    _require(actor, "meetings.close_action", item)
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if status not in ACTION.get(item.status, ()):
        raise ValidationError(
            {
                "status": _("An action item that is «%(from)s» cannot become «%(to)s».")
                % {
                    "from": ActionStatus(item.status).label,
                    "to": ActionStatus(status).label if status in ActionStatus.values else status,
                }
            }
        )
    before = audit.snapshot(item, ("status", "note"))
    item.status = status
    note = (note or "").strip()
    if note:
        item.note = f"{item.note}\n{note}".strip() if item.note else note
    item.closed_on = _today()
    item.closed_by = actor
    item.save(update_fields=["status", "note", "closed_on", "closed_by"])
    audit.record_event(
        actor=actor,
        action="meeting.action.close",
        obj=item.meeting,
        participant_id=item.meeting.participant_id,
        object_repr=item.text[:200],
        changes=audit.diff(before, audit.snapshot(item, ("status", "note"))),
    )
    return item


# --- interpreters ---------------------------------------------------------------------------


def _clean_interpreter(data: Mapping[str, Any], languages: Iterable[str]) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "name": cleaning.text(data, "name", 150),
        "phone": cleaning.text(data, "phone", 30),
        "email": cleaning.text(data, "email", 254),
        "notes": cleaning.text(data, "notes"),
    }
    if not cleaned["name"]:
        errors["name"] = _("Give the interpreter's name.")
    cleaned["category"] = cleaning.choice(errors, data, "category", RegisterCategory)
    cleaned["mode"] = cleaning.choice(errors, data, "mode", InterpreterModes)
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    birth_date = data.get("birth_date")
    cleaned["birth_date"] = birth_date if isinstance(birth_date, datetime.date) else None
    try:
        rules.check_interpreter_age(cleaned["birth_date"], on=_today())
    except rules.RuleError as error:
        errors[error.field] = _rule_message(error)
    codes = sorted({code for code in languages or () if code})
    if not codes:
        errors["languages"] = _("Choose at least one language.")
    elif any(code not in LANGUAGE_NAMES for code in codes):
        errors["languages"] = _("Choose languages from the list.")
    if "is_active" in data:
        cleaned["is_active"] = bool(data.get("is_active"))
    if errors:
        raise ValidationError(errors)
    return cleaned, codes


def _interpreter_state(interpreter: Interpreter) -> dict:
    return {
        **audit.snapshot(interpreter, (*INTERPRETER_FIELDS, "is_active")),
        "languages": sorted(interpreter.languages.values_list("language", flat=True)),
    }


@transaction.atomic
def register_interpreter(
    *, actor: User, data: Mapping[str, Any], languages: Iterable[str]
) -> Interpreter:
    """Add an interpreter to the municipality's register. A person under 18 is refused:
    a child can never interpret (tolkeloven § 4)."""
    _require(actor, "meetings.manage_interpreters")
    cleaned, codes = _clean_interpreter(data, languages)
    interpreter = Interpreter.objects.create(municipality_id=actor.municipality_id, **cleaned)
    InterpreterLanguage.objects.bulk_create(
        InterpreterLanguage(interpreter=interpreter, language=code) for code in codes
    )
    audit.record_event(
        actor=actor,
        action="interpreter.create",
        obj=interpreter,
        object_repr=interpreter.name,
        changes=audit.created(_interpreter_state(interpreter)),
    )
    return interpreter


@transaction.atomic
def update_interpreter(
    *, actor: User, interpreter: Interpreter, data: Mapping[str, Any], languages: Iterable[str]
) -> Interpreter:
    _require(actor, "meetings.manage_interpreters")
    cleaned, codes = _clean_interpreter(data, languages)
    before = _interpreter_state(interpreter)
    for name, value in cleaned.items():
        setattr(interpreter, name, value)
    interpreter.save()
    interpreter.languages.exclude(language__in=codes).delete()
    have = set(interpreter.languages.values_list("language", flat=True))
    InterpreterLanguage.objects.bulk_create(
        InterpreterLanguage(interpreter=interpreter, language=code)
        for code in codes
        if code not in have
    )
    changes = audit.diff(before, _interpreter_state(interpreter))
    if changes:
        audit.record_event(
            actor=actor,
            action="interpreter.update",
            obj=interpreter,
            object_repr=interpreter.name,
            changes=changes,
        )
    return interpreter


# --- bookings -------------------------------------------------------------------------------


def _cost(errors: dict, value) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        cost = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors["cost"] = _("Give the cost in kroner, for example 1250 or 1250,50.")
        return Decimal("0")
    if not cost.is_finite() or cost < 0 or cost >= Decimal("100000000"):
        errors["cost"] = _("Give the cost in kroner, for example 1250 or 1250,50.")
        return Decimal("0")
    return cost.quantize(Decimal("0.01"))


@transaction.atomic
def book_interpreter(*, actor: User, meeting: Meeting, data: Mapping[str, Any]) -> Booking:
    """Book an interpreter for a meeting, in one language, in person or remote, with the
    cost. Refused: an interpreter who does not interpret the language, who does not work
    that way, or who is under 18 on the day the booking starts (tolkeloven § 4)."""
    _require(actor, "meetings.book_interpreter", meeting)
    errors: dict[str, str] = {}
    interpreter_id = cleaning.pk(data.get("interpreter"), Interpreter)
    interpreter = (
        Interpreter.objects.filter(
            municipality_id=meeting.municipality_id, pk=interpreter_id, is_active=True
        )
        .prefetch_related("languages")
        .first()
        if interpreter_id
        else None
    )
    if interpreter is None:
        errors["interpreter"] = _("Choose an interpreter from the register.")
    language = str(data.get("language") or "")
    mode = str(data.get("mode") or "")
    starts_at = _aware(data.get("starts_at")) or meeting.starts_at
    ends_at = _aware(data.get("ends_at")) or meeting.ends_at
    try:
        rules.check_meeting_times(starts_at, ends_at)
    except rules.RuleError as error:
        errors[error.field] = _rule_message(error)
    if interpreter is not None:
        checks = (
            lambda: rules.check_booking_language(language, interpreter.language_codes),
            lambda: rules.check_booking_mode(mode, interpreter.mode),
            lambda: rules.check_interpreter_age(
                interpreter.birth_date, on=timezone.localtime(starts_at).date()
            ),
        )
        for check in checks:
            try:
                check()
            except rules.RuleError as error:
                field = "interpreter" if error.field == "birth_date" else error.field
                errors.setdefault(field, _rule_message(error))
    cost = _cost(errors, data.get("cost"))
    if errors:
        raise ValidationError(errors)
    booking = Booking.objects.create(
        municipality_id=meeting.municipality_id,
        interpreter=interpreter,
        meeting=meeting,
        language=language,
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        cost=cost,
        note=cleaning.text(data, "note", 300),
        booked_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="interpreter.booking.create",
        obj=booking,
        participant_id=meeting.participant_id,
        object_repr=str(booking)[:200],
        changes=audit.created(audit.snapshot(booking, BOOKING_FIELDS)),
    )
    return booking


def _move_booking(actor: User, booking: Booking, to: str) -> Booking:
    _require(actor, "meetings.book_interpreter", booking.meeting)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if to not in BOOKING.get(booking.status, ()):
        raise ValidationError(
            {
                "status": _("A booking that is «%(from)s» cannot become «%(to)s».")
                % {"from": BookingStatus(booking.status).label, "to": BookingStatus(to).label}
            }
        )
    return booking


@transaction.atomic
def confirm_booking(*, actor: User, booking: Booking) -> Booking:
    """The interpreter (or the agency) has confirmed the booking."""
    meeting = booking.meeting
    booking = _move_booking(actor, booking, BookingStatus.CONFIRMED)
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status"])
    audit.record_event(
        actor=actor,
        action="interpreter.booking.confirm",
        obj=booking,
        participant_id=meeting.participant_id,
        object_repr=str(booking)[:200],
        changes={"status": {"old": BookingStatus.ORDERED, "new": BookingStatus.CONFIRMED}},
    )
    return booking


@transaction.atomic
def cancel_booking(*, actor: User, booking: Booking, cost: Any = None, reason: str = "") -> Booking:
    """Cancel a booking. `cost` is what the cancellation still costs (a late cancellation
    is often paid in full); left out, nothing is paid."""
    meeting = booking.meeting
    booking = _move_booking(actor, booking, BookingStatus.CANCELLED)
    errors: dict[str, str] = {}
    new_cost = _cost(errors, cost)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(booking, ("status", "cost"))
    booking.status = BookingStatus.CANCELLED
    booking.cost = new_cost
    booking.save(update_fields=["status", "cost"])
    audit.record_event(
        actor=actor,
        action="interpreter.booking.cancel",
        obj=booking,
        participant_id=meeting.participant_id,
        object_repr=str(booking)[:200],
        changes=audit.diff(before, audit.snapshot(booking, ("status", "cost"))),
        reason=(reason or "").strip()[:300],
    )
    return booking
