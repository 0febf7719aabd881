import datetime

import factory

from introsak.decisions.models import Decision, DecisionStatus, DecisionType


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision in any state, written directly (tests of services go through services)."""

    class Meta:
        model = Decision

    municipality = factory.SelfAttribute("participant.municipality")
    decision_type = DecisionType.GRANT
    status = DecisionStatus.DRAFT
    legal_basis = factory.SelfAttribute("participant.legal_basis")
    start_date = datetime.date(2026, 2, 1)
    end_date = datetime.date(2028, 1, 31)
    track = "other"
    final_goal = "work"
    reasons = "Deltakeren er i målgruppen og har behov for kvalifisering."
