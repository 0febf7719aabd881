"""Reads for decisions: the rule rows in force on a date, the programme period that follows
from a participant's decisions, and the deadlines on the consultant's start page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.db.models import Prefetch, Q, QuerySet

from introsak.core.models import User
from introsak.core.permissions import visible_participants
from introsak.participants.models import ACTIVE_STATUSES, Participant

from . import rules
from .models import (
    IN_FORCE,
    PENDING,
    Appeal,
    Decision,
    DecisionType,
    LeaveType,
    LegalReference,
    RuleParameter,
    SuspensionKind,
    TrackLength,
    without_replaced,
)

PAUSE_TYPES = (DecisionType.LEAVE, DecisionType.SUSPENSION)


class Parameters:
    """The dated rule parameters, read in one query and looked up by date in Python."""

    def __init__(self):
        self._rows = list(RuleParameter.objects.order_by("-valid_from"))

    def value(self, key: str, on: datetime.date) -> int:
        for row in self._rows:
            if (
                row.key == key
                and row.valid_from <= on
                and (row.valid_to is None or on <= row.valid_to)
            ):
                return row.value
        raise LookupError(f"No rule parameter {key!r} in force on {on}")


def parameter(key: str, on: datetime.date) -> int:
    return Parameters().value(key, on)


def track_rule(legal_basis: str, track: str, on: datetime.date) -> rules.TrackRule | None:
    row = (
        TrackLength.objects.in_force_on(on)
        .filter(legal_basis=legal_basis, track=track)
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        return None
    return rules.TrackRule(row.min_months, row.max_months, row.max_extension_months)


def legal_reference(topic: str, legal_basis: str, on: datetime.date) -> str:
    row = (
        LegalReference.objects.in_force_on(on)
        .filter(topic=topic, legal_basis=legal_basis)
        .order_by("-valid_from")
        .first()
    )
    return row.reference if row else ""


def leave_types_for(participant: Participant, on: datetime.date) -> QuerySet[LeaveType]:
    return LeaveType.objects.in_force_on(on).filter(
        Q(municipality__isnull=True) | Q(municipality_id=participant.municipality_id),
        legal_basis=participant.legal_basis,
    )


@lru_cache(maxsize=32)
def _norwegian_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Norway(years=year))


def is_public_holiday(day: datetime.date) -> bool:
    return day in _norwegian_holidays(day.year)


def decisions_in_force(participant: Participant, *, exclude: Decision | None = None) -> list:
    qs = (
        without_replaced(Decision.objects.filter(participant=participant, status__in=IN_FORCE))
        .select_related("leave_type")
        .order_by("decided_at", "id")
    )
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs)


def period_event(
    decision: Decision, params: Parameters, *, labels: bool = True
) -> rules.PeriodEvent | None:
    kind = decision.decision_type
    # The payroll reads thousands of periods and never shows their labels.
    label = decision.get_decision_type_display() if labels else ""
    if kind == DecisionType.GRANT:
        return rules.PeriodEvent(
            rules.EventKind.GRANT, decision.start_date, decision.end_date, label=label
        )
    if kind == DecisionType.EXTENSION:
        return rules.PeriodEvent(
            rules.EventKind.EXTENSION, decision.start_date, decision.end_date, label=label
        )
    if kind == DecisionType.LEAVE:
        return rules.PeriodEvent(
            rules.EventKind.PAUSE,
            decision.start_date,
            decision.end_date,
            extends_programme=bool(decision.leave_type and decision.leave_type.extends_programme),
            label=str(decision.leave_type or label),
        )
    if kind == DecisionType.SUSPENSION:
        if decision.suspension_kind == SuspensionKind.PERMANENT:
            return rules.PeriodEvent(
                rules.EventKind.PAUSE,
                decision.start_date,
                None,
                label=decision.get_suspension_kind_display(),
            )
        return rules.PeriodEvent(
            rules.EventKind.PAUSE,
            decision.start_date,
            decision.end_date,
            extends_programme=bool(
                params.value("temporary_suspension_extends", decision.start_date)
            ),
            label=decision.get_suspension_kind_display() or label,
        )
    if kind == DecisionType.END:
        return rules.PeriodEvent(rules.EventKind.END, decision.start_date, label=label)
    return None


def programme_period(
    participant: Participant | None = None,
    *,
    exclude: Decision | None = None,
    decisions: list[Decision] | None = None,
    params: Parameters | None = None,
    labels: bool = True,
) -> rules.ProgrammePeriod | None:
    """The period from the decisions in force (or the given ones, in decision order)."""
    if decisions is None:
        decisions = decisions_in_force(participant, exclude=exclude)
    params = params or Parameters()
    events = [
        e for e in (period_event(d, params, labels=labels) for d in decisions) if e is not None
    ]
    return rules.programme_period(events)


def grant_of(decisions: list[Decision]) -> Decision | None:
    grants = [d for d in decisions if d.decision_type == DecisionType.GRANT]
    return grants[-1] if grants else None


def pauses_of(decisions: list[Decision]) -> list[rules.Pause]:
    return [
        rules.Pause(
            d.start_date,
            None if d.suspension_kind == SuspensionKind.PERMANENT else d.end_date,
            "leave" if d.decision_type == DecisionType.LEAVE else "suspension",
        )
        for d in decisions
        if d.decision_type in PAUSE_TYPES and d.start_date
    ]


def end_kind_of(decisions: list[Decision]) -> str | None:
    ends = [d for d in decisions if d.decision_type == DecisionType.END]
    return ends[-1].end_kind if ends else None


@dataclass
class Timeline:
    period: rules.ProgrammePeriod | None
    grant: Decision | None
    days_left: int | None
    elapsed_percent: int | None
    decisions: list[Decision]
    appeals: list[Appeal]
    started: bool = False
    ended: bool = False


def timeline(participant: Participant, *, today: datetime.date) -> Timeline:
    """The participant page's programme period: start, end, days left, what moved it."""
    decisions = list(
        Decision.objects.filter(participant=participant)
        .exclude(status="discarded")
        .select_related("leave_type", "drafted_by", "approved_by")
        .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.order_by("-received_on")))
        .order_by("-drafted_at", "-id")
    )
    in_force = sorted(
        (d for d in decisions if d.status in IN_FORCE and not _is_replaced(d, decisions)),
        key=_decision_order,
    )
    period = programme_period(decisions=in_force)
    days_left = elapsed = None
    if period is not None:
        days_left = period.days_left(today)
        total = rules.inclusive_days(period.start, period.end)
        done = min(total, max(0, (today - period.start).days + 1))
        elapsed = round(100 * done / total) if total else 100
    appeals = [a for d in decisions for a in d.appeals.all()]
    return Timeline(
        period,
        grant_of(in_force),
        days_left,
        elapsed,
        decisions,
        appeals,
        started=bool(period and period.started(today)),
        ended=bool(period and period.ended(today)),
    )


def _decision_order(decision: Decision):
    # Imported decisions may lack the approval time; they go first, by id.
    return (decision.decided_at is not None, decision.decided_at or 0, decision.id)


def _is_replaced(decision: Decision, decisions: list[Decision]) -> bool:
    return any(d.replaces_id == decision.pk and d.status in IN_FORCE for d in decisions)


@dataclass
class Deadline:
    participant: Participant
    code: str
    due: datetime.date | None
    days: int | None
    decision: Decision | None = None

    @property
    def overdue_days(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


def deadlines(user: User, *, today: datetime.date) -> list[Deadline]:
    """The consultant's deadlines: no grant 2.5 months after settlement, a programme ending
    within 60 days without an end or extension decision, one at its track's maximum, and
    appeals not handled in time. A fixed number of queries whatever the caseload."""
    participants = list(
        visible_participants(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(Q(consultant=user) | Q(consultant__isnull=True))
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.exclude(status="discarded")
                .select_related("leave_type")
                .order_by("decided_at", "id"),
            )
        )
    )
    params = Parameters()
    start_months = params.value("start_deadline_months", today)
    start_warning = params.value("start_deadline_warning_days", today)
    end_warning = params.value("programme_end_warning_days", today)
    rule_rows = {
        (r.legal_basis, r.track): rules.TrackRule(
            r.min_months, r.max_months, r.max_extension_months
        )
        for r in TrackLength.objects.in_force_on(today).order_by("valid_from")
    }
    result: list[Deadline] = []
    for participant in participants:
        decisions = list(participant.decisions.all())
        in_force = [d for d in decisions if d.status in IN_FORCE and not _is_replaced(d, decisions)]
        period = programme_period(decisions=in_force, params=params)
        grant = grant_of(in_force)
        pending_types = {d.decision_type for d in decisions if d.status in PENDING}
        has_grant = grant is not None or DecisionType.GRANT in pending_types
        warnings = rules.programme_warnings(
            today=today,
            settlement=participant.settlement_date,
            has_grant=has_grant,
            start_deadline_months=start_months,
            start_warning_days=start_warning,
            period=period,
            end_or_extension_pending=bool(
                pending_types & {DecisionType.END, DecisionType.EXTENSION}
            ),
            end_warning_days=end_warning,
            rule=rule_rows.get((grant.legal_basis, grant.track)) if grant else None,
        )
        result += [Deadline(participant, w.code, w.due, w.days) for w in warnings]
    appeals = (
        Appeal.objects.filter(
            municipality_id=user.municipality_id,
            outcome="",
            forwarded_on__isnull=True,
            handling_deadline__lt=today,
            decision__participant__in=visible_participants(user),
        )
        .filter(
            Q(decision__participant__consultant=user)
            | Q(decision__participant__consultant__isnull=True)
        )
        .select_related("decision", "decision__participant")
    )
    result += [
        Deadline(
            a.decision.participant,
            "appeal_overdue",
            a.handling_deadline,
            (a.handling_deadline - today).days,
            a.decision,
        )
        for a in appeals
    ]
    return sorted(result, key=lambda d: (d.due or today, d.participant.family_name))
