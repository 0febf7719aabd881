"""The printed placement material: the brochure for workplaces, the mentor booklet and the
request to a workplace, as PDF/A in bokmål on the municipality's letterhead."""

from __future__ import annotations

import datetime
import re
import zlib
from decimal import Decimal

import pytest

from introsak.attendance.tests.conftest import enrol
from introsak.participants.tests.factories import ParticipantFactory
from introsak.placements import documents
from introsak.placements.models import Employer, Gathering, Industry, Placement, Workplace

TODAY = datetime.date(2026, 11, 24)


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the XMP metadata, among others)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_count(pdf: bytes) -> int:
    # The page objects are in compressed object streams.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf_text(pdf)))


def assert_pdf_a(pdf: bytes, title: str) -> None:
    assert pdf.startswith(b"%PDF-")
    inflated = pdf_text(pdf)
    assert b'pdfaid:part="2"' in inflated  # PDF/A-2b identification (XMP)
    assert b'pdfaid:conformance="B"' in inflated
    assert title.encode() in inflated  # the title in the XMP metadata


@pytest.fixture
def letterhead(municipality):
    municipality.service_name = "Flyktningtjenesten"
    municipality.address = "Postboks 84"
    municipality.postcode = "9735"
    municipality.city = "Karasjok"
    municipality.phone = "78 46 70 00"
    municipality.email = "postmottak@karasjok.kommune.no"
    municipality.org_number = "964994110"
    municipality.website = "https://karasjok.kommune.no"
    municipality.save()
    return municipality


@pytest.fixture
def placement(letterhead, users):
    consultant = users["consultant"]
    consultant.phone = "915 00 000"
    consultant.save()
    participant = ParticipantFactory(
        municipality=letterhead, consultant=consultant, given_name="Amina", family_name="Yusuf"
    )
    measure = enrol(participant, consultant)["practice"]
    employer = Employer.objects.create(
        municipality=letterhead,
        org_number="912345678",
        name="Karasjok Handel AS",
        industry=Industry.RETAIL,
        address="Storgata 3",
        postal_code="9730",
        city="Karasjok",
    )
    workplace = Workplace.objects.create(
        municipality=letterhead, employer=employer, name="Matbutikken", industry=Industry.RETAIL
    )
    return Placement.objects.create(
        municipality=letterhead,
        participant=participant,
        workplace=workplace,
        measure=measure,
        start_date=datetime.date(2027, 1, 4),
        end_date=datetime.date(2027, 3, 26),
        weekdays="012",
        hours_per_week=Decimal("12.5"),
        tasks="Varemottak og påfylling av varer",
        language_goals="Ord for varer og avdelinger; å svare kunder",
        request_text="Amina har jobbet i butikk i seks år.\n\nHun snakker somali og arabisk.",
        request_consent=True,
        created_by=consultant,
    )


def test_brochure_is_two_pages_of_pdf_a_with_the_municipalitys_contact(letterhead):
    pdf = documents.brochure_pdf(letterhead)
    assert_pdf_a(pdf, "Informasjon til arbeidsplasser")
    assert page_count(pdf) == 2
    html = documents.brochure_html(letterhead)
    for text in (
        "Karasjok kommune",
        "78 46 70 00",
        "postmottak@karasjok.kommune.no",
        "Hva er introduksjonsprogrammet?",
        "full tid",
        "introduksjonsstønad",
        "Kommunen sørger for yrkesskadeforsikring",
        "oppstartsmøte",
        "Grunnopplæring for veiledere",
        "Deltaker-veiledersamlinger",
    ):
        assert text in html, text


def test_brochure_stays_on_two_pages_with_a_long_name_and_service(letterhead):
    letterhead.name = "Porsanger Porsáŋgu Porsanki"
    letterhead.service_name = "Flyktningtjenesten og voksenopplæringen"
    letterhead.address = "Rådhusveien 1, postboks 100"
    letterhead.email = "flyktningtjenesten@porsanger.kommune.no"
    assert page_count(documents.brochure_pdf(letterhead)) == 2


def test_mentor_booklet_lists_the_coming_gatherings(letterhead, users, other_municipality):
    def gathering(municipality, date, theme):
        Gathering.objects.create(
            municipality=municipality, date=date, theme=theme, created_by=users["consultant"]
        )

    gathering(letterhead, TODAY - datetime.timedelta(days=1), "Samlingen som var")
    gathering(letterhead, TODAY + datetime.timedelta(days=14), "Kommunikasjon på jobben")
    gathering(other_municipality, TODAY + datetime.timedelta(days=7), "En annen kommunes")

    pdf = documents.mentor_booklet_pdf(letterhead, today=TODAY)
    assert_pdf_a(pdf, "Veilederhefte")
    html = documents.mentor_booklet_html(letterhead, today=TODAY)
    for text in (
        "Karasjok kommune",
        "78 46 70 00",
        "«Mine praksisplasser»",
        "«Meld bekymring»",
        "Taushetsplikt",
        "Oppstartsmøtet",
        "Still åpne spørsmål",
        "Kommunikasjon på jobben",
        "08.12.2026",
        "tirsdag",  # the gathering's weekday, in bokmål
    ):
        assert text in html, text
    assert "Samlingen som var" not in html
    assert "En annen kommunes" not in html


def test_mentor_booklet_without_gatherings(letterhead):
    html = documents.mentor_booklet_html(letterhead, today=TODAY)
    assert "invitasjon med dato, tid og sted" in html


def test_request_is_a_letter_to_the_workplace(placement):
    pdf = documents.request_pdf(placement, today=TODAY)
    assert_pdf_a(pdf, "Forespørsel om praksisplass")
    html = documents.request_html(placement, today=TODAY)
    consultant = placement.participant.consultant
    for text in (
        "Karasjok kommune",
        "78 46 70 00",
        "Karasjok Handel AS",
        "Matbutikken",
        "Storgata 3",
        "9730 Karasjok",
        "24.11.2026",  # dated today
        "Amina har jobbet i butikk i seks år.",
        "Hun snakker somali og arabisk.",
        "04.01.2027–26.03.2027",
        "man., tir., ons.",
        "12,5",
        "Varemottak og påfylling av varer",
        "Ord for varer og avdelinger",
        consultant.get_full_name(),
        "915 00 000",
        "Kommunen sørger for yrkesskadeforsikring",
    ):
        assert text in html, text
    assert placement.participant.national_id not in html


def test_request_is_refused_without_the_participants_consent(placement):
    placement.request_consent = False
    with pytest.raises(ValueError, match="consent"):
        documents.request_pdf(placement, today=TODAY)
    with pytest.raises(ValueError, match="consent"):
        documents.request_html(placement, today=TODAY)


def test_weekday_names():
    assert documents.weekday_names("012") == "man., tir., ons."
    assert documents.weekday_names("4") == "fre."
