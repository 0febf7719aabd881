"""Practice placements (praksisplass): employers and their workplaces with the recruitment
pipeline, the municipality's future need for labour, mentors, placement agreements with
their start-up meeting, the mentor's evaluations and messages, participant–mentor
gatherings, and concerns raised on a placement.

The Drangedal plan (shared/seeds) calls the placement the core of quality in the programme:
a mentor for every participant, mentor training, gatherings and a clear path for
complaints. A placement points to the plan's work-practice measure, because attendance is
registered per measure; the mentor's registrations are ordinary attendance rows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGES
from introsak.core.models import Municipality
from introsak.participants.models import Participant
from introsak.plans.models import Measure


class Industry(models.TextChoices):
    """Main industries (næringer), close to SSB's NACE sections as employers know them."""

    HEALTH = "health", _("Health and care")
    EDUCATION = "education", _("Kindergarten and education")
    CONSTRUCTION = "construction", _("Building and construction")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    TRANSPORT = "transport", _("Transport and storage")
    CLEANING = "cleaning", _("Cleaning and property services")
    PRIMARY = "primary", _("Farming, forestry and fishing")
    ICT = "ict", _("Information technology")
    PUBLIC = "public", _("Public administration")
    CULTURE = "culture", _("Culture, sport and volunteering")
    OTHER = "other", _("Other")


class Employer(models.Model):
    """A legal entity (virksomhet) identified by its organisasjonsnummer."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    org_number = models.CharField(_("organisation number"), max_length=9)
    name = models.CharField(_("name"), max_length=150)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "org_number"], name="one_employer_per_org_number"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PipelineStage(models.TextChoices):
    CONTACTED = "contacted", _("Contacted")
    INFO_MEETING = "info_meeting", _("Information meeting")
    AGREEMENT = "agreement", _("Agreement")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


# Stages where the workplace takes participants.
TAKES_PARTICIPANTS = (PipelineStage.AGREEMENT, PipelineStage.ACTIVE)


class Workplace(models.Model):
    """A place of work of an employer (a shop, a nursing home ward), recruited through the
    pipeline. The pipeline is per workplace: one chain may say yes in one shop only."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="workplaces")
    name = models.CharField(_("workplace"), max_length=150)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=PipelineStage.choices, default=PipelineStage.CONTACTED
    )
    stage_changed_on = models.DateField(_("since"), default=timezone.localdate)
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=1, help_text=_("How many participants the workplace can take at once.")
    )
    tasks = models.TextField(_("typical tasks"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["employer__name", "name"]

    def __str__(self) -> str:
        if self.name == self.employer.name:
            return self.name
        return f"{self.employer.name}, {self.name}"


class StageChange(models.Model):
    """One step in a workplace's recruitment: kept so the pipeline has a history."""

    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=PipelineStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=PipelineStage.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '–'} → {self.to_stage}"


class LabourNeed(models.Model):
    """The municipality's expected need for labour: the motive the plan gives for choosing
    workplaces (from NAV's bedriftsundersøkelse, the municipality's own planning…)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    occupation = models.CharField(_("occupation"), max_length=150)
    year = models.PositiveSmallIntegerField(_("by year"))
    positions = models.PositiveSmallIntegerField(_("positions"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("need for labour")
        verbose_name_plural = _("needs for labour")
        ordering = ["year", "industry", "occupation"]

    def __str__(self) -> str:
        return self.occupation


class Mentor(models.Model):
    """The employer's person who follows the participant at work. Logs in with a mentor
    account that only ever shows their current placements."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="mentors")
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class MentorTraining(models.Model):
    """Mentor training the mentor has taken (grunnopplæring, follow-ups)."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("Basic training")
        FOLLOW_UP = "follow_up", _("Follow-up")

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("training"), max_length=20, choices=Kind.choices)
    completed_on = models.DateField(_("completed"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d.%m.%Y}"


class Placement(models.Model):
    """A placement agreement: who, where, with which mentor, when, and what for."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="placements"
    )
    workplace = models.ForeignKey(Workplace, on_delete=models.PROTECT, related_name="placements")
    mentor = models.ForeignKey(
        Mentor,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("work-practice measure"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    weekdays = models.CharField(_("days"), max_length=7, default="01234")
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    tasks = models.TextField(_("tasks"), blank=True)
    language_goals = models.TextField(_("language goals"), blank=True)
    # The written request to the workplace (background, languages, wishes), with the
    # participant's consent to share it.
    request_text = models.TextField(_("request to the workplace"), blank=True)
    request_consent = models.BooleanField(
        _("the participant agrees that this is shared with the workplace"), default=False
    )
    request_sent_on = models.DateField(_("request sent"), null=True, blank=True)
    ended_early_reason = models.CharField(_("reason for ending early"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0) & models.Q(hours_per_week__lte=40),
                name="placement_hours_within_a_week",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "end_date"])]

    def __str__(self) -> str:
        return f"{self.participant} – {self.workplace}"

    def is_current(self, today: datetime.date) -> bool:
        return self.start_date <= today <= self.end_date

    def state(self, today: datetime.date) -> str:
        if today < self.start_date:
            return "planned"
        if today > self.end_date:
            return "ended"
        return "active"


class StartupMeeting(models.Model):
    """The start-up meeting (oppstartsmøte): participant, mentor, employer, teacher and
    interpreter agree on the placement."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="startup_meeting"
    )
    date = models.DateField(_("date"))
    participant_attended = models.BooleanField(_("the participant"), default=True)
    mentor_attended = models.BooleanField(_("the mentor"), default=True)
    employer_contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("for the employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=10, choices=LANGUAGES, blank=True
    )
    interpreter_name = models.CharField(_("interpreter"), max_length=150, blank=True)
    notes = models.TextField(_("agreed"), blank=True)

    class Meta:
        verbose_name = _("start-up meeting")

    def __str__(self) -> str:
        return f"{self.placement} {self.date:%d.%m.%Y}"


class Evaluation(models.Model):
    """The mentor's short evaluation of a week at work."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Going well")
        MIXED = "mixed", _("Partly")
        POOR = "poor", _("Needs follow-up")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    week_start = models.DateField(_("week"))
    rating = models.CharField(_("how the week went"), max_length=10, choices=Rating.choices)
    text = models.TextField(_("evaluation"), max_length=2000)
    language_use = models.TextField(_("language at work"), max_length=1000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "week_start"], name="one_evaluation_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement} {self.week_start:%d.%m.%Y}"


class Message(models.Model):
    """A message between the mentor and the participant's teachers (language guidance),
    kept with the placement."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"), max_length=2000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Gathering(models.Model):
    """A participant–mentor gathering (deltaker-veiledersamling): experience exchange,
    planned topics and a language-training part, mentors and participants as equals."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200)
    planned_topics = models.TextField(_("planned topics"), blank=True)
    language_part = models.TextField(_("language training"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="gatherings", verbose_name=_("participants")
    )
    mentors = models.ManyToManyField(
        Mentor, blank=True, related_name="gatherings", verbose_name=_("mentors")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("participant–mentor gathering")
        verbose_name_plural = _("participant–mentor gatherings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.theme


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Concern(models.Model):
    """A concern or complaint about a placement, from the participant, the mentor or the
    workplace. It has an owner and a deadline for a meeting, and is closed with what was done."""

    class RaisedBy(models.TextChoices):
        PARTICIPANT = "participant", _("The participant")
        MENTOR = "mentor", _("The mentor")
        WORKPLACE = "workplace", _("The workplace")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.CharField(_("raised by"), max_length=20, choices=RaisedBy.choices)
    raised_on = models.DateField(_("raised"), default=timezone.localdate)
    description = models.TextField(_("what it is about"), max_length=3000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_by = models.DateField(_("meeting by"))
    meeting_held_on = models.DateField(_("meeting held"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    outcome = models.TextField(_("what was done"), blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["status", "meeting_by"]

    def __str__(self) -> str:
        return f"{self.placement} ({self.get_status_display()})"
