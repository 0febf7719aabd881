"""Demo data for `make run`: Karasjok municipality, one user per role and about forty
participants in households at every stage of the programme.

Everything is written through the same services the UI uses, so the demo has a real audit
trail. Dates are relative to the day it is loaded, so "needs attention" looks right on
any day. Identifiers are valid by construction (check digits computed), and fictional.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from stdnum.no import kontonr

from introsak.core import audit
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import Municipality, Role, User
from introsak.participants import services
from introsak.participants.models import (
    CefrLevel,
    EducationLevel,
    Gender,
    LanguageProficiency,
    LegalBasis,
    PermitGround,
    Relation,
    Status,
)
from introsak.participants.rules import age_on, check_digits_for

DEMO_PASSWORD = "introsak-demo"

DEMO_USERS = [
    # username, first name, last name, role
    ("konsulent", "Ingrid", "Haugen", Role.CONSULTANT),
    ("leder", "Berit Anne", "Sara", Role.LEADER),
    ("lonn", "Tor Ivar", "Hætta", Role.PAYROLL),
    ("laerer", "Marit", "Eira", Role.TEACHER),
    ("nav", "Silje", "Nilsen", Role.NAV_ADVISOR),
    ("veileder", "Per Olav", "Johnsen", Role.MENTOR),
    ("deltaker", "Yonas", "Tesfay", Role.PARTICIPANT),
    ("admin", "Anders", "Kristiansen", Role.ADMINISTRATOR),
]
EXTRA_USERS = [
    ("konsulent2", "Piera", "Balto", Role.CONSULTANT),
    ("laerer2", "Jon Erik", "Utsi", Role.TEACHER),
]


@dataclass
class Person:
    given: str
    family: str
    gender: str
    age: int
    relation: str
    participant: bool = True


# Households: origin, first language(s), permit ground, then the people.
HOUSEHOLDS = [
    (
        "Haddad",
        ["ar"],
        PermitGround.RESETTLEMENT,
        [
            Person("Ahmad", "Haddad", Gender.MALE, 41, Relation.MAIN),
            Person("Rania", "Haddad", Gender.FEMALE, 37, Relation.SPOUSE),
            Person("Yousef", "Haddad", Gender.MALE, 19, Relation.CHILD),
            Person("Lina", "Haddad", Gender.FEMALE, 12, Relation.CHILD, participant=False),
            Person("Sami", "Haddad", Gender.MALE, 8, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Tesfay",
        ["ti"],
        PermitGround.REFUGEE,
        [
            Person("Yonas", "Tesfay", Gender.MALE, 29, Relation.MAIN),
            Person("Selam", "Tesfay", Gender.FEMALE, 26, Relation.SPOUSE),
            Person("Luwam", "Tesfay", Gender.FEMALE, 2, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Rahimi",
        ["prs"],
        PermitGround.RESETTLEMENT,
        [
            Person("Mohammad", "Rahimi", Gender.MALE, 45, Relation.MAIN),
            Person("Zahra", "Rahimi", Gender.FEMALE, 40, Relation.SPOUSE),
            Person("Farid", "Rahimi", Gender.MALE, 21, Relation.CHILD),
            Person("Mariam", "Rahimi", Gender.FEMALE, 15, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Kovalenko",
        ["uk", "ru"],
        PermitGround.COLLECTIVE,
        [
            Person("Olena", "Kovalenko", Gender.FEMALE, 38, Relation.MAIN),
            Person("Dmytro", "Kovalenko", Gender.MALE, 11, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Mukendi",
        ["fr", "ln"],
        PermitGround.RESETTLEMENT,
        [
            Person("Jean-Pierre", "Mukendi", Gender.MALE, 36, Relation.MAIN),
            Person("Grace", "Mukendi", Gender.FEMALE, 33, Relation.SPOUSE),
            Person("Esther", "Mukendi", Gender.FEMALE, 6, Relation.CHILD, participant=False),
            Person("Patrick", "Mukendi", Gender.MALE, 4, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Abdi",
        ["so"],
        PermitGround.FAMILY,
        [
            Person("Hodan", "Abdi", Gender.FEMALE, 31, Relation.MAIN),
            Person("Ayaan", "Abdi", Gender.FEMALE, 9, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Shevchenko",
        ["uk"],
        PermitGround.COLLECTIVE,
        [
            Person("Andrii", "Shevchenko", Gender.MALE, 52, Relation.MAIN),
            Person("Iryna", "Shevchenko", Gender.FEMALE, 49, Relation.SPOUSE),
        ],
    ),
    (
        "Al-Khatib",
        ["ar", "kmr"],
        PermitGround.REFUGEE,
        [
            Person("Khaled", "Al-Khatib", Gender.MALE, 27, Relation.MAIN),
        ],
    ),
    (
        "Ghebremedhin",
        ["ti"],
        PermitGround.RESETTLEMENT,
        [
            Person("Senait", "Ghebremedhin", Gender.FEMALE, 34, Relation.MAIN),
            Person("Filmon", "Ghebremedhin", Gender.MALE, 23, Relation.SIBLING),
            Person("Aron", "Ghebremedhin", Gender.MALE, 13, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Ahmadi",
        ["ps", "prs"],
        PermitGround.REFUGEE,
        [
            Person("Hamid", "Ahmadi", Gender.MALE, 24, Relation.MAIN),
            Person("Shabnam", "Ahmadi", Gender.FEMALE, 22, Relation.SPOUSE),
        ],
    ),
    (
        "Darwish",
        ["ar"],
        PermitGround.HUMANITARIAN,
        [
            Person("Layla", "Darwish", Gender.FEMALE, 44, Relation.MAIN),
            Person("Omar", "Darwish", Gender.MALE, 20, Relation.CHILD),
            Person("Noor", "Darwish", Gender.FEMALE, 18, Relation.CHILD),
        ],
    ),
    (
        "Bondarenko",
        ["uk", "ru"],
        PermitGround.COLLECTIVE,
        [
            Person("Natalia", "Bondarenko", Gender.FEMALE, 35, Relation.MAIN),
            Person("Serhii", "Bondarenko", Gender.MALE, 37, Relation.SPOUSE),
            Person("Sofiia", "Bondarenko", Gender.FEMALE, 7, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Kabongo",
        ["sw", "fr"],
        PermitGround.RESETTLEMENT,
        [
            Person("Didier", "Kabongo", Gender.MALE, 30, Relation.MAIN),
            Person("Chantal", "Kabongo", Gender.FEMALE, 28, Relation.COHABITANT),
        ],
    ),
    (
        "Hassan",
        ["so"],
        PermitGround.REFUGEE,
        [
            Person("Abdirahman", "Hassan", Gender.MALE, 33, Relation.MAIN),
            Person("Faduma", "Hassan", Gender.FEMALE, 29, Relation.SPOUSE),
            Person("Ilhan", "Hassan", Gender.FEMALE, 5, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Hakimi",
        ["prs"],
        PermitGround.RESETTLEMENT,
        [
            Person("Parwana", "Hakimi", Gender.FEMALE, 39, Relation.MAIN),
            Person("Ali", "Hakimi", Gender.MALE, 19, Relation.CHILD),
        ],
    ),
    (
        "Ibrahim",
        ["ar"],
        PermitGround.REFUGEE,
        [
            Person("Mustafa", "Ibrahim", Gender.MALE, 47, Relation.MAIN),
            Person("Amal", "Ibrahim", Gender.FEMALE, 43, Relation.SPOUSE),
            Person("Hiba", "Ibrahim", Gender.FEMALE, 16, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Melnyk",
        ["uk"],
        PermitGround.COLLECTIVE,
        [
            Person("Yuliia", "Melnyk", Gender.FEMALE, 26, Relation.MAIN),
        ],
    ),
    (
        "Kidane",
        ["ti", "am"],
        PermitGround.FAMILY,
        [
            Person("Merhawi", "Kidane", Gender.MALE, 32, Relation.MAIN),
            Person("Helen", "Kidane", Gender.FEMALE, 30, Relation.SPOUSE),
        ],
    ),
    (
        "Warsame",
        ["so"],
        PermitGround.REFUGEE,
        [
            Person("Abdullahi", "Warsame", Gender.MALE, 38, Relation.MAIN),
            Person("Sahra", "Warsame", Gender.FEMALE, 35, Relation.SPOUSE),
            Person("Idil", "Warsame", Gender.FEMALE, 10, Relation.CHILD, participant=False),
        ],
    ),
    (
        "Tkachenko",
        ["uk"],
        PermitGround.COLLECTIVE,
        [
            Person("Oksana", "Tkachenko", Gender.FEMALE, 42, Relation.MAIN),
            Person("Viktor", "Tkachenko", Gender.MALE, 44, Relation.SPOUSE),
        ],
    ),
    (
        "Berhane",
        ["ti"],
        PermitGround.RESETTLEMENT,
        [
            Person("Daniel", "Berhane", Gender.MALE, 25, Relation.MAIN),
        ],
    ),
    (
        "Osman",
        ["ar"],
        PermitGround.REFUGEE,
        [
            Person("Mahmoud", "Osman", Gender.MALE, 35, Relation.MAIN),
            Person("Amira", "Osman", Gender.FEMALE, 31, Relation.SPOUSE),
            Person("Karim", "Osman", Gender.MALE, 3, Relation.CHILD, participant=False),
        ],
    ),
]

# (days since settlement, status) for each household above, in the same order: the stages
# are mixed so that every list and filter has something to show.
HOUSEHOLD_STAGES = [
    (620, Status.IN_PROGRAMME),
    (400, Status.IN_PROGRAMME),
    (780, Status.IN_PROGRAMME),
    (250, Status.IN_PROGRAMME),
    (95, Status.ASSESSMENT),
    (160, Status.IN_PROGRAMME),
    (1100, Status.COMPLETED),
    (25, Status.SETTLED),
    (520, Status.IN_PROGRAMME),
    (70, Status.ASSESSMENT),
    (1400, Status.COMPLETED),
    (12, Status.SETTLED),
    (330, Status.ON_LEAVE),
    (900, Status.INTERRUPTED),
    (45, Status.SETTLED),
    (210, Status.IN_PROGRAMME),
    (600, Status.SUSPENDED),
    (1500, Status.COMPLETED),
    (300, Status.IN_PROGRAMME),
    (140, Status.IN_PROGRAMME),
    (460, Status.IN_PROGRAMME),
    (5, Status.SETTLED),
]

STREETS = [
    "Finnmarksveien",
    "Skoleveien",
    "Markveien",
    "Storgata",
    "Kautokeinoveien",
    "Giellajohka",
    "Bjørkeveien",
    "Elvebakken",
]
OCCUPATIONS = {
    "ar": ["Electrician", "Teacher", "Tailor", "Shop owner", "Nurse", "Farmer"],
    "ti": ["Mechanic", "Farmer", "Cook", "Construction worker", "Hairdresser"],
    "prs": ["Carpenter", "Midwife", "Driver", "Farmer", "Tailor"],
    "ps": ["Driver", "Farmer", "Shopkeeper"],
    "uk": ["Accountant", "Engineer", "Nurse", "Kindergarten teacher", "Welder"],
    "fr": ["Teacher", "Nurse", "Pharmacist", "Mechanic"],
    "sw": ["Farmer", "Cook", "Tailor"],
    "so": ["Shopkeeper", "Cook", "Driver", "Cleaner"],
}
NORWEGIAN_WORK = {
    "Electrician": "Elektriker",
    "Teacher": "Lærer",
    "Tailor": "Skredder",
    "Shop owner": "Butikkeier",
    "Nurse": "Sykepleier",
    "Farmer": "Bonde",
    "Mechanic": "Mekaniker",
    "Cook": "Kokk",
    "Construction worker": "Bygningsarbeider",
    "Hairdresser": "Frisør",
    "Carpenter": "Snekker",
    "Midwife": "Jordmor",
    "Driver": "Sjåfør",
    "Shopkeeper": "Butikkmedarbeider",
    "Accountant": "Regnskapsfører",
    "Engineer": "Ingeniør",
    "Kindergarten teacher": "Barnehagelærer",
    "Welder": "Sveiser",
    "Pharmacist": "Farmasøyt",
    "Cleaner": "Renholder",
}
COUNTRY = {
    "ar": "Syria",
    "ti": "Eritrea",
    "prs": "Afghanistan",
    "ps": "Afghanistan",
    "uk": "Ukraina",
    "fr": "DR Kongo",
    "sw": "DR Kongo",
    "so": "Somalia",
}
BANKS = ["1503", "1506", "4901", "9710", "1254"]


class IdentifierFactory:
    """Fictional but valid fødselsnummer, D-nummer, DUF-nummer and kontonummer."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def national_id(self, birth_date: datetime.date, *, d_number: bool) -> str:
        day = birth_date.day + (40 if d_number else 0)
        prefix = f"{day:02d}{birth_date:%m}{birth_date:%y}"
        low, high = (0, 499) if birth_date.year < 2000 else (500, 999)
        while True:
            individual = f"{self.rng.randint(low, high):03d}"
            digits = check_digits_for(prefix + individual)
            number = f"{prefix}{individual}{digits}" if digits else None
            if number and number not in self.used:
                self.used.add(number)
                return number

    def duf(self, year: int) -> str:
        while True:
            number = f"{year}{self.rng.randint(0, 99999999):08d}"
            if number not in self.used:
                self.used.add(number)
                return number

    def account(self) -> str:
        while True:
            number = self.rng.choice(BANKS) + f"{self.rng.randint(0, 9999999):07d}"
            if kontonr.is_valid(number):
                return number


def _birth_date(rng: random.Random, age: int, today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))


def demo_exists() -> bool:
    return User.objects.filter(username="konsulent").exists()


PARTICIPANT_RULES = """Meld fravær før kl. 08.30 samme dag: ring eller send SMS til læreren din.
Ved sykdom kan du bruke egenmelding i inntil 3 dager. Lengre sykdom krever sykemelding.
Søknad om permisjon leveres til konsulenten senest en uke før.
Flyktningtjenesten har åpent mandag–fredag 08.00–15.30."""


@transaction.atomic
def load(*, today: datetime.date | None = None, seed: int = 2026) -> Municipality:
    today = today or datetime.date.today()
    rng = random.Random(seed)
    ids = IdentifierFactory(rng)
    municipality = Municipality.objects.create(number="5610", name="Karasjok", in_sami_area=True)

    users: dict[str, User] = {}
    for username, first, last, role in DEMO_USERS + EXTRA_USERS:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            municipality=municipality,
            email=f"{username}@karasjok.kommune.no",
            phone=f"+47 4{rng.randint(0, 9999999):07d}" if role != Role.PARTICIPANT else "",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        audit.record_event(
            actor=None,
            action="user.create",
            obj=user,
            changes=audit.created({"username": username, "role": role}),
            reason="Demo data",
        )
        users[username] = user

    consultants = [users["konsulent"], users["konsulent2"]]
    participants_by_stage: dict[str, list] = {}
    all_participants = []
    for (family, languages, ground, people), (days, status) in zip(
        HOUSEHOLDS, HOUSEHOLD_STAGES, strict=True
    ):
        settled = today - datetime.timedelta(days=days)
        consultant = consultants[0] if rng.random() < 0.7 else consultants[1]
        # Some newcomers are registered before they are given a consultant.
        if days < 30 and family == "Bondarenko":
            consultant = None
        legal_basis = LegalBasis.IL_6A if ground == PermitGround.COLLECTIVE else LegalBasis.IL
        if settled.year < 2021:
            legal_basis = LegalBasis.INTROL
        address = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
        household = None
        household_head = None
        for person in people:
            birth = _birth_date(rng, person.age, today)
            if not person.participant:
                services.add_household_member(
                    actor=users["konsulent"],
                    participant=household_head,
                    data={
                        "given_name": person.given,
                        "family_name": person.family,
                        "birth_date": birth,
                        "relation": person.relation,
                    },
                )
                continue
            duf = ids.duf(settled.year - (1 if days > 200 else 0))
            data = {
                "given_name": person.given,
                "family_name": person.family,
                "birth_date": birth,
                "gender": person.gender,
                "duf_number": duf,
                "status": status,
                "legal_basis": legal_basis,
                "permit_ground": ground,
                "permit_date": settled - datetime.timedelta(days=rng.randint(40, 120)),
                "settlement_date": settled,
                "consultant": consultant,
                "preferred_language": languages[0],
                "address": address,
                "postcode": "9730",
                "city": "Karasjok",
                "phone": f"+47 9{rng.randint(0, 9999999):07d}" if days > 20 else "",
            }
            # The usual path: DUF first, then a D-nummer, later a fødselsnummer.
            later_fnr = None
            if days > 20:
                data["national_id"] = ids.national_id(birth, d_number=True)
                if days >= 120:
                    later_fnr = ids.national_id(birth, d_number=False)
            account = ids.account() if status != Status.SETTLED or rng.random() < 0.3 else ""
            participant = services.register_participant(
                actor=users["konsulent"], data=data, bank_account=account
            )
            if later_fnr:
                services.update_participant(
                    actor=users["konsulent"],
                    participant=participant,
                    data={"national_id": later_fnr},
                    reason="Fødselsnummer fra Folkeregisteret",
                )
            if household is None:
                household = services.create_household(
                    actor=users["konsulent"],
                    participant=participant,
                    name=family,
                    address=f"{address}, 9730 Karasjok",
                )
                household_head = participant
            else:
                services.update_participant(
                    actor=users["konsulent"],
                    participant=participant,
                    data={"household": household, "household_relation": person.relation},
                )
            for index, language in enumerate(languages):
                services.add_language(
                    actor=users["konsulent"],
                    participant=participant,
                    language=language,
                    is_first_language=index == 0,
                    needs_interpreter=index == 0
                    and status in (Status.SETTLED, Status.ASSESSMENT)
                    or (index == 0 and rng.random() < 0.3),
                )
            participants_by_stage.setdefault(status, []).append(participant)
            all_participants.append((participant, languages, days))

    # Assessments: everyone past the first weeks has one, some have two.
    for participant, languages, days in all_participants:
        if days < 20:
            continue
        _assess(rng, users["konsulent"], participant, languages, today, days)
        if days > 365 and rng.random() < 0.4:
            _assess(
                rng,
                users["konsulent"],
                participant,
                languages,
                today,
                days // 3,
                later=True,
                settled_days=days,
            )

    in_programme = participants_by_stage.get(Status.IN_PROGRAMME, [])
    leader = users["leder"]
    services.save_group(
        actor=leader,
        group=None,
        name="Norsk spor 1 – alfabetisering",
        description="Mandag–fredag 08.30–11.30, Karasjok voksenopplæring, rom 2",
        teachers=[users["laerer"]],
        participants=in_programme[0:6],
    )
    services.save_group(
        actor=leader,
        group=None,
        name="Norsk spor 2 – A2",
        description="Mandag–fredag 08.30–11.30, Karasjok voksenopplæring, rom 4",
        teachers=[users["laerer"], users["laerer2"]],
        participants=in_programme[6:13],
    )
    services.save_group(
        actor=leader,
        group=None,
        name="Norsk spor 3 – B1",
        description="Mandag–torsdag 12.00–15.00",
        teachers=[users["laerer2"]],
        participants=in_programme[13:],
    )
    for participant in in_programme[::2]:
        services.update_participant(
            actor=users["konsulent"], participant=participant, data={"nav_advisor": users["nav"]}
        )

    # The participant demo user is Yonas Tesfay.
    yonas = next(p for p, _langs, _days in all_participants if p.given_name == "Yonas")
    yonas.user = users["deltaker"]
    yonas.save(update_fields=["user"])
    audit.record_event(
        actor=None,
        action="participant.login.link",
        obj=yonas,
        participant_id=yonas.pk,
        changes={"user": {"old": None, "new": "deltaker"}},
        reason="Demo data",
    )
    _decisions(users, all_participants, today)
    from introsak.decisions.services import refresh_participant_status

    for participant, _languages, _days in all_participants:
        refresh_participant_status(participant=participant, actor=None, today=today)
        # Told the rights and duties at the start of the programme; Amal Ibrahim not yet
        # (the consultant's «needs attention»).
        from introsak.participants.models import Participant

        participant.refresh_from_db(fields=["status"])
        if (
            participant.status == "in_programme"
            and participant.settlement_date
            and participant.given_name != "Amal"
        ):
            Participant.objects.filter(pk=participant.pk).update(
                informed_on=min(participant.settlement_date + datetime.timedelta(days=35), today)
            )
    municipality.participant_rules = PARTICIPANT_RULES
    municipality.save(update_fields=["participant_rules"])
    _plans(users, all_participants, today)
    # Holidays first: the attendance that follows leaves their days out, and locks last month.
    _holidays(users, today)
    _attendance(users, rng, today)
    _stipend(users, today)
    _placements(users, today)
    _this_week(users, today)
    _coordination(users, today)
    _results(users, today)
    return municipality


def _coordination(users, today):
    """Settlement against this year's decision with arrivals and their checklists, meetings
    with minutes and action items, interpreters and bookings, a year of the annual calendar,
    and the action plan from the Drangedal template (issue 8)."""
    from introsak.actionplan import demo as actionplan_demo
    from introsak.meetings import demo as meetings_demo
    from introsak.settlement import demo as settlement_demo
    from introsak.yearplan import demo as yearplan_demo

    for demo in (settlement_demo, meetings_demo, yearplan_demo, actionplan_demo):
        demo.load_demo(users, today)


def _results(users, today):
    """A certificate-ready participant with a plan, last year's register export, an open
    user survey with answers, and the outcomes of ended programmes (issue 9)."""
    import importlib

    for name in ("certificates", "register", "surveys", "results"):
        demo = importlib.import_module(f"introsak.{name}.demo")
        demo.load_demo(users, today)


def _org_number(first8: str) -> str:
    """A valid organisasjonsnummer from 8 digits (modulus 11), for made-up demo employers."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    rest = sum(int(d) * w for d, w in zip(first8, weights, strict=True)) % 11
    check = 0 if rest == 0 else 11 - rest
    if check == 10:
        return _org_number(str(int(first8) + 1))
    return first8 + str(check)


def _placements(users, today):
    """Employers at every stage of the recruitment, the municipality's need for labour, two
    mentors (the demo mentor at Coop), placements for participants with work practice in
    their plan (one without a mentor, one ended), start-up meetings, a week registered and
    evaluated by the mentor, a message answered by the teacher, concerns and gatherings."""
    from decimal import Decimal

    from introsak.participants.models import Participant
    from introsak.placements import services as placements
    from introsak.placements.models import Mentor, MentorTraining
    from introsak.plans.models import Measure

    consultant, nav, teacher = users["konsulent"], users["nav"], users["laerer"]
    day = datetime.timedelta(days=1)
    employers = {}
    for key, number, name, industry, address, stages in [
        (
            "coop",
            "97081234",
            "Coop Karasjok",
            "retail",
            "Storgata 10",
            ["info_meeting", "agreement", "active"],
        ),
        (
            "kommune",
            "96499123",
            "Karasjok kommune",
            "public",
            "Rådhusveien 1",
            ["info_meeting", "agreement", "active"],
        ),
        (
            "scandic",
            "98512345",
            "Scandic Karasjok",
            "hospitality",
            "Porsangerveien 1",
            ["info_meeting", "agreement"],
        ),
        ("bakeri", "91234567", "Karasjok Bakeri AS", "hospitality", "Markedsgata 3", []),
        ("renhold", "94567890", "Karasjok Renhold AS", "cleaning", "Industriveien 2", []),
        (
            "bygg",
            "92345678",
            "Finnmark Bygg AS",
            "construction",
            "Industriveien 7",
            ["info_meeting"],
        ),
        (
            "reindrift",
            "93456789",
            "Sápmi Reindrift AS",
            "primary",
            "Áidejávri",
            ["info_meeting", "agreement", "paused"],
        ),
    ]:
        employer = placements.register_employer(
            actor=consultant,
            data={
                "org_number": _org_number(number),
                "name": name,
                "industry": industry,
                "address": address,
                "postal_code": "9730",
                "city": "Karasjok",
            },
        )
        placements.add_contact(
            actor=consultant,
            employer=employer,
            data={"name": f"Daglig leder, {name}", "title": "Daglig leder", "phone": "78 46 00 00"},
        )
        workplace = employer.workplaces.get()
        for stage in stages:
            placements.move_workplace(actor=consultant, workplace=workplace, to_stage=stage)
        employers[key] = employer
    health = placements.add_workplace(
        actor=consultant,
        employer=employers["kommune"],
        data={
            "name": "Karasjok helsesenter, sykehjemmet",
            "industry": "health",
            "capacity": 3,
            "tasks": "Kjøkken, aktiviteter med beboerne, renhold av fellesarealer",
        },
    )
    for stage in ("info_meeting", "agreement"):
        placements.move_workplace(actor=consultant, workplace=health, to_stage=stage)
    kindergarten = placements.add_workplace(
        actor=consultant,
        employer=employers["kommune"],
        data={"name": "Ájastealli barnehage", "industry": "education", "capacity": 2},
    )
    for stage in ("info_meeting", "agreement", "active"):
        placements.move_workplace(actor=consultant, workplace=kindergarten, to_stage=stage)
    coop = employers["coop"].workplaces.get()
    coop.capacity = 3
    coop.save(update_fields=["capacity"])
    for industry, occupation, year, positions, source in [
        ("health", "Helsefagarbeider", today.year + 2, 12, "Kommunens strategiske kompetanseplan"),
        ("education", "Barnehageassistent", today.year + 1, 5, "Oppvekstetaten"),
        ("hospitality", "Kokk og servitør", today.year + 1, 4, "NAVs bedriftsundersøkelse"),
        ("transport", "Sjåfør med klasse D", today.year + 2, 3, "NAVs bedriftsundersøkelse"),
    ]:
        placements.record_labour_need(
            actor=consultant,
            data={
                "industry": industry,
                "occupation": occupation,
                "year": year,
                "positions": positions,
                "source": source,
            },
        )

    demo_mentor = Mentor.objects.create(
        municipality=consultant.municipality,
        user=users["veileder"],
        employer=employers["coop"],
        phone="900 11 222",
    )
    MentorTraining.objects.create(
        mentor=demo_mentor, kind="basic", completed_on=today - 120 * day, note="Grunnopplæring, vår"
    )
    nurse_mentor = placements.register_mentor(
        actor=consultant,
        employer=employers["kommune"],
        data={
            "username": "veileder2",
            "first_name": "Elle Marja",
            "last_name": "Somby",
            "email": "elle.marja.somby@karasjok.kommune.no",
            "phone": "915 22 333",
        },
        password=DEMO_PASSWORD,
    )
    kindergarten_mentor = placements.register_mentor(
        actor=consultant,
        employer=employers["kommune"],
        data={"username": "veileder3", "first_name": "Hanne", "last_name": "Boine"},
        password=DEMO_PASSWORD,
    )
    placements.record_mentor_training(
        actor=consultant,
        mentor=nurse_mentor,
        data={"kind": "basic", "completed_on": today - 40 * day},
    )

    measures = list(
        Measure.objects.filter(
            municipality=consultant.municipality,
            kind="work_practice",
            is_active=True,
            start_date__lte=today - 14 * day,
            end_date__gte=today + 60 * day,
        )
        .select_related("plan__participant")
        .order_by("plan__participant__family_name", "plan__participant__given_name")
    )
    plan = [
        (coop, demo_mentor, "123"),
        (coop, demo_mentor, "24"),
        (health, nurse_mentor, "012"),
        (kindergarten, kindergarten_mentor, "234"),
        (health, None, "34"),
    ]
    made = []
    for (workplace, mentor, weekdays), measure in zip(plan, measures, strict=False):
        participant = measure.plan.participant
        start = max(measure.start_date, today - 42 * day)
        start -= start.weekday() * day
        start = max(start, measure.start_date)
        placement = placements.make_placement(
            actor=consultant if workplace != kindergarten else consultant,
            participant=participant,
            data={
                "workplace": workplace,
                "mentor": mentor,
                "measure": measure,
                "start_date": start,
                "end_date": min(measure.end_date, today + 140 * day),
                "weekdays": weekdays,
                "hours_per_week": Decimal(min(measure.hours_per_week, 3 * len(weekdays))),
                "tasks": "Varemottak, påfylling av varer, kundeservice"
                if workplace == coop
                else "Arbeid sammen med de ansatte i det daglige",
                "language_goals": "Hilse på kunder og kolleger, spørre om hjelp, lese "
                "enkle arbeidsbeskrivelser",
            },
        )
        if mentor is not None:
            placements.record_startup_meeting(
                actor=consultant,
                placement=placement,
                data={
                    "date": start - 3 * day,
                    "participant_attended": True,
                    "mentor_attended": True,
                    "teacher": teacher,
                    "interpreter_language": "ar",
                    "interpreter_name": "Tolk via IMDis tolkeregister",
                    "notes": "Oppmøte kl. 09.00. Arbeidsklær fra butikken. Deltakeren ringer "
                    "veilederen ved fravær.",
                },
            )
        made.append(placement)
    if not made:
        return
    # An earlier placement that ended: the mentor no longer sees it.
    first = made[0]
    earlier_start = max(first.measure.start_date, first.start_date - 70 * day)
    if earlier_start <= first.start_date - 15 * day:
        placements.make_placement(
            actor=consultant,
            participant=first.participant,
            data={
                "workplace": kindergarten,
                "mentor": kindergarten_mentor,
                "measure": first.measure,
                "start_date": earlier_start,
                "end_date": first.start_date - 8 * day,
                "weekdays": "123",
                "hours_per_week": Decimal(9),
                "tasks": "Kjøkken og lek ute",
            },
        )

    # The demo mentor's week: the days that have come this week (in this month: last month is
    # approved and locked), and an evaluation of last week.
    monday = today - today.weekday() * day
    for placement in [p for p in made if p.mentor_id == demo_mentor.pk]:
        days = [
            monday + i * day
            for i in range(5)
            if str(i) in placement.weekdays
            and max(placement.start_date, today.replace(day=1)) <= monday + i * day <= today
        ]
        if days:
            placements.register_placement_days(
                actor=users["veileder"],
                placement=placement,
                items=[{"date": d, "status": "present"} for d in days],
            )
        placements.write_evaluation(
            actor=users["veileder"],
            placement=placement,
            week_start=monday - 7 * day,
            data={
                "rating": "good",
                "text": "Møtte presist alle dager og tok initiativ på lageret.",
                "language_use": "Bruker ord for varer og hyller. Øve på å spørre kunder om hjelp.",
            },
        )
    placements.send_message(
        actor=users["veileder"],
        placement=made[0],
        text="Hei! Hun forstår instruksjoner godt, men er usikker når kunder spør etter varer. "
        "Har du tips til ord vi kan øve på?",
    )
    placements.send_message(
        actor=teacher,
        placement=made[0],
        text="Takk! Vi jobber med «Hvor finner jeg …?» og varegrupper i klassen denne uka. "
        "Be henne gjerne vise deg ordlista si.",
    )
    placements.raise_concern(
        actor=users["veileder"],
        placement=made[min(1, len(made) - 1)],
        data={"description": "Har ikke møtt de to siste onsdagene og svarer ikke på telefon."},
    )
    if len(made) > 2:
        closed = placements.raise_concern(
            actor=consultant,
            placement=made[2],
            data={
                "raised_by": "participant",
                "description": "Deltakeren opplever at han bare får vaske, ikke andre oppgaver.",
                "owner": nav,
                "meeting_by": today,
            },
        )
        placements.close_concern(
            actor=nav,
            concern=closed,
            outcome="Møte med veileder: oppgavene utvides til kjøkken og aktiviteter.",
            meeting_held_on=today,
        )

    # Gatherings: one held this year with attendance, one planned.
    in_placement = Participant.objects.filter(placements__in=made).distinct()
    placements.record_gathering(
        actor=consultant,
        data={
            "date": today - 21 * day,
            "theme": "Erfaringsutveksling: den første måneden i praksis",
            "planned_topics": "Hva har gått bra? Hva er vanskelig? Pauser og uformell prat.",
            "language_part": "Ord og uttrykk fra arbeidsplassen; rollespill: ringe inn fravær.",
            "notes": "God stemning. Veilederne ønsker mer om klarspråk.",
        },
        participant_ids=[p.pk for p in in_placement],
        mentor_ids=[demo_mentor.pk, nurse_mentor.pk],
    )
    placements.record_gathering(
        actor=consultant,
        data={
            # A Thursday three to four weeks ahead.
            "date": today + (21 + (3 - today.weekday()) % 7) * day,
            "theme": "Norsk arbeidsliv: medvirkning og HMS",
            "planned_topics": "Arbeidsmiljøloven i praksis, verneombud, å si ifra.",
            "language_part": "Begreper fra HMS-opplæringen.",
        },
    )


def _stipend(users, today):
    """Last month's payroll run, walked through the four-eyes steps: payroll prepares it, the
    consultant checks it, the leader approves it and payroll exports it. One participant has
    dagpenger that reduce the stipend."""
    from decimal import Decimal

    from introsak.attendance.selectors import month_start
    from introsak.participants.models import Participant
    from introsak.stipend import services as stipend

    last_month = month_start(today.replace(day=1) - datetime.timedelta(days=1))
    stipend.set_pay_codes(
        actor=users["lonn"],
        codes={
            "base": "1150",
            "invalid_absence": "1151",
            "reduction": "1152",
            "floor": "1153",
            "correction": "1154",
        },
    )
    with_benefit = (
        Participant.objects.filter(
            municipality=users["konsulent"].municipality,
            timesheets__month=last_month,
            timesheets__status="approved",
        )
        .order_by("family_name", "given_name")
        .last()
    )
    if with_benefit is not None:
        stipend.register_reduction(
            actor=users["konsulent"],
            participant=with_benefit,
            month=last_month,
            kind="dagpenger",
            amount=Decimal("2500.00"),
            note="Vedtak fra NAV om dagpenger",
        )
    run = stipend.prepare_run(actor=users["lonn"], month=last_month)
    stipend.run_step(actor=users["konsulent"], run=run, step="check")
    if not stipend.blocked_payments(run):
        stipend.run_step(actor=users["leder"], run=run, step="approve")
        stipend.run_step(actor=users["lonn"], run=run, step="export")


def _attendance(users, rng, today):
    """Last month and this month so far, registered by the teachers for their classes, with
    the absence a class has; last month signed and approved for most."""
    from introsak.attendance import selectors as attendance_selectors
    from introsak.attendance import services as attendance
    from introsak.participants.models import Group

    this_month = today.replace(day=1)
    last_month = attendance_selectors.month_start(this_month - datetime.timedelta(days=1))
    kinds = ["invalid"] * 4 + ["own_illness_self"] * 3 + ["sick_child"] * 2 + ["welfare"]
    for group in Group.objects.filter(municipality=users["konsulent"].municipality):
        teacher = group.teachers.first()
        participants = list(group.participants.all())
        for participant in participants:
            for measure in participant.plan.measures.filter(kind="norwegian", is_active=True):
                measure.group = group
                measure.save(update_fields=["group"])
        grid = attendance_selectors.class_grid(group, start=last_month, end=today)
        items = []
        for row in grid["rows"]:
            if row.measure is None:
                continue
            for cell in row.cells:
                if not cell["hours"]:
                    continue
                item = {
                    "participant_id": row.participant.pk,
                    "measure_id": row.measure.pk,
                    "date": cell["date"],
                    "status": "present",
                }
                if rng.random() < 0.07:
                    kind = rng.choice(kinds)
                    item.update(
                        status="absent",
                        absence_type=kind,
                        hours=str(cell["hours"])
                        if kind != "invalid"
                        else rng.choice([None, "1.5", str(cell["hours"])]),
                    )
                items.append(item)
        attendance.register_bulk(actor=teacher, items=items)
        # One participant has been ill often: the fifth self-certified spell in 12 months
        # goes past the limit and counts as invalid absence.
        if group == Group.objects.filter(municipality=group.municipality).first() and grid["rows"]:
            row = grid["rows"][0]
            days = [c for c in row.cells if c["hours"]][::4][:5]
            attendance.register_bulk(
                actor=teacher,
                items=[
                    {
                        "participant_id": row.participant.pk,
                        "measure_id": row.measure.pk,
                        "date": c["date"],
                        "status": "absent",
                        "absence_type": "own_illness_self",
                    }
                    for c in days
                ],
            )
        # The other measures (social studies, work practice, courses), registered by the
        # consultant up to last week; this week comes in `_this_week` after the placements.
        for participant in participants:
            _register_planned(
                users,
                participant,
                start=last_month,
                # Last month is approved (locked) below, so all of it is registered now.
                end=max(attendance_selectors.reporting_week(today)[0], this_month),
                skip=group.pk,
            )
        for index, participant in enumerate(participants):
            if index % 4 == 3:
                continue  # the teacher has not signed these yet
            attendance.timesheet_step(
                actor=teacher, participant=participant, month=last_month, step="sign"
            )
            if index % 4 != 2:
                attendance.acknowledge_timesheet(
                    actor=users["konsulent"], participant=participant, month=last_month
                )
                attendance.timesheet_step(
                    actor=users["konsulent"],
                    participant=participant,
                    month=last_month,
                    step="approve",
                )


def _holidays(users, today):
    """Three weeks of summer holiday for most of those who were in the programme in July,
    and a week at Christmas for some; a few have none planned (the holiday plan)."""
    from introsak.attendance import services as attendance
    from introsak.participants.models import Participant

    july = datetime.date(today.year, 7, 6)
    if today < july:
        return
    people = Participant.objects.filter(
        municipality=users["konsulent"].municipality,
        status="in_programme",
        settlement_date__lt=datetime.date(today.year, 4, 1),
    ).order_by("family_name", "given_name")
    for index, participant in enumerate(people):
        if index % 5 == 4:
            continue
        attendance.register_vacation(
            actor=users["konsulent"],
            participant=participant,
            start=july + datetime.timedelta(weeks=index % 2),
            end=july + datetime.timedelta(weeks=index % 2, days=18),
        )
        if index % 3 == 0:
            attendance.register_vacation(
                actor=users["konsulent"],
                participant=participant,
                start=datetime.date(today.year, 12, 21),
                end=datetime.date(today.year, 12, 23),
            )


def _register_planned(users, participant, *, start, end, skip=None):
    """Register «present» on every planned, unregistered and open day in [start, end) of the
    participant's measures (except the class measure of group `skip`), as the consultant."""
    from introsak.attendance import selectors as attendance_selectors
    from introsak.attendance import services as attendance

    last = end - datetime.timedelta(days=1)
    if last < start:
        return
    grid = attendance_selectors.participant_grid(participant, start=start, end=last)
    items = [
        {
            "participant_id": participant.pk,
            "measure_id": row.measure.pk,
            "date": cell["date"],
            "status": "present",
        }
        for row in grid["rows"]
        if row.measure is not None and (skip is None or row.measure.group_id != skip)
        for cell in row.cells
        if cell["hours"] and not cell["registration"] and not cell["locked"]
    ]
    if items:
        attendance.register_bulk(actor=users["konsulent"], items=items)


def _this_week(users, today):
    """This week up to yesterday registered for everyone in a class, except Yousef Haddad's
    measures outside the class (the consultant's start page: «attendance not registered this
    week»)."""
    from introsak.attendance.selectors import reporting_week
    from introsak.participants.models import Participant

    for participant in Participant.objects.filter(
        municipality=users["konsulent"].municipality, groups__isnull=False
    ).distinct():
        if participant.given_name != "Yousef":
            _register_planned(users, participant, start=reporting_week(today)[0], end=today)


def _plans(users, all_participants, today):
    """Plans for everyone in the programme, with an IP conversation; the teachers' IOPs."""
    from introsak.decisions.selectors import programme_period
    from introsak.plans import services as plans

    consultant = users["konsulent"]
    day = datetime.timedelta(days=1)
    workplaces = [
        "Coop Karasjok",
        "Karasjok helsesenter",
        "Sámi allaskuvla, drift",
        "Karasjok kommune, teknisk",
        "Rica Hotel Karasjok",
    ]
    for index, (participant, languages, _days) in enumerate(all_participants):
        period = programme_period(participant)
        if period is None or period.actual_end and period.actual_end < today:
            continue
        start = max(period.start, today - 300 * day)
        end = min(period.end, start + 364 * day)
        norwegian = {
            "kind": "norwegian",
            "title": "Norsk i klasse",
            "start_date": start,
            "end_date": end,
            "hours_per_week": 15,
            "provider": "Karasjok voksenopplæring",
            "responsible": users["laerer"],
        }
        measures = [
            norwegian,
            {
                "kind": "social_studies",
                "title": f"Samfunnskunnskap på {str(LANGUAGE_NAMES[languages[0]]).lower()}",
                "start_date": start,
                "end_date": end,
                "hours_per_week": "2.5",
                "provider": "Karasjok voksenopplæring",
            },
            {
                "kind": "life_skills",
                "title": "Livsmestring i en ny hverdag",
                "start_date": start,
                "end_date": end,
                "hours_per_week": 2,
                "provider": "Flyktningtjenesten",
                "responsible": consultant,
            },
            {
                "kind": "other",
                "title": "Selvstudium og lekser",
                "start_date": start,
                "end_date": end,
                "hours_per_week": 3,
                "provider": "Karasjok voksenopplæring",
            },
        ]
        # Some are still looking for a work placement: their week is not full yet.
        if index % 5 != 3:
            measures.append(
                {
                    "kind": "work_practice",
                    "title": "Språkpraksis",
                    "start_date": start + 28 * day,
                    "end_date": end,
                    "hours_per_week": 15,
                    "provider": workplaces[index % len(workplaces)],
                    "responsible": users["nav"],
                }
            )
        if (
            participant.household_relation in ("main", "spouse", "cohabitant")
            and participant.household.members.filter(relation="child").exists()
        ):
            measures.append(
                {
                    "kind": "parental_guidance",
                    "title": "ICDP foreldreveiledning",
                    "start_date": start,
                    "end_date": min(end, start + 70 * day),
                    "hours_per_week": 2,
                    "provider": "Helsestasjonen",
                }
            )
        plan = plans.save_plan(
            actor=consultant,
            participant=participant,
            data={
                "final_goal": "work",
                "final_goal_field": "",
                "norwegian_target": "b1",
                "heavy_self_study": False,
            },
            sub_goals=[
                {
                    "description": "Norsk A2 muntlig",
                    "target_date": min(end, start + 150 * day),
                    "status": "achieved" if start + 150 * day < today else "in_progress",
                },
                {
                    "description": "Praksisplass i ønsket bransje",
                    "target_date": min(end, start + 200 * day),
                    "status": "in_progress",
                },
            ],
            measures=measures,
        )
        # Conversations spread over the last three months: a few reviews are due now.
        held = min(today - day, max(start + 14 * day, today - ((index * 13) % 85 + 3) * day))
        plans.record_conversation(
            actor=consultant,
            participant=participant,
            data={
                "held_on": held,
                "attendees": "deltaker, flyktningkonsulent, faglærer",
                "interpreter_used": True,
                "interpreter_language": languages[0],
                "interpreter_name": "Tolk fra Nasjonalt tolkeregister",
                "interpreter_birth_date": datetime.date(1980, 5, 5),
                "interpreter_qualified": True,
                "interpreter_mode": "remote",
                "summary": "Vi gikk gjennom målene og ukeplanen.",
                "agreed_changes": "Mer norsk muntlig i praksis.",
                "next_review_on": held + 90 * day,
                "acknowledged": True,
            },
        )
        if index % 3 == 0:
            rows = [
                {
                    "id": m.pk,
                    "kind": m.kind,
                    "title": m.title,
                    "provider": m.provider,
                    "responsible": m.responsible,
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                    "hours_per_week": 17 if m.kind == "norwegian" else m.hours_per_week,
                }
                for m in plan.measures.filter(is_active=True)
            ]
            plans.save_plan(
                actor=consultant,
                participant=participant,
                data={
                    "final_goal": "work",
                    "final_goal_field": "helsefagarbeider",
                    "norwegian_target": "b1",
                    "heavy_self_study": False,
                },
                sub_goals=[
                    {
                        "id": g.pk,
                        "description": g.description,
                        "target_date": g.target_date,
                        "status": g.status,
                    }
                    for g in plan.sub_goals.all()
                ],
                measures=rows,
                note="Etter IP-samtalen: mer norsk, sluttmål helsefagarbeider",
            )

    # The teachers' IOPs for the participants in their classes.
    from introsak.participants.models import Group

    for group in Group.objects.filter(municipality=consultant.municipality):
        teacher = group.teachers.first()
        for index, participant in enumerate(group.participants.all()):
            plans.record_level(
                actor=teacher,
                participant=participant,
                data={
                    "recorded_on": today - 40 * day,
                    "listening": "a2",
                    "reading": "a2",
                    "writing": "a1",
                    "oral": "a2",
                },
            )
            if index % 3 != 2:
                plans.set_main_goal(
                    actor=teacher,
                    participant=participant,
                    data={
                        "main_goal": "B1 muntlig og skriftlig"
                        if index % 2
                        else "A2 muntlig og skriftlig, B1 muntlig",
                        "main_goal_by": today + 240 * day,
                    },
                )
            plans.save_semester_goals(
                actor=teacher,
                participant=participant,
                goals=[
                    {
                        "semester": f"H{today.year}" if today.month > 6 else f"V{today.year}",
                        "description": "Skrive korte tekster om hverdagen",
                        "status": "in_progress",
                    }
                ],
            )
            if index % 2 == 0:
                plans.record_training_review(
                    actor=teacher,
                    participant=participant,
                    data={
                        "held_on": today - 14 * day,
                        "summary": "Lytting og muntlig på A2. Skriving er neste mål.",
                    },
                )
            if index % 3 == 0:
                plans.record_test_result(
                    actor=teacher,
                    participant=participant,
                    data={
                        "kind": "norwegian",
                        "taken_on": today - 60 * day,
                        "listening": "a2",
                        "reading": "a2",
                        "writing": "a1",
                        "oral": "a2",
                    },
                )
            elif participant.given_name == "Filmon":
                # Ends within three months: the oral part taken, the written one still to come
                # (the start pages list him under «ending soon without the Norwegian test»).
                plans.record_test_result(
                    actor=teacher,
                    participant=participant,
                    data={"kind": "norwegian", "taken_on": today - 20 * day, "oral": "a2"},
                )


def _decisions(users, all_participants, today):
    """Decisions for each stage, made through the workflow: drafted by the consultant,
    approved by the leader, sent on the date they would have been sent."""
    from introsak.decisions import services as decisions
    from introsak.decisions.models import LeaveType
    from introsak.decisions.rules import add_months
    from introsak.decisions.workflow import Action

    consultant, leader = users["konsulent"], users["leder"]
    day = datetime.timedelta(days=1)

    def decide(participant, decision_type, data, sent, *, stop_at=None):
        decision = decisions.draft_decision(
            actor=consultant, participant=participant, decision_type=decision_type, data=data
        )
        for action, actor in (
            (Action.SUBMIT, consultant),
            (Action.APPROVE, leader),
            (Action.SEND, consultant),
        ):
            if action == stop_at:
                return decision
            decisions.take_action(
                actor=actor, decision=decision, action=action, today=min(sent, today)
            )
        return decision

    def leave(code, participant):
        return LeaveType.objects.get(
            code=code, legal_basis=participant.legal_basis, municipality=None
        )

    for participant, _languages, days in all_participants:
        settled = participant.settlement_date
        name = participant.given_name
        if participant.status in (Status.SETTLED,) or days < 60:
            continue
        age_at_permit = age_on(participant.birth_date, participant.permit_date)
        if 18 <= age_at_permit <= 55:
            outcome, reasons = (
                "right_and_duty",
                (
                    "Deltakeren er i målgruppen og har en oppholdstillatelse som gir rett og plikt "
                    "til introduksjonsprogram."
                ),
            )
        else:
            outcome, reasons = (
                "may_be_offered",
                (
                    f"Deltakeren var {age_at_permit} år da oppholdstillatelsen ble gitt. Kommunen "
                    "tilbyr program fordi hele familien deltar."
                ),
            )
        decide(
            participant,
            "eligibility",
            {
                "eligibility_outcome": outcome,
                "facts": f"Bosatt i kommunen {settled:%d.%m.%Y} etter avtale med IMDi.",
                "reasons": reasons,
            },
            settled + 14 * day,
        )
        if participant.status == Status.ASSESSMENT:
            if name == "Jean-Pierre":
                start = today + 7 * day
                decide(
                    participant,
                    "grant",
                    {
                        "start_date": start,
                        "end_date": add_months(start, 24) - day,
                        "track": "other",
                        "final_goal": "work",
                        "final_goal_detail": "lærer",
                        "measures_outline": "Norsk 15 timer i uken, samfunnskunnskap, "
                        "livsmestring, foreldreveiledning, arbeidspraksis.",
                        "reasons": "Kartleggingen viser lang erfaring som lærer.",
                    },
                    today,
                    stop_at=Action.APPROVE,
                )
            continue
        start = settled + 30 * day
        months = 18 if name in ("Senait", "Filmon") else 24
        grant = decide(
            participant,
            "grant",
            {
                "start_date": start,
                "end_date": add_months(start, months) - day,
                "track": "other",
                "final_goal": "work",
                "measures_outline": "Norsk, samfunnskunnskap, livsmestring og arbeidspraksis.",
                "reasons": "Deltakeren har rett og plikt og trenger kvalifisering for arbeid.",
            },
            start - 10 * day,
        )
        if add_months(start, months) - day < today and participant.status in (
            Status.IN_PROGRAMME,
            Status.ON_LEAVE,
            Status.SUSPENDED,
        ):
            decide(
                participant,
                "extension",
                {
                    "end_date": add_months(start, months + 8) - day,
                    "reasons": "Deltakeren er i gang med fagbrev og vil nå sluttmålet med mer tid.",
                },
                add_months(start, months) - 30 * day,
            )
        if name == "Ahmad":
            appeal = decisions.register_appeal(
                actor=consultant,
                decision=grant,
                received_on=start - 3 * day,
                grounds="Ønsker sluttmål høyere utdanning.",
            )
            decisions.handle_appeal(actor=leader, appeal=appeal, action=Action.FORWARD, on=start)
            decisions.handle_appeal(
                actor=consultant,
                appeal=appeal,
                action=Action.UPHOLD,
                on=start + 40 * day,
                note="Statsforvalteren stadfestet kommunens vedtak.",
            )
        if name == "Mustafa":
            decisions.register_appeal(
                actor=consultant,
                decision=grant,
                received_on=today - 40 * day,
                grounds="Uenig i at programmet skal være to år.",
            )
        if name == "Selam":
            decide(
                participant,
                "leave",
                {
                    "leave_type": leave("pregnancy", participant),
                    "start_date": today - 60 * day,
                    "end_date": today - 56 * day,
                    "reasons": "Svangerskapskontroller.",
                },
                today - 70 * day,
            )
        if participant.status == Status.ON_LEAVE:
            decide(
                participant,
                "leave",
                {
                    "leave_type": leave("care_leave", participant),
                    "start_date": today - 30 * day,
                    "end_date": today + 60 * day,
                    "reasons": "Omsorg for barn født i høst.",
                },
                today - 35 * day,
            )
        elif participant.status == Status.SUSPENDED:
            decide(
                participant,
                "suspension",
                {
                    "suspension_kind": "temporary",
                    "start_date": today - 20 * day,
                    "end_date": today + 40 * day,
                    "facts": "Fravær uten gyldig grunn i fire uker.",
                    "reasons": "Stans for å gi rom for behandling; programmet fortsetter etterpå.",
                },
                today - 22 * day,
            )
        elif participant.status in (Status.COMPLETED, Status.INTERRUPTED):
            completed = participant.status == Status.COMPLETED
            last = add_months(start, 20 if completed else 14) - day
            decide(
                participant,
                "end",
                {
                    "start_date": last,
                    "end_kind": "completed" if completed else "interrupted",
                    "main_activity_after": "work" if completed else "moved",
                    "reasons": "Fast jobb i lokalt firma."
                    if completed
                    else "Flyttet fra kommunen.",
                },
                last - 14 * day,
            )


def _assess(rng, actor, participant, languages, today, days, *, later=False, settled_days=None):
    levels = [CefrLevel.NONE, CefrLevel.PRE_A1, CefrLevel.A1, CefrLevel.A2, CefrLevel.B1]
    # At arrival little or no Norwegian; at a later assessment, progress with time in Norway.
    in_norway = (settled_days or days) - days
    progress = min(len(levels) - 1, 1 + in_norway // 200) if later else rng.randint(0, 1)
    base = levels[progress]
    # The person's background is the same at every assessment.
    person = random.Random(participant.pk)
    occupations = OCCUPATIONS.get(languages[0], ["Farmer"])
    occupation = person.choice(occupations)
    country = COUNTRY.get(languages[0], "")
    schooling = person.choice(
        [
            (EducationLevel.PRIMARY, 6, ""),
            (EducationLevel.LOWER_SECONDARY, 9, ""),
            (EducationLevel.UPPER_SECONDARY, 12, "Allmennfag"),
            (EducationLevel.VOCATIONAL, 2, NORWEGIAN_WORK.get(occupation, "")),
            (EducationLevel.BACHELOR, 4, NORWEGIAN_WORK.get(occupation, "")),
            (EducationLevel.NONE, 0, ""),
        ]
    )
    education = []
    if schooling[0] != EducationLevel.NONE:
        education.append(
            {
                "level": schooling[0],
                "field": schooling[2],
                "country": country,
                "years": schooling[1],
                "completed": rng.random() < 0.8,
            }
        )
    assessed_on = today - datetime.timedelta(days=max(1, days - rng.randint(7, 21)))
    services.record_assessment(
        actor=actor,
        participant=participant,
        data={
            "assessed_on": assessed_on,
            "interpreter_used": not later,
            "interpreter_language": languages[0] if not later else "",
            "interpreter_mode": "in_person" if rng.random() < 0.6 else "remote",
            "norwegian_listening": base,
            "norwegian_reading": base,
            "norwegian_speaking": levels[min(len(levels) - 1, progress + (1 if later else 0))],
            "norwegian_writing": levels[max(0, progress - 1)],
            "other_skills": rng.choice(
                ["Førerkort klasse B", "God på data", "Sying", "Matlaging for store grupper", ""]
            ),
            "wishes_work": f"Vil jobbe som {NORWEGIAN_WORK.get(occupation, occupation).lower()}"
            " eller i et beslektet yrke.",
            "wishes_education": rng.choice(
                [
                    "",
                    "Fagbrev",
                    "Godkjenning av utdanning fra hjemlandet (HK-dir)",
                    "Videregående for voksne",
                ]
            ),
            "summary": "Motivert. Trenger tett oppfølging i norsk."
            if not later
            else "God progresjon siden forrige kartlegging.",
        },
        education=education,
        work=[
            {
                "occupation": NORWEGIAN_WORK.get(occupation, occupation),
                "country": country,
                "years": rng.randint(1, 15),
                "description": "",
            }
        ],
        languages=[
            {
                "language": lang,
                "proficiency": LanguageProficiency.FIRST if i == 0 else LanguageProficiency.GOOD,
                "reads_and_writes": schooling[1] > 0,
            }
            for i, lang in enumerate(languages)
        ],
    )


def login_table() -> str:
    rows = [f"  {'bruker':<11} {'rolle':<22} passord"]
    for username, _first, _last, role in DEMO_USERS:
        rows.append(f"  {username:<11} {str(role.label):<22} {DEMO_PASSWORD}")
    return "\n".join(rows)
