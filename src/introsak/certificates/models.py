"""A record of every deltakerbevis and CV made: who made it, when, in which language, and the
SHA-256 of the PDF, so that a printed or sent document can be verified later. The PDF is kept
too: the teacher, the NAV advisor and the participant download the document that was made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality
from introsak.participants.models import Participant


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of participation")
    CV = "cv", _("CV")


class DocumentLanguage(models.TextChoices):
    BOKMAL = "nb", _("Norwegian bokmål")
    NYNORSK = "nn", _("Norwegian nynorsk")


class Certificate(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=DocumentLanguage.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The last day of the programme the certificate states. When an end decision is withdrawn
    # or changed, the programme's last day changes and the certificate no longer holds: it is
    # kept (with its hash, for verification) but no longer handed out.
    programme_end = models.DateField(_("programme ended"), null=True, blank=True)
    # rules.end_fingerprint of the end it states; empty for a CV and for documents made
    # before it was kept.
    end_fingerprint = models.CharField(max_length=64, blank=True, default="")
    pdf = models.BinaryField()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["participant", "kind", "language"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.participant}"

    def holds_for(self, actual_end, fingerprint: str = "") -> bool:
        """Whether the document still tells the truth about the programme's end: a CV always
        does; a certificate while the end (last day, how, why) is the one it states.
        Documents made before the end was kept hold while the programme has ended."""
        if self.kind == DocumentKind.CV:
            return True
        if self.programme_end is None:
            return actual_end is not None
        if actual_end != self.programme_end:
            return False
        return not self.end_fingerprint or self.end_fingerprint == fingerprint

    @property
    def filename(self) -> str:
        stem = "deltakerbevis" if self.kind == DocumentKind.CERTIFICATE else "cv"
        suffix = f"-{self.language}" if self.kind == DocumentKind.CERTIFICATE else ""
        return f"{stem}{suffix}-{self.participant_id}-{self.pk}.pdf"
