"""Writes for the annual calendar: the leader and the consultant keep the municipality's
events; every reader makes, replaces or revokes the secret address of their own feed.

Each service takes the acting user, checks the one permission policy, is one transaction,
and writes its own audit event. Bad input raises ValidationError naming the field, before
anything is saved. The feed's key is a secret: only its hash is stored, and neither goes
into the audit trail.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.models import User
from introsak.core.permissions import require as _require

from . import rules
from .models import (
    AUDIENCE_ROLES,
    CalendarEvent,
    Category,
    DayRule,
    FeedToken,
    RecurrenceKind,
    audience_value,
    hash_feed_key,
    new_feed_key,
)

EVENT_FIELDS = (
    "title",
    "description",
    "category",
    "audience",
    "all_day",
    "start_time",
    "end_time",
    "duration_days",
    "recurrence",
    "start_date",
    "until",
    "interval_months",
    "day_rule",
    "week",
    "weekday",
)


def _snapshot(event: CalendarEvent) -> dict[str, Any]:
    """The event's values for the audit trail (times as «09:00»)."""
    values = audit.snapshot(event, EVENT_FIELDS)
    for name in ("start_time", "end_time"):
        if isinstance(values[name], datetime.time):
            values[name] = values[name].strftime("%H:%M")
    return values


def _clean_event(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "title": cleaning.text(data, "title", 150),
        "description": cleaning.text(data, "description"),
    }
    if not cleaned["title"]:
        errors["title"] = _("This field is required.")
    cleaned["category"] = cleaning.choice(errors, data, "category", Category)
    roles = data.get("audience") or []
    if isinstance(roles, str):
        roles = [r for r in roles.split(",") if r]
    unknown = [r for r in roles if r not in {role.value for role in AUDIENCE_ROLES}]
    if unknown:
        errors["audience"] = _("Choose among the roles that read the calendar.")
    cleaned["audience"] = audience_value(roles)
    cleaned["all_day"] = bool(data.get("all_day"))
    cleaned["start_time"] = cleaning.time(errors, data, "start_time")
    cleaned["end_time"] = cleaning.time(errors, data, "end_time")
    cleaned["duration_days"] = cleaning.integer(errors, data, "duration_days", default=1)
    cleaned["recurrence"] = cleaning.choice(
        errors, data, "recurrence", RecurrenceKind, default=RecurrenceKind.ONCE
    )
    cleaned["start_date"] = cleaning.date(errors, data, "start_date", required=True)
    cleaned["until"] = cleaning.date(errors, data, "until", required=False)
    cleaned["interval_months"] = cleaning.integer(errors, data, "interval_months", default=1)
    cleaned["day_rule"] = cleaning.choice(errors, data, "day_rule", DayRule, default=DayRule.DATE)
    cleaned["week"] = cleaning.integer(errors, data, "week")
    cleaned["weekday"] = cleaning.integer(errors, data, "weekday")

    if cleaned["all_day"]:
        cleaned["start_time"] = cleaned["end_time"] = None
    else:
        # A timed event is one meeting on one day.
        cleaned["duration_days"] = 1
        for field, message in rules.check_times(
            False, cleaned["start_time"], cleaned["end_time"]
        ).items():
            errors.setdefault(field, _(message))
    if cleaned["recurrence"] == RecurrenceKind.ONCE:
        cleaned.update(until=None, interval_months=1, day_rule=DayRule.DATE)
    if cleaned["recurrence"] != RecurrenceKind.EVERY_N_MONTHS:
        cleaned["interval_months"] = 1
    if cleaned["day_rule"] != DayRule.WEEKDAY:
        cleaned.update(week=None, weekday=None)
    if cleaned["start_date"] is not None and not errors:
        rule = rules.Recurrence(
            kind=rules.Kind(cleaned["recurrence"]),
            start=cleaned["start_date"],
            interval=cleaned["interval_months"] or 0,
            day_rule=rules.DayRule(cleaned["day_rule"]),
            week=cleaned["week"],
            weekday=cleaned["weekday"],
            until=cleaned["until"],
        )
        for field, message in rules.check_recurrence(
            rule, duration_days=cleaned["duration_days"]
        ).items():
            errors.setdefault(field, _(message))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_event(*, actor: User, data: Mapping[str, Any]) -> CalendarEvent:
    """Put a recurring event or deadline in the municipality's annual calendar."""
    _require(actor, "yearplan.manage_events")
    cleaned = _clean_event(data)
    event = CalendarEvent.objects.create(
        municipality_id=actor.municipality_id, created_by=actor, **cleaned
    )
    audit.record_event(
        actor=actor,
        action="calendar_event.create",
        obj=event,
        object_repr=event.title,
        changes=audit.created(_snapshot(event)),
    )
    return event


@transaction.atomic
def change_event(*, actor: User, event: CalendarEvent, data: Mapping[str, Any]) -> CalendarEvent:
    _require(actor, "yearplan.change_event", event)
    cleaned = _clean_event(data)
    before = _snapshot(event)
    for name, value in cleaned.items():
        setattr(event, name, value)
    changes = audit.diff(before, _snapshot(event))
    if changes:
        event.updated_at = timezone.now()
        event.save()
        audit.record_event(
            actor=actor,
            action="calendar_event.update",
            obj=event,
            object_repr=event.title,
            changes=changes,
        )
    return event


@transaction.atomic
def delete_event(*, actor: User, event: CalendarEvent) -> None:
    _require(actor, "yearplan.change_event", event)
    audit.record_event(
        actor=actor,
        action="calendar_event.delete",
        obj=event,
        object_repr=event.title,
        changes={
            key: {"old": value, "new": None}
            for key, value in _snapshot(event).items()
            if value not in ("", None)
        },
    )
    event.delete()


# --- the calendar feed ----------------------------------------------------------------------


def active_feed(user: User) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def _record_feed(actor: User, token: FeedToken, action: str) -> None:
    audit.record_event(
        actor=actor,
        action=action,
        obj=token,
        object_repr=str(actor),
        changes={"created_at": {"old": None, "new": token.created_at.isoformat()}}
        if action != "calendar_feed.revoke"
        else {"revoked_at": {"old": None, "new": token.revoked_at.isoformat()}},
    )


def _new_feed(actor: User) -> FeedToken:
    """A new token: only the key's hash is saved; the key itself rides on the returned
    instance (`token.key`) for the page to show once."""
    key = new_feed_key()
    token = FeedToken.objects.create(
        municipality_id=actor.municipality_id, user=actor, key_hash=hash_feed_key(key)
    )
    token.key = key
    return token


@transaction.atomic
def subscribe_to_calendar(*, actor: User) -> FeedToken:
    """The secret address of the actor's own calendar feed, made on first use. Only a new
    token carries its key (`token.key`); an existing one cannot be shown again (its key is
    not stored), and `token.key` is then None: make a new address instead."""
    _require(actor, "yearplan.subscribe")
    existing = active_feed(actor)
    if existing is not None:
        return existing
    token = _new_feed(actor)
    _record_feed(actor, token, "calendar_feed.create")
    return token


@transaction.atomic
def regenerate_calendar_feed(*, actor: User) -> FeedToken:
    """A new secret address (with its key, `token.key`, to show once); the old one stops
    working at once (for a leaked or lost address)."""
    _require(actor, "yearplan.subscribe")
    now = timezone.now()
    FeedToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = _new_feed(actor)
    _record_feed(actor, token, "calendar_feed.regenerate")
    return token


@transaction.atomic
def revoke_calendar_feed(*, actor: User) -> None:
    """Stop the actor's feed: calendars subscribed to it get nothing more."""
    _require(actor, "yearplan.subscribe")
    token = active_feed(actor)
    if token is None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _record_feed(actor, token, "calendar_feed.revoke")
