"""Reads for meetings and interpreters: the meeting list with its interpreter warnings, a
meeting's page, a participant's meetings, the owner's action items for the start page, the
interpreter register and the bookings with their cost per month. Each list costs a fixed
number of queries, whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import User
from introsak.core.permissions import (
    visible_action_items,
    visible_bookings,
    visible_interpreters,
    visible_meetings,
)
from introsak.participants.models import ParticipantLanguage

from . import rules
from .models import ActionItem, ActionStatus, Booking, BookingStatus, Interpreter, Meeting

_NEEDS = Prefetch(
    "languages",
    queryset=ParticipantLanguage.objects.filter(needs_interpreter=True),
    to_attr="interpreter_languages",
)


def _with_interpreter_facts(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What the interpreter warning needs, in three queries whatever the number of meetings:
    the languages its participants need an interpreter for, and its standing bookings."""
    from introsak.participants.models import Participant

    return qs.prefetch_related(
        Prefetch("participant_attendees", queryset=Participant.objects.prefetch_related(_NEEDS)),
        Prefetch(
            "bookings",
            queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED),
            to_attr="standing_bookings",
        ),
    ).select_related("participant")


def lacking_interpreter(meeting: Meeting, about_needs: list | None = None) -> list[str]:
    """Languages (codes, sorted) the meeting's participants need an interpreter for and no
    standing booking covers. Uses what `_with_interpreter_facts` prefetched."""
    people = list(meeting.participant_attendees.all())
    needed = {row.language for p in people for row in getattr(p, "interpreter_languages", [])}
    if meeting.participant_id is not None:
        if about_needs is None:
            about_needs = list(
                ParticipantLanguage.objects.filter(
                    participant_id=meeting.participant_id, needs_interpreter=True
                ).values_list("language", flat=True)
            )
        needed |= set(about_needs)
    booked = {b.language for b in getattr(meeting, "standing_bookings", [])}
    return rules.languages_lacking_interpreter(needed, booked)


def language_names(codes: list[str]) -> list[str]:
    return [str(LANGUAGE_NAMES.get(code, code)) for code in codes]


def _about_needs(meetings: list[Meeting]) -> dict[int, list[str]]:
    """The interpreter languages of the participants the meetings are about, in one query."""
    ids = {m.participant_id for m in meetings if m.participant_id}
    needs: dict[int, list[str]] = {pk: [] for pk in ids}
    for pid, language in ParticipantLanguage.objects.filter(
        participant_id__in=ids, needs_interpreter=True
    ).values_list("participant_id", "language"):
        needs[pid].append(language)
    return needs


@dataclass
class MeetingRow:
    meeting: Meeting
    lacking_codes: list[str] = field(default_factory=list)
    open_actions: int = 0

    @property
    def lacking(self) -> list[str]:
        """The languages lacking an interpreter, by name."""
        return language_names(self.lacking_codes)


WHEN = ("upcoming", "past", "all")


def meeting_rows(
    user: User,
    *,
    now: datetime.datetime | None = None,
    kind: str = "",
    when: str = "upcoming",
    mine: bool = False,
    participant=None,
) -> list[MeetingRow]:
    """Meetings the user sees, soonest first when upcoming and latest first when past, with
    the interpreter warning and the number of open action items."""
    now = now or timezone.now()
    qs = visible_meetings(user)
    if kind:
        qs = qs.filter(kind=kind)
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    elif when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.order_by("-starts_at", "-id")
    if mine:
        attended = Meeting.attendees.through.objects.filter(user_id=user.pk).values("meeting_id")
        qs = qs.filter(Q(created_by=user) | Q(pk__in=attended))
    if participant is not None:
        qs = qs.filter(
            Q(participant=participant)
            | Q(
                pk__in=Meeting.participant_attendees.through.objects.filter(
                    participant_id=participant.pk
                ).values("meeting_id")
            )
        )
    qs = _with_interpreter_facts(qs).annotate(
        open_count=Count("actions", filter=Q(actions__status=ActionStatus.OPEN))
    )
    meetings = list(qs)
    needs = _about_needs(meetings)
    return [
        MeetingRow(m, lacking_interpreter(m, needs.get(m.participant_id, [])), m.open_count)
        for m in meetings
    ]


def meetings_for_participant(user: User, participant) -> list[MeetingRow]:
    """The meetings about the participant or with them taking part, that the user sees:
    for the participant's page (latest first)."""
    return meeting_rows(user, when="all", participant=participant)


def meeting_detail(meeting: Meeting, *, user: User, today: datetime.date) -> dict:
    """What the meeting page shows besides the meeting itself."""
    meeting = (
        _with_interpreter_facts(Meeting.objects.filter(pk=meeting.pk))
        .prefetch_related("attendees")
        .get()
    )
    actions = list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner")
        .order_by("status", "due_date", "id")
    )
    for item in actions:
        item.meeting = meeting  # with its attendees, for the permission check
        item.overdue = rules.is_overdue(item.due_date, status=item.status, today=today)
        item.may_close = item.status == ActionStatus.OPEN and user.has_perm(
            "meetings.close_action", item
        )
    bookings = list(
        Booking.objects.filter(meeting=meeting)
        .select_related("interpreter")
        .order_by("starts_at", "id")
    )
    return {
        "attendee_list": sorted(
            meeting.attendees.all(), key=lambda u: (u.get_full_name() or u.username).lower()
        ),
        "participant_list": list(meeting.participant_attendees.all()),
        "lacking_codes": (codes := lacking_interpreter(meeting)),
        "lacking": language_names(codes),
        "actions": actions,
        "bookings": bookings,
    }


# --- action items ---------------------------------------------------------------------------


@dataclass
class ActionRow:
    item: ActionItem
    overdue: bool


def my_action_items(user: User, today: datetime.date) -> list[ActionRow]:
    """The user's open action items, soonest due first, overdue ones marked: for the start
    page of every office role."""
    return action_items(user, today=today, status=ActionStatus.OPEN)


def action_items(user: User, *, today: datetime.date, status: str = "open") -> list[ActionRow]:
    """The user's own action items with the given status (all when empty)."""
    qs = visible_action_items(user).filter(owner=user).select_related("meeting")
    if status:
        qs = qs.filter(status=status)
    qs = qs.order_by("due_date", "id") if status == "open" else qs.order_by("-due_date", "-id")
    return [
        ActionRow(item, rules.is_overdue(item.due_date, status=item.status, today=today))
        for item in qs
    ]


# --- interpreters ---------------------------------------------------------------------------


def interpreters(user: User, *, language: str = "", active_only: bool = False) -> list[Interpreter]:
    qs = visible_interpreters(user).prefetch_related("languages")
    if language in LANGUAGE_NAMES:  # anything else is ignored
        qs = qs.filter(languages__language=language)
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("name", "id"))


def bookings(user: User, *, year: int) -> dict:
    """The year's bookings with their meeting and interpreter, and the cost per month (a
    cancelled booking counts with what its cancellation cost)."""
    rows = list(
        visible_bookings(user)
        .filter(starts_at__year=year)
        .select_related("interpreter", "meeting")
        .order_by("starts_at", "id")
    )
    months = rules.cost_per_month((timezone.localtime(b.starts_at).date(), b.cost) for b in rows)
    return {
        "bookings": rows,
        "months": months,
        "total": sum((b.cost for b in rows), start=type(rows[0].cost)(0)) if rows else 0,
    }
