"""Demo data for settlement: the council's decision to settle 10 people a year for this year
and the next two, the households settled in the past year as settled arrivals (their
checklists mostly worked through), and two households expected in the coming weeks with
checklists partly done — one item overdue.

Written through the services, so the demo has a real audit trail. Call after the demo
municipality, its users and households exist (src/introsak/demo.py).
"""

from __future__ import annotations

import datetime

from django.db.models import Min

from introsak.participants.models import Household

from . import services
from .models import ArrivalStatus

DAY = datetime.timedelta(days=1)


def load_demo(users: dict, today: datetime.date) -> None:
    consultant, leader = users["konsulent"], users["leder"]
    ticker = {
        "consultant": consultant,
        "leader": leader,
        "teacher": users["laerer"],
        "nav_advisor": users["nav"],
    }

    council = datetime.date(today.year - 1, 12, 12)
    for year in (today.year, today.year + 1, today.year + 2):
        services.record_settlement_decision(
            actor=leader,
            data={
                "year": year,
                "persons": 10,
                "unaccompanied_minors": 2,
                "council_decision_on": council,
                "note": (
                    "Kommunestyret vedtok å bosette 10 flyktninger i året i tre år, etter "
                    "anmodning fra IMDi. Familiegjenforente kommer i tillegg."
                ),
            },
        )

    # The households settled most recently in the past year: arrivals that came and settled.
    settled = (
        Household.objects.filter(municipality_id=consultant.municipality_id)
        .annotate(settled_on=Min("participants__settlement_date"))
        .filter(settled_on__gte=today - 365 * DAY, settled_on__lte=today)
        .prefetch_related("participants__languages", "members")
        .order_by("-settled_on")
    )
    # Room for them in the decisions: 10 agreed, 5 expected below, so up to 5 settled.
    chosen, room = [], 5
    for household in settled:
        size = len(household.participants.all()) + len(household.members.all())
        if size <= room:
            chosen.append(household)
            room -= size
    for household in reversed(chosen):
        people = list(household.participants.all())
        languages = sorted(
            {lang.language for p in people for lang in p.languages.all() if lang.is_first_language}
        )
        arrival = services.register_arrival(
            actor=consultant,
            data={
                "name": f"Familien {household.name}",
                "expected_on": household.settled_on,
                "persons": len(people) + len(household.members.all()),
                "languages": languages,
                "needs_interpreter": True,
            },
        )
        services.change_arrival_status(
            actor=consultant,
            arrival=arrival,
            to_status=ArrivalStatus.SETTLED,
            on=household.settled_on,
            household=household,
        )
        # Everything due is done, on its day, except the last task when it is due only
        # now (the first assessment of the newest household).
        for item in arrival.items.order_by("position"):
            if item.due_on >= today:
                continue
            services.tick_checklist_item(
                actor=ticker.get(item.role, consultant),
                item=item,
                done=True,
                on=item.due_on,
            )

    # Expected in ten days: the housing is not assigned yet, four days late.
    soon = services.register_arrival(
        actor=consultant,
        data={
            "name": "Familien Mohammadi",
            "expected_on": today + 10 * DAY,
            "persons": 4,
            "languages": ["prs"],
            "needs_interpreter": True,
            "notes": "Overføringsflyktninger fra Iran. To barn, 6 og 9 år.",
        },
    )
    items = list(soon.items.order_by("position"))
    services.tick_checklist_item(
        actor=consultant,
        item=items[0],
        done=False,
        note="Venter på svar fra boligtildelingsnemnda.",
    )
    services.assign_checklist_item(
        actor=consultant,
        item=items[5],
        data={"role": "consultant", "responsible": users["konsulent2"].pk},
    )

    # Expected in three weeks: the housing is assigned already.
    later = services.register_arrival(
        actor=consultant,
        data={
            "name": "Selam Tekle",
            "expected_on": today + 21 * DAY,
            "persons": 1,
            "languages": ["ti"],
            "needs_interpreter": True,
            "notes": "Enslig voksen, familiegjenforening kan bli aktuelt.",
        },
    )
    first = later.items.order_by("position").first()
    services.tick_checklist_item(
        actor=consultant,
        item=first,
        done=True,
        on=today - 2 * DAY,
        note="Kommunal leilighet, Fitnodaga 12.",
    )
