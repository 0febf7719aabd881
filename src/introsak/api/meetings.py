"""/api/v1: meetings with their minutes and action items, and interpreters with their
bookings.

Mounted at /v1:

- /meetings?kind=&when=upcoming|past|all&mine= (GET, POST), /meetings/{id} (GET, PATCH);
- /action-items?status=open|done|cancelled (GET: the caller's own), /meetings/{id}/action-items
  (POST), /action-items/{id}/close (POST: done or cancelled, as meetings/workflow.py allows);
- /interpreters?language= (GET, POST), /interpreters/{id} (GET, PATCH);
- /interpreter-bookings?year= (GET), /meetings/{id}/interpreter-bookings (POST),
  /interpreter-bookings/{id}/confirm and /cancel (POST).

The same policy, services and audit as the screens: 404 for what the user may not see
(another municipality's above all), 403 for what the role may not do, 422 with the field for
what the rules refuse — a meeting ending before it starts, an action item without an owner,
a booking in a language the interpreter does not have, an interpreter under 18.

Times are ISO 8601 with an offset (2026-11-24T10:00:00+01:00); a time without an offset is
read as Norwegian time. Costs are strings with two decimals ("1250.00").
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.permissions import (
    get_visible_meeting_or_404,
    visible_action_items,
    visible_bookings,
    visible_interpreters,
    visible_meetings,
    visible_participants,
)
from introsak.core.web import log_api_reads
from introsak.core.web import require_api as _require
from introsak.meetings import selectors, services
from introsak.meetings.models import (
    ActionItem,
    ActionStatus,
    Booking,
    InterpreterModes,
    MeetingKind,
    RegisterCategory,
)
from introsak.meetings.rules import is_overdue

router = Router(tags=["meetings"])

KindIn = Literal[tuple(MeetingKind.values)]  # type: ignore[valid-type]
CategoryIn = Literal[tuple(RegisterCategory.values)]  # type: ignore[valid-type]
WorksIn = Literal[tuple(InterpreterModes.values)]  # type: ignore[valid-type]
ModeIn = Literal["in_person", "remote"]
CloseIn = Literal["done", "cancelled"]
# An id as the database holds it (a signed 64-bit integer): a larger one is 422, not a 500.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Service errors name model fields; the API's inputs name ids.
RENAMED = {
    "participant": "participant_id",
    "attendees": "attendee_ids",
    "participant_attendees": "participant_ids",
    "interpreter": "interpreter_id",
    "owner": "owner_id",
}


@contextmanager
def _api_fields():
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {RENAMED.get(name, name): errors for name, errors in exc.message_dict.items()}
        ) from None


# --- schemas --------------------------------------------------------------------------------


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    text: str
    owner_id: int
    owner: str
    due_date: datetime.date
    status: str = Field(..., description="open, done or cancelled")
    overdue: bool = Field(..., description="Open, and the due date has passed")
    note: str
    closed_on: datetime.date | None

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting.title

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.get_full_name() or obj.owner.username

    @staticmethod
    def resolve_overdue(obj):
        return is_overdue(obj.due_date, status=obj.status, today=timezone.localdate())


class MeetingOut(Schema):
    id: int
    kind: str = Field(..., description="One of " + ", ".join(MeetingKind.values))
    title: str
    purpose: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    participant_id: int | None = Field(None, description="The participant the meeting is about")
    attendee_ids: list[int]
    participant_ids: list[int] = Field(..., description="Participants taking part")
    external_attendees: list[str]
    agenda: str
    minutes: str
    decisions: str
    created_by_id: int
    lacking_interpreter: list[str] = Field(
        ...,
        description=(
            "Languages a participant in the meeting needs an interpreter for and no booking "
            "covers: the meeting's warning"
        ),
    )

    @staticmethod
    def resolve_attendee_ids(obj):
        return sorted(u.pk for u in obj.attendees.all())

    @staticmethod
    def resolve_participant_ids(obj):
        # Only the participants the caller may see (set by _shown_participants).
        return sorted(obj.shown_participant_ids)

    @staticmethod
    def resolve_external_attendees(obj):
        return obj.external_list

    @staticmethod
    def resolve_lacking_interpreter(obj):
        return getattr(obj, "lacking_codes", [])


class MeetingDetailOut(MeetingOut):
    action_items: list[ActionItemOut]

    @staticmethod
    def resolve_action_items(obj):
        return obj.action_list


class MeetingIn(Schema):
    kind: KindIn
    title: str = Field(..., max_length=200)
    purpose: str = ""
    starts_at: datetime.datetime
    ends_at: datetime.datetime = Field(..., description="After starts_at")
    place: str = Field("", max_length=200)
    participant_id: Id | None = Field(None, description="The participant it is about")
    attendee_ids: list[Id] = Field([], description="Colleagues taking part")
    participant_ids: list[Id] = Field([], description="Participants taking part")
    external_attendees: list[str] = Field([], description="Others taking part, by name")
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""


class MeetingPatch(Schema):
    kind: KindIn | None = None
    title: str | None = Field(None, max_length=200)
    purpose: str | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str | None = Field(None, max_length=200)
    participant_id: Id | None = None
    attendee_ids: list[Id] | None = None
    participant_ids: list[Id] | None = Field(
        None, description="Participants taking part; those the caller does not see stay"
    )
    external_attendees: list[str] | None = None
    agenda: str | None = None
    minutes: str | None = None
    decisions: str | None = None


class MeetingFilters(Schema):
    kind: KindIn | None = None
    when: Literal["upcoming", "past", "all"] = "upcoming"
    mine: bool = Field(False, description="Only meetings the caller called or takes part in")


class ActionItemIn(Schema):
    text: str = Field(..., max_length=500)
    owner_id: Id | None = Field(..., description="Required: an action item has an owner")
    due_date: datetime.date
    note: str = ""


class CloseActionIn(Schema):
    status: CloseIn = "done"
    note: str = ""


class ActionFilters(Schema):
    status: Literal["open", "done", "cancelled", "all"] = "open"


class InterpreterOut(Schema):
    id: int
    name: str
    languages: list[str]
    category: str = Field(
        ..., description="Nasjonalt tolkeregister: A (highest) to E, or none (not in it)"
    )
    mode: str = Field(..., description="in_person, remote or both")
    phone: str
    email: str
    birth_date: datetime.date
    is_active: bool
    notes: str

    @staticmethod
    def resolve_languages(obj):
        return sorted(obj.language_codes)


class InterpreterIn(Schema):
    name: str = Field(..., max_length=150)
    languages: list[str] = Field(..., description="Language codes, as in the participant's")
    category: CategoryIn
    mode: WorksIn = "both"
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    birth_date: datetime.date = Field(..., description="Nobody under 18 (tolkeloven § 4)")
    is_active: bool = True
    notes: str = ""


class InterpreterPatch(Schema):
    name: str | None = Field(None, max_length=150)
    languages: list[str] | None = None
    category: CategoryIn | None = None
    mode: WorksIn | None = None
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    birth_date: datetime.date | None = None
    is_active: bool | None = None
    notes: str | None = None


class BookingOut(Schema):
    id: int
    meeting_id: int
    interpreter_id: int
    interpreter: str
    language: str
    mode: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cost: Decimal = Field(..., description="NOK")
    status: str = Field(..., description="ordered, confirmed or cancelled")
    note: str

    @staticmethod
    def resolve_interpreter(obj):
        return obj.interpreter.name


class BookingIn(Schema):
    interpreter_id: Id
    language: str
    mode: ModeIn
    starts_at: datetime.datetime | None = Field(None, description="The meeting's, if left out")
    ends_at: datetime.datetime | None = Field(None, description="The meeting's, if left out")
    cost: Decimal = Field(Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    note: str = Field("", max_length=300)


class CancelBookingIn(Schema):
    cost: Decimal = Field(
        Decimal("0"),
        ge=0,
        max_digits=10,
        decimal_places=2,
        description="What the cancellation still costs",
    )
    reason: str = Field("", max_length=300)


class MonthCost(Schema):
    month: str = Field(..., description="YYYY-MM")
    bookings: int
    cost: Decimal


class BookingsOut(Schema):
    year: int
    total: Decimal
    months: list[MonthCost]
    bookings: list[BookingOut]


class BookingFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


# --- helpers --------------------------------------------------------------------------------


def _shown_participants(user, meetings) -> None:
    """Mark on each meeting the participants taking part that the user may see (one query
    for all the meetings): only those are given out, and only those a PATCH sends back."""
    ids = {p.pk for m in meetings for p in m.participant_attendees.all()}
    seen = set(visible_participants(user).filter(pk__in=ids).values_list("pk", flat=True))
    for m in meetings:
        m.shown_participant_ids = [p.pk for p in m.participant_attendees.all() if p.pk in seen]


def _one_meeting(request, meeting_id: int, *, detail: bool = False):
    """The meeting with its warning (and action items), as the list computes it."""
    out = (
        selectors._with_interpreter_facts(visible_meetings(request.auth).filter(pk=meeting_id))
        .prefetch_related("attendees")
        .first()
    )
    if out is None:
        raise Http404
    out.lacking_codes = selectors.lacking_interpreter(out)
    _shown_participants(request.auth, [out])
    if detail:
        out.action_list = list(
            ActionItem.objects.filter(meeting=out).select_related("meeting", "owner")
        )
    return out


def _meeting_data(payload: dict) -> tuple[dict, list, list]:
    data = dict(payload)
    attendee_ids = data.pop("attendee_ids", []) or []
    participant_ids = data.pop("participant_ids", []) or []
    data["participant"] = data.pop("participant_id", None)
    data["external_attendees"] = "\n".join(data.get("external_attendees") or [])
    return data, attendee_ids, participant_ids


def _interpreter_or_404(request, interpreter_id: int):
    interpreter = (
        visible_interpreters(request.auth)
        .prefetch_related("languages")
        .filter(pk=interpreter_id)
        .first()
    )
    if interpreter is None:
        raise Http404
    return interpreter


def _booking_or_404(request, booking_id: int) -> Booking:
    booking = (
        visible_bookings(request.auth)
        .select_related("meeting", "interpreter")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


# --- meetings -------------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut], summary="Meetings the caller may see")
def list_meetings(request, filters: Query[MeetingFilters]):
    _require(request, "meetings.view_meetings")
    rows = selectors.meeting_rows(
        request.auth, kind=filters.kind or "", when=filters.when, mine=filters.mine
    )
    for row in rows:
        row.meeting.lacking_codes = row.lacking_codes
    meetings = [row.meeting for row in rows]
    _shown_participants(request.auth, meetings)
    return meetings


@router.post("/meetings", response={201: MeetingDetailOut}, summary="Call a meeting")
def create_meeting(request, payload: MeetingIn):
    data, attendee_ids, participant_ids = _meeting_data(payload.dict())
    with _api_fields():
        meeting = services.call_meeting(
            actor=request.auth,
            data=data,
            attendee_ids=attendee_ids,
            participant_ids=participant_ids,
        )
    return HttpStatus(201, _one_meeting(request, meeting.pk, detail=True))


@router.get(
    "/meetings/{int:meeting_id}",
    response=MeetingDetailOut,
    summary="One meeting with its minutes and action items",
)
def get_meeting(request, meeting_id: int):
    meeting = _one_meeting(request, meeting_id, detail=True)
    # One read logged for each participant named in the answer.
    named = set(meeting.shown_participant_ids)
    if meeting.participant_id is not None:
        named.add(meeting.participant_id)
    log_api_reads(request, named, "api.meeting.get")
    return meeting


@router.patch(
    "/meetings/{int:meeting_id}",
    response=MeetingDetailOut,
    summary="Change a meeting, or write its agenda, minutes and decisions",
)
def patch_meeting(request, meeting_id: int, payload: MeetingPatch):
    meeting = _one_meeting(request, meeting_id)
    current = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    current["participant_id"] = meeting.participant_id
    current["external_attendees"] = meeting.external_list
    current["attendee_ids"] = [u.pk for u in meeting.attendees.all()]
    # Only the participants the caller sees: the service keeps those they do not.
    current["participant_ids"] = list(meeting.shown_participant_ids)
    del current["participant"]
    current.update(payload.dict(exclude_unset=True))
    data, attendee_ids, participant_ids = _meeting_data(current)
    with _api_fields():
        services.update_meeting(
            actor=request.auth,
            meeting=meeting,
            data=data,
            attendee_ids=attendee_ids,
            participant_ids=participant_ids,
        )
    return _one_meeting(request, meeting_id, detail=True)


# --- action items ---------------------------------------------------------------------------


@router.get("/action-items", response=list[ActionItemOut], summary="The caller's action items")
def list_action_items(request, filters: Query[ActionFilters]):
    _require(request, "meetings.view_meetings")
    qs = visible_action_items(request.auth).filter(owner=request.auth)
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    return list(qs.select_related("meeting", "owner").order_by("due_date", "id"))


@router.post(
    "/meetings/{int:meeting_id}/action-items",
    response={201: ActionItemOut},
    summary="Add an action item to a meeting (an owner is required)",
)
def add_action_item(request, meeting_id: int, payload: ActionItemIn):
    meeting = get_visible_meeting_or_404(request.auth, meeting_id)
    data = payload.dict()
    data["owner"] = data.pop("owner_id")
    with _api_fields():
        item = services.add_action_item(actor=request.auth, meeting=meeting, data=data)
    return HttpStatus(201, ActionItem.objects.select_related("meeting", "owner").get(pk=item.pk))


@router.post(
    "/action-items/{int:item_id}/close",
    response=ActionItemOut,
    summary="Close an action item as done, or cancel it",
)
def close_action_item(request, item_id: int, payload: CloseActionIn):
    item = (
        visible_action_items(request.auth)
        .select_related("meeting", "owner")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    services.close_action_item(
        actor=request.auth, item=item, status=ActionStatus(payload.status), note=payload.note
    )
    return ActionItem.objects.select_related("meeting", "owner").get(pk=item.pk)


# --- interpreters ---------------------------------------------------------------------------


@router.get("/interpreters", response=list[InterpreterOut], summary="The interpreter register")
def list_interpreters(request, language: str = ""):
    _require(request, "meetings.view_interpreters")
    return selectors.interpreters(request.auth, language=language)


@router.post("/interpreters", response={201: InterpreterOut}, summary="Register an interpreter")
def create_interpreter(request, payload: InterpreterIn):
    data = payload.dict()
    languages = data.pop("languages")
    interpreter = services.register_interpreter(actor=request.auth, data=data, languages=languages)
    return HttpStatus(201, _interpreter_or_404(request, interpreter.pk))


@router.get("/interpreters/{int:interpreter_id}", response=InterpreterOut, summary="One")
def get_interpreter(request, interpreter_id: int):
    return _interpreter_or_404(request, interpreter_id)


@router.patch(
    "/interpreters/{int:interpreter_id}", response=InterpreterOut, summary="Change an interpreter"
)
def patch_interpreter(request, interpreter_id: int, payload: InterpreterPatch):
    interpreter = _interpreter_or_404(request, interpreter_id)
    data = {name: getattr(interpreter, name) for name in services.INTERPRETER_FIELDS}
    data["is_active"] = interpreter.is_active
    data["languages"] = interpreter.language_codes
    data.update({k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None})
    languages = data.pop("languages")
    services.update_interpreter(
        actor=request.auth, interpreter=interpreter, data=data, languages=languages
    )
    return _interpreter_or_404(request, interpreter_id)


# --- bookings -------------------------------------------------------------------------------


@router.get(
    "/interpreter-bookings",
    response=BookingsOut,
    summary="The year's interpreter bookings and their cost per month",
)
def list_bookings(request, filters: Query[BookingFilters]):
    _require(request, "meetings.view_interpreters")
    year = filters.year or timezone.localdate().year
    data = selectors.bookings(request.auth, year=year)
    return {
        "year": year,
        "total": Decimal(data["total"]),
        "months": [
            {"month": f"{month:%Y-%m}", "bookings": count, "cost": cost}
            for month, cost, count in data["months"]
        ],
        "bookings": data["bookings"],
    }


@router.post(
    "/meetings/{int:meeting_id}/interpreter-bookings",
    response={201: BookingOut},
    summary="Book an interpreter for a meeting",
)
def book_interpreter(request, meeting_id: int, payload: BookingIn):
    meeting = get_visible_meeting_or_404(request.auth, meeting_id)
    data = payload.dict()
    data["interpreter"] = data.pop("interpreter_id")
    with _api_fields():
        booking = services.book_interpreter(actor=request.auth, meeting=meeting, data=data)
    return HttpStatus(201, _booking_or_404(request, booking.pk))


@router.post(
    "/interpreter-bookings/{int:booking_id}/confirm",
    response=BookingOut,
    summary="The interpreter has confirmed",
)
def confirm_booking(request, booking_id: int):
    booking = _booking_or_404(request, booking_id)
    services.confirm_booking(actor=request.auth, booking=booking)
    return _booking_or_404(request, booking_id)


@router.post(
    "/interpreter-bookings/{int:booking_id}/cancel",
    response=BookingOut,
    summary="Cancel a booking (with what the cancellation still costs)",
)
def cancel_booking(request, booking_id: int, payload: CancelBookingIn):
    booking = _booking_or_404(request, booking_id)
    services.cancel_booking(
        actor=request.auth, booking=booking, cost=payload.cost, reason=payload.reason
    )
    return _booking_or_404(request, booking_id)
