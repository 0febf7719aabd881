"""/api/v1: the annual calendar (årshjul) — the municipality's recurring events and deadlines
with their dates in a range.

Mounted at /v1:

- /calendar/events?start=&end=&category= (GET): the events the user may see, each with its
  occurrences in the range (default: this calendar year; at most three years);
- /calendar/events (POST), /calendar/events/{id} (GET, PATCH, DELETE).

The leader and the consultant keep the calendar; the other roles (not the mentor, not the
participant) read the events meant for their role. An event the user may not see, or of
another municipality, is 404; a role that may not change the calendar gets 403; a recurrence
that makes no sense is 422 with the field.

A recurrence is `recurrence` (once, yearly, monthly, every_n_months) from `start_date`, on
`day_rule` «date» (the start date's day of the month), «last» (the last day of the month) or
«weekday» (the `week`-th `weekday`, 0 = Monday; week -1 is the last). Dates are YYYY-MM-DD,
times HH:MM.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.permissions import get_visible_calendar_event_or_404
from introsak.core.web import require_api as _require
from introsak.yearplan import selectors, services
from introsak.yearplan.models import (
    AUDIENCE_ROLES,
    CalendarEvent,
    Category,
    DayRule,
    RecurrenceKind,
)

router = Router(tags=["annual calendar"])

CategoryIn = Literal[tuple(Category.values)]  # type: ignore[valid-type]
RecurrenceIn = Literal[tuple(RecurrenceKind.values)]  # type: ignore[valid-type]
DayRuleIn = Literal[tuple(DayRule.values)]  # type: ignore[valid-type]
AudienceIn = Literal[tuple(role.value for role in AUDIENCE_ROLES)]  # type: ignore[valid-type]
MAX_RANGE_DAYS = 3 * 366


class OccurrenceOut(Schema):
    date: datetime.date
    end: datetime.date = Field(..., description="The last day (the same day unless it spans days)")


class EventOut(Schema):
    id: int
    title: str
    description: str
    category: str
    audience: list[str] = Field(..., description="Roles that see the event; empty = everyone")
    all_day: bool
    start_time: datetime.time | None
    end_time: datetime.time | None
    duration_days: int
    recurrence: str
    start_date: datetime.date
    until: datetime.date | None
    interval_months: int
    day_rule: str
    week: int | None
    weekday: int | None
    occurrences: list[OccurrenceOut] = Field(
        [], description="The dates in the range asked for (only in lists)"
    )

    @staticmethod
    def resolve_audience(obj):
        return obj.audience_roles

    @staticmethod
    def resolve_occurrences(obj):
        return getattr(obj, "in_range", [])


class EventIn(Schema):
    title: str = Field(..., max_length=150)
    description: str = ""
    category: CategoryIn
    audience: list[AudienceIn] = []
    all_day: bool = True
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    duration_days: int = Field(1, ge=1, le=366)
    recurrence: RecurrenceIn = "once"
    start_date: datetime.date
    until: datetime.date | None = None
    interval_months: int = Field(1, ge=1, le=12)
    day_rule: DayRuleIn = "date"
    week: int | None = Field(None, description="1–4, or -1 for the last")
    weekday: int | None = Field(None, ge=0, le=6, description="0 = Monday … 6 = Sunday")


class EventPatch(Schema):
    title: str | None = Field(None, max_length=150)
    description: str | None = None
    category: CategoryIn | None = None
    audience: list[AudienceIn] | None = None
    all_day: bool | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    duration_days: int | None = Field(None, ge=1, le=366)
    recurrence: RecurrenceIn | None = None
    start_date: datetime.date | None = None
    until: datetime.date | None = None
    interval_months: int | None = Field(None, ge=1, le=12)
    day_rule: DayRuleIn | None = None
    week: int | None = None
    weekday: int | None = Field(None, ge=0, le=6)


class EventFilters(Schema):
    start: datetime.date | None = Field(None, description="First day (default: 1 January)")
    end: datetime.date | None = Field(None, description="Last day (default: 31 December)")
    category: CategoryIn | None = None


def _current(event: CalendarEvent) -> dict:
    return {
        **{name: getattr(event, name) for name in services.EVENT_FIELDS},
        "audience": event.audience_roles,
    }


@router.get(
    "/calendar/events",
    response=list[EventOut],
    summary="Events of the annual calendar with their dates in a range",
)
def list_events(request, filters: Query[EventFilters]):
    _require(request, "yearplan.view_calendar")
    today = timezone.localdate()
    start = filters.start or datetime.date(today.year, 1, 1)
    end = filters.end or datetime.date(start.year, 12, 31)
    if end < start:
        raise ValidationError({"end": _("The last day cannot be before the first day.")})
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError({"end": _("Ask for at most three years at a time.")})
    events = list(selectors.event_list(request.auth, category=filters.category or ""))
    for event in events:
        event.in_range = [
            {"date": day, "end": event.last_day_of(day)} for day in event.occurrences(start, end)
        ]
    return events


@router.post(
    "/calendar/events",
    response={201: EventOut},
    summary="Add an event to the annual calendar (leader, consultant)",
)
def create_event(request, payload: EventIn):
    event = services.add_event(actor=request.auth, data=payload.dict())
    return HttpStatus(201, event)


@router.get("/calendar/events/{int:event_id}", response=EventOut, summary="One event")
def get_event(request, event_id: int):
    _require(request, "yearplan.view_calendar")
    return get_visible_calendar_event_or_404(request.auth, event_id)


@router.patch(
    "/calendar/events/{int:event_id}",
    response=EventOut,
    summary="Change an event (leader, consultant); fields left out keep their value",
)
def update_event(request, event_id: int, payload: EventPatch):
    event = get_visible_calendar_event_or_404(request.auth, event_id)
    data = {**_current(event), **payload.dict(exclude_unset=True)}
    return services.change_event(actor=request.auth, event=event, data=data)


@router.delete(
    "/calendar/events/{int:event_id}",
    response={204: None},
    summary="Delete an event and every time it repeats (leader, consultant)",
)
def delete_event(request, event_id: int):
    event = get_visible_calendar_event_or_404(request.auth, event_id)
    services.delete_event(actor=request.auth, event=event)
    return HttpStatus(204, None)
