"""Reads for settlement: the year's overview (decision, progress, arrivals with their
checklist progress), an arrival's checklist, the template, and the checklist items due for
a user's start page. Each costs a fixed number of queries, whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.models import Role, User
from introsak.core.permissions import (
    is_active_member,
    visible_arrivals,
    visible_checklist_items,
    visible_settlement_decisions,
)
from introsak.participants.models import Participant

from . import rules
from .models import (
    Arrival,
    ArrivalStatus,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SettlementDecision,
)


def _year_filter(year: int) -> Q:
    """Arrivals that count against `year`: settled that year, or expected that year."""
    return Q(status=ArrivalStatus.SETTLED, settled_on__year=year) | (
        ~Q(status=ArrivalStatus.SETTLED) & Q(expected_on__year=year)
    )


@dataclass
class Overview:
    year: int
    decision: SettlementDecision | None
    progress: rules.Progress
    arrivals: list[Arrival]
    years: list[int]


def overview(user: User, *, year: int, today: datetime.date) -> Overview:
    """The year at a glance: its decision, people agreed, settled and expected, and the
    arrivals with done, total and overdue checklist items."""
    decision = visible_settlement_decisions(user).filter(year=year).first()
    arrivals = list(
        visible_arrivals(user)
        .filter(_year_filter(year))
        .select_related("household")
        .annotate(
            items_total=Count("items"),
            items_done=Count("items", filter=Q(items__done_on__isnull=False)),
            items_overdue=Count(
                "items", filter=Q(items__done_on__isnull=True, items__due_on__lt=today)
            ),
        )
        .order_by("expected_on", "id")
    )
    for arrival in arrivals:
        if arrival.status == ArrivalStatus.CANCELLED:
            arrival.items_overdue = 0
    settled = sum(a.persons for a in arrivals if a.status == ArrivalStatus.SETTLED)
    expected = sum(a.persons for a in arrivals if a.status == ArrivalStatus.EXPECTED)
    return Overview(
        year=year,
        decision=decision,
        progress=rules.progress(
            agreed=decision.persons if decision else 0, settled=settled, expected=expected
        ),
        arrivals=arrivals,
        years=years(user, today=today),
    )


def years(user: User, *, today: datetime.date) -> list[int]:
    """Years with a decision, and this year and the next (to plan ahead)."""
    found = set(visible_settlement_decisions(user).values_list("year", flat=True))
    found |= {today.year, today.year + 1}
    return sorted(found)


def decisions(user: User) -> list[SettlementDecision]:
    return list(visible_settlement_decisions(user).order_by("year"))


def persons_per_year(user: User, years_: list[int]) -> dict[int, dict[str, int]]:
    """People settled and expected per year (for the API's decision list), one query."""
    result = {y: {"settled": 0, "expected": 0} for y in years_}
    rows = (
        visible_arrivals(user)
        .exclude(status=ArrivalStatus.CANCELLED)
        .values("status", "expected_on", "settled_on", "persons")
    )
    for row in rows:
        day = row["settled_on"] if row["status"] == ArrivalStatus.SETTLED else row["expected_on"]
        if day and day.year in result:
            result[day.year][row["status"]] += row["persons"]
    return result


def checklist(arrival: Arrival, *, user: User, today: datetime.date) -> list[ChecklistItem]:
    """The arrival's checklist in order, each item with `overdue` and `may_tick` set."""
    items = list(arrival.items.select_related("responsible", "done_by").order_by("position", "id"))
    for item in items:
        item.arrival = arrival  # the policy reads the municipality through it
        item.overdue = arrival.status != ArrivalStatus.CANCELLED and item.is_overdue(today)
        item.may_tick = arrival.status != ArrivalStatus.CANCELLED and user.has_perm(
            "settlement.tick_item", item
        )
    return items


def log_arrival_reads(
    user: User, arrivals: list[Arrival], *, what: str, channel: str, path: str = ""
) -> None:
    """Log a read of each participant of the households the arrivals are linked to: an
    arrival's notes are about them. Two queries, however many arrivals and people (the rows
    are those audit.record_access writes, made in one insert)."""
    household_ids = {a.household_id for a in arrivals if a.household_id}
    if not household_ids:
        return
    participant_ids = Participant.objects.filter(
        household_id__in=household_ids, municipality_id=user.municipality_id
    ).values_list("pk", flat=True)
    audit.record_accesses(
        user=user, participant_ids=participant_ids, what=what, channel=channel, path=path
    )


def checklist_template(user: User) -> ChecklistTemplate | None:
    """The municipality's checklist template, or None when it has not been made yet."""
    if not is_active_member(user):
        return None
    return ChecklistTemplate.objects.filter(municipality_id=user.municipality_id).first()


@dataclass(frozen=True)
class DefaultTask:
    title: str
    role: str
    offset_days: int

    def get_role_display(self) -> str:
        return str(Role(self.role).label)


def default_template_items() -> list[DefaultTask]:
    """The tasks a municipality's template starts with (as services.checklist_template_for
    makes them: the titles in the municipality's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            DefaultTask(_(item.title), item.role, item.offset_days)
            for item in rules.DEFAULT_CHECKLIST
        ]


def template_items(template: ChecklistTemplate | None) -> list[ChecklistTemplateItem]:
    if template is None:
        return []
    return list(template.items.order_by("position", "id"))


def due_checklist_items(
    user: User, today: datetime.date, *, days: int = rules.DUE_SOON_DAYS
) -> list[ChecklistItem]:
    """Checklist items not done that are overdue or due within `days` days, and are the
    user's: given to the user by name, or to the user's role with nobody named. Arrivals
    that are cancelled are left out. Nearest due date first."""
    items = (
        visible_checklist_items(user)
        .filter(
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .exclude(arrival__status=ArrivalStatus.CANCELLED)
        .filter(Q(responsible=user) | Q(responsible__isnull=True, role=user.role))
        .select_related("arrival")
        .order_by("due_on", "arrival__expected_on", "position")
    )
    result = list(items)
    for item in result:
        item.overdue = item.is_overdue(today)
        item.days = (item.due_on - today).days
        item.overdue_days = max(0, -item.days)
    return result
