"""What the deltakerbevis and the CV are made from, read in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from introsak.attendance.models import Registration
from introsak.decisions.models import DecisionType
from introsak.decisions.selectors import timeline
from introsak.participants.models import Assessment, Participant
from introsak.placements.models import Placement
from introsak.plans.models import Measure, TestKind, TestResult

from . import rules
from .models import Certificate, DocumentKind

# Measures that are programme content in their own right; the certificate lists every measure.
COURSE_KINDS = ("course", "upper_secondary", "work_practice", "life_skills", "parental_guidance")


@dataclass
class Ending:
    """Whether the programme has ended, and how."""

    ended: bool
    start: datetime.date | None = None
    planned_end: datetime.date | None = None
    actual_end: datetime.date | None = None
    end_kind: str = ""
    reason: str = ""
    legal_basis: str = ""
    legal_reference: str = ""
    message: str = ""


def ending(participant: Participant, *, today: datetime.date) -> Ending:
    """The programme has ended when an end decision (or a permanent suspension) in force has
    set its last day, and that day has come."""
    line = timeline(participant, today=today)
    period = line.period
    if period is None:
        return Ending(False, message=_("The participant has no programme period."))
    if period.actual_end is None or period.actual_end > today:
        return Ending(
            False,
            start=period.start,
            planned_end=period.planned_end,
            message=_(
                "The programme has not ended: a certificate of participation is made when "
                "an end decision is in force and its last day has come."
            ),
        )
    end = next(
        (
            d
            for d in line.decisions
            if d.decision_type == DecisionType.END
            and d.in_force
            and d.start_date == period.actual_end
        ),
        None,
    )
    grant = line.grant
    return Ending(
        True,
        start=period.start,
        planned_end=period.planned_end,
        actual_end=period.actual_end,
        end_kind=(end.end_kind if end else "stopped") or "",
        reason=(end.reasons if end else "") or "",
        legal_basis=(grant.legal_basis if grant else participant.legal_basis) or "",
        legal_reference=(grant.legal_reference if grant else "") or "",
    )


def require_ended(participant: Participant, *, today: datetime.date) -> Ending:
    """The municipality issues a deltakerbevis when the programme is completed or
    interrupted (integreringsloven § 18 a første ledd; IMDi, «Deltakerbevis for
    introduksjonsordningen»). A programme stopped for good is also documented: the law asks
    for the certificate in those two cases and forbids it in none, and the participant needs
    a record of what was completed. Refused (ValidationError) before the programme ends."""
    end = ending(participant, today=today)
    if not end.ended:
        raise ValidationError({"participant": end.message})
    return end


def measures_with_hours(participant: Participant) -> list[Measure]:
    """The plan's active measures, each with `registrations` and `present_hours`."""
    return list(
        Measure.objects.filter(plan__participant=participant, is_active=True)
        .annotate(
            registration_count=Count(
                "registrations", filter=Q(registrations__participant=participant)
            ),
            present=Sum(
                "registrations__hours",
                filter=Q(
                    registrations__participant=participant,
                    registrations__status=Registration.Status.PRESENT,
                ),
            ),
        )
        .order_by("start_date", "kind", "id")
    )


def measure_inputs(measures: list[Measure]) -> list[rules.MeasureInput]:
    return [
        rules.MeasureInput(
            kind=m.kind,
            start=m.start_date,
            end=m.end_date,
            hours_per_week=m.hours_per_week,
            registrations=m.registration_count,
            present_hours=m.present or Decimal(0),
        )
        for m in measures
    ]


def latest_tests(participant: Participant) -> dict[str, TestResult]:
    """The latest Norwegian test and the latest social studies test, by kind."""
    latest = {}
    tests = TestResult.objects.filter(training_plan__participant=participant).order_by(
        "-taken_on", "-id"
    )
    for test in tests:
        latest.setdefault(test.kind, test)
    return latest


def certificate_data(
    participant: Participant, *, today: datetime.date, end: Ending | None = None
) -> dict:
    """Everything on the deltakerbevis. Refuses (ValidationError) unless the programme ended;
    `end`, when given, is `require_ended`'s answer, so that it is not worked out again."""
    end = end or require_ended(participant, today=today)
    # A measure planned to start after the programme ended was never part of it.
    measures = [m for m in measures_with_hours(participant) if m.start_date <= end.actual_end]
    summary = rules.summarize(
        measure_inputs(measures),
        start=end.start,
        planned_end=end.planned_end,
        actual_end=end.actual_end,
    )
    rows = []
    for measure, hours in zip(measures, summary.measures, strict=True):
        measure.hours = hours.hours
        measure.source = hours.source
        measure.until = min(measure.end_date, end.actual_end)
        rows.append(measure)
    tests = latest_tests(participant)
    return {
        "participant": participant,
        "ending": end,
        "summary": summary,
        "measures": rows,
        "norwegian": [m for m in rows if m.kind == rules.NORWEGIAN],
        "social_studies": [m for m in rows if m.kind == rules.SOCIAL_STUDIES],
        "other_measures": [
            m for m in rows if m.kind not in (rules.NORWEGIAN, rules.SOCIAL_STUDIES)
        ],
        "norwegian_test": tests.get(TestKind.NORWEGIAN),
        "social_studies_test": tests.get(TestKind.SOCIAL_STUDIES),
    }


def cv_data(participant: Participant, *, today: datetime.date) -> dict:
    """The CV: the latest assessment (education, work, languages, other skills), the
    placements and the courses and measures of the plan."""
    assessment = (
        Assessment.objects.filter(participant=participant)
        .prefetch_related("education", "work", "languages")
        .order_by("-assessed_on", "-id")
        .first()
    )
    placements = list(
        Placement.objects.filter(participant=participant, start_date__lte=today)
        .select_related("workplace__employer")
        .order_by("-start_date", "-id")
    )
    measures = list(
        Measure.objects.filter(
            plan__participant=participant, is_active=True, start_date__lte=today
        ).order_by("start_date", "kind", "id")
    )
    for measure in measures:
        # A measure still running has no end on the CV yet.
        measure.until = measure.end_date if measure.end_date < today else None
    tests = latest_tests(participant)
    return {
        "participant": participant,
        "assessment": assessment,
        "education": list(assessment.education.all()) if assessment else [],
        "work": list(assessment.work.all()) if assessment else [],
        "languages": list(assessment.languages.all()) if assessment else [],
        "placements": placements,
        "courses": [m for m in measures if m.kind != "work_practice"],
        "norwegian_test": tests.get(TestKind.NORWEGIAN),
    }


def fingerprint(end: Ending) -> str:
    return rules.end_fingerprint(end.actual_end, end.end_kind, end.reason)


def made_documents(participant: Participant, *, end: Ending) -> dict[tuple[str, str], Certificate]:
    """The latest document of each kind and language, without the PDF bytes; each with
    `holds`: whether it still states the programme's end as it is now (`end`, from `ending`;
    see `Certificate.holds_for`)."""
    latest = {}
    rows = (
        Certificate.objects.filter(participant=participant)
        .defer("pdf")
        .select_related("made_by")
        .order_by("-made_at", "-id")
    )
    end_fingerprint = fingerprint(end)
    for row in rows:
        row.holds = row.holds_for(end.actual_end, end_fingerprint)
        latest.setdefault((row.kind, row.language), row)
    return latest


def _holds(row: Certificate | None, participant: Participant, today: datetime.date) -> bool:
    """Whether a made document still states the programme's end as it is now (False for
    none: the programme's end is then not worked out)."""
    if row is None:
        return False
    end = ending(participant, today=today)
    return row.holds_for(end.actual_end, fingerprint(end))


def latest_document(
    participant: Participant, kind: str, language: str, *, today: datetime.date
) -> Certificate | None:
    """The latest document of the kind that still holds, or None."""
    if kind == DocumentKind.CV:
        language = "nb"
    row = (
        Certificate.objects.filter(participant=participant, kind=kind, language=language)
        .order_by("-made_at", "-id")
        .first()
    )
    return row if _holds(row, participant, today) else None


def document_that_holds(participant: Participant, pk: int, *, today: datetime.date) -> Certificate:
    """One made document of the participant for download: «not found» when it is not theirs
    or no longer holds (the programme's end it states was withdrawn or changed)."""
    row = Certificate.objects.filter(participant=participant, pk=pk).first()
    if not _holds(row, participant, today):
        raise Certificate.DoesNotExist
    return row
