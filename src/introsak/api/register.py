"""/api/v1: the export to the national introduction register (NIR).

Mounted at /v1:

- /register/validation?period_start=&period_end= (GET): the participants with changes in the
  period, their records (the keys of `register/fields.py`) and what is missing;
- /register/exports (GET: the exports made; POST: make one — 422 with `period_end` when the
  period overlaps an earlier export and `reexport` is not true, or when a participant has a
  blocking error);
- /register/exports/{id}/files/{json|xlsx} (GET): the stored file, byte for byte.

Leader and consultant only (403 for other roles); another municipality's export is 404.
"""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.models import AccessLog
from introsak.core.permissions import (
    get_visible_register_export_or_404,
    require,
    visible_register_exports,
)
from introsak.core.web import log_api_reads
from introsak.register import services
from introsak.register.models import ExportFile

router = Router(tags=["register"])


class IssueOut(Schema):
    code: str
    severity: str
    fix_on: str
    object_id: int | None = None


class ValidationRowOut(Schema):
    participant_id: int
    name: str
    blocking: bool
    issues: list[IssueOut]
    record: dict


class ValidationOut(Schema):
    period_start: datetime.date
    period_end: datetime.date
    ready: bool
    participants: list[ValidationRowOut]


class PeriodQuery(Schema):
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


class ExportIn(Schema):
    period_end: datetime.date
    period_start: datetime.date | None = None
    reexport: bool = False
    reason: str = ""


class FileOut(Schema):
    kind: str
    filename: str
    sha256: str


class ExportOut(Schema):
    id: int
    period_start: datetime.date
    period_end: datetime.date
    reexport: bool
    reason: str
    participant_count: int
    decision_count: int
    measure_count: int
    warning_count: int
    transport: str
    receipt_reference: str
    created_by: str
    created_at: datetime.datetime
    files: list[FileOut]


def _export_out(export) -> dict:
    return {
        "id": export.pk,
        "period_start": export.period_start,
        "period_end": export.period_end,
        "reexport": export.reexport,
        "reason": export.reason,
        "participant_count": export.participant_count,
        "decision_count": export.decision_count,
        "measure_count": export.measure_count,
        "warning_count": export.warning_count,
        "transport": export.transport,
        "receipt_reference": export.receipt_reference,
        "created_by": export.created_by.username,
        "created_at": export.created_at,
        "files": [
            {"kind": f.kind, "filename": f.filename, "sha256": f.sha256}
            for f in sorted(export.files.all(), key=lambda f: f.kind)
        ],
    }


@router.get(
    "/register/validation",
    response=ValidationOut,
    summary="What is missing before the next export, per participant",
)
def validation(request, query: Query[PeriodQuery]):
    results = services.validate(
        actor=request.auth, period_start=query.period_start, period_end=query.period_end
    )
    period = services.period_for(
        actor=request.auth, period_start=query.period_start, period_end=query.period_end
    )
    log_api_reads(request, [r.participant.pk for r in results], "api.register.validation")
    return {
        "period_start": period[0],
        "period_end": period[1],
        "ready": not any(r.blocking for r in results),
        "participants": [
            {
                "participant_id": r.participant.pk,
                "name": r.participant.full_name,
                "blocking": bool(r.blocking),
                "issues": [i.__dict__ for i in r.issues],
                "record": r.record,
            }
            for r in results
        ],
    }


@router.get("/register/exports", response=list[ExportOut], summary="The exports made")
def list_exports(request):
    require(request.auth, "register.view_exports")
    exports = (
        visible_register_exports(request.auth)
        .select_related("created_by")
        .prefetch_related(Prefetch("files", ExportFile.objects.defer("content")))
    )
    return [_export_out(e) for e in exports]


@router.post(
    "/register/exports",
    response={201: ExportOut},
    summary="Make an export (refused for an overlapping period unless reexport is true)",
)
def create_export(request, payload: ExportIn):
    export = services.make_export(actor=request.auth, **payload.dict())
    return HttpStatus(201, _export_out(export))


@router.get(
    "/register/exports/{int:export_id}/files/{kind}",
    summary="The exported file, exactly as it was made",
    response={200: None},
)
def get_export_file(request, export_id: int, kind: Literal["json", "xlsx"]):
    require(request.auth, "register.view_exports")
    export = get_visible_register_export_or_404(request.auth, export_id)
    try:
        file = services.download_file(
            actor=request.auth,
            export=export,
            kind=kind,
            channel=AccessLog.Channel.API,
            path=request.get_full_path(),
        )
    except ExportFile.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(file.content), content_type=services.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
