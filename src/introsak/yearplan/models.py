"""The annual calendar (årshjul): the programme's recurring events and deadlines per
municipality, and the secret addresses of the users' calendar feeds.

An event stores its recurrence, not its dates: the dates are worked out for the range a
screen or a feed asks for (rules.occurrences). Public holidays come from the `holidays`
package and are never stored.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality, Role

from . import rules


class Category(models.TextChoices):
    PLANNING_MEETING = "planning_meeting", _("Planning meeting")
    LEADER_MEETING = "leader_meeting", _("Leader meeting")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    REPORTING_DEADLINE = "reporting_deadline", _("Reporting deadline")
    STIPEND = "stipend", _("Stipend and G")
    HOLIDAY = "holiday", _("Holiday")
    TEST_PERIOD = "test_period", _("Test period")
    USER_SURVEY = "user_survey", _("User survey")
    OTHER = "other", _("Other")


class RecurrenceKind(models.TextChoices):
    ONCE = rules.Kind.ONCE.value, _("Once")
    YEARLY = rules.Kind.YEARLY.value, _("Every year")
    MONTHLY = rules.Kind.MONTHLY.value, _("Every month")
    EVERY_N_MONTHS = rules.Kind.EVERY_N_MONTHS.value, _("Every few months")


class DayRule(models.TextChoices):
    DATE = rules.DayRule.DATE.value, _("On the same date")
    LAST = rules.DayRule.LAST.value, _("On the last day of the month")
    WEEKDAY = rules.DayRule.WEEKDAY.value, _("On a weekday of the month")


class Week(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = rules.LAST_WEEK, _("last")


# Roles that read the annual calendar: mentors and participants do not.
AUDIENCE_ROLES = (
    Role.CONSULTANT,
    Role.LEADER,
    Role.PAYROLL,
    Role.TEACHER,
    Role.NAV_ADVISOR,
    Role.ADMINISTRATOR,
)


class CalendarEvent(models.Model):
    """One recurring event or deadline of the programme."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    # The roles that see the event, stored as ",consultant,leader," so that one role is found
    # with a plain `contains` on every database; empty means everyone who reads the calendar.
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    all_day = models.BooleanField(_("all day"), default=True)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("days"), default=1, help_text=_("How many days an all-day event lasts.")
    )
    recurrence = models.CharField(
        _("repeats"), max_length=20, choices=RecurrenceKind.choices, default=RecurrenceKind.ONCE
    )
    start_date = models.DateField(_("first date"))
    until = models.DateField(_("last date"), null=True, blank=True)
    interval_months = models.PositiveSmallIntegerField(_("every how many months"), default=1)
    day_rule = models.CharField(
        _("day of the month"), max_length=10, choices=DayRule.choices, default=DayRule.DATE
    )
    week = models.SmallIntegerField(_("week"), choices=Week.choices, null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        ordering = ["start_date", "title"]
        indexes = [models.Index(fields=["municipality", "category"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_roles(self) -> list[str]:
        return [role for role in self.audience.split(",") if role]

    def audience_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.audience_roles if role in Role.values]

    def is_for(self, role: str) -> bool:
        return not self.audience or f",{role}," in self.audience

    @property
    def rule(self) -> rules.Recurrence:
        return rules.Recurrence(
            kind=rules.Kind(self.recurrence),
            start=self.start_date,
            interval=self.interval_months or 1,
            day_rule=rules.DayRule(self.day_rule),
            week=self.week,
            weekday=self.weekday,
            until=self.until,
        )

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        return rules.occurrences(self.rule, start, end, duration_days=self.duration_days)

    def last_day_of(self, day: datetime.date) -> datetime.date:
        """The last day of the occurrence that begins on `day`."""
        return day + datetime.timedelta(days=max(self.duration_days, 1) - 1)


def audience_value(roles) -> str:
    """The stored form of a set of roles: «,consultant,leader,», or "" for everyone."""
    chosen = sorted({str(role) for role in roles if role})
    return f",{','.join(chosen)}," if chosen else ""


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


def hash_feed_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class FeedToken(models.Model):
    """The secret address of a user's calendar feed. Outlook and phones fetch the feed
    without a login session, so the address itself is the key. Like the API tokens, only a
    hash of the key is stored: the address is shown once, right after it is made, and a user
    who no longer has it makes a new one, which revokes the old one at once. A user has at
    most one active token."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_user",
            )
        ]

    # The secret itself, on the instance the service has just made only; never stored.
    key: str | None = None

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
