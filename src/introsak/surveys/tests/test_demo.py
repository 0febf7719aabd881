"""The demo surveys: the spring one closed with results to read, the autumn one open now and
answered by the demo participants — not by the participant user, who answers it on his own
page — with its results held back until it closes."""

import pytest
from django.utils import timezone

from introsak.participants.tests.factories import ParticipantFactory
from introsak.surveys import demo, selectors
from introsak.surveys.models import Respondent, Survey

pytestmark = pytest.mark.django_db


def test_demo_surveys_one_closed_with_results_one_open_for_the_participant(
    users, world, municipality
):
    for _ in range(13):
        ParticipantFactory(municipality=municipality)
    today = timezone.localdate()
    demo.load_demo({"admin": users["administrator"], "deltaker": users["participant"]}, today)
    spring, autumn = Survey.objects.order_by("opens_on")
    assert not spring.is_open(today) and autumn.is_open(today)
    questions = list(autumn.questions.all())
    assert len(questions) == 8
    assert all(q.translations.get("en") and q.translations.get("ar") for q in questions)
    for survey in (spring, autumn):
        assert Respondent.objects.filter(survey=survey).count() >= 12
    assert not Respondent.objects.filter(participant=world["mine"]).exists()
    assert selectors.open_surveys_for(world["mine"]) == [autumn]
    assert selectors.results(spring)["suppressed"] is False
    assert selectors.results(autumn)["closed"] is False
