"""Demo data: the demo municipality's action plan, made from the Drangedal template and worked
on for a year — responsible people assigned, most actions set going or done, a few still
planned for later, and one late (its start has passed, and it has not been set going).

Everything goes through the services, as a leader and the responsible people would do it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import rules, services
from .models import Action, ActionStatus

DAY = datetime.timedelta(days=1)

P, U, D = ActionStatus.PLANNED, ActionStatus.UNDER_WAY, ActionStatus.DONE
LATE = "late"

# Per area of the template (in order), per action (in order): who is responsible (demo
# usernames) and how far it has come. "late" is planned with its start passed.
PLAN: list[list[tuple[tuple[str, ...], str]]] = [
    # Generelt
    [
        (("leder",), D),
        (("leder",), U),
        (("leder",), D),
        (("konsulent",), D),
        (("konsulent", "laerer"), U),
        (("konsulent",), D),
    ],
    # Mottak og bosetting
    [
        (("konsulent",), D),
        (("konsulent",), U),
        (("konsulent", "leder"), U),
        (("leder",), LATE),
    ],
    # Barnehage/skole/SFO/fritid
    [
        (("laerer",), U),
        (("konsulent",), D),
        (("laerer",), P),
        (("laerer", "leder"), U),
    ],
    # Voksenopplæringa
    [
        (("konsulent",), D),
        (("laerer",), D),
        (("laerer",), U),
        (("laerer",), U),
        (("laerer", "nav"), P),
        (("laerer",), U),
    ],
    # Kvalitetssikre norskopplæring og læring på arbeidsplass
    [
        (("konsulent",), D),
        (("konsulent",), U),
        (("konsulent",), D),
        (("laerer",), U),
        (("konsulent", "nav"), U),
        (("konsulent",), D),
    ],
    # Praksisplasser
    [
        (("konsulent",), U),
        (("nav",), P),
        (("nav", "konsulent"), U),
        (("konsulent",), P),
        (("nav",), P),
        (("laerer",), P),
    ],
]

NOTES = {
    (0, 0): "Teamorganisering prøvd ut fra høsten; flyktningtjenesten har faste kontortider "
    "tirsdag og torsdag.",
    (0, 4): "Alle nye deltakere har plan innen tre måneder. CV lages sammen med VO.",
    (1, 3): "Ingen søknad sendt ennå – må avklares i ledermøtet.",
    (2, 0): "Røde Kors har leksehjelp på biblioteket mandag og onsdag.",
    (3, 3): "NIR oppdateres hver måned etter timelistene.",
    (4, 4): "Første grunnopplæring holdt med seks veiledere; neste i mars.",
    (5, 2): "Informasjonsmøte med næringsforeningen avtalt.",
}
STATUS_NOTES = {
    U: "Satt i gang.",
    D: "Gjennomført og evaluert.",
}


def _action_data(action: Action, **changes) -> dict:
    data = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    data["strategy"] = action.strategy_id
    data["responsible_users"] = list(action.responsible_users.all())
    data.update(changes)
    return data


def load_demo(users: dict, today: datetime.date) -> None:
    today = min(today, timezone.localdate())
    leader = users["leder"]
    starts_on = rules.add_months(today.replace(day=1), -14)
    plan = services.create_plan_from_drangedal_template(
        actor=leader,
        data={
            "title": f"Plan for introduksjonsprogrammet {starts_on.year}–{starts_on.year + 3}",
            "start_year": starts_on.year,
            "end_year": starts_on.year + 3,
            "adopted_on": min(starts_on - 30 * DAY, today),
            "description": "Vedtatt i kommunestyret. Bygger på Drangedal kommunes strategiplan "
            "for introduksjonsprogrammet, tilpasset vår kommune.",
        },
        starts_on=starts_on,
    )
    areas = list(plan.areas.prefetch_related("actions").order_by("position"))
    later = 1
    for a_index, (area, plan_rows) in enumerate(zip(areas, PLAN, strict=True)):
        actions = list(area.actions.order_by("position"))
        for i_index, (action, (who, target)) in enumerate(zip(actions, plan_rows, strict=True)):
            people = [users[name] for name in who]
            changes = {"responsible_users": people}
            if (a_index, i_index) in NOTES:
                changes["notes"] = NOTES[(a_index, i_index)]
            if target == P:
                # Still to come: starts in a month or more.
                changes["start_date"] = rules.add_months(today, later)
                changes["due_on"] = None
                later += 1
            elif target == LATE:
                changes["start_date"] = today - 24 * DAY
                changes["due_on"] = None
            services.update_action(
                actor=leader, action=action, data=_action_data(action, **changes)
            )
            if target not in (U, D):
                continue
            actor = people[0]
            begun = min(action.start_date + 7 * DAY, today)
            services.change_action_status(
                actor=actor, action=action, to_status=U, on=begun, note=STATUS_NOTES[U]
            )
            if target == D:
                finished = begun + (today - begun) * 3 // 5
                services.change_action_status(
                    actor=actor, action=action, to_status=D, on=finished, note=STATUS_NOTES[D]
                )
