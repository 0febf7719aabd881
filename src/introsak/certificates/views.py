"""The «Deltakerbevis og CV» tab of a participant, and the participant's own documents on
«Min side». Every download of a document is a logged read of the participant's record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from introsak.core.permissions import get_visible_participant_or_404, own_participant
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.tabs import participant_tabs

from . import selectors, services
from .models import Certificate, DocumentKind


def _pdf_response(request, row: Certificate) -> HttpResponse:
    what = "certificate.download" if row.kind == DocumentKind.CERTIFICATE else "cv.download"
    _log_read(request, row.participant, what)
    response = HttpResponse(bytes(row.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{row.filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def participant_documents(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "certificates.view", participant)
    can_make = request.user.has_perm("certificates.make", participant)
    if request.method == "POST":
        if not can_make:
            raise PermissionDenied
        kind = request.POST.get("kind")
        try:
            if kind == DocumentKind.CERTIFICATE:
                row = services.make_certificate(
                    actor=request.user,
                    participant=participant,
                    language=request.POST.get("language", "nb"),
                )
            elif kind == DocumentKind.CV:
                row = services.make_cv(actor=request.user, participant=participant)
            else:
                raise Http404
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("certificates:participant", participant.pk)
        return redirect("certificates:download", participant.pk, row.pk)
    ending = selectors.ending(participant, today=timezone.localdate())
    made = selectors.made_documents(participant, end=ending)
    _log_read(request, participant, "certificate.page")
    return render(
        request,
        "certificates/participant.html",
        {
            **participant_tabs(request.user, participant, "certificates"),
            "ending": ending,
            "certificate_nb": made.get((DocumentKind.CERTIFICATE, "nb")),
            "certificate_nn": made.get((DocumentKind.CERTIFICATE, "nn")),
            "cv": made.get((DocumentKind.CV, "nb")),
            "can_make": can_make,
        },
    )


@login_required
def download(request, pk: int, doc: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "certificates.view", participant)
    return _pdf_response(request, _document(participant, doc))


def _document(participant, doc: int) -> Certificate:
    try:
        return selectors.document_that_holds(participant, doc, today=timezone.localdate())
    except Certificate.DoesNotExist:
        raise Http404 from None


def _own(request):
    participant = own_participant(request.user)
    if participant is None:
        raise Http404
    _require(request, "certificates.view_own", participant)
    return participant


@login_required
def own_documents(request):
    participant = _own(request)
    end = selectors.ending(participant, today=timezone.localdate())
    made = selectors.made_documents(participant, end=end)
    _log_read(request, participant, "certificate.page")
    return render(
        request,
        "certificates/own.html",
        {
            "participant": participant,
            "documents": [
                made[key]
                for key in (
                    (DocumentKind.CERTIFICATE, "nb"),
                    (DocumentKind.CERTIFICATE, "nn"),
                    (DocumentKind.CV, "nb"),
                )
                if key in made and made[key].holds
            ],
        },
    )


@login_required
def own_download(request, doc: int):
    return _pdf_response(request, _document(_own(request), doc))
