"""The progress report for the leader meeting, as PDF/A in bokmål on the municipality's
letterhead."""

from __future__ import annotations

import re
import zlib

import pytest

from introsak.actionplan import documents, services
from introsak.actionplan.models import ActionStatus

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the XMP metadata, among others)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def worked_plan(users, plan, consultants_action, teachers_action, today):
    municipality = plan.municipality
    municipality.service_name = "Flyktningtjenesten"
    municipality.address = "Postboks 84"
    municipality.postcode = "9735"
    municipality.city = "Karasjok"
    municipality.save()
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=ActionStatus.UNDER_WAY
    )
    services.update_action_notes(
        actor=users["teacher"], action=teachers_action, notes="Avtale med Røde Kors fornyet"
    )
    return plan


def test_progress_report_is_pdf_a_with_its_title(worked_plan, today):
    pdf = documents.progress_pdf(worked_plan, today=today)
    assert pdf.startswith(b"%PDF-")
    inflated = pdf_text(pdf)
    assert b'pdfaid:part="2"' in inflated  # PDF/A-2b identification (XMP)
    assert b'pdfaid:conformance="B"' in inflated
    assert b"Framdrift i tiltaksplanen" in inflated


def test_progress_report_has_every_area_the_counts_and_the_notes(worked_plan, today):
    html = documents.progress_html(worked_plan, today=today)
    for title in ("Generelt", "Mottak og bosetting", "Praksisplasser", "Voksenopplæringa"):
        assert title in html
    assert "Karasjok kommune" in html  # the letterhead
    assert "Iverksatt" in html and "Planlagt" in html
    assert "Avtale med Røde Kors fornyet" in html
    assert worked_plan.title in html
