"""The deltakerbevis and the CV: their content in the HTML before it becomes PDF, the PDF/A,
the refusal for a programme that has not ended, and the nynorsk variant."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from introsak.certificates import documents, services
from introsak.certificates.models import Certificate
from introsak.core.models import AuditEvent
from introsak.placements.tests.test_documents import assert_pdf_a

TODAY = datetime.date(2026, 11, 24)


def test_certificate_states_the_recorded_programme(ended):
    html = documents.certificate_html(ended, language="nb", today=TODAY)
    assert "Deltakerbevis for introduksjonsprogrammet" in html
    assert "Amina Haddad" in html
    assert "17.04.1990" in html  # birth date
    assert "01.09.2025–31.10.2026" in html  # the period, to the last day
    assert "avbrutt" in html
    assert "integreringsloven" in html and "integreringsloven § 13" in html
    # Norwegian: hours registered present (3 + 2.5), not planned and not absent hours
    assert "5,5 timer" in html
    assert "etter registrert oppmøte" in html
    # social studies 5 h a week for 16 weeks: planned, nothing registered
    assert "80 timer" in html
    # every measure with its provider, period, hours a week and hours
    for text in (
        "Norsk spor 2",
        "Truckførerkurs",
        "AMO-senteret",
        "02.03.2026–15.03.2026",
        "Praksis som elektriker",
        "Elektro Nord AS",
        "Arbeidspraksis",
    ):
        assert text in html
    # the latest Norwegian test, not the earlier one
    assert "10.06.2026" in html and "muntlig B1" in html and "lesing A2" in html
    assert "10.12.2025" not in html
    # the early end: the reason and the share completed
    assert "Deltakeren fikk fast arbeid som elektriker." in html
    assert '<span id="share">58</span>' in html
    assert "14 av 24" in html
    assert "31.08.2027" in html  # the planned end


def test_certificate_measure_period_stops_at_the_last_day(ended):
    html = documents.certificate_html(ended, language="nb", today=TODAY)
    assert "01.09.2025–31.10.2026" in html
    assert "31.08.2027</td>" not in html  # no measure row runs past the end
    assert "Førerkortkurs" not in html  # planned after the end: never started


def test_certificate_in_nynorsk(ended):
    html = documents.certificate_html(ended, language="nn", today=TODAY)
    assert 'lang="nn"' in html
    assert "Deltakarbevis for introduksjonsprogrammet" in html
    assert "Programmet vart avbrote" in html
    assert "integreringslova" in html
    assert "Til saman" in html and "5,5 timar" in html
    assert "Namn" in html and "Heimel" in html
    for bokmal in ("Deltakerbevis", "Til sammen", " timer<", "ikke", "Navn"):
        assert bokmal not in html


def test_certificate_refused_before_the_programme_has_ended(running):
    with pytest.raises(ValidationError) as exc:
        documents.certificate_html(running, language="nb", today=TODAY)
    assert "participant" in exc.value.message_dict


def test_certificate_refused_when_the_end_lies_ahead(ended):
    with pytest.raises(ValidationError):
        documents.certificate_html(ended, today=datetime.date(2026, 10, 30))
    # on the last day it can be made
    assert "Deltakerbevis" in documents.certificate_html(ended, today=datetime.date(2026, 10, 31))


def test_completed_programme_states_no_early_end(world, users):
    from .conftest import PLANNED_END, end, grant, plan_for

    participant = world["other"]
    grant(participant, users["consultant"])
    plan_for(participant, users["consultant"])
    end(participant, users["consultant"], PLANNED_END, kind="completed")
    html = documents.certificate_html(participant, today=datetime.date(2027, 9, 1))
    assert "fullført" in html
    assert 'id="early"' not in html


def test_making_a_certificate_keeps_the_pdf_hash_and_audits(ended, users):
    row = services.make_certificate(actor=users["consultant"], participant=ended, language="nn")
    pdf = bytes(row.pdf)
    assert_pdf_a(pdf, "Deltakarbevis – Amina Haddad")
    assert services.verify(row, pdf)
    assert not services.verify(row, pdf + b" ")
    assert row.made_by == users["consultant"] and row.language == "nn"
    event = AuditEvent.objects.get(action="certificate.make")
    assert event.participant_id == ended.pk
    assert event.changes["sha256"]["new"] == row.sha256


def test_making_a_certificate_for_a_running_programme_saves_nothing(running, users):
    with pytest.raises(ValidationError):
        services.make_certificate(actor=users["consultant"], participant=running)
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="certificate.make").exists()


def test_unknown_language_is_refused(ended, users):
    with pytest.raises(ValidationError) as exc:
        services.make_certificate(actor=users["consultant"], participant=ended, language="se")
    assert "language" in exc.value.message_dict


def test_cv_from_assessment_placements_and_courses(ended):
    html = documents.cv_html(ended, today=timezone.localdate())
    assert "Amina Haddad" in html
    # the assessment
    assert "Yrkesutdanning, Elektrofag" in html and "Syria" in html and "fullført" in html
    assert "Elektriker" in html and "6 år" in html and "Installasjon i boliger" in html
    assert "Morsmål" in html and "leser og skriver" in html and "Godt" in html
    assert "Førerkort klasse B" in html
    # the placement
    assert "Arbeidspraksis, Elektro Nord AS" in html
    assert "06.04.2026–19.06.2026" in html and "Kabeltrekking og montering" in html
    # courses and measures other than the practice
    assert "Truckførerkurs" in html and "Samfunnskunnskap" in html
    assert "muntlig B1" in html


def test_cv_pdf_is_pdf_a(ended, users):
    row = services.make_cv(actor=users["leader"], participant=ended)
    assert_pdf_a(bytes(row.pdf), "CV – Amina Haddad")
    assert AuditEvent.objects.filter(action="cv.make", participant_id=ended.pk).exists()


def test_certificate_without_a_plan_says_so(world, users):
    from .conftest import LAST_DAY, end, grant

    participant = world["other"]
    grant(participant, users["consultant"])
    end(participant, users["consultant"], LAST_DAY)
    for language in ("nb", "nn"):
        html = documents.certificate_html(participant, language=language, today=TODAY)
        assert '<p id="measures">' in html and '<table class="measures"' not in html
        assert html.count('<div class="closing">') == 1


@pytest.mark.parametrize(
    ("basis", "nb", "nn"),
    [
        ("il", "integreringsloven (lov", "integreringslova (lov"),
        ("il_6a", "integreringsloven kapittel 6A", "integreringslova kapittel 6A"),
        ("introl", "introduksjonsloven", "introduksjonslova"),
    ],
)
def test_legal_basis_named_in_each_language(ended, basis, nb, nn):
    ended.decisions.update(legal_basis=basis)
    assert nb in documents.certificate_html(ended, language="nb", today=TODAY)
    assert nn in documents.certificate_html(ended, language="nn", today=TODAY)
