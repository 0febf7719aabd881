"""Meeting and interpreter screens: the meeting list with its filters and interpreter
warnings, calling and changing a meeting, the meeting page (minutes, action items,
interpreter bookings), my action items, the interpreter register and the bookings with
their cost per month.

Thin: they check the policy, call the services and selectors, and show the result. Reading
a meeting about a participant is audited like every other read of the record.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core.forms import submit
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.permissions import (
    get_visible_meeting_or_404,
    visible_action_items,
    visible_bookings,
    visible_interpreters,
    visible_participants,
)
from introsak.core.web import int_or_404 as _int_or_404
from introsak.core.web import log_reads, year_from
from introsak.core.web import require as _require
from introsak.participants.models import ACTIVE_STATUSES

from . import selectors, services
from .forms import (
    ActionForm,
    BookingForm,
    CancelBookingForm,
    CloseActionForm,
    InterpreterForm,
    MeetingForm,
)
from .models import ActionStatus, BookingStatus, MeetingKind


def _today() -> datetime.date:
    return timezone.localdate()


# --- meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    """Meetings the user sees: upcoming (soonest first) or past, by type, or only mine."""
    _require(request, "meetings.view_meetings")
    kind = request.GET.get("type", "")
    if kind not in MeetingKind.values:
        kind = ""
    when = request.GET.get("when", "upcoming")
    if when not in selectors.WHEN:
        when = "upcoming"
    mine = request.GET.get("mine") == "1"
    rows = selectors.meeting_rows(request.user, kind=kind, when=when, mine=mine)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "rows": rows,
            "kind": kind,
            "when": when,
            "mine": mine,
            "kinds": MeetingKind.choices,
            "can_add": request.user.has_perm("meetings.add_meeting"),
        },
    )


def _participant_choices(user, meeting=None):
    keep = Q(status__in=ACTIVE_STATUSES)
    if meeting is not None:
        keep |= Q(pk=meeting.participant_id) | Q(pk__in=meeting.participant_attendees.values("pk"))
    return list(visible_participants(user).filter(keep).order_by("given_name", "family_name"))


def _colleagues(user):
    return list(services.office_users(user.municipality_id).order_by("first_name", "last_name"))


def _meeting_form(request, meeting=None, initial=None):
    return MeetingForm(
        request.POST or None,
        initial=initial,
        colleagues=_colleagues(request.user),
        participants=_participant_choices(request.user, meeting),
    )


def _save(request, cleaned_data, meeting=None):
    data = dict(cleaned_data)
    attendee_ids = data.pop("attendees")
    participant_ids = data.pop("participant_attendees")
    if meeting is None:
        return services.call_meeting(
            actor=request.user,
            data=data,
            attendee_ids=attendee_ids,
            participant_ids=participant_ids,
        )
    return services.update_meeting(
        actor=request.user,
        meeting=meeting,
        data=data,
        attendee_ids=attendee_ids,
        participant_ids=participant_ids,
    )


@login_required
def meeting_create(request):
    """Call a meeting. `?deltaker=<id>` starts one about that participant, with them taking
    part."""
    _require(request, "meetings.add_meeting")
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=1
    )
    initial = {
        "kind": request.GET.get("type") or MeetingKind.OTHER,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=1),
        "attendees": [request.user.pk],
    }
    about = request.GET.get("deltaker", "")
    if about.isdigit() and visible_participants(request.user).filter(pk=about).exists():
        initial["participant"] = int(about)
        initial["participant_attendees"] = [int(about)]
    form = _meeting_form(request, initial=initial)
    meeting = submit(
        request, form, lambda data: _save(request, data), success=_("The meeting is saved.")
    )
    if meeting is not None:
        return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request, pk: int):
    meeting = get_visible_meeting_or_404(request.user, pk)
    _require(request, "meetings.change_meeting", meeting)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    initial["ends_at"] = timezone.localtime(meeting.ends_at)
    initial["participant"] = meeting.participant_id
    initial["attendees"] = [u.pk for u in meeting.attendees.all()]
    initial["participant_attendees"] = [p.pk for p in meeting.participant_attendees.all()]
    form = _meeting_form(request, meeting, initial=initial)
    saved = submit(request, form, lambda data: _save(request, data, meeting), success=_("Saved."))
    if saved is not None:
        return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _booking_form(request, meeting, data=None, language=""):
    return BookingForm(
        data,
        initial={
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "language": language,
        },
        interpreters=selectors.interpreters(request.user, active_only=True),
    )


@login_required
def meeting_detail(request, pk: int):
    """The meeting: purpose, people, agenda, minutes and decisions; its action items (add,
    close) and interpreter bookings (book, confirm, cancel), and a warning when a
    participant needs an interpreter that is not booked."""
    meeting = get_visible_meeting_or_404(request.user, pk)
    user = request.user
    can_change = user.has_perm("meetings.change_meeting", meeting)
    can_book = user.has_perm("meetings.book_interpreter", meeting)
    sees_costs = user.has_perm("meetings.view_interpreters")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    colleagues = _colleagues(user) if can_change else []
    forms = {
        "action": ActionForm(colleagues=colleagues),
        "close": CloseActionForm(),
        "book": None,  # made below, offering the language that lacks an interpreter
        "cancel": CancelBookingForm(),
    }
    cancelling = None  # the booking whose cancel form is shown again with its error
    if action == "add_action":
        if not can_change:
            raise PermissionDenied
        form = forms["action"] = ActionForm(request.POST, colleagues=colleagues)
        saved = submit(
            request,
            form,
            lambda data: services.add_action_item(actor=user, meeting=meeting, data=data),
            success=_("The action item is added."),
        )
        if saved is not None:
            return redirect("meetings:detail", meeting.pk)
    elif action == "close_action":
        item = (
            visible_action_items(user)
            .filter(meeting=meeting, pk=_int_or_404(request.POST.get("item")))
            .first()
        )
        if item is None:
            raise Http404
        form = CloseActionForm(request.POST)
        if form.is_valid():
            try:
                services.close_action_item(
                    actor=user,
                    item=item,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The action item is closed."))
        return redirect("meetings:detail", meeting.pk)
    elif action == "book":
        if not can_book:
            raise PermissionDenied
        form = forms["book"] = _booking_form(request, meeting, request.POST)
        saved = submit(
            request,
            form,
            lambda data: services.book_interpreter(actor=user, meeting=meeting, data=data),
            success=_("The interpreter is booked."),
        )
        if saved is not None:
            return redirect("meetings:detail", meeting.pk)
    elif action in ("confirm_booking", "cancel_booking"):
        if not can_book:
            raise PermissionDenied
        booking = (
            visible_bookings(user)
            .filter(meeting=meeting, pk=_int_or_404(request.POST.get("booking")))
            .select_related("meeting")
            .first()
        )
        if booking is None:
            raise Http404
        cancel_form = CancelBookingForm(request.POST) if action == "cancel_booking" else None
        if cancel_form is not None and not cancel_form.is_valid():
            # Shown again with the error next to the field; nothing is saved.
            forms["cancel"] = cancel_form
            cancelling = booking.pk
        else:
            try:
                if cancel_form is None:
                    services.confirm_booking(actor=user, booking=booking)
                else:
                    services.cancel_booking(
                        actor=user,
                        booking=booking,
                        cost=cancel_form.cleaned_data.get("cost"),
                        reason=cancel_form.cleaned_data.get("reason", ""),
                    )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The booking is updated."))
            return redirect("meetings:detail", meeting.pk)
    elif action:
        raise Http404
    detail = selectors.meeting_detail(meeting, user=user, today=_today())
    # One read logged for each participant named on the page (one insert for them all).
    named = {p.pk for p in detail["participant_list"]}
    if meeting.participant_id is not None:
        named.add(meeting.participant_id)
    log_reads(request, named, "meeting.view")
    blank_cancel = CancelBookingForm()
    for booking in detail["bookings"]:
        booking.cancel_form = forms["cancel"] if booking.pk == cancelling else blank_cancel
    if can_book and forms["book"] is None:
        lacking = detail["lacking_codes"]
        forms["book"] = _booking_form(request, meeting, language=lacking[0] if lacking else "")
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            **detail,
            "can_change": can_change,
            "can_book": can_book,
            "sees_costs": sees_costs,
            "forms": forms,
            "open_form": action,
            "cancelling": cancelling,
            "today": _today(),
            "ActionStatus": ActionStatus,
            "BookingStatus": BookingStatus,
        },
    )


# --- action items ---------------------------------------------------------------------------


@login_required
def my_actions(request):
    """The user's own action items: open (overdue marked), done or cancelled; an open one
    is closed here as done."""
    _require(request, "meetings.view_meetings")
    status = request.GET.get("status", "open")
    if status not in ActionStatus.values and status != "":
        status = "open"
    if request.method == "POST":
        item = (
            visible_action_items(request.user)
            .filter(owner=request.user, pk=_int_or_404(request.POST.get("item")))
            .select_related("meeting")
            .first()
        )
        if item is None:
            raise Http404
        form = CloseActionForm(request.POST)
        if form.is_valid():
            try:
                services.close_action_item(
                    actor=request.user,
                    item=item,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The action item is closed."))
        else:
            messages.error(request, " ".join(m for e in form.errors.values() for m in e))
        return redirect(f"{reverse('meetings:my_actions')}?status={status}")
    rows = selectors.action_items(request.user, today=_today(), status=status)
    return render(
        request,
        "meetings/my_actions.html",
        {"rows": rows, "status": status, "statuses": ActionStatus.choices},
    )


# --- interpreters ---------------------------------------------------------------------------


@login_required
def interpreter_list(request):
    _require(request, "meetings.view_interpreters")
    language = request.GET.get("language", "")
    if language not in LANGUAGE_NAMES:
        language = ""  # only a known language code reaches the database
    return render(
        request,
        "meetings/interpreter_list.html",
        {
            "interpreters": selectors.interpreters(request.user, language=language),
            "language": language,
            "languages": InterpreterForm.base_fields["languages"].choices,
            "can_manage": request.user.has_perm("meetings.manage_interpreters"),
        },
    )


def _interpreter_or_404(request, pk):
    interpreter = (
        visible_interpreters(request.user).prefetch_related("languages").filter(pk=pk).first()
    )
    if interpreter is None:
        raise Http404
    return interpreter


@login_required
def interpreter_edit(request, pk: int | None = None):
    interpreter = _interpreter_or_404(request, pk) if pk is not None else None
    _require(request, "meetings.manage_interpreters")
    initial = {"is_active": True}
    if interpreter is not None:
        initial = {name: getattr(interpreter, name) for name in services.INTERPRETER_FIELDS}
        initial["is_active"] = interpreter.is_active
        initial["languages"] = interpreter.language_codes
    form = InterpreterForm(request.POST or None, initial=initial)

    def save(cleaned_data):
        data = dict(cleaned_data)
        languages = data.pop("languages")
        if interpreter is None:
            return services.register_interpreter(actor=request.user, data=data, languages=languages)
        return services.update_interpreter(
            actor=request.user, interpreter=interpreter, data=data, languages=languages
        )

    if submit(request, form, save, success=_("Saved.")) is not None:
        return redirect("meetings:interpreters")
    return render(
        request,
        "meetings/interpreter_form.html",
        {"form": form, "interpreter": interpreter},
    )


@login_required
def booking_list(request):
    """The year's interpreter bookings and what they cost per month."""
    _require(request, "meetings.view_interpreters")
    year = year_from(request, _today().year)
    return render(
        request,
        "meetings/booking_list.html",
        {
            **selectors.bookings(request.user, year=year),
            "year": year,
            "years": [year - 1, year, year + 1],
        },
    )
