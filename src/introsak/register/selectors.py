"""Reads of the register export: which participants changed in a period, their records as
plain dicts (keys from `fields.py`), and what is missing before they can be reported. A fixed
number of queries, however many participants."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from introsak.attendance.models import AbsenceType, Registration
from introsak.decisions import selectors as decision_selectors
from introsak.decisions.models import (
    IN_FORCE,
    PENDING,
    Appeal,
    Decision,
    DecisionStatus,
    DecisionType,
    without_replaced,
)
from introsak.participants.models import Participant
from introsak.plans.models import Measure

from . import rules
from .models import RegisterExport

NOT_REPORTED = (*PENDING, DecisionStatus.DISCARDED)


def _iso(day) -> str | None:
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return day.isoformat()


def _dec(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.1")))


def last_export(municipality_id: int) -> RegisterExport | None:
    return (
        RegisterExport.objects.filter(municipality_id=municipality_id)
        .order_by("-period_end", "-id")
        .first()
    )


def default_period(
    municipality_id: int, *, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """From the day after the last export (or 1 January) to yesterday."""
    last = last_export(municipality_id)
    end = today - datetime.timedelta(days=1)
    start = rules.next_period_start(
        last.period_end if last else None, default=datetime.date(end.year, 1, 1)
    )
    return start, max(start, end)


def changed_participant_ids(participants, start: datetime.date, end: datetime.date) -> set[int]:
    """Participants with a decision, appeal, measure or attendance in the period."""
    ids = participants.values("pk")
    start_dt = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    end_dt = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    in_period = Q(decided_at__range=(start_dt, end_dt)) | Q(start_date__range=(start, end))
    in_period |= Q(end_date__range=(start, end))
    found = set(
        Decision.objects.filter(participant__in=ids)
        .exclude(status__in=NOT_REPORTED)
        .filter(in_period)
        .values_list("participant_id", flat=True)
    )
    found |= set(
        Appeal.objects.filter(decision__participant__in=ids)
        .filter(Q(received_on__range=(start, end)) | Q(outcome_on__range=(start, end)))
        .values_list("decision__participant_id", flat=True)
    )
    found |= set(
        Measure.objects.filter(plan__participant__in=ids, is_active=True)
        .filter(start_date__lte=end, end_date__gte=start)
        .values_list("plan__participant_id", flat=True)
    )
    return found


@dataclass
class ParticipantExport:
    participant: Participant
    record: dict
    issues: list[rules.Issue]

    @property
    def blocking(self) -> list[rules.Issue]:
        return rules.blocking(self.issues)

    @property
    def warnings(self) -> list[rules.Issue]:
        return [i for i in self.issues if i.severity == rules.WARNING]


def build(
    participants,
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date,
    exported_through: datetime.date | None = None,
) -> list[ParticipantExport]:
    """The records and the missing items of every participant that changed in the period."""
    ids = changed_participant_ids(participants, start, end)
    people = list(
        Participant.objects.filter(pk__in=ids).order_by("family_name", "given_name", "pk")
    )
    decisions = defaultdict(list)
    for d in (
        without_replaced(
            Decision.objects.filter(participant_id__in=ids).exclude(status__in=NOT_REPORTED)
        )
        .select_related("leave_type")
        .order_by("decided_at", "id")
    ):
        decisions[d.participant_id].append(d)
    appeals = defaultdict(list)
    for a in Appeal.objects.filter(decision__participant_id__in=ids).select_related("decision"):
        appeals[a.decision.participant_id].append(a)
    measures = defaultdict(list)
    for m in Measure.objects.filter(plan__participant_id__in=ids, is_active=True).select_related(
        "plan"
    ):
        measures[m.plan.participant_id].append(m)
    hours = defaultdict(
        lambda: {"present": Decimal(0), "absent": Decimal(0), "invalid": Decimal(0)}
    )
    rows = (
        Registration.objects.filter(participant_id__in=ids, date__range=(start, end))
        .values("participant_id", "measure_id", "status", "absence_type", "counts_as_invalid")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        for key in ((row["participant_id"], row["measure_id"]), (row["participant_id"], None)):
            if row["status"] == Registration.Status.PRESENT:
                hours[key]["present"] += row["total"]
            else:
                hours[key]["absent"] += row["total"]
                if row["absence_type"] == AbsenceType.INVALID or row["counts_as_invalid"]:
                    hours[key]["invalid"] += row["total"]
    params = decision_selectors.Parameters()
    return [
        _participant_export(
            p,
            params,
            decisions[p.pk],
            appeals[p.pk],
            measures[p.pk],
            hours,
            today=today,
            exported_through=exported_through,
        )
        for p in people
    ]


def _participant_export(p, params, decisions, appeals, measures, hours, *, today, exported_through):
    in_force = [d for d in decisions if d.status in IN_FORCE]
    period = decision_selectors.programme_period(decisions=in_force, params=params, labels=False)
    grant = decision_selectors.grant_of(in_force)
    ends = [d for d in in_force if d.decision_type == DecisionType.END]
    end = ends[-1] if ends else None
    il = p.legal_basis == "il"
    record = {
        "participant_id": p.pk,
        "national_id": p.national_id,
        "national_id_kind": p.national_id_kind,
        "duf_number": p.duf_number,
        "family_name": p.family_name,
        "given_name": p.given_name,
        "birth_date": _iso(p.birth_date),
        "legal_basis": p.legal_basis,
        "status": p.status,
        "programme_start": _iso(period.start) if period else None,
        "programme_end": _iso(period.end) if period else None,
        "end_date": _iso(end.start_date) if end else None,
        "end_kind": end.end_kind if end else "",
        "main_activity_after": end.main_activity_after if end else "",
        "final_goal": (grant.final_goal if grant and il else ""),
        "final_goal_detail": (grant.final_goal_detail if grant and il else ""),
        "absence_hours": _dec(hours[(p.pk, None)]["absent"]),
        "invalid_absence_hours": _dec(hours[(p.pk, None)]["invalid"]),
        "decisions": [
            {
                "decision_id": d.pk,
                "type": d.decision_type,
                "status": d.status,
                "decided_on": _iso(d.decided_at),
                "start_date": _iso(d.start_date),
                "end_date": _iso(d.end_date),
                "track": d.track,
                "eligibility_outcome": d.eligibility_outcome,
            }
            for d in decisions
        ],
        "pauses": [
            {
                "kind": d.decision_type,
                "decision_id": d.pk,
                "start_date": _iso(d.start_date),
                "end_date": None if d.suspension_kind == "permanent" else _iso(d.end_date),
                "leave_type": d.leave_type.code if d.leave_type else "",
                "suspension_kind": d.suspension_kind,
            }
            for d in in_force
            if d.decision_type in (DecisionType.LEAVE, DecisionType.SUSPENSION)
        ],
        "appeals": [
            {
                "decision_id": a.decision_id,
                "received_on": _iso(a.received_on),
                "forwarded_on": _iso(a.forwarded_on),
                "outcome": a.outcome,
                "outcome_on": _iso(a.outcome_on),
            }
            for a in sorted(appeals, key=lambda a: (a.received_on, a.pk))
        ],
        "measures": [
            {
                "measure_id": m.pk,
                "kind": m.kind,
                "title": m.title,
                "provider": m.provider,
                "start_date": _iso(m.start_date),
                "end_date": _iso(m.end_date),
                "hours_per_week": _dec(m.hours_per_week),
                "hours_present": _dec(hours[(p.pk, m.pk)]["present"]),
                "invalid_absence_hours": _dec(hours[(p.pk, m.pk)]["invalid"]),
            }
            for m in sorted(measures, key=lambda m: (m.start_date, m.kind, m.pk))
        ],
    }
    facts = rules.ParticipantFacts(
        participant_id=p.pk,
        status=p.status,
        legal_basis=p.legal_basis,
        national_id=p.national_id,
        national_id_kind=p.national_id_kind,
        duf_number=p.duf_number,
        grant_decision_id=grant.pk if grant else None,
        final_goal=grant.final_goal if grant else "",
        end=rules.EndFacts(end.pk, end.end_kind, end.main_activity_after) if end else None,
        measures=tuple(rules.MeasureFacts(m.pk, m.hours_per_week) for m in measures),
        has_programme_decisions=bool(
            in_force and any(d.decision_type != DecisionType.ELIGIBILITY for d in in_force)
        ),
        unexported_decided_on=tuple(
            timezone.localtime(d.decided_at).date()
            for d in in_force
            if d.decided_at
            and (
                exported_through is None
                or timezone.localtime(d.decided_at).date() > exported_through
            )
        ),
    )
    return ParticipantExport(p, record, rules.check_participant(facts, today=today))
