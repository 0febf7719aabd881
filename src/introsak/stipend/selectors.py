"""Reads for the stipend: the policy from the dated rule tables, and each participant's month
as a scenario for the calculation, for many participants in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, Q, Sum

from introsak.attendance.models import AbsenceType, Registration, Timesheet, TimesheetStatus
from introsak.attendance.selectors import month_end, month_start
from introsak.decisions import selectors as decision_selectors
from introsak.decisions.models import (
    IN_FORCE,
    Decision,
    DecisionType,
    RuleParameter,
    SuspensionKind,
    without_replaced,
)
from introsak.participants.models import LegalBasis, Participant, Relation

from . import calculation as calc
from .models import Payment, PayrollRun, Reduction, RunStatus

LEGAL_BASIS_NAMES = {
    LegalBasis.IL: calc.IL,
    LegalBasis.INTROL: calc.INTROL,
    LegalBasis.IL_6A: calc.IL_6A,
}
PARTNERS = (Relation.MAIN, Relation.SPOUSE, Relation.COHABITANT)
POLICY_KEYS = (
    "g",
    "stipend_g_multiple",
    "stipend_months_per_year",
    "stipend_days_per_month",
    "stipend_hours_per_year",
    "stipend_couple_sixths",
)


def policy() -> calc.Policy:
    """The stipend policy from the rule tables (one query)."""
    rows = list(RuleParameter.objects.filter(key__in=POLICY_KEYS).order_by("valid_from"))
    latest = {row.key: row.value for row in rows}
    couple = [row.valid_from for row in rows if row.key == "stipend_couple_sixths"]
    return calc.Policy(
        base_amounts=tuple((row.valid_from, row.value) for row in rows if row.key == "g"),
        couple_rule_from=couple[0] if couple else None,
        g_multiple=latest.get("stipend_g_multiple", 2),
        months_per_year=latest.get("stipend_months_per_year", 12),
        days_per_month=latest.get("stipend_days_per_month", 30),
        hours_per_year=latest.get("stipend_hours_per_year", 1850),
    )


def policy_as_dict(value: calc.Policy) -> dict:
    return {
        "base_amounts": [[d.isoformat(), g] for d, g in value.base_amounts],
        "couple_rule_from": value.couple_rule_from.isoformat() if value.couple_rule_from else None,
        "g_multiple": value.g_multiple,
        "months_per_year": value.months_per_year,
        "days_per_month": value.days_per_month,
        "hours_per_year": value.hours_per_year,
    }


def policy_from_dict(data: dict) -> calc.Policy:
    couple = data.get("couple_rule_from")
    return calc.Policy(
        base_amounts=tuple(
            (datetime.date.fromisoformat(d), g) for d, g in data.get("base_amounts", [])
        ),
        couple_rule_from=datetime.date.fromisoformat(couple) if couple else None,
        g_multiple=data.get("g_multiple", 2),
        months_per_year=data.get("months_per_year", 12),
        days_per_month=data.get("days_per_month", 30),
        hours_per_year=data.get("hours_per_year", 1850),
    )


# --- participants' months as scenarios ----------------------------------------------------


@dataclass
class Month:
    """One participant's month, ready for the calculation, or why it is not."""

    participant: Participant
    scenario: calc.Scenario | None
    approved: bool
    reason: str = ""


class MonthData:
    """Decisions, households, approved timesheets, invalid absence and reductions for many
    participants and one or more months, read in a fixed number of queries."""

    def __init__(
        self,
        participants: list[Participant],
        months: list[datetime.date],
        *,
        municipality_id: int | None = None,
    ):
        self.participants = {p.pk: p for p in participants}
        known = self.participants.__contains__
        # For a whole municipality, filtering by it is far cheaper than a list of every id.
        scope = (
            {"municipality_id": municipality_id}
            if municipality_id
            else {"participant_id__in": list(self.participants)}
        )
        self.months = sorted({month_start(m) for m in months})
        first, last = self.months[0], month_end(self.months[-1])
        self.decisions: dict[int, list[Decision]] = defaultdict(list)
        for decision in (
            without_replaced(Decision.objects.filter(status__in=IN_FORCE, **scope))
            .select_related("leave_type")
            .order_by("decided_at", "id")
        ):
            if known(decision.participant_id):
                self.decisions[decision.participant_id].append(decision)
        self.params = decision_selectors.Parameters()
        self.periods = {
            pid: decision_selectors.programme_period(decisions=ds, params=self.params, labels=False)
            for pid, ds in self.decisions.items()
        }
        self.approved = {
            key
            for key in Timesheet.objects.filter(
                status=TimesheetStatus.APPROVED, month__gte=first, month__lte=last, **scope
            ).values_list("participant_id", "month")
            if known(key[0])
        }
        # The same sums the baseline statement computes, per day because the hour rate is
        # the day's.
        self.absence: dict[tuple[int, datetime.date], list[tuple[datetime.date, Fraction]]] = (
            defaultdict(list)
        )
        for pid, day, hours in (
            Registration.objects.filter(
                date__gte=first, date__lte=last, status=Registration.Status.ABSENT, **scope
            )
            .filter(Q(absence_type=AbsenceType.INVALID) | Q(counts_as_invalid=True))
            .values_list("participant_id", "date")
            .annotate(hours=Sum("hours"))
            .order_by("participant_id", "date")
        ):
            if known(pid):
                self.absence[(pid, month_start(day))].append((day, Fraction(hours)))
        self.reductions: dict[tuple[int, datetime.date], list[calc.Reduction]] = defaultdict(list)
        for pid, month, kind, amount in Reduction.objects.filter(
            month__gte=first, month__lte=last, **scope
        ).values_list("participant_id", "month", "kind", "amount"):
            if known(pid):
                self.reductions[(pid, month)].append(calc.Reduction(kind, Fraction(amount)))

    def _unpaid(self, pid: int, start: datetime.date, end: datetime.date):
        result = []
        for d in self.decisions.get(pid, []):
            if not d.start_date:
                continue
            if d.decision_type == DecisionType.LEAVE:
                if d.leave_type is None or d.leave_type.with_stipend:
                    continue
                kind = "long_illness" if d.leave_type.code == "long_illness" else "care_leave"
                last = d.end_date or end
            elif d.decision_type == DecisionType.SUSPENSION:
                kind = "suspension"
                last = end if d.suspension_kind == SuspensionKind.PERMANENT else (d.end_date or end)
            else:
                continue
            if d.start_date <= end and last >= start:
                result.append(calc.UnpaidPeriod(max(d.start_date, start), min(last, end), kind))
        return tuple(result)

    def _lives_with_parent(self, participant: Participant) -> bool:
        household = participant.household
        if household is None:
            return False
        relations = {m.relation for m in household.members.all()} | {
            p.household_relation for p in household.participants.all() if p.pk != participant.pk
        }
        if participant.household_relation == Relation.CHILD:
            return bool(relations & set(PARTNERS))
        return participant.household_relation in PARTNERS and Relation.PARENT in relations

    def _couple_days(self, participant: Participant, start, end):
        """Days in [start, end] on which the participant's spouse or cohabitant, in the same
        household and without children there, is also in the programme (IL § 20 fourth
        paragraph)."""
        household = participant.household
        if household is None or participant.household_relation not in PARTNERS:
            return ()
        others = [p for p in household.participants.all() if p.pk != participant.pk]
        children = any(m.relation == Relation.CHILD for m in household.members.all()) or any(
            p.household_relation == Relation.CHILD for p in others
        )
        if children:
            return ()
        days = []
        for partner in others:
            if partner.household_relation not in PARTNERS:
                continue
            period = self.periods.get(partner.pk)
            if period is None:
                continue
            first, last = max(start, period.start), min(end, period.end)
            if first <= last:
                days.append((first, last))
        return tuple(days)

    def month(self, pid: int, month: datetime.date) -> Month:
        participant = self.participants[pid]
        start, end = month_start(month), month_end(month)
        period = self.periods.get(pid)
        if period is None or period.start > end or period.end < start:
            return Month(participant, None, False, "not_in_programme")
        if participant.birth_date is None:
            return Month(participant, None, False, "no_birth_date")
        scenario = calc.Scenario(
            month=start,
            legal_basis=LEGAL_BASIS_NAMES.get(participant.legal_basis, calc.IL),
            birth_date=participant.birth_date,
            programme_start=period.start,
            programme_end=period.end,
            lives_with_parent=self._lives_with_parent(participant),
            couple_without_children=False,
            unpaid=self._unpaid(pid, start, end),
            invalid_absence=tuple(
                calc.Absence(day, hours)
                for day, hours in self.absence.get((pid, start), [])
                if _paid(period, day)
            ),
            reductions=tuple(self.reductions.get((pid, start), [])),
            couple_days=self._couple_days(participant, start, end),
        )
        # Invalid absence on a day without stipend has nothing to reduce.
        scenario = _without_unpaid_absence(scenario)
        return Month(participant, scenario, (pid, start) in self.approved)


def _paid(period, day: datetime.date) -> bool:
    return period.start <= day <= period.end


def _without_unpaid_absence(scenario: calc.Scenario) -> calc.Scenario:
    if not scenario.invalid_absence or (
        not scenario.unpaid
        and scenario.programme_start <= scenario.month
        and (scenario.programme_end is None or scenario.programme_end >= scenario.month_end)
    ):
        return scenario  # every day of the month is paid: nothing to leave out
    kept = tuple(a for a in scenario.invalid_absence if calc._is_paid(scenario, a.date))
    if len(kept) == len(scenario.invalid_absence):
        return scenario
    return calc.Scenario(**{**scenario.__dict__, "invalid_absence": kept})


# What the stipend reads of a participant (a run builds thousands; fewer fields, less time).
STIPEND_FIELDS = (
    "municipality_id",
    "given_name",
    "family_name",
    "birth_date",
    "legal_basis",
    "national_id",
    "employee_number",
    "bank_account",
    "household_id",
    "household_relation",
    "updated_at",
)


def participants_for_stipend(queryset) -> list[Participant]:
    partners = Participant.objects.only(*STIPEND_FIELDS)
    return list(
        queryset.only(*STIPEND_FIELDS)
        .select_related("household")
        .prefetch_related(
            "household__members", Prefetch("household__participants", queryset=partners)
        )
    )


def scenario_snapshot(scenario: calc.Scenario) -> dict:
    data = calc.scenario_as_dict(scenario)
    data["couple_days"] = [[a.isoformat(), b.isoformat()] for a, b in scenario.couple_days or ()]
    return data


def scenario_from_snapshot(data: dict) -> calc.Scenario:
    couple = data.get("couple_days")
    plain = {k: v for k, v in data.items() if k in calc.SCENARIO_FIELDS}
    scenario = calc.parse_scenario(plain)
    if couple is not None:
        scenario = calc.Scenario(
            **{
                **scenario.__dict__,
                "couple_days": tuple(
                    (datetime.date.fromisoformat(a), datetime.date.fromisoformat(b))
                    for a, b in couple
                ),
            }
        )
    return scenario


# --- runs and payslips -------------------------------------------------------------------


def runs_for(municipality_id: int):
    return PayrollRun.objects.filter(municipality_id=municipality_id).select_related(
        "prepared_by", "checked_by", "approved_by", "exported_by"
    )


def payments_of(run: PayrollRun):
    return run.payments.select_related("participant").order_by(
        "participant__family_name", "participant__given_name", "participant_id", "month", "kind"
    )


def paid_payments(participant: Participant):
    """What the participant has been paid, newest first (the payslips)."""
    return (
        Payment.objects.filter(participant=participant, paid=True)
        .select_related("run")
        .order_by("-run__month", "-month")
    )


def last_paid_run(municipality_id: int, before: datetime.date) -> PayrollRun | None:
    return (
        PayrollRun.objects.filter(
            municipality_id=municipality_id,
            status__in=(RunStatus.APPROVED, RunStatus.EXPORTED),
            month__lt=before,
        )
        .order_by("-month")
        .first()
    )


def decisions_covering(participant_ids, months) -> set[tuple[int, datetime.date]]:
    """(participant, month) pairs with a deduction decision in force for that month."""
    if not participant_ids:
        return set()
    first, last = min(months), month_end(max(months))
    found = set()
    for pid, start, end in Decision.objects.filter(
        participant_id__in=participant_ids,
        decision_type=DecisionType.DEDUCTION,
        status__in=IN_FORCE,
        start_date__lte=last,
        end_date__gte=first,
    ).values_list("participant_id", "start_date", "end_date"):
        for month in months:
            if start <= month_end(month) and end >= month:
                found.add((pid, month))
    return found
