"""Reads of the participant registry that are more than one line. Each starts from what
the permission policy lets the user see, so no list can show what a detail page refuses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from introsak.core import audit_display
from introsak.core.models import AccessLog, AuditEvent, User
from introsak.core.permissions import visible_participants

from .models import (
    ACTIVE_STATUSES,
    Assessment,
    Participant,
    ParticipantIdentifier,
    ParticipantLanguage,
    Status,
)
from .rules import compact_digits


def search_participants(
    user: User,
    *,
    q: str = "",
    status: str = "",
    consultant: User | None = None,
    settlement_year: int | None = None,
) -> QuerySet[Participant]:
    """Participants the user may see, filtered. `q` matches names (every word), or the
    current or an earlier fødselsnummer, D-nummer or DUF-nummer (from the start)."""
    qs = visible_participants(user).select_related("consultant")
    q = (q or "").strip()
    if q:
        digits = compact_digits(q)
        if digits.isdigit():
            earlier = ParticipantIdentifier.objects.filter(value__startswith=digits).values(
                "participant_id"
            )
            qs = qs.filter(
                Q(national_id__startswith=digits)
                | Q(duf_number__startswith=digits)
                | Q(pk__in=earlier)
            )
        else:
            for word in q.split():
                qs = qs.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    if status:
        qs = qs.filter(status=status)
    if consultant is not None:
        qs = qs.filter(consultant=consultant)
    if settlement_year:
        qs = qs.filter(settlement_date__year=settlement_year)
    return qs.order_by("family_name", "given_name", "pk")


def settlement_years(user: User) -> list[int]:
    years = (
        visible_participants(user)
        .exclude(settlement_date__isnull=True)
        .annotate(year=ExtractYear("settlement_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def participant_detail(participant: Participant) -> dict:
    """What the participant page shows besides the participant row itself."""
    latest = (
        Assessment.objects.filter(participant=participant)
        .select_related("assessed_by")
        .prefetch_related("education", "work", "languages")
        .first()
    )
    household = participant.household
    return {
        "identifiers": list(participant.identifiers.select_related("registered_by")),
        "languages": list(participant.languages.all()),
        "latest_assessment": latest,
        "assessment_count": participant.assessments.count(),
        "household_participants": (
            list(household.participants.exclude(pk=participant.pk)) if household else []
        ),
        "household_members": list(household.members.all()) if household else [],
        "groups": list(participant.groups.filter(is_active=True)),
    }


def audit_trail(participant: Participant, *, limit: int = 500) -> dict:
    events = list(
        AuditEvent.objects.filter(
            municipality_id=participant.municipality_id, participant_id=participant.pk
        )[:limit]
    )
    audit_display.readable(events)
    reads = list(
        AccessLog.objects.filter(
            municipality_id=participant.municipality_id, participant_id=participant.pk
        )[:limit]
    )
    for read in reads:
        read.label = audit_display.read_label(read.what)
    return {"events": events, "reads": reads}


@dataclass
class Attention:
    participant: Participant
    reasons: list[str] = field(default_factory=list)


def needs_attention(user: User, *, today: datetime.date) -> list[Attention]:
    """The consultant's own and unassigned active participants with something missing.

    One query: the conditions are columns or EXISTS subqueries.
    """
    qs = (
        visible_participants(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(Q(consultant=user) | Q(consultant__isnull=True))
        .annotate(
            has_assessment=Exists(Assessment.objects.filter(participant=OuterRef("pk"))),
            has_language=Exists(ParticipantLanguage.objects.filter(participant=OuterRef("pk"))),
        )
        .order_by("settlement_date", "family_name", "pk")
    )
    items = []
    for participant in qs:
        reasons = []
        if participant.consultant_id is None:
            reasons.append(_("No consultant is assigned"))
        if not participant.has_assessment:
            reasons.append(_("No assessment yet"))
        if not participant.national_id:
            reasons.append(_("No national identity number or D number yet"))
        if participant.status == Status.IN_PROGRAMME and not participant.bank_account:
            reasons.append(_("No bank account for the stipend"))
        if not participant.has_language:
            reasons.append(_("No languages registered"))
        if participant.status == Status.IN_PROGRAMME and not participant.informed_on:
            reasons.append(_("Not yet told the rights and duties in the programme"))
        if reasons:
            items.append(Attention(participant=participant, reasons=[str(r) for r in reasons]))
    return items


def status_counts(user: User) -> dict[str, int]:
    from django.db.models import Count

    rows = visible_participants(user).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def assessments_for(participant: Participant) -> QuerySet[Assessment]:
    return participant.assessments.select_related("assessed_by").prefetch_related(
        Prefetch("languages"), "education", "work"
    )
