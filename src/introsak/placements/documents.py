"""Printed material for practice placements, as PDF/A (WeasyPrint), in bokmål:

- the information brochure for workplaces that consider taking a participant
  («Informasjon til arbeidsplasser»),
- the mentor booklet («Veilederhefte»), with the municipality's coming participant–mentor
  gatherings,
- the written request to a workplace («Forespørsel om praksisplass»), a letter on the
  municipality's letterhead with the participant's background and wishes.

The Drangedal plan (shared/seeds) lists the brochure, the booklet and the written request as
the material of its placement work. The request tells an employer about the participant, so it
is made only when the participant has agreed to share it (Placement.request_consent).

The texts are written directly in bokmål in `templates/placements/documents/`, like the
decision letters; the page style and letterhead are shared with them (core/documents/).
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from introsak.core.models import Municipality
from introsak.core.pdf import html_to_pdf

from .models import Gathering, Placement

LANGUAGE = "nb"
WEEKDAY_ABBREVIATIONS = ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn.")
# How many of the coming gatherings the booklet lists.
GATHERINGS_IN_BOOKLET = 4


def _render(template: str, context: dict) -> str:
    with translation.override(LANGUAGE):
        return render_to_string(f"placements/documents/{template}", context)


def _concern_meeting_days() -> int:
    """The concern meeting is held within this many days (services.raise_concern); the booklet
    promises it to the mentor."""
    from .services import MEETING_WITHIN_DAYS

    return MEETING_WITHIN_DAYS


def weekday_names(weekdays: str) -> str:
    """Weekday digits (0 = Monday) as short bokmål names: "012" → "man., tir., ons."."""
    days = sorted({int(d) for d in weekdays if d.isdigit() and int(d) < 7})
    return ", ".join(WEEKDAY_ABBREVIATIONS[d] for d in days)


def _common(municipality: Municipality) -> dict:
    return {
        "municipality": municipality,
        "service": municipality.service_name or "Flyktningtjenesten",
        "concern_meeting_days": _concern_meeting_days(),
    }


# --- the brochure ---------------------------------------------------------------------------


def brochure_html(municipality: Municipality) -> str:
    return _render("brochure.html", _common(municipality))


def brochure_pdf(municipality: Municipality) -> bytes:
    """«Informasjon til arbeidsplasser»: two A4 pages for a workplace that considers taking a
    participant in praksis."""
    return html_to_pdf(brochure_html(municipality))


# --- the mentor booklet ---------------------------------------------------------------------


def coming_gatherings(municipality: Municipality, today: datetime.date) -> list[Gathering]:
    coming = Gathering.objects.filter(municipality=municipality, date__gte=today)
    return list(coming.order_by("date", "id")[:GATHERINGS_IN_BOOKLET])


def mentor_booklet_html(municipality: Municipality, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    context = _common(municipality)
    context.update(today=today, gatherings=coming_gatherings(municipality, today))
    return _render("mentor_booklet.html", context)


def mentor_booklet_pdf(municipality: Municipality, *, today: datetime.date | None = None) -> bytes:
    """«Veilederhefte»: the mentor's role, the first day, language at work, registering in
    Introsak, absence, concerns, confidentiality and the coming gatherings."""
    return html_to_pdf(mentor_booklet_html(municipality, today=today))


# --- the request to a workplace -------------------------------------------------------------


def _require_consent(placement: Placement) -> None:
    if not placement.request_consent:
        raise ValueError(
            "The participant has not agreed that the request is shared with the workplace: "
            "personal data goes to an employer only with consent."
        )
    if not (placement.request_text or "").strip():
        raise ValueError("The request has no text: write it first.")


def request_html(placement: Placement, *, today: datetime.date | None = None) -> str:
    _require_consent(placement)
    today = today or timezone.localdate()
    workplace = placement.workplace
    employer = workplace.employer
    participant = placement.participant
    consultant = participant.consultant or placement.created_by
    context = _common(placement.municipality)
    context.update(
        placement=placement,
        participant=participant,
        workplace=workplace,
        employer=employer,
        workplace_named=workplace.name and workplace.name != employer.name,
        address=workplace.address or employer.address,
        consultant=consultant,
        letter_date=today,
        days=weekday_names(placement.weekdays),
        tasks=placement.tasks or workplace.tasks,
    )
    return _render("request.html", context)


def request_pdf(placement: Placement, *, today: datetime.date | None = None) -> bytes:
    """«Forespørsel om praksisplass»: the letter to the workplace with the participant's
    background, languages and wishes. Raises ValueError without the participant's consent."""
    return html_to_pdf(request_html(placement, today=today))
