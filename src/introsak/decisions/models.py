"""Decisions (vedtak), appeals, letters, and the dated rule tables they are checked against.

The rule tables (track lengths, leave types, legal parameters, legal references) are data
with dates because the law changes: the 2025 amendment to integreringsloven changes
programme lengths, the age limit and paragraph numbers. `rules.py` takes their rows as
plain values; `selectors.py` picks the rows in force on a date.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGES
from introsak.core.models import Municipality
from introsak.participants.models import LegalBasis, Participant


class Track(models.TextChoices):
    """The programme tracks whose lengths the law sets (IL § 13 as in force from 2021)."""

    HAS_UPPER_SECONDARY = "has_upper_secondary", _("Has upper secondary education or higher")
    UPPER_SECONDARY_GOAL = "upper_secondary_goal", _("Goal is completed upper secondary")
    OTHER = "other", _("Other participants")


class FinalGoal(models.TextChoices):
    WORK = "work", _("Work")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    UPPER_SECONDARY = "upper_secondary", _("Completed upper secondary education")
    OTHER = "other", _("Other")


class DecisionType(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Right to the programme")
    GRANT = "grant", _("Grant of the introduction programme")
    EXTENSION = "extension", _("Extension of the programme")
    LEAVE = "leave", _("Leave")
    SUSPENSION = "suspension", _("Suspension")
    END = "end", _("End of the programme")
    DEDUCTION = "deduction", _("Deduction in the stipend")
    RECOVERY = "recovery", _("Recovery of overpaid stipend")


class EligibilityOutcome(models.TextChoices):
    RIGHT_AND_DUTY = "right_and_duty", _("Right and duty to take part")
    MAY_BE_OFFERED = "may_be_offered", _("Offered by the municipality")
    REFUSED = "refused", _("Refused")


class SuspensionKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary (at most 3 months)")
    PERMANENT = "permanent", _("Permanent")


class EndKind(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    INTERRUPTED = "interrupted", _("Interrupted")
    STOPPED = "stopped", _("Stopped")


class MainActivity(models.TextChoices):
    """Main activity after the programme, as reported to the national register."""

    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    WORK_AND_EDUCATION = "work_and_education", _("Work and education")
    NAV_MEASURE = "nav_measure", _("NAV measure")
    JOB_SEEKER = "job_seeker", _("Looking for work")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    ILLNESS = "illness", _("Illness")
    MOVED = "moved", _("Moved from the municipality")
    OTHER = "other", _("Other or unknown")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    DECIDED = "decided", _("Decided")
    SENT = "sent", _("Sent")
    APPEALED = "appealed", _("Appealed")
    FORWARDED = "forwarded", _("Forwarded to Statsforvalteren")
    UPHELD = "upheld", _("Upheld")
    REVERSED = "reversed", _("Reversed")
    DISCARDED = "discarded", _("Discarded")


# Statuses in which a decision has legal effect (from approval; an appeal does not suspend it).
IN_FORCE = (
    DecisionStatus.DECIDED,
    DecisionStatus.SENT,
    DecisionStatus.APPEALED,
    DecisionStatus.FORWARDED,
    DecisionStatus.UPHELD,
)
PENDING = (DecisionStatus.DRAFT, DecisionStatus.AWAITING_APPROVAL)


def without_replaced(queryset):
    """Leave out decisions replaced by a decision in force. Written as NOT IN over the
    replacing decisions (with `replaces` not null: a NULL in NOT IN would drop every row), so
    the database evaluates it once instead of once per decision."""
    replaced = Decision.objects.filter(status__in=IN_FORCE, replaces__isnull=False).values(
        "replaces_id"
    )
    return queryset.exclude(pk__in=replaced)


class DatedQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class TrackLength(models.Model):
    """How long a programme on a track may last, by legal basis, from a date."""

    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    track = models.CharField(_("track"), max_length=30, choices=Track.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(_("minimum months"))
    max_months = models.PositiveSmallIntegerField(_("maximum months"))
    max_extension_months = models.PositiveSmallIntegerField(_("extension of up to (months)"))
    legal_reference = models.CharField(_("legal reference"), max_length=200)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme length")
        verbose_name_plural = _("programme lengths")
        ordering = ["legal_basis", "track", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_legal_basis_display()} {self.get_track_display()} {self.valid_from}"


class LengthUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")


class LeaveType(models.Model):
    """A kind of leave: whether the stipend continues, how long it may be, and whether the
    programme period is extended by its length. National rows have no municipality; a
    municipality adds its own (welfare leave, religious holidays)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    with_stipend = models.BooleanField(_("with stipend"))
    max_length = models.PositiveSmallIntegerField(_("longest leave"), null=True, blank=True)
    length_unit = models.CharField(
        _("unit"), max_length=15, choices=LengthUnit.choices, default=LengthUnit.WORKING_DAYS
    )
    extends_programme = models.BooleanField(
        _("extends the programme"),
        default=False,
        help_text=_("The planned end moves by the length of the leave."),
    )
    legal_reference = models.CharField(_("legal reference"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["legal_basis", "-with_stipend", "name"]

    def __str__(self) -> str:
        return self.name


class RuleParameter(models.Model):
    """A number the law sets (deadlines, limits), with the date it applies from."""

    key = models.SlugField(_("key"), max_length=60)
    value = models.IntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=40)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")
        ordering = ["key", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.key}={self.value} {self.unit} from {self.valid_from}"


class LegalReference(models.Model):
    """The paragraph a decision type (or the appeal route, topic `appeal`) rests on, by legal
    basis, from a date."""

    topic = models.CharField(max_length=20)
    legal_basis = models.CharField(max_length=10, choices=LegalBasis.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reference = models.CharField(_("legal basis"), max_length=300)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        ordering = ["topic", "legal_basis", "-valid_from"]

    def __str__(self) -> str:
        return self.reference


class Decision(models.Model):
    """An individual administrative decision (enkeltvedtak) about one participant."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="decisions")
    decision_type = models.CharField(_("type"), max_length=20, choices=DecisionType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)

    # The period the decision concerns (grant: programme; leave/suspension: the pause;
    # extension: new planned end in end_date; end: the last day in start_date).
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)

    eligibility_outcome = models.CharField(
        _("outcome"), max_length=20, choices=EligibilityOutcome.choices, blank=True
    )
    track = models.CharField(_("track"), max_length=30, choices=Track.choices, blank=True)
    final_goal = models.CharField(
        _("final goal"), max_length=20, choices=FinalGoal.choices, blank=True
    )
    final_goal_detail = models.CharField(_("final goal in words"), max_length=200, blank=True)
    measures_outline = models.TextField(_("measures in outline"), blank=True)
    leave_type = models.ForeignKey(
        LeaveType,
        verbose_name=_("leave type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    suspension_kind = models.CharField(
        _("kind of suspension"), max_length=10, choices=SuspensionKind.choices, blank=True
    )
    end_kind = models.CharField(
        _("how it ended"), max_length=12, choices=EndKind.choices, blank=True
    )
    main_activity_after = models.CharField(
        _("main activity afterwards"), max_length=20, choices=MainActivity.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount (NOK)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    facts = models.TextField(_("facts of the case"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    replaces = models.ForeignKey(
        "self",
        verbose_name=_("changes decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    return_comment = models.TextField(_("comment from the leader"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-drafted_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "participant", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()} – {self.participant}"

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def editable(self) -> bool:
        return self.status == DecisionStatus.DRAFT


class DecisionLetter(models.Model):
    """The letter as sent: a frozen PDF/A, kept with its checksum for the archive."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    language = models.CharField(max_length=10, choices=LANGUAGES)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.decision} ({self.language})"


class AppealOutcome(models.TextChoices):
    REVERSED_BY_MUNICIPALITY = "reversed_by_municipality", _("Reversed by the municipality")
    UPHELD = "upheld", _("Upheld by Statsforvalteren")
    REVERSED = "reversed", _("Reversed by Statsforvalteren")
    WITHDRAWN = "withdrawn", _("Withdrawn or dismissed")


class Appeal(models.Model):
    """A complaint against a decision (forvaltningsloven §§ 28–34)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField(_("received"))
    grounds = models.TextField(_("what the participant says"))
    filed_in_time = models.BooleanField(_("filed within the deadline"))
    handling_deadline = models.DateField(_("to be handled by"))
    forwarded_on = models.DateField(_("forwarded to Statsforvalteren"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=AppealOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{_('Appeal')} {self.decision}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class LetterTemplate(models.Model):
    """A municipality's own wording of a letter, replacing the shipped template."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    decision_type = models.CharField(_("type"), max_length=20, choices=DecisionType.choices)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES, default="nb")
    body = models.TextField(_("template"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "decision_type", "language"],
                name="letter_template_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()} ({self.language})"
