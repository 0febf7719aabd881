"""Attendance screens: the class grid (one form saves the whole week or month), the
participant's month (timesheet) with sign-off, corrections and holidays, and the exports."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from introsak.core import audit
from introsak.core.forms import apply_service_errors
from introsak.core.models import AccessLog
from introsak.core.permissions import get_visible_participant_or_404, visible_groups
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require_policy
from introsak.core.web import year_from
from introsak.participants.tabs import participant_tabs

from . import selectors, services
from .forms import VacationForm
from .models import AbsenceType

# What a grid cell can say. The doctor's note option means the note has been received.
CELL_CHOICES = [
    ("", "·"),
    ("present", pgettext_lazy("grid", "Present")),
    ("own_illness_self", pgettext_lazy("grid", "Ill, self-cert.")),
    ("own_illness_doctor", pgettext_lazy("grid", "Ill, doctor's note received")),
    ("sick_child", pgettext_lazy("grid", "Sick child")),
    ("pregnancy", pgettext_lazy("grid", "Pregnancy")),
    ("birth", pgettext_lazy("grid", "Birth")),
    ("welfare", pgettext_lazy("grid", "Welfare leave")),
    ("religious_holiday", pgettext_lazy("grid", "Religious holiday")),
    ("approved_leave", pgettext_lazy("grid", "Approved leave")),
    ("invalid", pgettext_lazy("grid", "Invalid absence")),
]


def _period(request) -> tuple[datetime.date, datetime.date, str, dict]:
    """The week (?uke=2026-W48) or month (?maned=2026-11) to show; this week by default."""
    today = timezone.localdate()
    month = request.GET.get("maned")
    if month:
        try:
            first = datetime.datetime.strptime(month + "-01", "%Y-%m-%d").date()
        except ValueError:
            raise Http404 from None
        last = selectors.month_end(first)
        previous = selectors.month_start(first - datetime.timedelta(days=1))
        following = last + datetime.timedelta(days=1)
        return (
            first,
            last,
            date_format(first, "YEAR_MONTH_FORMAT"),
            {
                "previous": f"maned={previous:%Y-%m}",
                "next": f"maned={following:%Y-%m}",
                "other": f"uke={first:%G-W%V}",
                "other_label": _("Week"),
                "kind": "month",
            },
        )
    week = request.GET.get("uke")
    try:
        monday = (
            datetime.datetime.strptime(week + "-1", "%G-W%V-%u").date()
            if week
            else today - datetime.timedelta(days=today.weekday())
        )
    except ValueError:
        raise Http404 from None
    friday = monday + datetime.timedelta(days=4)
    return (
        monday,
        friday,
        _("Week %(week)s, %(year)s")
        % {"week": monday.isocalendar()[1], "year": monday.isocalendar()[0]},
        {
            "previous": f"uke={monday - datetime.timedelta(days=7):%G-W%V}",
            "next": f"uke={monday + datetime.timedelta(days=7):%G-W%V}",
            "other": f"maned={monday:%Y-%m}",
            "other_label": _("Month"),
            "kind": "week",
        },
    )


def _cell_name(prefix: str, participant_id: int, measure_id: int, day: datetime.date) -> str:
    return f"{prefix}_{participant_id}_{measure_id}_{day:%Y%m%d}"


def _items_from_post(post, rows) -> tuple[list[dict], list[tuple]]:
    """The cells that say something, as registration items, and where each came from."""
    items, places = [], []
    for row in rows:
        if row.measure is None:
            continue
        for cell in row.cells:
            if not cell["hours"] or cell["locked"]:
                continue
            value = post.get(_cell_name("c", row.participant.pk, row.measure.pk, cell["date"]), "")
            if not value:
                continue
            hours = (
                post.get(_cell_name("h", row.participant.pk, row.measure.pk, cell["date"]), "")
                .replace(",", ".")
                .strip()
            )
            items.append(
                {
                    "participant_id": row.participant.pk,
                    "measure_id": row.measure.pk,
                    "date": cell["date"],
                    "status": "present" if value == "present" else "absent",
                    "absence_type": "" if value == "present" else value,
                    "documented": value == AbsenceType.OWN_ILLNESS_DOCTOR,
                    "hours": hours or None,
                }
            )
            places.append((row, cell))
    return items, places


def _mark_cells(grid: dict, post=None, errors: dict | None = None, places=()) -> None:
    """Each cell's shown value: what was posted (on error) or what is registered."""
    error_at = {}
    for key, message in (errors or {}).items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(places):
            row, cell = places[int(parts[1])]
            error_at[(row.participant.pk, cell["date"])] = message
    for row in grid["rows"]:
        for cell in row.cells:
            reg = cell["registration"]
            value = hours = ""
            if reg is not None:
                value = "present" if reg.status == "present" else reg.absence_type
                if reg.hours != cell["hours"]:
                    hours = str(reg.hours).replace(".", ",")
            if post is not None and row.measure is not None:
                value = post.get(
                    _cell_name("c", row.participant.pk, row.measure.pk, cell["date"]), value
                )
                hours = post.get(
                    _cell_name("h", row.participant.pk, row.measure.pk, cell["date"]), hours
                )
            cell["value"], cell["hours_value"] = value, hours
            cell["error"] = error_at.get((row.participant.pk, cell["date"]))
            cell["invalid"] = bool(reg and reg.invalid)
            if row.measure is not None:
                cell["c_name"] = _cell_name("c", row.participant.pk, row.measure.pk, cell["date"])
                cell["h_name"] = _cell_name("h", row.participant.pk, row.measure.pk, cell["date"])


def _save_grid(request, grid, *, correction_reason: str = "") -> tuple[bool, dict]:
    items, places = _items_from_post(request.POST, grid["rows"])
    try:
        result = services.register_bulk(
            actor=request.user, items=items, correction_reason=correction_reason
        )
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.message_dict.items()}
        _mark_cells(grid, request.POST, errors, places)
        return False, errors
    message = _("%(n)s registrations saved.") % {"n": result.created + result.updated}
    if result.over_limit:
        message += " " + _("%(n)s days went past a limit and count as invalid absence.") % {
            "n": len(result.over_limit)
        }
    messages.success(request, message)
    return True, {}


@login_required
@require_http_methods(["GET", "POST"])
def class_grid(request, group_pk: int):
    group = visible_groups(request.user).filter(pk=group_pk).first()
    if group is None:
        raise Http404
    if not request.user.has_perm("attendance.register_class"):
        raise PermissionDenied
    start, end, label, nav = _period(request)
    grid = selectors.class_grid(group, start=start, end=end)
    errors = {}
    if request.method == "POST":
        saved, errors = _save_grid(request, grid)
        if saved:
            return redirect(
                f"{reverse('attendance:class_grid', args=[group.pk])}?{request.GET.urlencode()}"
            )
    else:
        _mark_cells(grid)
    return render(
        request,
        "attendance/class_grid.html",
        {
            "group": group,
            "grid": grid,
            "label": label,
            "nav": nav,
            "errors": errors,
            "choices": CELL_CHOICES,
            "start": start,
            "end": end,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def timesheet(request, pk: int, year: int, month: int):
    participant = get_visible_participant_or_404(request.user, pk)
    if not request.user.has_perm("attendance.view", participant):
        raise PermissionDenied
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    last = selectors.month_end(first)
    can_register = request.user.has_perm("attendance.register", participant)
    grid = selectors.participant_grid(participant, start=first, end=last)
    errors, vacation_form = {}, VacationForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "register":
                if not can_register:
                    raise PermissionDenied
                saved, errors = _save_grid(
                    request, grid, correction_reason=request.POST.get("correction_reason", "")
                )
                if saved:
                    return redirect(request.path)
            elif action in ("sign", "reopen", "approve"):
                services.timesheet_step(
                    actor=request.user, participant=participant, month=first, step=action
                )
                messages.success(request, _("The timesheet is updated."))
                return redirect(request.path)
            elif action == "acknowledge":
                services.acknowledge_timesheet(
                    actor=request.user, participant=participant, month=first
                )
                messages.success(request, _("The acknowledgement is recorded."))
                return redirect(request.path)
            elif action == "vacation":
                vacation_form = VacationForm(request.POST)
                if vacation_form.is_valid():
                    try:
                        services.register_vacation(
                            actor=request.user,
                            participant=participant,
                            start=vacation_form.cleaned_data["start_date"],
                            end=vacation_form.cleaned_data["end_date"],
                        )
                    except ValidationError as exc:
                        apply_service_errors(vacation_form, exc)
                    else:
                        messages.success(request, _("The holiday is registered."))
                        return redirect(request.path)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(request.path)
    if not errors:
        _mark_cells(grid)
    _log_read(request, participant, "timesheet.view")
    sheet = selectors.timesheet(participant, first)
    context = participant_tabs(request.user, participant, "attendance")
    previous = selectors.month_start(first - datetime.timedelta(days=1))
    context.update(
        sheet=sheet,
        grid=grid,
        errors=errors,
        choices=CELL_CHOICES,
        first=first,
        can_register=can_register,
        can_sign=request.user.has_perm("attendance.sign_timesheet", participant),
        can_approve=request.user.has_perm("attendance.approve_timesheet", participant),
        can_correct=request.user.has_perm("attendance.correct_locked_month", participant),
        can_vacation=request.user.has_perm("attendance.manage_vacation", participant),
        vacation_form=vacation_form,
        vacations=list(participant.vacations.filter(end_date__year=first.year)),
        previous=previous,
        following=last + datetime.timedelta(days=1),
        type_labels=dict(AbsenceType.choices),
    )
    return render(request, "attendance/timesheet.html", context)


@login_required
def timesheet_pdf(request, pk: int, year: int, month: int):
    participant = get_visible_participant_or_404(request.user, pk)
    if not request.user.has_perm("attendance.view", participant):
        raise PermissionDenied
    first = datetime.date(year, month, 1)
    sheet = selectors.timesheet(participant, first)
    _log_read(request, participant, "timesheet.pdf")
    import weasyprint

    with translation.override("nb"):
        html = render_to_string(
            "attendance/timesheet_print.html",
            {
                "participant": participant,
                "sheet": sheet,
                "first": first,
                "municipality": participant.municipality,
                "type_labels": dict(AbsenceType.choices),
                "today": timezone.localdate(),
            },
        )
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="timeliste-{participant.pk}-{first:%Y-%m}.pdf"'
    )
    return response


@login_required
def class_month_excel(request, group_pk: int, year: int, month: int):
    """The class's month as an Excel sheet: one row per participant and day."""
    group = visible_groups(request.user).filter(pk=group_pk).first()
    if group is None:
        raise Http404
    first = datetime.date(year, month, 1)
    grid = selectors.class_grid(group, start=first, end=selectors.month_end(first))
    from openpyxl import Workbook
    from openpyxl.styles import Font

    labels = dict(AbsenceType.choices)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{first:%Y-%m}"
    header = (
        [_("Participant"), _("Measure")]
        + [d.strftime("%d.%m") for d in grid["days"]]
        + [_("Planned hours"), _("Present hours"), _("Absent hours"), _("Invalid hours")]
    )
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in grid["rows"]:
        values, planned, present, absent, invalid = (
            [],
            Decimal(0),
            Decimal(0),
            Decimal(0),
            Decimal(0),
        )
        for cell in row.cells:
            reg = cell["registration"]
            planned += cell["hours"] or 0
            if reg is None:
                values.append("" if cell["hours"] else "–")
            elif reg.status == "present":
                present += reg.hours
                values.append(_("P"))
            else:
                absent += reg.hours
                invalid += reg.hours if reg.invalid else 0
                values.append(str(labels.get(reg.absence_type, "")))
        sheet.append(
            [
                row.participant.full_name,
                str(row.measure or "–"),
                *values,
                float(planned),
                float(present),
                float(absent),
                float(invalid),
            ]
        )
        audit.record_access(
            user=request.user,
            participant=row.participant,
            what="attendance.class_excel",
            channel=AccessLog.Channel.EXPORT,
            path=request.get_full_path(),
        )
    sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="oppmote-{group.name}-{first:%Y-%m}.xlsx"'
    )
    return response


@login_required
def holiday_plan(request):
    """The year's holidays of the participants the user follows: planned days against the five
    weeks, those with days left first."""
    _require_policy(request, "attendance.view_holiday_plan")
    today = timezone.localdate()
    year = year_from(request, today.year)
    allowed, rows = selectors.holiday_plan(request.user, year=year)
    return render(
        request,
        "attendance/holiday_plan.html",
        {
            "year": year,
            "allowed": allowed,
            "rows": rows,
            "today": today,
            "years": [today.year - 1, today.year, today.year + 1],
        },
    )
