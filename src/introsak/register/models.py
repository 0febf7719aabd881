"""Exports to the national introduction register (NIR): what was sent, for which period,
by whom, the files exactly as made, and per participant the record that went out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality
from introsak.participants.models import Participant


class RegisterExport(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    reexport = models.BooleanField(_("re-export"), default=False)
    reason = models.CharField(_("reason for the re-export"), max_length=300, blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    decision_count = models.PositiveIntegerField(_("decisions"), default=0)
    measure_count = models.PositiveIntegerField(_("measures"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    transport = models.CharField(_("sent by"), max_length=40)
    receipt_reference = models.CharField(_("receipt"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("register export")
        verbose_name_plural = _("register exports")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="register_export_period_ordered",
            )
        ]
        indexes = [models.Index(fields=["municipality", "period_end"])]

    def __str__(self) -> str:
        return f"NIR {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


class ExportFile(models.Model):
    """The file as made. Downloaded again byte for byte, never rebuilt."""

    export = models.ForeignKey(RegisterExport, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=10)  # json, xlsx
    filename = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["export", "kind"], name="one_register_file_per_kind")
        ]

    def __str__(self) -> str:
        return self.filename


class ExportedParticipant(models.Model):
    """What one export said about one participant (for the reconciliation view)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    export = models.ForeignKey(
        RegisterExport, on_delete=models.PROTECT, related_name="participants"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="register_exports"
    )
    record = models.JSONField()
    warnings = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["export", "participant"], name="one_record_per_export_and_participant"
            )
        ]
        indexes = [models.Index(fields=["municipality", "participant"])]

    def __str__(self) -> str:
        return f"{self.export} {self.participant_id}"
