"""Outcome follow-up: the participant's main activity at the end of the programme and 6 and
12 months after it (issue #9, item 3), what the 70 % goal is measured on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality
from introsak.participants.models import Participant


class Checkpoint(models.TextChoices):
    END = "end", _("At the end of the programme")
    MONTH_6 = "month_6", _("6 months after")
    MONTH_12 = "month_12", _("12 months after")


class Activity(models.TextChoices):
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    BOTH = "both", _("Work and education")
    NEITHER = "neither", _("Neither work nor education")
    UNKNOWN = "unknown", _("Unknown")


class Outcome(models.Model):
    """One follow-up of one participant: what they mainly did at the checkpoint."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="outcomes")
    checkpoint = models.CharField(_("follow-up"), max_length=10, choices=Checkpoint.choices)
    due_on = models.DateField(_("due"))
    programme_end = models.DateField(_("end of the programme"))
    activity = models.CharField(_("main activity"), max_length=10, choices=Activity.choices)
    employer_or_school = models.CharField(_("employer or school"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["participant_id", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "checkpoint"], name="results_one_outcome_per_checkpoint"
            )
        ]
        indexes = [models.Index(fields=["municipality", "checkpoint", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_checkpoint_display()}: {self.get_activity_display()}"
