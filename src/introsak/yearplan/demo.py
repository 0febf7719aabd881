"""Demo data for the annual calendar: a year of the programme's recurring events, as the seed
plans describe them (planning meetings twice a year, the leader meeting, the annual report,
reporting deadlines, new G, the summer holiday, Norskprøven, the user survey and dialogue
meetings with the participants), and a feed address for the consultant.

Made through the services, as the leader and the consultant would.
"""

from __future__ import annotations

import datetime

from introsak.core.models import Role

from . import services


def _events(year: int) -> list[dict]:
    D = datetime.date
    staff = [Role.CONSULTANT, Role.LEADER]
    return [
        {
            "title": "Planleggingsmøte",
            "description": (
                "Flyktningtjenesten, voksenopplæringen, NAV og helsestasjonen planlegger "
                "halvåret: bosetting, språkopplæring og praksisplasser."
            ),
            "category": "planning_meeting",
            "recurrence": "every_n_months",
            "interval_months": 6,
            "start_date": D(year, 3, 1),
            "day_rule": "weekday",
            "week": 2,
            "weekday": 1,  # the second Tuesday of March and September
            "all_day": False,
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(12, 0),
            "audience": [Role.CONSULTANT, Role.LEADER, Role.TEACHER, Role.NAV_ADVISOR],
        },
        {
            "title": "Ledermøte",
            "description": "Status for introduksjonsprogrammet og tiltaksplanen.",
            "category": "leader_meeting",
            "recurrence": "monthly",
            "start_date": D(year, 1, 1),
            "day_rule": "weekday",
            "week": 1,
            "weekday": 0,  # the first Monday
            "all_day": False,
            "start_time": datetime.time(13, 0),
            "end_time": datetime.time(14, 30),
            "audience": staff,
        },
        {
            "title": "Årsrapport for introduksjonsprogrammet",
            "description": "Årsrapporten legges fram for ledermøtet og kommunestyret.",
            "category": "annual_report",
            "recurrence": "yearly",
            "start_date": D(year, 3, 31),
            "all_day": True,
            "audience": staff,
        },
        {
            "title": "Frist: årsavslutning i NIR",
            "description": (
                "Nasjonalt introduksjonsregister: alle deltakere for fjoråret skal være "
                "registrert og avsluttet innen utgangen av februar."
            ),
            "category": "reporting_deadline",
            "recurrence": "yearly",
            "start_date": D(year, 2, 28),
            "day_rule": "last",
            "all_day": True,
            "audience": staff,
        },
        {
            "title": "Ny G – nye satser for introduksjonsstønad",
            "description": "Grunnbeløpet endres 1. mai; stønaden regnes med ny G fra mai.",
            "category": "stipend",
            "recurrence": "yearly",
            "start_date": D(year, 5, 1),
            "all_day": True,
            "audience": [Role.CONSULTANT, Role.LEADER, Role.PAYROLL],
        },
        {
            "title": "Sommerferie i introduksjonsprogrammet",
            "description": "Fellesferie for deltakerne; ingen undervisning.",
            "category": "holiday",
            "recurrence": "yearly",
            "start_date": D(year, 7, 1),
            "duration_days": 31,
            "all_day": True,
            "audience": [],
        },
        {
            "title": "Norskprøven – vårens prøveperiode",
            "description": "Påmelding til voksenopplæringen i god tid før prøveperioden.",
            "category": "test_period",
            "recurrence": "yearly",
            "start_date": D(year, 5, 4),
            "duration_days": 26,
            "all_day": True,
            "audience": [Role.CONSULTANT, Role.LEADER, Role.TEACHER],
        },
        {
            "title": "Norskprøven – høstens prøveperiode",
            "description": "Påmelding til voksenopplæringen i god tid før prøveperioden.",
            "category": "test_period",
            "recurrence": "yearly",
            "start_date": D(year, 11, 2),
            "duration_days": 26,
            "all_day": True,
            "audience": [Role.CONSULTANT, Role.LEADER, Role.TEACHER],
        },
        {
            "title": "Brukerundersøkelse blant deltakerne",
            "description": "Deltakerne svarer på brukerundersøkelsen, med tolk ved behov.",
            "category": "user_survey",
            "recurrence": "yearly",
            "start_date": D(year, 11, 1),
            "duration_days": 30,
            "all_day": True,
            "audience": staff,
        },
        {
            "title": "Dialogmøte med deltakerne",
            "description": "Deltakerne møter flyktningtjenesten og voksenopplæringen.",
            "category": "other",
            "recurrence": "every_n_months",
            "interval_months": 4,
            "start_date": D(year, 1, 20),
            "all_day": False,
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(11, 30),
            "audience": [Role.CONSULTANT, Role.LEADER, Role.TEACHER],
        },
    ]


def load_demo(users: dict, today: datetime.date) -> None:
    leader = users["leder"]
    consultant = users["konsulent"]
    # From last year, so that the feed and the year view have a history too.
    for data in _events(today.year - 1):
        services.add_event(actor=leader, data=data)
    services.subscribe_to_calendar(actor=consultant)
