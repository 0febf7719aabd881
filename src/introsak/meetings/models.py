"""Meetings with their minutes and action items, and interpreters with their bookings.

The Karasjok cooperation plan (shared/seeds) names the meetings of the programme (IP
conversations, the planning meeting twice a year, the leader meeting) with their purpose,
who takes part and who is responsible; the Drangedal plan adds the information meeting at
settlement («med tolk»), the start-up meeting of a placement and participant–mentor
gatherings. A meeting about a participant shows on the participant's page; an action item
shows on its owner's start page until it is done.

Interpreters are registered with their languages and their category in Nasjonalt
tolkeregister; a booking ties one to a meeting, with what it cost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGE_NAMES, LANGUAGES
from introsak.core.models import Municipality
from introsak.participants.models import InterpreterMode, Participant


class MeetingKind(models.TextChoices):
    """The meetings the seed plans describe."""

    IP_CONVERSATION = "ip_conversation", _("IP conversation")
    PLANNING = "planning", _("Planning meeting")
    LEADER = "leader", _("Leader meeting")
    INFORMATION = "information", _("Information meeting at settlement")
    STARTUP = "startup", _("Start-up meeting for a placement")
    GATHERING = "gathering", _("Participant–mentor gathering")
    DIALOGUE = "dialogue", _("Dialogue meeting with participants")
    # «overgangssamtaler med arbeidspraksis eller andre kvalifiseringstiltak» (Karasjok's plan)
    TRANSITION = "transition", _("Transition talk (to work practice or another measure)")
    OTHER = "other", _("Other meeting")


class Meeting(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type of meeting"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("about participant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_about",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people taking part"),
        blank=True,
        related_name="meetings_attended",
    )
    participant_attendees = models.ManyToManyField(
        Participant,
        verbose_name=_("participants taking part"),
        blank=True,
        related_name="meetings_attended",
    )
    external_attendees = models.TextField(
        _("others taking part"),
        blank=True,
        help_text=_("One a line, for example «Rektor, Karasjok skole»."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def external_list(self) -> list[str]:
        return [line.strip() for line in self.external_attendees.splitlines() if line.strip()]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    """Something a meeting agreed that one person does by a date."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("what is to be done"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_date"])]

    def __str__(self) -> str:
        return self.text[:60]


class RegisterCategory(models.TextChoices):
    """The qualification categories of Nasjonalt tolkeregister (IMDi, since 2020: A is the
    highest). An interpreter not in the register may still be booked, but the register
    shows that they are not a qualified interpreter in the sense of tolkeloven § 7."""

    A = "A", _("Category A: state authorisation and a bachelor's degree in interpreting")
    B = "B", _("Category B: a bachelor's degree, or state authorisation and the basic course")
    C = "C", _("Category C: state authorisation")
    D = "D", _("Category D: the basic course in public-sector interpreting (30 credits)")
    E = "E", _("Category E: the bilingual test and the TAO course")
    NONE = "none", _("Not in the register")


class InterpreterModes(models.TextChoices):
    """How an interpreter works: a booking is in person or remote, and only in a way the
    interpreter offers."""

    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (phone or video)")
    BOTH = "both", _("In person and remote")


class Interpreter(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(
        _("Nasjonalt tolkeregister"), max_length=4, choices=RegisterCategory.choices
    )
    mode = models.CharField(
        _("works"),
        max_length=10,
        choices=InterpreterModes.choices,
        default=InterpreterModes.BOTH,
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    birth_date = models.DateField(_("date of birth"))
    is_active = models.BooleanField(_("in use"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [row.language for row in self.languages.all()]

    @property
    def language_names(self) -> str:
        return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in self.language_codes)


class InterpreterLanguage(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter", "language"], name="interpreter_language_once"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class BookingStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """An interpreter booked for a meeting, in one language, with what it cost."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    interpreter = models.ForeignKey(
        Interpreter,
        verbose_name=_("interpreter"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="bookings"
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    mode = models.CharField(_("how"), max_length=10, choices=InterpreterMode.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    cost = models.DecimalField(_("cost (NOK)"), max_digits=10, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.ORDERED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interpreter booking")
        verbose_name_plural = _("interpreter bookings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="booking_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} – {self.meeting}"
