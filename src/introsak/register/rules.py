"""Pure rules of the register export: what must be in place before a participant can be
reported to NIR, the registration deadlines, and when two export periods overlap.

Sources (IMDi):
- «Kommunen plikter å registrere fortløpende i NIR, og senest innen to måneder»
  (https://www.imdi.no/nir-og-bosetting/nasjonalt-introduksjonsregister-nir/dette-skal-kommunen-registrere-i-nir/;
  also «innen to måneder etter at de foreligger», IMDi on registration under the Integration
  Act, integreringsforskriften § 53). -> `registration_deadline`.
- The year-end clean-up: «Kommunenes frist for å ajourføre opplysninger i NIR for 2022 er
  28. februar 2023» (and 29 February 2024 for 2023)
  (https://www.imdi.no/imdinett/frist-for-a-oppdatere-opplysninger-i-nir-for-2022/,
  https://www.imdi.no/om-imdi/aktuelt-na/frist-for-a-oppdatere-opplysninger-i-nir-for-2023/).
  -> `year_end_deadline`.
- IMDi chases the end reason (avslutningsårsak) and the final goal (sluttmål) for everyone who
  ended the programme; the final goal is not registered under the Introduction Act.

No Django imports: the checks work on plain values (`ParticipantFacts`).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

BLOCKING = "blocking"
WARNING = "warning"

# Where a missing item is fixed: the views turn these into links.
ON_PARTICIPANT = "participant"
ON_DECISION = "decision"
ON_DECISIONS = "decisions"
ON_PLAN = "plan"

IN_PROGRAMME_STATUSES = frozenset(
    {"in_programme", "on_leave", "suspended", "completed", "interrupted"}
)
ENDED_STATUSES = frozenset({"completed", "interrupted"})
NATIONAL_ID_KINDS = frozenset({"fnr", "dnr"})


@dataclass(frozen=True)
class MeasureFacts:
    measure_id: int
    hours_per_week: Decimal | None


@dataclass(frozen=True)
class EndFacts:
    decision_id: int
    end_kind: str
    main_activity_after: str


@dataclass(frozen=True)
class ParticipantFacts:
    participant_id: int
    status: str
    legal_basis: str
    national_id: str = ""
    national_id_kind: str = ""
    duf_number: str = ""
    grant_decision_id: int | None = None
    final_goal: str = ""
    end: EndFacts | None = None
    measures: tuple[MeasureFacts, ...] = ()
    has_programme_decisions: bool = False
    # The dates decisions were made that have not been in an export yet.
    unexported_decided_on: tuple[datetime.date, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str
    fix_on: str  # ON_PARTICIPANT, ON_DECISION, ON_DECISIONS, ON_PLAN
    object_id: int | None = None  # the decision or measure concerned


def _valid_national_id(value: str) -> bool:
    return len(value) == 11 and value.isdigit()


def check_participant(facts: ParticipantFacts, *, today: datetime.date) -> list[Issue]:
    """What is missing before the participant can be reported, blocking errors first."""
    issues: list[Issue] = []
    in_programme = facts.status in IN_PROGRAMME_STATUSES or facts.has_programme_decisions
    if not facts.national_id:
        issues.append(Issue("missing_national_id", BLOCKING, ON_PARTICIPANT))
    elif not _valid_national_id(facts.national_id) or (
        facts.national_id_kind not in NATIONAL_ID_KINDS
    ):
        issues.append(Issue("invalid_national_id", BLOCKING, ON_PARTICIPANT))
    if in_programme and facts.grant_decision_id is None:
        issues.append(Issue("missing_grant", BLOCKING, ON_DECISIONS))
    if facts.end is None and facts.status in ENDED_STATUSES:
        issues.append(Issue("missing_end_decision", BLOCKING, ON_DECISIONS))
    if facts.end is not None:
        if not facts.end.end_kind:
            issues.append(Issue("missing_end_reason", BLOCKING, ON_DECISION, facts.end.decision_id))
        if not facts.end.main_activity_after:
            issues.append(
                Issue("missing_main_activity", BLOCKING, ON_DECISION, facts.end.decision_id)
            )
    if facts.legal_basis == "il" and facts.grant_decision_id is not None and not facts.final_goal:
        issues.append(Issue("missing_final_goal", BLOCKING, ON_DECISION, facts.grant_decision_id))
    for measure in facts.measures:
        if measure.hours_per_week is None or measure.hours_per_week <= 0:
            issues.append(Issue("measure_without_hours", BLOCKING, ON_PLAN, measure.measure_id))
    if in_programme and not facts.measures and facts.grant_decision_id is not None:
        issues.append(Issue("no_measures", WARNING, ON_PLAN))
    if not facts.duf_number:
        issues.append(Issue("missing_duf_number", WARNING, ON_PARTICIPANT))
    if any(registration_deadline(d) < today for d in facts.unexported_decided_on):
        issues.append(Issue("registration_late", WARNING, ON_DECISIONS))
    return sorted(issues, key=lambda i: i.severity != BLOCKING)


def blocking(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == BLOCKING]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def registration_deadline(occurred_on: datetime.date) -> datetime.date:
    """At the latest within two months of the fact (IMDi; integreringsforskriften § 53)."""
    return add_months(occurred_on, 2)


def year_end_deadline(year: int) -> datetime.date:
    """The year's registrations are cleaned up by the end of February of the next year."""
    return datetime.date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])


def overlaps(
    start: datetime.date, end: datetime.date, other_start: datetime.date, other_end: datetime.date
) -> bool:
    """Two inclusive periods share at least one day."""
    return start <= other_end and other_start <= end


def next_period_start(last_end: datetime.date | None, *, default: datetime.date) -> datetime.date:
    """An export covers the time from the day after the last export."""
    return last_end + datetime.timedelta(days=1) if last_end else default


def leaves_a_gap(last_end: datetime.date | None, start: datetime.date) -> bool:
    """An ordinary export that starts later than the day after the last one leaves days that
    are never exported: registration is continuous («fortløpende», see the sources above)."""
    return last_end is not None and start > last_end + datetime.timedelta(days=1)
