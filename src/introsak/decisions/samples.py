"""A made-up participant and decision for previewing letter templates. Nothing is saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from introsak.participants.models import LegalBasis, Participant

from . import selectors
from .models import Decision, DecisionStatus, DecisionType, LeaveType


def sample_decision(actor, decision_type: str) -> Decision:
    today = timezone.localdate()
    participant = Participant(
        municipality=actor.municipality,
        given_name="Eksempel",
        family_name="Deltaker",
        birth_date=datetime.date(1990, 1, 1),
        address="Eksempelveien 1",
        postcode="0001",
        city=actor.municipality.name,
        legal_basis=LegalBasis.IL,
        preferred_language="en",
    )
    start = today.replace(day=1)
    leave_type = LeaveType.objects.filter(code="care_leave", legal_basis=LegalBasis.IL).first()
    return Decision(
        municipality=actor.municipality,
        participant=participant,
        decision_type=decision_type,
        status=DecisionStatus.DRAFT,
        legal_basis=LegalBasis.IL,
        legal_reference=selectors.legal_reference(decision_type, LegalBasis.IL, today),
        start_date=start,
        end_date=start + datetime.timedelta(days=730)
        if decision_type in (DecisionType.GRANT, DecisionType.EXTENSION)
        else start + datetime.timedelta(days=30),
        eligibility_outcome="right_and_duty",
        track="other",
        final_goal="work",
        final_goal_detail="arbeid som helsefagarbeider",
        measures_outline="Norsk 15 timer i uken, samfunnskunnskap, arbeidspraksis.",
        leave_type=leave_type,
        suspension_kind="temporary",
        end_kind="completed",
        main_activity_after="work",
        amount=Decimal("1234.50"),
        facts="Eksempel på opplysninger i saken.",
        reasons="Eksempel på begrunnelse.",
        drafted_by=actor,
        approved_by=actor,
    )
