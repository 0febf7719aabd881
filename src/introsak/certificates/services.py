"""Making a deltakerbevis or a CV: the PDF is made, kept with its SHA-256 and audited."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.permissions import require as _require
from introsak.participants.models import Participant

from . import documents, selectors
from .models import Certificate, DocumentKind


@transaction.atomic
def make_certificate(
    *,
    actor,
    participant: Participant,
    language: str = "nb",
    today: datetime.date | None = None,
) -> Certificate:
    """Make the deltakerbevis in bokmål ("nb") or nynorsk ("nn"). Refused for a programme
    that has not ended."""
    _require(actor, "certificates.make", participant)
    if language not in documents.LANGUAGES:
        raise ValidationError({"language": _("Choose bokmål (nb) or nynorsk (nn).")})
    today = today or timezone.localdate()
    ended = selectors.require_ended(participant, today=today)
    pdf = documents.certificate_pdf(participant, language=language, today=today, end=ended)
    return _keep(actor, participant, DocumentKind.CERTIFICATE, language, pdf, ended)


@transaction.atomic
def make_cv(*, actor, participant: Participant, today: datetime.date | None = None) -> Certificate:
    """Make the participant's CV (bokmål) from the assessment, placements and courses."""
    _require(actor, "certificates.make", participant)
    pdf = documents.cv_pdf(participant, today=today or timezone.localdate())
    return _keep(actor, participant, DocumentKind.CV, "nb", pdf)


def _keep(
    actor, participant, kind: str, language: str, pdf: bytes, end: selectors.Ending | None = None
) -> Certificate:
    row = Certificate.objects.create(
        programme_end=end.actual_end if end else None,
        end_fingerprint=selectors.fingerprint(end) if end else "",
        municipality_id=participant.municipality_id,
        participant=participant,
        kind=kind,
        language=language,
        made_by=actor,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
    )
    audit.record_event(
        actor=actor,
        action="certificate.make" if kind == DocumentKind.CERTIFICATE else "cv.make",
        obj=row,
        participant_id=participant.pk,
        changes={
            "language": {"old": None, "new": language},
            "sha256": {"old": None, "new": row.sha256},
        },
    )
    return row


def verify(row: Certificate, pdf: bytes) -> bool:
    """Whether `pdf` is the document that was made (same SHA-256)."""
    return hashlib.sha256(pdf).hexdigest() == row.sha256
