"""The demo gives the completed participant Andrii Shevchenko a plan and a Norwegian test,
so a deltakerbevis with real content can be made for him."""

import datetime

from django.utils import timezone

from introsak.certificates import documents
from introsak.certificates.demo import load_demo
from introsak.participants.tests.factories import ParticipantFactory

from .conftest import LAST_DAY, end, grant


def test_demo_gives_the_completed_participant_a_plan(municipality, users):
    participant = ParticipantFactory(
        municipality=municipality,
        given_name="Andrii",
        family_name="Shevchenko",
        status="completed",
    )
    grant(participant, users["consultant"])
    end(participant, users["consultant"], LAST_DAY, kind="completed")
    load_demo({"konsulent": users["consultant"]}, timezone.localdate())
    load_demo({"konsulent": users["consultant"]}, timezone.localdate())  # runs once
    html = documents.certificate_html(participant, today=datetime.date(2026, 11, 24))
    assert "Truckførerkurs T1–T4" in html and "Norsk spor 3" in html
    assert "80 timer" in html  # social studies
    assert participant.plan.measures.count() == 4
