"""The individual plan (integreringsplan, IP) and the teacher's training plan (IOP).

The consultant's part — final goal, Norwegian target, sub-goals, measures — changes only
through `services.save_plan`, which stores every saved change as a revision with a full
snapshot, so any two revisions can be compared. The teacher's part (IOP) has its own rows:
level records, semester goals, reviews and test results.

Measures are rows of their own because attendance (registered per measure) and placements
(a work-practice measure has one) will point to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGES
from introsak.core.models import Municipality
from introsak.decisions.models import FinalGoal
from introsak.participants.models import CefrLevel, InterpreterMode, Participant


class TargetLevel(models.TextChoices):
    """Norwegian levels a plan or a test names (Norskprøven: A1–C1)."""

    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"


class Plan(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="plan")
    final_goal = models.CharField(_("final goal"), max_length=20, choices=FinalGoal.choices)
    final_goal_field = models.CharField(
        _("field or occupation"),
        max_length=150,
        blank=True,
        help_text=_("For example «helsefagarbeider» or «bachelor i sykepleie»."),
    )
    norwegian_target = models.CharField(
        _("Norwegian target level"), max_length=5, choices=TargetLevel.choices
    )
    heavy_self_study = models.BooleanField(
        _("heavy self-study"),
        default=False,
        help_text=_("Full time is then 30 hours a week instead of 37.5."),
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{_('Plan')} – {self.participant}"


class SubGoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class SubGoal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sub_goals")
    description = models.CharField(_("sub-goal"), max_length=300)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=20, choices=SubGoalStatus.choices, default=SubGoalStatus.PLANNED
    )

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.description


class MeasureKind(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian")
    SOCIAL_STUDIES = "social_studies", _("Social studies")
    LIFE_SKILLS = "life_skills", _("Livsmestring")
    PARENTAL_GUIDANCE = "parental_guidance", _("Parental guidance")
    WORK_PRACTICE = "work_practice", _("Work practice")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary education")
    COURSE = "course", _("Course")
    OTHER = "other", _("Other")


# Measures that prepare for work or education (IL § 14 a; DOMAIN: compulsory content).
WORK_OR_EDUCATION = (
    MeasureKind.WORK_PRACTICE,
    MeasureKind.UPPER_SECONDARY,
    MeasureKind.COURSE,
)


class Measure(models.Model):
    """A programme element (tiltak): what, who provides it, when, how many hours a week."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    title = models.CharField(_("description"), max_length=200, blank=True)
    provider = models.CharField(
        _("provider"), max_length=150, help_text=_("For example «Karasjok voksenopplæring».")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    # Which weekdays it runs (0 = Monday … 4 = Friday); the hours are spread evenly on them.
    weekdays = models.CharField(_("days"), max_length=7, default="01234")
    group = models.ForeignKey(
        "participants.Group",
        verbose_name=_("class"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        help_text=_("The class the participant attends for this measure."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["start_date", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0) & models.Q(hours_per_week__lte=40),
                name="measure_hours_within_a_week",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="measure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def days(self) -> list[int]:
        return [int(d) for d in self.weekdays if d.isdigit()]


class PlanRevision(models.Model):
    """One saved change of the plan: who, when, the whole plan as it then was, and what
    changed from the revision before. The participant's acknowledgement is recorded here."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField()
    changes = models.JSONField(default=list)
    acknowledged_on = models.DateField(_("acknowledged by the participant"), null=True, blank=True)
    acknowledged_at_conversation = models.ForeignKey(
        "IPConversation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number")
        ]

    def __str__(self) -> str:
        return f"{_('Revision')} {self.number}"


class IPConversation(models.Model):
    """An IP conversation (IP-samtale), with the interpreter when one is used."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField(_("date"))
    attendees = models.CharField(
        _("who took part"),
        max_length=400,
        help_text=_("For example «deltaker, flyktningkonsulent, faglærer, Nav-veileder»."),
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=10, choices=LANGUAGES, blank=True
    )
    interpreter_name = models.CharField(_("interpreter's name"), max_length=150, blank=True)
    interpreter_birth_date = models.DateField(
        _("interpreter's date of birth"),
        null=True,
        blank=True,
        help_text=_("A person under 18 can never interpret."),
    )
    interpreter_qualified = models.BooleanField(
        _("qualified interpreter (Nasjonalt tolkeregister)"), default=False
    )
    interpreter_mode = models.CharField(
        _("interpreter mode"), max_length=10, choices=InterpreterMode.choices, blank=True
    )
    summary = models.TextField(_("summary"))
    agreed_changes = models.TextField(_("agreed changes"), blank=True)
    next_review_on = models.DateField(_("next review"))
    acknowledged = models.BooleanField(_("the participant acknowledged the plan"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("IP conversation")
        verbose_name_plural = _("IP conversations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{_('IP conversation')} {self.held_on:%d.%m.%Y}"


# --- the teacher's part (IOP) -----------------------------------------------------------


class TrainingPlan(models.Model):
    """The IOP: the teacher's individual training plan, part of the IP."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="training_plan"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # «Fokuset bør være faglig hovedmål og delmål, med tidsplan … Hovedmålet justeres om
    # nødvendig» (Karasjok's plan, the IOP conversation). The semester goals are the sub-goals.
    main_goal = models.CharField(_("main goal"), max_length=300, blank=True)
    main_goal_by = models.DateField(_("main goal reached by"), null=True, blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")

    def __str__(self) -> str:
        return f"IOP – {self.participant}"


class LevelRecord(models.Model):
    """The teacher's judgement of the Norwegian level per skill on a date."""

    training_plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="levels")
    recorded_on = models.DateField(_("date"))
    listening = models.CharField(_("listening"), max_length=10, choices=CefrLevel.choices)
    reading = models.CharField(_("reading"), max_length=10, choices=CefrLevel.choices)
    writing = models.CharField(_("writing"), max_length=10, choices=CefrLevel.choices)
    oral = models.CharField(_("oral"), max_length=10, choices=CefrLevel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recorded_on:%d.%m.%Y}"


class SemesterGoal(models.Model):
    training_plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="goals")
    semester = models.CharField(_("semester"), max_length=6, help_text=_("For example H2026."))
    description = models.CharField(_("goal"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=SubGoalStatus.choices, default=SubGoalStatus.PLANNED
    )

    class Meta:
        ordering = ["semester", "id"]

    def __str__(self) -> str:
        return self.description


class TrainingReview(models.Model):
    """The IOP review (IOP-samtale): at least once a semester."""

    training_plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("what was achieved and what comes next"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"IOP {self.held_on:%d.%m.%Y}"


class TestKind(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian test")
    SOCIAL_STUDIES = "social_studies", _("Social studies test")


class TestResult(models.Model):
    training_plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=20, choices=TestKind.choices)
    taken_on = models.DateField(_("date"))
    listening = models.CharField(
        _("listening"), max_length=5, choices=TargetLevel.choices, blank=True
    )
    reading = models.CharField(_("reading"), max_length=5, choices=TargetLevel.choices, blank=True)
    writing = models.CharField(_("writing"), max_length=5, choices=TargetLevel.choices, blank=True)
    oral = models.CharField(_("oral"), max_length=5, choices=TargetLevel.choices, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.taken_on:%d.%m.%Y}"
