"""Attendance: one registration per participant, measure and programme day; the month's
timesheet that is signed off and locked; corrections to locked months; holidays.

Attendance is the legal basis of the stipend, so a registration is never silently
overwritten in a locked month: it changes through a correction that is kept and that the
next payroll run picks up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality
from introsak.participants.models import Participant
from introsak.plans.models import Measure


class AbsenceType(models.TextChoices):
    OWN_ILLNESS_SELF = "own_illness_self", _("Own illness, self-certified")
    OWN_ILLNESS_DOCTOR = "own_illness_doctor", _("Own illness, doctor's note")
    SICK_CHILD = "sick_child", _("Sick child")
    PREGNANCY = "pregnancy", _("Pregnancy")
    BIRTH = "birth", _("Birth")
    WELFARE = "welfare", _("Welfare leave")
    RELIGIOUS_HOLIDAY = "religious_holiday", _("Religious holiday")
    APPROVED_LEAVE = "approved_leave", _("Approved leave")
    INVALID = "invalid", _("Invalid absence")


# Types that need documentation (a doctor's note) to be registered at all.
NEEDS_DOCUMENTATION = frozenset({AbsenceType.OWN_ILLNESS_DOCTOR})


class Registration(models.Model):
    """Attendance for one participant, one measure, one programme day."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="registrations"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="registrations")
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    absence_type = models.CharField(
        _("absence type"), max_length=20, choices=AbsenceType.choices, blank=True
    )
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, help_text=_("Hours present, or hours absent.")
    )
    documented = models.BooleanField(_("documented"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set by the limit rules: a valid type that went past its limit counts as invalid.
    counts_as_invalid = models.BooleanField(default=False)
    limit_reason = models.CharField(max_length=40, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["date", "measure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "measure", "date"],
                name="one_registration_per_measure_and_day",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="registration_hours_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "participant", "date"]),
            models.Index(fields=["municipality", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.date:%d.%m.%Y} {self.get_status_display()}"

    @property
    def invalid(self) -> bool:
        return self.status == self.Status.ABSENT and (
            self.absence_type == AbsenceType.INVALID or self.counts_as_invalid
        )


class Vacation(models.Model):
    """The participant's holiday (5 weeks a year): not programme days."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="vacations")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["start_date"]

    def __str__(self) -> str:
        return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class TimesheetStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SIGNED = "signed", _("Signed by the teacher")
    APPROVED = "approved", _("Approved and locked")


class Timesheet(models.Model):
    """One participant's month: signed by the teacher, acknowledged by the participant,
    approved (and locked) by the consultant."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="timesheets"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=TimesheetStatus.choices, default=TimesheetStatus.OPEN
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged by the participant"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "month"], name="one_timesheet_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.month:%m.%Y}"

    @property
    def locked(self) -> bool:
        return self.status == TimesheetStatus.APPROVED


class Correction(models.Model):
    """A change to a locked month. Kept for the record and for the next payroll run."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendance_corrections"
    )
    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="corrections")
    date = models.DateField()
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    old = models.JSONField(null=True)
    new = models.JSONField()
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a payroll run has taken the difference into account.
    settled_in_run_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.participant} {self.date:%d.%m.%Y}"
