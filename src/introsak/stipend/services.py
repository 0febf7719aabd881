"""Writes for the stipend: other benefits, pay codes, and the payroll run from preparation to
export. Each service is one transaction and writes its own audit event.

The four-eyes rules (a municipality once lost 4.5 million kroner because one employee could
both change payment details and release payments):
- the checker is not the preparer, and the approver is neither of them;
- the approver has not changed a bank account or a payment-relevant fact of a participant in
  the run since the last paid run (read from the audit trail).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from introsak.attendance.models import Correction, Timesheet, TimesheetStatus
from introsak.attendance.selectors import month_end, month_start
from introsak.core import audit
from introsak.core.models import AuditEvent, User
from introsak.core.permissions import require as _require
from introsak.decisions.models import IN_FORCE, Decision, DecisionType
from introsak.participants.models import Participant

from . import calculation as calc
from . import selectors
from .models import (
    ExportFile,
    LineGroup,
    PayCode,
    Payment,
    PaymentKind,
    PayrollRun,
    Reduction,
    RunStatus,
    line_group,
)
from .workflow import STEPS

HORIZON_MONTHS = 12
DEFAULT_PAY_CODES = {
    LineGroup.BASE: "1100",
    LineGroup.INVALID_ABSENCE: "1110",
    LineGroup.REDUCTION: "1120",
    LineGroup.FLOOR: "1130",
    LineGroup.CORRECTION: "1140",
}
# Participant fields whose change moves money (the bank account has its own event).
PAYMENT_FIELDS = frozenset(
    {
        "birth_date",
        "legal_basis",
        "household",
        "household_relation",
        "national_id",
        "employee_number",
    }
)
PAYMENT_FACT_ACTIONS = frozenset(
    {
        "participant.bank_account.change",
        "attendance.correct",
        "decision.draft",
        "decision.update",
        "household.create",
        "household.member.add",
        "stipend.reduction.register",
        "stipend.reduction.remove",
    }
)


def _today() -> datetime.date:
    return timezone.localdate()


def _month_name(month: datetime.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


# --- other benefits ---------------------------------------------------------------------


@transaction.atomic
def register_reduction(
    *,
    actor: User,
    participant: Participant,
    month: datetime.date | None,
    kind: str,
    amount: Decimal | None,
    note: str = "",
) -> Reduction:
    """Register another benefit or wages that reduce the month's stipend krone for krone
    (IL § 22; introduksjonsloven § 10)."""
    _require(actor, "stipend.manage_reductions", participant)
    errors = {}
    if amount is not None and not isinstance(amount, Decimal):
        try:
            amount = Decimal(str(amount))
        except ArithmeticError:
            raise ValidationError({"amount": _("Write the amount.")}) from None
    if month is None:
        errors["month"] = _("Choose the month.")
    if kind not in calc.REDUCTION_KINDS:
        errors["kind"] = _("Choose the kind of benefit.")
    if amount is None:
        errors["amount"] = _("Write the amount.")
    elif amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = _("Use at most two decimals.")
    if errors:
        raise ValidationError(errors)
    reduction = Reduction.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        month=month_start(month),
        kind=kind,
        amount=amount,
        note=(note or "").strip()[:200],
        registered_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="stipend.reduction.register",
        obj=reduction,
        participant_id=participant.pk,
        changes={
            "month": reduction.month.strftime("%Y-%m"),
            "kind": kind,
            "amount": str(amount),
        },
    )
    return reduction


@transaction.atomic
def remove_reduction(*, actor: User, reduction: Reduction) -> None:
    _require(actor, "stipend.manage_reductions", reduction.participant)
    audit.record_event(
        actor=actor,
        action="stipend.reduction.remove",
        obj=reduction,
        participant_id=reduction.participant_id,
        changes={
            "month": reduction.month.strftime("%Y-%m"),
            "kind": reduction.kind,
            "amount": str(reduction.amount),
        },
    )
    reduction.delete()


@transaction.atomic
def set_pay_codes(*, actor: User, codes: dict[str, str]) -> None:
    """The municipality's pay codes («lønnsarter») for each group of lines."""
    _require(actor, "stipend.manage_pay_codes")
    errors = {}
    for group in LineGroup.values:
        value = (codes.get(group) or "").strip()
        if not value:
            errors[group] = _("Write the pay code.")
        elif len(value) > 20:
            errors[group] = _("At most 20 characters.")
    if errors:
        raise ValidationError(errors)
    before = dict(
        PayCode.objects.filter(municipality_id=actor.municipality_id).values_list(
            "group", "pay_code"
        )
    )
    changes = {}
    for group in LineGroup.values:
        value = codes[group].strip()
        if before.get(group) != value:
            PayCode.objects.update_or_create(
                municipality_id=actor.municipality_id, group=group, defaults={"pay_code": value}
            )
            changes[group] = {"old": before.get(group), "new": value}
    if changes:
        audit.record_event(
            actor=actor,
            action="stipend.pay_codes.change",
            municipality=actor.municipality,
            object_type="stipend.paycode",
            object_repr=_("Pay codes"),
            changes=changes,
        )


def pay_codes(municipality_id: int) -> dict[str, str]:
    codes = dict(DEFAULT_PAY_CODES)
    codes.update(
        PayCode.objects.filter(municipality_id=municipality_id).values_list("group", "pay_code")
    )
    return codes


# --- building a run ---------------------------------------------------------------------


def _payee(participant: Participant) -> dict:
    return {
        "name": participant.full_name,
        "employee_number": participant.employee_number,
        "national_id": participant.national_id,
        "bank_account": participant.bank_account,
    }


def _line_dicts(result: calc.Result) -> list[dict]:
    return [line.as_dict() for line in result.lines]


def _difference_lines(month: datetime.date, previous: list[dict], new: list[dict]) -> list[dict]:
    """Lines that bring what was paid for `month` to what should have been paid, one per kind
    of line that changed («Etterberegning april 2026: …»)."""

    def by_code(lines):
        sums: dict[str, Decimal] = defaultdict(Decimal)
        texts: dict[str, list[str]] = defaultdict(list)
        for line in lines:
            code = line["code"].removeprefix("correction_")
            sums[code] += Decimal(line["amount"])
            if not line["code"].startswith("correction_"):
                texts[code].append(line["text"])
        return sums, texts

    old, _old_texts = by_code(previous)
    now, now_texts = by_code(new)
    label = _month_name(month)
    result = []
    for code in list(now) + [c for c in old if c not in now]:
        difference = now.get(code, Decimal("0.00")) - old.get(code, Decimal("0.00"))
        if not difference:
            continue
        if code == "carry_over":
            what = _("deduction carried over from an earlier run")
        else:
            what = "; ".join(now_texts.get(code) or []) or _("no longer due")
        result.append(
            {
                "code": f"correction_{code}",
                "text": _("Correction %(month)s: %(what)s (now %(now)s, paid %(paid)s)")
                % {
                    "month": label,
                    "what": what,
                    "now": calc.kr(now.get(code, Decimal("0.00"))),
                    "paid": calc.kr(old.get(code, Decimal("0.00"))),
                },
                "quantity": None,
                "rate": None,
                "amount": str(difference),
            }
        )
    return result


def _carry_over(regular: list[Payment], differences: list[Payment]) -> None:
    """Corrections never take a participant's payment in a run below zero (the stipend is never
    negative); what is left is carried to the next run, where it is recomputed."""
    total: dict[int, Decimal] = defaultdict(Decimal)
    for payment in regular + differences:
        total[payment.participant_id] += payment.net
    last = {p.participant_id: p for p in differences}
    for pid, amount in total.items():
        if amount < 0 and pid in last:
            payment = last[pid]
            payment.lines = [
                *payment.lines,
                {
                    "code": "carry_over",
                    "text": _("Deduction larger than this payment, carried to the next run"),
                    "quantity": None,
                    "rate": None,
                    "amount": str(-amount),
                },
            ]
            payment.net -= amount


@dataclass(slots=True)
class _NewPayment:
    """A payment being built: the columns of `Payment`, without a model instance per row (a
    municipality-wide run builds thousands, and a model instance costs more than its row)."""

    run_id: int
    municipality_id: int
    participant_id: int
    month: datetime.date
    kind: str
    scenario: dict
    lines: list
    net: Decimal
    g: int
    decision_required: bool
    payee: dict
    paid: bool = False

    def row(self) -> tuple:
        return tuple(getattr(self, column) for column in PAYMENT_COLUMNS)


class _Builder:
    """Builds the payments of a run: the month itself and differences for earlier months."""

    def __init__(self, run: PayrollRun, policy: calc.Policy):
        self.run, self.policy = run, policy
        self.municipality_id = run.municipality_id
        self.month = run.month

    def participants(self):
        in_programme = Decision.objects.filter(
            municipality_id=self.municipality_id,
            decision_type=DecisionType.GRANT,
            status__in=IN_FORCE,
        ).values("participant_id")
        return selectors.participants_for_stipend(
            Participant.objects.filter(municipality_id=self.municipality_id, pk__in=in_programme)
        )

    def build(self) -> tuple[list[_NewPayment], list[dict], list[int]]:
        participants = self.participants()
        data = selectors.MonthData(participants, [self.month], municipality_id=self.municipality_id)
        payments, held_back = [], []
        for participant in participants:
            month = data.month(participant.pk, self.month)
            if month.scenario is None:
                continue
            if not month.approved:
                held_back.append(
                    {
                        "participant_id": participant.pk,
                        "name": participant.full_name,
                        "reason": "timesheet_not_approved",
                    }
                )
                continue
            payments.append(self._payment(participant, month.scenario, PaymentKind.REGULAR))
        differences, settles = self.differences({p.pk: p for p in participants})
        _carry_over(payments, differences)
        return payments + differences, held_back, settles

    def _payment(self, participant, scenario, kind, lines=None, result=None) -> _NewPayment:
        result = result or calc.calculate(scenario, self.policy)
        lines = _line_dicts(result) if lines is None else lines
        return _NewPayment(
            run_id=self.run.pk,
            municipality_id=self.municipality_id,
            participant_id=participant.pk,
            month=scenario.month,
            kind=kind,
            scenario=selectors.scenario_snapshot(scenario),
            lines=lines,
            net=sum((Decimal(line["amount"]) for line in lines), Decimal("0.00")),
            g=result.g,
            decision_required=result.decision_required,
            payee=_payee(participant),
        )

    def differences(self, known: dict[int, Participant]):
        """Earlier months whose inputs changed after they were paid, or that were held back:
        recompute them from today's data and pay the difference (late absence, a new G,
        decisions with back-dated effect, other benefits registered late)."""
        horizon = _add_months(self.month, -HORIZON_MONTHS)
        paid = defaultdict(list)
        approved_at: dict[tuple[int, datetime.date], datetime.datetime] = {}
        g_paid: dict[tuple[int, datetime.date], int] = {}
        for pid, month, lines, g, kind, at in Payment.objects.filter(
            municipality_id=self.municipality_id,
            paid=True,
            month__gte=horizon,
            month__lt=self.month,
        ).values_list("participant_id", "month", "lines", "g", "kind", "run__approved_at"):
            paid[(pid, month)].extend(lines)
            approved_at[(pid, month)] = max(at, approved_at.get((pid, month), at))
            if kind == PaymentKind.REGULAR:
                g_paid[(pid, month)] = g
        candidates: set[tuple[int, datetime.date]] = set()
        # Held back earlier, approved since.
        for pid, month in Timesheet.objects.filter(
            municipality_id=self.municipality_id,
            status=TimesheetStatus.APPROVED,
            month__gte=horizon,
            month__lt=self.month,
        ).values_list("participant_id", "month"):
            if (pid, month) not in paid:
                candidates.add((pid, month))
        # A deduction carried over from an earlier run.
        for key, lines in paid.items():
            if sum(Decimal(x["amount"]) for x in lines if x["code"].endswith("carry_over")):
                candidates.add(key)
        # A new G after the month was paid.
        for key, g in g_paid.items():
            if self.policy.g_on(month_end(key[1])) != g:
                candidates.add(key)
        # Corrections to locked months not yet settled.
        corrections = list(
            Correction.objects.filter(
                municipality_id=self.municipality_id,
                settled_in_run_id__isnull=True,
                date__lt=self.month,
            ).values_list("id", "participant_id", "date")
        )
        for _id, pid, day in corrections:
            if (pid, month_start(day)) in paid:
                candidates.add((pid, month_start(day)))
        paid_pids = {pid for pid, _m in paid}
        first_paid = min(approved_at.values()) if approved_at else None
        if first_paid is not None:
            # Decisions, other benefits and personal facts changed after the payment.
            changed: list[tuple[int, datetime.datetime]] = list(
                Decision.objects.filter(
                    participant_id__in=paid_pids, decided_at__gt=first_paid
                ).values_list("participant_id", "decided_at")
            )
            changed += list(
                Reduction.objects.filter(
                    participant_id__in=paid_pids, registered_at__gt=first_paid
                ).values_list("participant_id", "registered_at")
            )
            changed += [
                (p.pk, p.updated_at)
                for p in known.values()
                if p.pk in paid_pids and p.updated_at > first_paid
            ]
            for pid, at in changed:
                for (ppid, month), paid_at in approved_at.items():
                    if ppid == pid and at > paid_at:
                        candidates.add((pid, month))
        candidates = {(pid, m) for pid, m in candidates if pid in known}
        if not candidates:
            return [], []
        data = selectors.MonthData(
            [known[pid] for pid in {pid for pid, _m in candidates}],
            sorted({m for _p, m in candidates}),
        )
        payments = []
        for pid, month in sorted(candidates):
            current = data.month(pid, month)
            if current.scenario is None or not current.approved:
                continue
            result = calc.calculate(current.scenario, self.policy)
            lines = _difference_lines(month, paid.get((pid, month), []), _line_dicts(result))
            if lines:
                payments.append(
                    self._payment(
                        known[pid], current.scenario, PaymentKind.DIFFERENCE, lines, result
                    )
                )
        settled_months = {(p.participant_id, p.month) for p in payments} | set(candidates)
        settles = [
            cid for cid, pid, day in corrections if (pid, month_start(day)) in settled_months
        ]
        return payments, settles


@transaction.atomic
def prepare_run(*, actor: User, month: datetime.date | None) -> PayrollRun:
    """Make the month's payroll run (draft) from approved timesheets and decisions in force,
    with a frozen snapshot of every input."""
    _require(actor, "stipend.prepare_run", actor)
    if month is None:
        raise ValidationError({"month": _("Choose the month.")})
    month = month_start(month)
    if month > month_start(_today()):
        raise ValidationError({"month": _("A month that has not started cannot be paid.")})
    existing = (
        PayrollRun.objects.select_for_update()
        .filter(municipality_id=actor.municipality_id, month=month)
        .exclude(status=RunStatus.DISCARDED)
        .first()
    )
    if existing is not None:
        if existing.is_paid:
            message = _("%(month)s is already paid (run no. %(id)s).")
        else:
            message = _(
                "There is already a run for %(month)s (no. %(id)s). Open it, or discard it."
            )
        raise ValidationError({"month": message % {"month": _month_name(month), "id": existing.pk}})
    policy = selectors.policy()
    try:
        with transaction.atomic():
            run = PayrollRun.objects.create(
                municipality_id=actor.municipality_id,
                month=month,
                prepared_by=actor,
                policy=selectors.policy_as_dict(policy),
            )
    except IntegrityError:
        raise ValidationError(
            {
                "month": _("Someone else made a run for %(month)s just now.")
                % {"month": _month_name(month)}
            }
        ) from None
    try:
        _fill(run, policy)
    except calc.ScenarioError as error:
        raise ValidationError({"month": _(error.message) % error.params}) from None
    audit.record_event(
        actor=actor,
        action="payroll.prepare",
        obj=run,
        object_repr=str(run),
        changes={"payments": run.payments.count(), "total": str(run.total)},
    )
    return run


COPY_FROM = 200  # payments; below this an INSERT is as quick
PAYMENT_COLUMNS = (
    "run_id",
    "municipality_id",
    "participant_id",
    "month",
    "kind",
    "scenario",
    "lines",
    "net",
    "g",
    "decision_required",
    "paid",
    "payee",
)


def _insert_payments(payments: list[_NewPayment]) -> None:
    """Write the run's payments. On PostgreSQL with COPY: a municipality-wide run writes one
    row per participant with its JSON, and COPY does that about four times faster than an
    INSERT (bench/payroll.py)."""
    if connection.vendor != "postgresql" or len(payments) < COPY_FROM:
        Payment.objects.bulk_create(
            [Payment(**dict(zip(PAYMENT_COLUMNS, p.row(), strict=True))) for p in payments],
            batch_size=2000,
        )
        return
    table = connection.ops.quote_name(Payment._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in PAYMENT_COLUMNS)
    dumps = json.dumps
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for p in payments:
            copy.write_row(
                (
                    p.run_id,
                    p.municipality_id,
                    p.participant_id,
                    p.month,
                    p.kind,
                    dumps(p.scenario),
                    dumps(p.lines),
                    p.net,
                    p.g,
                    p.decision_required,
                    p.paid,
                    dumps(p.payee),
                )
            )


def _fill(run: PayrollRun, policy: calc.Policy) -> None:
    # The lines are the payslip's text, kept as written: always bokmål, like the calculation's.
    with translation.override("nb"):
        payments, held_back, settles = _Builder(run, policy).build()
    _insert_payments(payments)
    run.held_back = held_back
    run.settles_corrections = settles
    run.total = sum((p.net for p in payments), Decimal("0.00"))
    run.save(update_fields=["held_back", "settles_corrections", "total"])


@transaction.atomic
def rebuild_run(*, actor: User, run: PayrollRun) -> PayrollRun:
    """Build a draft again from today's data (after a timesheet or a decision changed)."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _require(actor, "stipend.prepare_run", run)
    if run.status != RunStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can be made again.")})
    run.payments.all().delete()
    policy = selectors.policy()
    run.policy = selectors.policy_as_dict(policy)
    run.prepared_by, run.prepared_at = actor, timezone.now()
    run.save(update_fields=["policy", "prepared_by", "prepared_at"])
    _fill(run, policy)
    audit.record_event(
        actor=actor,
        action="payroll.rebuild",
        obj=run,
        object_repr=str(run),
        changes={"total": str(run.total)},
    )
    return run


# --- checks -----------------------------------------------------------------------------


def recompute_mismatches(run: PayrollRun) -> list[Payment]:
    """Payments whose snapshot, recomputed with the run's own rules, no longer gives the
    stored lines (it never should: this proves the snapshot is complete)."""
    policy = selectors.policy_from_dict(run.policy)
    wrong = []
    for payment in run.payments.filter(kind=PaymentKind.REGULAR).select_related("participant"):
        scenario = selectors.scenario_from_snapshot(payment.scenario)
        if _line_dicts(calc.calculate(scenario, policy)) != payment.lines:
            wrong.append(payment)
    return wrong


def blocked_payments(run: PayrollRun) -> list[Payment]:
    """Payments whose deduction needs a decision that does not exist yet."""
    needing = list(run.payments.filter(decision_required=True).select_related("participant"))
    if not needing:
        return []
    covered = selectors.decisions_covering(
        {p.participant_id for p in needing}, sorted({p.month for p in needing})
    )
    return [p for p in needing if (p.participant_id, p.month) not in covered]


def payment_fact_changers(run: PayrollRun) -> dict[int, set[int]]:
    """Who changed a bank account or a payment-relevant fact of a participant in the run since
    the last paid run: {user id: participant ids}."""
    last = selectors.last_paid_run(run.municipality_id, run.month)
    since = last.approved_at if last else run.prepared_at - datetime.timedelta(days=366)
    pids = set(run.payments.values_list("participant_id", flat=True))
    result: dict[int, set[int]] = defaultdict(set)
    for actor_id, action, pid, changes in (
        AuditEvent.objects.filter(
            municipality_id=run.municipality_id, at__gt=since, participant_id__in=pids
        )
        .filter(Q(action__in=PAYMENT_FACT_ACTIONS) | Q(action="participant.update"))
        .values_list("actor_id", "action", "participant_id", "changes")
    ):
        if action == "participant.update" and not (set(changes or {}) & PAYMENT_FIELDS):
            continue
        if actor_id is not None:
            result[actor_id].add(pid)
    return result


def _names(names) -> str:
    names = sorted(set(names))
    shown = ", ".join(names[:5])
    return shown + (f" (+{len(names) - 5})" if len(names) > 5 else "")


@transaction.atomic
def run_step(*, actor: User, run: PayrollRun, step: str) -> PayrollRun:
    """Move a run along its workflow (see `workflow.STEPS`), with the four-eyes rules.

    Concurrent requests are serialised on the run's row; the database's «paid once»
    constraint is the last guard against a participant-month being paid twice.
    """
    if step not in STEPS:
        raise ValidationError({"step": _("Unknown step.")})
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    rule = STEPS[step]
    _require(actor, rule.permission, run)
    if run.status not in rule.sources:
        raise ValidationError(
            {
                "status": _("The run is «%(status)s»; that step is not possible now.")
                % {"status": run.get_status_display()}
            }
        )
    now = timezone.now()
    changes: dict = {"status": {"old": run.status, "new": rule.target}}
    if step == "check":
        if actor.pk == run.prepared_by_id:
            raise ValidationError({"status": _("Someone other than the preparer checks the run.")})
        if recompute_mismatches(run):
            raise ValidationError(
                {"status": _("The stored lines do not match a recomputation. Make the run again.")}
            )
        run.checked_by, run.checked_at = actor, now
    elif step == "reopen":
        run.checked_by, run.checked_at = None, None
    elif step == "approve":
        _check_approval(actor, run)
        try:
            with transaction.atomic():
                Payment.objects.filter(run=run).update(paid=True)
        except IntegrityError:
            raise ValidationError(
                {"status": _("A participant-month in this run is already paid in another run.")}
            ) from None
        Correction.objects.filter(
            pk__in=run.settles_corrections, settled_in_run_id__isnull=True
        ).update(settled_in_run_id=run.pk)
        run.approved_by, run.approved_at = actor, now
    elif step == "export":
        _make_export_files(actor, run)
        run.exported_by, run.exported_at = actor, now
    run.status = rule.target
    run.save()
    audit.record_event(
        actor=actor, action=f"payroll.{step}", obj=run, object_repr=str(run), changes=changes
    )
    return run


def _check_approval(actor: User, run: PayrollRun) -> None:
    if actor.pk == run.prepared_by_id:
        raise ValidationError({"status": _("You prepared this run, so someone else approves it.")})
    if actor.pk == run.checked_by_id:
        raise ValidationError({"status": _("You checked this run, so someone else approves it.")})
    changed = payment_fact_changers(run).get(actor.pk)
    if changed:
        raise ValidationError(
            {
                "status": ngettext(
                    "You changed the bank account or payment facts of %(names)s since the last "
                    "run, so someone else approves it.",
                    "You changed bank accounts or payment facts of %(names)s since the last "
                    "run, so someone else approves it.",
                    len(changed),
                )
                % {"names": _names(p.full_name for p in Participant.objects.filter(pk__in=changed))}
            }
        )
    blocked = blocked_payments(run)
    if blocked:
        raise ValidationError(
            {
                "status": ngettext(
                    "The deduction for %(names)s needs a decision first.",
                    "The deductions for %(names)s need decisions first.",
                    len(blocked),
                )
                % {"names": _names(p.participant.full_name for p in blocked)}
            }
        )


# --- export -----------------------------------------------------------------------------

EXPORT_HEADER = [
    "ansattnr_eller_fnr",
    "lonnsart",
    "belop",
    "periode",
    "utbetalingsmaned",
    "tekst",
    "navn",
]


def export_rows(run: PayrollRun) -> list[list[str]]:
    codes = pay_codes(run.municipality_id)
    rows = []
    for payment in selectors.payments_of(run):
        payee = payment.payee or {}
        who = payee.get("employee_number") or payee.get("national_id") or ""
        for line in payment.lines:
            rows.append(
                [
                    who,
                    codes[line_group(line["code"])],
                    line["amount"].replace(".", ","),
                    payment.month.strftime("%Y-%m"),
                    run.month.strftime("%Y-%m"),
                    line["text"],
                    payee.get("name", ""),
                ]
            )
    return rows


def export_summary(run: PayrollRun) -> list[list[str]]:
    codes = pay_codes(run.municipality_id)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    participants = set()
    for payment in run.payments.all():
        participants.add(payment.participant_id)
        for line in payment.lines:
            group = line_group(line["code"])
            totals[group] += Decimal(line["amount"])
            counts[group] += 1
    rows = [
        [
            codes[group],
            str(LineGroup(group).label),
            str(counts[group]),
            str(totals[group]).replace(".", ","),
        ]
        for group in LineGroup.values
        if counts[group]
    ]
    rows.append(["", _("Total"), str(len(participants)), str(run.total).replace(".", ",")])
    return rows


def _make_export_files(actor: User, run: PayrollRun) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = export_rows(run)
    summary = export_summary(run)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    writer.writerows(rows)
    csv_bytes = ("\ufeff" + text.getvalue()).encode("utf-8")

    book = Workbook()
    sheet = book.active
    sheet.title = _("Lines")[:31]
    sheet.append(EXPORT_HEADER)
    for row in rows:
        sheet.append([*row[:2], Decimal(row[2].replace(",", ".")), *row[3:]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    summary_sheet = book.create_sheet(_("Summary")[:31])
    summary_sheet.append([_("Pay code"), _("Lines"), _("Count"), _("Amount")])
    for row in summary:
        summary_sheet.append([*row[:3], Decimal(row[3].replace(",", "."))])
    for cell in summary_sheet[1]:
        cell.font = Font(bold=True)
    book.properties.creator = "Introsak"
    book.properties.created = datetime.datetime(run.month.year, run.month.month, 1)
    book.properties.modified = book.properties.created
    buffer = io.BytesIO()
    book.save(buffer)
    stem = f"introduksjonsstonad-{run.month:%Y-%m}-kjoring-{run.pk}"
    for kind, content in (("csv", csv_bytes), ("xlsx", buffer.getvalue())):
        ExportFile.objects.create(
            run=run,
            kind=kind,
            filename=f"{stem}.{kind}",
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            created_by=actor,
        )
