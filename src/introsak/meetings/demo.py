"""Demo meetings and interpreters: last month's planning meeting with its minutes and three
action items (one overdue), an upcoming leader meeting, an information meeting about a
participant who needs an interpreter and has none booked yet (so the warning shows), and
interpreters in Arabic, Tigrinya, Dari and Ukrainian with bookings and their cost.

Written through the services, so the demo has an audit trail; dates are relative to `today`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from introsak.participants.models import Participant

from . import services

DAY = datetime.timedelta(days=1)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday(day: datetime.date) -> datetime.date:
    """The day, or the Monday after it if it falls on a weekend."""
    while day.weekday() >= 5:
        day += DAY
    return day


def _needing(municipality_id: int, language: str, exclude=()) -> Participant | None:
    """A participant in the programme who needs an interpreter in `language`."""
    return (
        Participant.objects.filter(
            municipality_id=municipality_id,
            languages__language=language,
            languages__needs_interpreter=True,
        )
        .exclude(pk__in=[p.pk for p in exclude if p])
        .order_by("id")
        .first()
    )


def load_demo(users: dict, today: datetime.date) -> None:
    konsulent, leder, nav, laerer = (
        users["konsulent"],
        users["leder"],
        users["nav"],
        users["laerer"],
    )
    municipality_id = konsulent.municipality_id

    # --- the interpreter register ----------------------------------------------------------
    register = [
        ("Nadia Khalil", ["ar"], "A", "both", "1979-03-14", "+47 915 20 431"),
        ("Tesfit Gebremariam", ["ti", "am"], "D", "both", "1984-09-02", "+47 936 11 802"),
        ("Farhad Noori", ["prs", "fa"], "C", "remote", "1975-06-21", "+47 458 70 119"),
        ("Olha Shevchenko", ["uk", "ru"], "E", "both", "1990-11-30", "+47 994 03 557"),
        ("Samir Haddou", ["ar"], "none", "remote", "1996-01-08", "+47 401 88 260"),
    ]
    interpreters = {}
    for name, languages, category, mode, born, phone in register:
        interpreters[languages[0]] = services.register_interpreter(
            actor=konsulent,
            data={
                "name": name,
                "category": category,
                "mode": mode,
                "phone": phone,
                "email": f"{name.split()[0].lower()}@tolk.example.org",
                "birth_date": datetime.date.fromisoformat(born),
                "notes": "Oppført i Nasjonalt tolkeregister." if category != "none" else "",
            },
            languages=languages,
        )

    # --- last month's planning meeting, with minutes and action items ----------------------
    planned = _weekday(today - 30 * DAY)
    planning = services.call_meeting(
        actor=konsulent,
        data={
            "kind": "planning",
            "title": "Planleggingsmøte høst",
            "purpose": "Arbeide med årshjul og felles temauker, kurs og prosjekter.",
            "starts_at": _at(planned, 9),
            "ends_at": _at(planned, 11, 30),
            "place": "Rådhuset, møterom Gáisá",
            "agenda": "1. Årshjulet for neste halvår\n2. Temauke om arbeidsliv\n"
            "3. Brukerundersøkelsen\n4. Eventuelt",
            "minutes": "Gjennomgang av årshjulet. Temauke om arbeidsliv legges til uke 10, "
            "med besøk fra NAV og to arbeidsgivere. Brukerundersøkelsen sendes ut før jul.",
            "decisions": "Temauke om arbeidsliv i uke 10.\nBrukerundersøkelsen sendes ut i "
            "desember.",
        },
        attendee_ids=[konsulent.pk, nav.pk, laerer.pk, leder.pk],
    )
    for owner, text, due in (
        (konsulent, "Sende ut brukerundersøkelsen", today + 14 * DAY),
        (nav, "Avtale besøk fra to arbeidsgivere til temauken", today + 21 * DAY),
        (laerer, "Lage undervisningsopplegg om arbeidsliv til temauken", today - 5 * DAY),
    ):
        services.add_action_item(
            actor=konsulent,
            meeting=planning,
            data={"text": text, "owner": owner.pk, "due_date": due},
        )

    # --- the upcoming leader meeting -------------------------------------------------------
    leader_day = _weekday(today + 10 * DAY)
    services.call_meeting(
        actor=leder,
        data={
            "kind": "leader",
            "title": "Ledermøte introduksjonsprogrammet",
            "purpose": "Helhetlig program, årsrapport, evaluering og kvalitetssikring.",
            "starts_at": _at(leader_day, 13),
            "ends_at": _at(leader_day, 15),
            "place": "Rådhuset",
            "agenda": "1. Årsrapport\n2. Resultater fra brukerundersøkelsen\n3. Tiltaksplanen",
            "external_attendees": "Kommunalleder oppvekst\nRektor, opplæringsinstitusjonen",
        },
        attendee_ids=[leder.pk, konsulent.pk],
    )

    # --- an information meeting about a participant who needs an interpreter, none booked ---
    arabic = _needing(municipality_id, "ar")
    if arabic is not None:
        info_day = _weekday(today + 3 * DAY)
        services.call_meeting(
            actor=konsulent,
            data={
                "kind": "information",
                "title": f"Informasjonsmøte – {arabic.family_name}",
                "purpose": "Informasjon om introduksjonsprogrammet, bolig og skole.",
                "starts_at": _at(info_day, 10),
                "ends_at": _at(info_day, 11, 30),
                "place": "Flyktningtjenesten",
                "participant": arabic.pk,
            },
            attendee_ids=[konsulent.pk, nav.pk],
            participant_ids=[arabic.pk],
        )

    # --- meetings with interpreters booked, and what they cost -----------------------------
    booked = [
        # language, kind, title, days from today, mode, cost, then cancel (cost) or confirm
        ("ti", "ip_conversation", "IP-samtale", -40, "in_person", "1450.00", "confirm"),
        ("prs", "dialogue", "Dialogmøte", -12, "remote", "900.00", "confirm"),
        ("uk", "startup", "Oppstartsmøte praksisplass", -8, "in_person", "1200.00", "600.00"),
        ("ti", "ip_conversation", "IP-samtale, revisjon", 6, "in_person", "1450.00", None),
    ]
    used = []
    for language, kind, title, days, mode, cost, then in booked:
        participant = _needing(municipality_id, language, exclude=used) or _needing(
            municipality_id, language
        )
        day = _weekday(today + days * DAY)
        meeting = services.call_meeting(
            actor=konsulent,
            data={
                "kind": kind,
                "title": f"{title} – {participant.given_name}" if participant else title,
                "starts_at": _at(day, 12),
                "ends_at": _at(day, 13, 30),
                "place": "Flyktningtjenesten",
                "participant": participant.pk if participant else None,
                "minutes": "Gjennomført med tolk." if days < 0 else "",
            },
            attendee_ids=[konsulent.pk],
            participant_ids=[participant.pk] if participant else [],
        )
        used.append(participant)
        booking = services.book_interpreter(
            actor=konsulent,
            meeting=meeting,
            data={
                "interpreter": interpreters[language].pk,
                "language": language,
                "mode": mode,
                "cost": Decimal(cost),
            },
        )
        if then == "confirm":
            services.confirm_booking(actor=konsulent, booking=booking)
        elif then:
            services.cancel_booking(
                actor=konsulent,
                booking=booking,
                cost=Decimal(then),
                reason="Avlyst dagen før: halv pris.",
            )
