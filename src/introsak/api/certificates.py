"""/api/v1: the deltakerbevis (certificate of participation) and the participant's CV.

- GET /participants/{id}/certificate?language=nb|nn — the latest certificate made, as PDF/A;
  404 when none has been made, or when the one made no longer holds (the end decision it
  states was withdrawn or changed). A GET never makes one. 422 with the field `language` for
  a language other than nb or nn.
- GET /participants/{id}/cv — the same for the CV (bokmål).
- POST /participants/{id}/certificate?language= and /participants/{id}/cv — make a new one
  from today's data (consultant, leader); the answer is the PDF. 422 with the field
  `participant` for a certificate of a programme that has not ended.

A participant the user may not see is 404; a role that may not read or make documents is 403.
The answer has the header `X-Content-SHA256` with the hash that is kept for verification.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router

from introsak.certificates import selectors, services
from introsak.certificates.models import Certificate, DocumentKind
from introsak.core.permissions import get_visible_participant_or_404
from introsak.core.web import log_api_read

router = Router(tags=["certificates"])

PDF = {
    "responses": {
        200: {
            "description": "The document (PDF/A)",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _participant(request, participant_id: int):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm("certificates.view", participant):
        raise PermissionDenied
    return participant


def _answer(request, row: Certificate) -> HttpResponse:
    what = "api.certificate.download" if row.kind == DocumentKind.CERTIFICATE else "api.cv.download"
    log_api_read(request, row.participant, what)
    response = HttpResponse(bytes(row.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{row.filename}"'
    response["X-Content-SHA256"] = row.sha256
    return response


def _language(language: str) -> str:
    if language not in ("nb", "nn"):
        raise ValidationError({"language": "Choose nb (bokmål) or nn (nynorsk)."})
    return language


def _make(request, participant, kind: str, language: str) -> Certificate:
    if kind == DocumentKind.CERTIFICATE:
        return services.make_certificate(
            actor=request.auth, participant=participant, language=language
        )
    return services.make_cv(actor=request.auth, participant=participant)


def _get(request, participant_id: int, kind: str, language: str):
    participant = _participant(request, participant_id)
    row = selectors.latest_document(participant, kind, language, today=timezone.localdate())
    if row is None:
        raise Http404
    return _answer(request, row)


@router.get(
    "/participants/{int:participant_id}/certificate",
    summary="The certificate of participation (deltakerbevis) as PDF/A",
    openapi_extra=PDF,
)
def get_certificate(request, participant_id: int, language: str = "nb"):
    return _get(request, participant_id, DocumentKind.CERTIFICATE, _language(language))


@router.post(
    "/participants/{int:participant_id}/certificate",
    summary="Make a new certificate of participation from today's data",
    openapi_extra=PDF,
)
def make_certificate(request, participant_id: int, language: str = "nb"):
    participant = _participant(request, participant_id)
    row = _make(request, participant, DocumentKind.CERTIFICATE, _language(language))
    return _answer(request, row)


@router.get(
    "/participants/{int:participant_id}/cv",
    summary="The participant's CV as PDF/A",
    openapi_extra=PDF,
)
def get_cv(request, participant_id: int):
    return _get(request, participant_id, DocumentKind.CV, "nb")


@router.post(
    "/participants/{int:participant_id}/cv",
    summary="Make a new CV from today's data",
    openapi_extra=PDF,
)
def make_cv(request, participant_id: int):
    participant = _participant(request, participant_id)
    return _answer(request, _make(request, participant, DocumentKind.CV, "nb"))
