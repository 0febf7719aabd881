"""Stipend screens: the calculator, payroll runs, pay codes, and each participant's stipend
tab and payslips. Thin: they check the policy, call the services and show the result."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from introsak.attendance.selectors import month_start
from introsak.core import audit
from introsak.core.forms import apply_service_errors
from introsak.core.permissions import (
    get_visible_participant_or_404,
    get_visible_run_or_404,
    own_participant,
    visible_runs,
)
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.models import Participant
from introsak.participants.tabs import participant_tabs

from . import calculation as calc
from . import selectors, services
from .forms import CalculatorForm, PayCodeForm, ReductionForm, RunForm, parse_month
from .models import LineGroup, Payment, PaymentKind, Reduction, RunStatus, line_group
from .workflow import STEPS, steps_from

# --- calculator -------------------------------------------------------------------------


@login_required
def calculator(request):
    """«What if»: the stipend for a scenario, line by line, with the law's explanation."""
    _require(request, "stipend.calculate")
    result, participant = None, None
    if request.method == "POST":
        form = CalculatorForm(request.POST)
        if form.is_valid():
            try:
                scenario = calc.parse_scenario(form.scenario_data())
                result = calc.calculate(scenario, selectors.policy())
            except calc.ScenarioError as error:
                message = _(error.message) % error.params if error.params else _(error.message)
                form.add_error(form.form_field_for(error.field), message)
    else:
        initial = {
            "legal_basis": calc.IL,
            "month": month_start(timezone.localdate()).strftime("%Y-%m"),
        }
        pk = request.GET.get("deltaker")
        if pk:
            participant = get_visible_participant_or_404(request.user, pk)
            _require(request, "stipend.view_payslip", participant)
            month = parse_month(request.GET.get("maned", "")) or month_start(timezone.localdate())
            data = selectors.MonthData(
                selectors.participants_for_stipend(Participant.objects.filter(pk=participant.pk)),
                [month],
            )
            current = data.month(participant.pk, month)
            if current.scenario is not None:
                initial = CalculatorForm.initial_from(selectors.scenario_snapshot(current.scenario))
                initial["month"] = month.strftime("%Y-%m")
            _log_read(request, participant, "stipend.calculator")
        form = CalculatorForm(initial=initial)
    return render(
        request,
        "stipend/calculator.html",
        {"form": form, "result": result, "participant": participant},
    )


# --- payroll runs -----------------------------------------------------------------------


@login_required
def run_list(request):
    _require(request, "stipend.view_runs")
    can_prepare = request.user.has_perm("stipend.prepare_run", request.user)
    form = RunForm(initial={"month": month_start(timezone.localdate()).strftime("%Y-%m")})
    if request.method == "POST":
        if not can_prepare:
            raise PermissionDenied
        form = RunForm(request.POST)
        if form.is_valid():
            month = parse_month(form.cleaned_data["month"])
            if month is None:
                form.add_error("month", _("Write the month as YYYY-MM."))
            else:
                try:
                    run = services.prepare_run(actor=request.user, month=month)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(
                        request, _("The run is prepared. Check it, then ask for approval.")
                    )
                    return redirect("stipend:run", run.pk)
    runs = list(
        visible_runs(request.user)
        .select_related("prepared_by", "approved_by")
        .order_by("-month", "-id")[:36]
    )
    return render(
        request,
        "stipend/run_list.html",
        {"runs": runs, "form": form, "can_prepare": can_prepare},
    )


STEP_LABELS = {
    "check": _("Mark as checked"),
    "reopen": _("Back to draft"),
    "approve": _("Approve for payment"),
    "export": _("Export to payroll"),
    "discard": _("Discard"),
}


@login_required
def run_detail(request, pk: int):
    run = get_visible_run_or_404(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "rebuild":
                services.rebuild_run(actor=request.user, run=run)
                messages.success(request, _("The run is made again from today's data."))
            elif action in STEPS:
                services.run_step(actor=request.user, run=run, step=action)
                messages.success(request, _("The run is updated."))
            else:
                raise Http404
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("stipend:run", run.pk)

    # The run lists participants' names and money: who read it is kept.
    audit.record_event(actor=request.user, action="payroll.view", obj=run, object_repr=str(run))
    payments = list(selectors.payments_of(run))
    by_participant: dict[int, list[Payment]] = defaultdict(list)
    for payment in payments:
        by_participant[payment.participant_id].append(payment)
    rows = [
        {
            "participant": group[0].participant,
            "payments": group,
            "net": sum((p.net for p in group), Decimal("0.00")),
            "decision_required": any(p.decision_required for p in group),
        }
        for group in by_participant.values()
    ]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        for line in payment.lines:
            totals[line_group(line["code"])] += Decimal(line["amount"])
    summary = [(label, totals[value]) for value, label in LineGroup.choices if value in totals]
    blocked = (
        {p.participant_id for p in services.blocked_payments(run)}
        if run.status in (RunStatus.DRAFT, RunStatus.CHECKED)
        else set()
    )
    user = request.user
    steps = [
        (name, STEP_LABELS[name])
        for name in steps_from(run.status)
        if user.has_perm(STEPS[name].permission, run)
    ]
    four_eyes = []
    if run.status == RunStatus.CHECKED and any(name == "approve" for name, _l in steps):
        if user.pk in (run.prepared_by_id, run.checked_by_id):
            four_eyes.append(_("You prepared or checked this run, so someone else approves it."))
        elif user.pk in services.payment_fact_changers(run):
            four_eyes.append(
                _(
                    "You changed a bank account or payment facts in this run, so someone else "
                    "approves it."
                )
            )
    return render(
        request,
        "stipend/run_detail.html",
        {
            "run": run,
            "rows": rows,
            "summary": summary,
            "blocked": blocked,
            "steps": steps,
            "four_eyes": four_eyes,
            "can_rebuild": run.status == RunStatus.DRAFT
            and user.has_perm("stipend.prepare_run", run),
            "files": list(run.files.order_by("kind")),
            "pay_codes": services.pay_codes(run.municipality_id),
            "differences": sum(1 for p in payments if p.kind == PaymentKind.DIFFERENCE),
        },
    )


@login_required
def run_file(request, pk: int, kind: str):
    """The exported file exactly as it was made."""
    run = get_visible_run_or_404(request.user, pk)
    _require(request, "stipend.view_run", run)
    file = get_object_or_404(run.files, kind=kind)
    audit.record_event(
        actor=request.user, action="payroll.download", obj=run, object_repr=file.filename
    )
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(
        bytes(file.content), content_type=types.get(kind, "application/octet-stream")
    )
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@login_required
def pay_codes(request):
    _require(request, "stipend.manage_pay_codes")
    current = services.pay_codes(request.user.municipality_id)
    form = PayCodeForm(initial=current)
    if request.method == "POST":
        form = PayCodeForm(request.POST)
        if form.is_valid():
            try:
                services.set_pay_codes(actor=request.user, codes=form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The pay codes are saved."))
                return redirect("stipend:pay_codes")
    return render(request, "stipend/pay_codes.html", {"form": form})


# --- the participant's stipend ----------------------------------------------------------


@login_required
def participant_stipend(request, pk: int):
    """The participant's stipend tab: payslips, other benefits, and the calculator."""
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "stipend.view_payslip", participant)
    can_manage = request.user.has_perm("stipend.manage_reductions", participant)
    form = ReductionForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if request.POST.get("remove"):
            reduction = get_object_or_404(
                Reduction, pk=request.POST["remove"], participant=participant
            )
            services.remove_reduction(actor=request.user, reduction=reduction)
            messages.success(request, _("The reduction is removed."))
            return redirect("stipend:participant", participant.pk)
        form = ReductionForm(request.POST)
        if form.is_valid():
            month = parse_month(form.cleaned_data["month"])
            try:
                services.register_reduction(
                    actor=request.user,
                    participant=participant,
                    month=month,
                    kind=form.cleaned_data["kind"],
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The reduction is registered."))
                return redirect("stipend:participant", participant.pk)
    _log_read(request, participant, "stipend.view")
    context = participant_tabs(request.user, participant, "stipend")
    context.update(
        payslips=_payslips(participant),
        reductions=list(participant.stipend_reductions.select_related("registered_by")[:24]),
        form=form,
        can_manage=can_manage,
        can_calculate=request.user.has_perm("stipend.calculate"),
    )
    return render(request, "stipend/participant.html", context)


def _payslips(participant) -> list[dict]:
    by_run: dict[int, dict] = {}
    for payment in selectors.paid_payments(participant):
        slip = by_run.setdefault(
            payment.run_id, {"run": payment.run, "net": Decimal("0.00"), "corrections": 0}
        )
        slip["net"] += payment.net
        slip["corrections"] += payment.kind == PaymentKind.DIFFERENCE
    return list(by_run.values())


def _payslip_participant(request, pk: int) -> Participant:
    own = own_participant(request.user)
    if own is not None:
        if own.pk != int(pk):
            raise Http404
        return own
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "stipend.view_payslip", participant)
    return participant


def _payslip_context(participant, year: int, month: int) -> dict:
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    payments = list(selectors.paid_payments(participant).filter(run__month=first))
    if not payments:
        raise Http404
    payments.sort(key=lambda p: (p.kind != PaymentKind.REGULAR, p.month))
    return {
        "participant": participant,
        "month": first,
        "run": payments[0].run,
        "payments": payments,
        "net": sum((p.net for p in payments), Decimal("0.00")),
        "payee": payments[0].payee,
    }


@login_required
def payslip(request, pk: int, year: int, month: int):
    """«What you get and why»: the month's lines with the rule behind each."""
    participant = _payslip_participant(request, pk)
    context = _payslip_context(participant, year, month)
    _log_read(request, participant, "stipend.payslip")
    context.update(participant_tabs(request.user, participant, "stipend"))
    context["own"] = own_participant(request.user) is not None
    return render(request, "stipend/payslip.html", context)


@login_required
def payslip_pdf(request, pk: int, year: int, month: int):
    participant = _payslip_participant(request, pk)
    context = _payslip_context(participant, year, month)
    _log_read(request, participant, "stipend.payslip_pdf")
    import weasyprint

    with translation.override("nb"):
        html = render_to_string(
            "stipend/payslip_print.html",
            {**context, "municipality": participant.municipality, "today": timezone.localdate()},
        )
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="lonnsslipp-{participant.pk}-{context["month"]:%Y-%m}.pdf"'
    )
    return response


def run_url(run) -> str:
    return reverse("stipend:run", args=[run.pk])
