"""The register export screens: what is missing before the next export (with links to where
it is fixed), making the export, the exports made with their files, and per participant what
was last exported."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from introsak.core.forms import apply_service_errors
from introsak.core.models import AccessLog
from introsak.core.permissions import (
    get_visible_participant_or_404,
    get_visible_register_export_or_404,
    visible_register_exports,
)
from introsak.core.web import log_read as _log_read
from introsak.core.web import log_reads as _log_reads
from introsak.core.web import require as _require
from introsak.decisions.models import EndKind, MainActivity
from introsak.participants.models import Status

from . import rules, selectors, services
from .forms import ExportForm, PeriodForm
from .models import ExportFile

ISSUE_LABELS = {
    "missing_national_id": gettext_lazy("National identity number or D number is missing"),
    "invalid_national_id": gettext_lazy("National identity number or D number is not valid"),
    "missing_grant": gettext_lazy("The programme has no grant decision"),
    "missing_end_decision": gettext_lazy("The programme has ended but has no end decision"),
    "missing_end_reason": gettext_lazy("The end decision has no reason (how it ended)"),
    "missing_main_activity": gettext_lazy(
        "The end decision has no main activity after the programme"
    ),
    "missing_final_goal": gettext_lazy("The grant decision has no final goal"),
    "measure_without_hours": gettext_lazy("A measure has no hours"),
    "no_measures": gettext_lazy("The plan has no measures"),
    "missing_duf_number": gettext_lazy("DUF number is missing"),
    "registration_late": gettext_lazy(
        "A decision is more than two months old and not yet registered"
    ),
}


def fix_url(issue: rules.Issue, participant_id: int) -> str:
    """Where the missing item is put right."""
    if issue.fix_on == rules.ON_DECISION and issue.object_id:
        return reverse("decisions:detail", args=[issue.object_id])
    if issue.fix_on == rules.ON_DECISIONS:
        return reverse("decisions:list", args=[participant_id])
    if issue.fix_on == rules.ON_PLAN:
        return reverse("plans:detail", args=[participant_id])
    if issue.code in ("missing_national_id", "invalid_national_id", "missing_duf_number"):
        return reverse("participants:edit", args=[participant_id])
    return reverse("participants:detail", args=[participant_id])


def _label(choices, value: str | None) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _rows(results):
    return [
        {
            "participant": r.participant,
            "record": r.record,
            "start": _day(r.record["programme_start"]),
            "end": _day(r.record["programme_end"]),
            "issues": [
                {
                    "issue": i,
                    "label": ISSUE_LABELS.get(i.code, i.code),
                    "url": fix_url(i, r.participant.pk),
                }
                for i in r.issues
            ],
            "blocking": bool(r.blocking),
        }
        for r in results
    ]


@login_required
def validation(request):
    _require(request, "register.view_exports")
    today = timezone.localdate()
    start, end = selectors.default_period(request.user.municipality_id, today=today)
    form = PeriodForm(request.GET or None, initial={"period_start": start, "period_end": end})
    asked_start = asked_end = None
    if form.is_bound and form.is_valid():
        asked_start = form.cleaned_data["period_start"]
        asked_end = form.cleaned_data["period_end"]
    try:
        results = services.validate(
            actor=request.user, period_start=asked_start, period_end=asked_end, today=today
        )
        # The period validated: what was asked, the default period filling the gaps
        # (services.period_for, without reading the last export again).
        start, end = asked_start or start, asked_end or end
    except ValidationError as exc:
        # The period asked for is refused on its field; the default period is shown below.
        apply_service_errors(form, exc)
        results = services.validate(actor=request.user, today=today)
    rows = _rows(results)
    # Names with what is recorded and missing about each person: a read of each record.
    _log_reads(request, [r.participant.pk for r in results], "register.validation")
    blocked = sum(1 for r in rows if r["blocking"])
    return render(
        request,
        "register/validation.html",
        {
            "form": form,
            "period_start": start,
            "period_end": end,
            "rows": rows,
            "blocked": blocked,
            "warnings": sum(len(r.warnings) for r in results),
            "ready": not blocked,
            "last": selectors.last_export(request.user.municipality_id),
            "year_end": rules.year_end_deadline(today.year - 1),
            "can_export": request.user.has_perm("register.make_export"),
            "export_form": ExportForm(initial={"period_start": start, "period_end": end}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_create(request):
    _require(request, "register.make_export")
    today = timezone.localdate()
    start, end = selectors.default_period(request.user.municipality_id, today=today)
    form = ExportForm(request.POST or None, initial={"period_start": start, "period_end": end})
    if request.method == "POST" and form.is_valid():
        try:
            export = services.make_export(actor=request.user, **form.cleaned_data, today=today)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("register:detail", export.pk)
    return render(request, "register/export_form.html", {"form": form})


@login_required
def export_list(request):
    _require(request, "register.view_exports")
    exports = list(
        visible_register_exports(request.user)
        .select_related("created_by")
        .prefetch_related(Prefetch("files", ExportFile.objects.defer("content")))
    )
    return render(request, "register/export_list.html", {"exports": exports})


@login_required
def export_detail(request, pk: int):
    _require(request, "register.view_exports")
    export = get_visible_register_export_or_404(request.user, pk)
    _require(request, "register.view_export", export)
    rows = list(
        export.participants.select_related("participant").order_by(
            "participant__family_name", "participant__given_name"
        )
    )
    for row in rows:
        row.status_label = _label(Status, row.record["status"])
    _log_reads(request, [row.participant_id for row in rows], "register.export")
    return render(
        request,
        "register/export_detail.html",
        {"export": export, "rows": rows, "files": list(export.files.defer("content"))},
    )


@login_required
def export_file(request, pk: int, kind: str):
    """The file exactly as it was made."""
    _require(request, "register.view_exports")
    export = get_visible_register_export_or_404(request.user, pk)
    try:
        file = services.download_file(
            actor=request.user,
            export=export,
            kind=kind,
            channel=AccessLog.Channel.WEB,
            path=request.get_full_path(),
        )
    except ExportFile.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(
        bytes(file.content),
        content_type=services.CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@login_required
def participant_status(request, pk: int):
    """What the register was last told about the participant, and what is missing now."""
    _require(request, "register.view_exports")
    participant = get_visible_participant_or_404(request.user, pk)
    _log_read(request, participant, "register.status")
    history = list(
        participant.register_exports.select_related("export", "export__created_by").order_by(
            "-export_id"
        )
    )
    today = timezone.localdate()
    start, end = selectors.default_period(request.user.municipality_id, today=today)
    results = services.validate(actor=request.user, today=today, participant=participant)
    current = results[0] if results else None
    last = history[0] if history else None
    record = last.record if last else {}
    return render(
        request,
        "register/participant.html",
        {
            "participant": participant,
            "history": history,
            "last": last,
            "last_start": _day(record.get("programme_start")),
            "last_end": _day(record.get("programme_end")),
            "last_status": _label(Status, record.get("status")),
            "last_end_kind": _label(EndKind, record.get("end_kind")),
            "last_activity": _label(MainActivity, record.get("main_activity_after")),
            "current": _rows([current])[0] if current else None,
            "period_start": start,
            "period_end": end,
        },
    )
