"""Screens of the annual calendar: the year view, the event list with its form, the subscribe
page with the secret feed address (shown once: only its hash is stored), and the feed
itself.

Thin: they check the policy, call the services and selectors, and show the result. The feed
is fetched by Outlook and phones without a login session: its secret address is the key, and
anything wrong with it (unknown, revoked, a user who may no longer read the calendar) is 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from introsak.core.forms import apply_service_errors, submit
from introsak.core.permissions import get_visible_calendar_event_or_404
from introsak.core.web import require as _require
from introsak.core.web import year_from

from . import feed as ics
from . import selectors, services
from .forms import EventForm
from .models import Category


def _today() -> datetime.date:
    return timezone.localdate()


@login_required
def year(request):
    """Twelve months with their events and the public holidays; today's month is marked."""
    _require(request, "yearplan.view_calendar")
    today = _today()
    shown = year_from(request, today.year)
    category = request.GET.get("kategori", "")
    if category not in Category.values:
        category = ""
    months = selectors.year_view(request.user, year=shown, today=today, category=category)
    return render(
        request,
        "yearplan/year.html",
        {
            "months": months,
            "year": shown,
            "today": today,
            "category": category,
            "categories": Category.choices,
            "can_manage": request.user.has_perm("yearplan.manage_events"),
        },
    )


@login_required
def event_list(request):
    _require(request, "yearplan.view_calendar")
    category = request.GET.get("kategori", "")
    if category not in Category.values:
        category = ""
    today = _today()
    events = [
        {
            "event": event,
            "recurrence": selectors.describe_recurrence(event),
            "next": selectors.next_occurrence(event, today),
        }
        for event in selectors.event_list(request.user, category=category)
    ]
    return render(
        request,
        "yearplan/event_list.html",
        {
            "events": events,
            "category": category,
            "categories": Category.choices,
            "can_manage": request.user.has_perm("yearplan.manage_events"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    _require(request, "yearplan.manage_events")
    form = EventForm(
        request.POST or None,
        initial={"start_date": _today(), "recurrence": "yearly", "all_day": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.add_event(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("«%(title)s» is in the annual calendar.") % {"title": event}
            )
            return redirect(f"{reverse('yearplan:year')}?ar={event.start_date.year}")
    return render(request, "yearplan/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = get_visible_calendar_event_or_404(request.user, pk)
    _require(request, "yearplan.change_event", event)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    saved = submit(
        request,
        form,
        lambda data: services.change_event(actor=request.user, event=event, data=data),
        success=_("The event is saved."),
    )
    if saved is not None:
        return redirect("yearplan:events")
    return render(request, "yearplan/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, pk: int):
    event = get_visible_calendar_event_or_404(request.user, pk)
    _require(request, "yearplan.change_event", event)
    if request.method == "POST":
        services.delete_event(actor=request.user, event=event)
        messages.success(request, _("The event is deleted."))
        return redirect("yearplan:events")
    return render(
        request,
        "yearplan/event_delete.html",
        {"event": event, "recurrence": selectors.describe_recurrence(event)},
    )


def _feed_urls(request, key: str) -> dict:
    https = request.build_absolute_uri(reverse("yearplan:feed", args=[key]))
    return {"https_url": https, "webcal_url": "webcal://" + https.split("://", 1)[1]}


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The user's secret feed address, to paste into Outlook («Add calendar → From the
    internet»). Only its hash is stored, so the address is shown once, in the answer to the
    POST that made it (never put in the session or a redirect); afterwards the page says
    that an address exists and offers a new one, which revokes the old."""
    _require(request, "yearplan.subscribe")
    if request.method == "POST":
        action = request.POST.get("action")
        token = None
        if action == "create":
            token = services.subscribe_to_calendar(actor=request.user)
            if token.key:
                messages.success(request, _("Your calendar address is ready."))
        elif action == "regenerate":
            token = services.regenerate_calendar_feed(actor=request.user)
            messages.success(
                request, _("You have a new calendar address; the old one no longer works.")
            )
        elif action == "revoke":
            services.revoke_calendar_feed(actor=request.user)
            messages.success(request, _("Your calendar address no longer works."))
        if token is None or not token.key:
            return redirect("yearplan:subscribe")
        response = render(
            request,
            "yearplan/subscribe.html",
            {"token": token, "shown_once": True, **_feed_urls(request, token.key)},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "yearplan/subscribe.html",
        {"token": services.active_feed(request.user), "shown_once": False},
    )


@require_safe
def calendar_feed(request, token: str):
    """/kalender/<token>.ics: no session; the secret address decides whose feed it is."""
    feed_token = selectors.feed_token_for_key(token)
    if feed_token is None:
        raise Http404
    user = feed_token.user
    if user.municipality_id != feed_token.municipality_id or not user.has_perm(
        "yearplan.subscribe"
    ):
        raise Http404
    today = _today()
    body = ics.build_calendar(
        name=_("Annual calendar – %(municipality)s")
        % {"municipality": feed_token.municipality.name},
        occurrences=selectors.feed_occurrences(user, today),
        action_items=selectors.feed_action_items(user, today),
        domain=request.get_host().split(":")[0],
        site_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="arshjul.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    return response
