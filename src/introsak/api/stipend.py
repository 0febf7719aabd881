"""/api/v1: the introduction stipend — the calculator, payroll runs, payslips and the other
benefits (and wages) that reduce the stipend.

Mounted at /v1:

- POST /stipend/calculate: a scenario in the exchange format of `introsak calculate-stipend`
  and the calculator page, answered with the result's lines. The scenario is read by
  `calculation.parse_scenario`, so the messages and fields are the command's: a bad field is
  a 422 on it (["body", "payload", "invalid_absence", 0, "hours"]).
- /payroll-runs (GET, POST: prepare the month), /payroll-runs/{id} (GET), .../actions (POST:
  check, reopen, approve, export, discard, rebuild) and .../files/{csv|xlsx} (GET: the file
  exactly as it was made at export).
- /participants/{id}/payslips (GET): what the participant has been paid, by run month.
- /participants/{id}/stipend-reductions (GET, POST) and .../{reduction_id} (DELETE).

The views are thin, like the screens (stipend/views.py): runs are fetched through the policy
(another municipality's run is a 404), the services check the role (403) and the workflow with
its four-eyes rules (422 on `status`, with the reason).
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Field, Path, Router, Schema
from ninja.errors import ValidationError as RequestValidationError
from ninja.responses import Status as HttpStatus

from introsak.core import audit
from introsak.core.permissions import (
    get_visible_participant_or_404,
    get_visible_run_or_404,
    own_participant,
    visible_runs,
)
from introsak.core.web import log_api_read as _log_read
from introsak.core.web import require_api as _require
from introsak.stipend import calculation as calc
from introsak.stipend import selectors, services
from introsak.stipend.models import PaymentKind, PayrollRun, Reduction, RunStatus
from introsak.stipend.workflow import STEPS, steps_from

router = Router(tags=["stipend"])

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
RUN_ACTIONS = (*STEPS, "rebuild")
FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- the scenario (documentation only: parse_scenario reads the body) --------------------


class ScenarioUnpaidPeriod(Schema):
    from_: datetime.date = Field(..., alias="from")
    to: datetime.date
    kind: Literal[tuple(calc.UNPAID_KINDS)]  # type: ignore[valid-type]


class ScenarioInvalidAbsence(Schema):
    date: datetime.date = Field(..., description="A day in the month with stipend")
    hours: str = Field(
        ...,
        description="Hours as a string (a number is accepted), at most 2 decimals",
        examples=["2.5"],
    )


class ScenarioReduction(Schema):
    kind: Literal[tuple(calc.REDUCTION_KINDS)]  # type: ignore[valid-type]
    amount: str = Field(
        ..., description="Kroner for the month, at most 2 decimals", examples=["1500.00"]
    )


class StipendScenario(Schema):
    """One participant's month, as `introsak calculate-stipend` reads it. Unknown fields are
    refused (a misspelt field must not quietly pay the full rate)."""

    month: str = Field(..., pattern=MONTH_PATTERN, examples=["2026-05"])
    legal_basis: Literal[calc.LEGAL_BASES] = Field(  # type: ignore[valid-type]
        ..., description="IL (integreringsloven), IntroL (introduksjonsloven) or IL-6A"
    )
    birth_date: datetime.date
    lives_with_parent: bool = False
    couple_without_children: bool = Field(
        False, description="Spouses or cohabitants without children, both in the programme"
    )
    programme_start: datetime.date
    programme_end: datetime.date | None = None
    unpaid: list[ScenarioUnpaidPeriod] = Field(
        [], description="Leave without stipend and suspension"
    )
    invalid_absence: list[ScenarioInvalidAbsence] = []
    reductions: list[ScenarioReduction] = Field(
        [], description="Other benefits and wages, deducted krone for krone"
    )


def _inline_refs(schema: dict) -> dict:
    """The JSON schema with its $defs written in place (the request body is inline)."""
    defs = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    result = inline(schema)
    result["additionalProperties"] = False
    return result


SCENARIO_SCHEMA = _inline_refs(StipendScenario.model_json_schema(by_alias=True))


# --- schemas ------------------------------------------------------------------------------


class LineOut(Schema):
    code: str = Field(
        ...,
        description=(
            "base_month, base_stretch, base_days, invalid_absence, reduction_<kind>, floor; in "
            "a run also correction_<code> and carry_over"
        ),
    )
    text: str = Field(..., description="The explanation in Norwegian, as on the payslip")
    quantity: str | None = Field(..., description="Days, hours or 1 (month); null for sums")
    rate: str | None = Field(..., description="Kroner per month, day or hour")
    amount: str = Field(..., description="Kroner, rounded to øre; deductions are negative")


class CalculationOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    lines: list[LineOut]
    net: str = Field(..., description="The sum of the lines, never below zero")
    decision_required: bool = Field(
        ...,
        description=(
            "The absence deduction is at least half the base amount and at least 1/12 G: it "
            "needs a decision (enkeltvedtak) before it is paid"
        ),
    )


class RunCountsOut(Schema):
    payments: int
    participants: int
    differences: int = Field(..., description="Payments that correct an earlier month")
    held_back: int = Field(..., description="Participants whose month is not approved yet")


class RunOut(Schema):
    id: int
    month: str = Field(..., description="YYYY-MM")
    status: str = Field(..., description="draft, checked, approved, exported or discarded")
    total: str = Field(..., description="Kroner")
    prepared_by: str | None
    prepared_at: datetime.datetime
    checked_by: str | None
    checked_at: datetime.datetime | None
    approved_by: str | None
    approved_at: datetime.datetime | None
    exported_by: str | None
    exported_at: datetime.datetime | None
    counts: RunCountsOut


class PaymentOut(Schema):
    id: int
    participant_id: int
    participant: str = Field(..., description="The participant's name")
    month: str = Field(..., description="The month the lines are for (YYYY-MM)")
    kind: str = Field(..., description="regular (the month) or difference (an earlier month)")
    net: str
    decision_required: bool
    blocked: bool = Field(
        ..., description="The deduction needs a decision that does not exist yet: no approval"
    )
    paid: bool
    lines: list[LineOut]


class HeldBackOut(Schema):
    participant_id: int
    name: str
    reason: str = Field(..., description="timesheet_not_approved")


class ExportFileOut(Schema):
    kind: str = Field(..., description="csv or xlsx")
    filename: str
    sha256: str
    created_at: datetime.datetime


class RunDetailOut(RunOut):
    allowed_actions: list[str] = Field(
        ..., description="The actions the caller's role allows now (the four-eyes rules apply)"
    )
    payments: list[PaymentOut]
    held_back: list[HeldBackOut]
    files: list[ExportFileOut]


class PrepareIn(Schema):
    month: str = Field(..., pattern=MONTH_PATTERN, description="YYYY-MM", examples=["2026-05"])


class RunActionIn(Schema):
    action: Literal[RUN_ACTIONS] = Field(  # type: ignore[valid-type]
        ...,
        description=(
            "check (not by the preparer), reopen (back to draft), approve (by neither the "
            "preparer nor the checker, nor anyone who changed a bank account or payment facts "
            "since the last run), export (writes the files), discard, rebuild (a draft again "
            "from today's data)"
        ),
    )


class PayslipPaymentOut(Schema):
    month: str = Field(..., description="The month the lines are for (YYYY-MM)")
    kind: str = Field(..., description="regular or difference")
    net: str
    lines: list[LineOut]


class PayslipOut(Schema):
    month: str = Field(..., description="The run's month: when it was paid (YYYY-MM)")
    run_id: int
    net: str
    payments: list[PayslipPaymentOut]


class ReductionIn(Schema):
    month: str = Field(..., pattern=MONTH_PATTERN, description="YYYY-MM")
    kind: str = Field(..., description=", ".join(calc.REDUCTION_KINDS))
    amount: Decimal = Field(
        ..., max_digits=10, description="Kroner, more than zero, at most 2 decimals"
    )
    note: str = Field("", max_length=200)


class ReductionOut(Schema):
    id: int
    month: str = Field(..., description="YYYY-MM")
    kind: str
    amount: str
    note: str
    registered_by_id: int
    registered_by: str
    registered_at: datetime.datetime

    @staticmethod
    def resolve_month(obj):
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_amount(obj):
        return str(obj.amount)

    @staticmethod
    def resolve_registered_by(obj):
        return str(obj.registered_by)


# --- helpers ------------------------------------------------------------------------------


def _month(value: str) -> datetime.date:
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


def _name(user) -> str | None:
    return str(user) if user is not None else None


def _with_counts(queryset):
    return queryset.annotate(
        payment_count=Count("payments"),
        participant_count=Count("payments__participant", distinct=True),
        difference_count=Count("payments", filter=Q(payments__kind=PaymentKind.DIFFERENCE)),
    )


def _run_output(run: PayrollRun) -> dict:
    return {
        "id": run.pk,
        "month": f"{run.month:%Y-%m}",
        "status": run.status,
        "total": str(run.total),
        "prepared_by": _name(run.prepared_by),
        "prepared_at": run.prepared_at,
        "checked_by": _name(run.checked_by),
        "checked_at": run.checked_at,
        "approved_by": _name(run.approved_by),
        "approved_at": run.approved_at,
        "exported_by": _name(run.exported_by),
        "exported_at": run.exported_at,
        "counts": {
            "payments": run.payment_count,
            "participants": run.participant_count,
            "differences": run.difference_count,
            "held_back": len(run.held_back or []),
        },
    }


def _run_or_404(request, run_id: int) -> PayrollRun:
    """The run with its counts, through the policy: another municipality's is not found."""
    run = (
        _with_counts(visible_runs(request.auth))
        .select_related("prepared_by", "checked_by", "approved_by", "exported_by")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise Http404
    _require(request, "stipend.view_run", run)
    return run


def _allowed_actions(user, run: PayrollRun) -> list[str]:
    """What the screen offers: the steps the role allows from the run's status (the four-eyes
    rules are checked when the step is taken)."""
    actions = [
        name for name in steps_from(run.status) if user.has_perm(STEPS[name].permission, run)
    ]
    if run.status == RunStatus.DRAFT and user.has_perm("stipend.prepare_run", run):
        actions.append("rebuild")
    return actions


def _run_detail(request, run_id: int) -> dict:
    run = _run_or_404(request, run_id)
    blocked = (
        {p.pk for p in services.blocked_payments(run)}
        if run.status in (RunStatus.DRAFT, RunStatus.CHECKED)
        else set()
    )
    return {
        **_run_output(run),
        "allowed_actions": _allowed_actions(request.auth, run),
        "payments": [
            {
                "id": payment.pk,
                "participant_id": payment.participant_id,
                "participant": payment.participant.full_name,
                "month": f"{payment.month:%Y-%m}",
                "kind": payment.kind,
                "net": str(payment.net),
                "decision_required": payment.decision_required,
                "blocked": payment.pk in blocked,
                "paid": payment.paid,
                "lines": payment.lines,
            }
            for payment in selectors.payments_of(run)
        ],
        "held_back": run.held_back or [],
        "files": list(run.files.order_by("kind")),
    }


def _scenario_error(error: calc.ScenarioError) -> RequestValidationError:
    message = _(error.message) % error.params if error.params else _(error.message)
    # "scenario" is the body itself (not an object); the rest name a field or a row's field.
    parts = [] if error.field == "scenario" else error.field.split(".")
    loc = ["body", "payload", *(int(part) if part.isdigit() else part for part in parts)]
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": message}])


# --- the calculator -----------------------------------------------------------------------


@router.post(
    "/stipend/calculate",
    response=CalculationOut,
    summary="The stipend for a scenario, line by line («what if»)",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": SCENARIO_SCHEMA}}}},
)
def calculate_stipend(request, payload: Body[dict[str, Any]]):
    _require(request, "stipend.calculate")
    try:
        result = calc.calculate(calc.parse_scenario(payload), selectors.policy())
    except calc.ScenarioError as error:
        raise _scenario_error(error) from None
    return result.as_dict()


# --- payroll runs -------------------------------------------------------------------------


@router.get(
    "/payroll-runs",
    response=list[RunOut],
    summary="The municipality's payroll runs, newest month first",
)
def list_runs(request):
    _require(request, "stipend.view_runs")
    runs = (
        _with_counts(visible_runs(request.auth))
        .select_related("prepared_by", "checked_by", "approved_by", "exported_by")
        .order_by("-month", "-id")
    )
    return [_run_output(run) for run in runs]


@router.post(
    "/payroll-runs",
    response={201: RunDetailOut},
    summary="Prepare the month's run (a draft) from approved timesheets and decisions in force",
)
def prepare_run(request, payload: PrepareIn):
    run = services.prepare_run(actor=request.auth, month=_month(payload.month))
    return HttpStatus(201, _run_detail(request, run.pk))


@router.get(
    "/payroll-runs/{int:run_id}",
    response=RunDetailOut,
    summary="One run with its payments, lines, held-back participants and export files",
)
def get_run(request, run_id: int):
    run = get_visible_run_or_404(request.auth, run_id)
    # The run lists participants' names and money: who read it is kept.
    audit.record_event(actor=request.auth, action="payroll.view", obj=run, object_repr=str(run))
    return _run_detail(request, run_id)


@router.post(
    "/payroll-runs/{int:run_id}/actions",
    response=RunDetailOut,
    summary="Check, reopen, approve, export, discard or rebuild the run",
)
def take_run_action(request, run_id: int, payload: RunActionIn):
    run = get_visible_run_or_404(request.auth, run_id)
    if payload.action == "rebuild":
        services.rebuild_run(actor=request.auth, run=run)
    else:
        services.run_step(actor=request.auth, run=run, step=payload.action)
    return _run_detail(request, run.pk)


@router.get(
    "/payroll-runs/{int:run_id}/files/{kind}",
    summary="The exported file for the payroll system, exactly as it was made",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (CSV with BOM and semicolons, or Excel)",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in FILE_TYPES.values()
                },
            },
            404: {"description": "No such run, or the run has no file of that kind"},
        }
    },
)
def get_run_file(
    request,
    run_id: int,
    kind: str = Path(..., description="csv or xlsx"),
):
    run = get_visible_run_or_404(request.auth, run_id)
    _require(request, "stipend.view_run", run)
    if kind not in FILE_TYPES:
        raise Http404
    file = get_object_or_404(run.files, kind=kind)
    audit.record_event(
        actor=request.auth, action="payroll.download", obj=run, object_repr=file.filename
    )
    response = HttpResponse(bytes(file.content), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


# --- the participant's stipend ------------------------------------------------------------


def _payslip_participant(request, participant_id: int):
    """The participant's own record for a participant user; otherwise through the policy."""
    own = own_participant(request.auth)
    if own is not None:
        if own.pk != participant_id:
            raise Http404
        participant = own
    else:
        participant = get_visible_participant_or_404(request.auth, participant_id)
    _require(request, "stipend.view_payslip", participant)
    return participant


@router.get(
    "/participants/{int:participant_id}/payslips",
    response=list[PayslipOut],
    summary="What the participant has been paid, by run month, newest first, with the lines",
)
def list_payslips(request, participant_id: int):
    participant = _payslip_participant(request, participant_id)
    by_run: dict[int, dict] = {}
    payments: dict[int, list] = defaultdict(list)
    for payment in selectors.paid_payments(participant):
        slip = by_run.setdefault(
            payment.run_id,
            {"month": f"{payment.run.month:%Y-%m}", "run_id": payment.run_id, "net": Decimal(0)},
        )
        slip["net"] += payment.net
        payments[payment.run_id].append(payment)
    slips = []
    for run_id, slip in by_run.items():
        rows = sorted(payments[run_id], key=lambda p: (p.kind != PaymentKind.REGULAR, p.month))
        slip["net"] = str(slip["net"].quantize(Decimal("0.01")))
        slip["payments"] = [
            {"month": f"{p.month:%Y-%m}", "kind": p.kind, "net": str(p.net), "lines": p.lines}
            for p in rows
        ]
        slips.append(slip)
    _log_read(request, participant, "api.stipend.payslips")
    return slips


def _reductions_participant(request, participant_id: int):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    _require(request, "stipend.view_payslip", participant)
    return participant


@router.get(
    "/participants/{int:participant_id}/stipend-reductions",
    response=list[ReductionOut],
    summary="Other benefits and wages that reduce the stipend, newest month first",
)
def list_reductions(request, participant_id: int):
    participant = _reductions_participant(request, participant_id)
    reductions = list(participant.stipend_reductions.select_related("registered_by"))
    _log_read(request, participant, "api.stipend.reductions")
    return reductions


@router.post(
    "/participants/{int:participant_id}/stipend-reductions",
    response={201: ReductionOut},
    summary="Register another benefit or wages for a month (deducted krone for krone)",
)
def register_reduction(request, participant_id: int, payload: ReductionIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    reduction = services.register_reduction(
        actor=request.auth,
        participant=participant,
        month=_month(payload.month),
        kind=payload.kind,
        amount=payload.amount,
        note=payload.note,
    )
    return HttpStatus(201, reduction)


@router.delete(
    "/participants/{int:participant_id}/stipend-reductions/{int:reduction_id}",
    response={204: None},
    summary="Remove a registered benefit or wages",
)
def remove_reduction(request, participant_id: int, reduction_id: int):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    reduction = get_object_or_404(Reduction, pk=reduction_id, participant=participant)
    services.remove_reduction(actor=request.auth, reduction=reduction)
    return HttpStatus(204, None)
