"""The demo survey: open now, eight questions in bokmål, English and Arabic, answered by the
demo participants — and not by the participant user, who answers it on his own page."""

import pytest
from django.utils import timezone

from introsak.participants.tests.factories import ParticipantFactory
from introsak.surveys import demo, selectors
from introsak.surveys.models import Respondent, Survey

pytestmark = pytest.mark.django_db


def test_demo_survey_is_open_and_answered_by_all_but_the_demo_participant(
    users, world, municipality
):
    for _ in range(13):
        ParticipantFactory(municipality=municipality)
    demo.load_demo(
        {"admin": users["administrator"], "deltaker": users["participant"]}, timezone.localdate()
    )
    survey = Survey.objects.get()
    assert survey.is_open(timezone.localdate())
    questions = list(survey.questions.all())
    assert len(questions) == 8
    assert all(q.translations.get("en") and q.translations.get("ar") for q in questions)
    assert Respondent.objects.filter(survey=survey).count() >= 12
    assert not Respondent.objects.filter(participant=world["mine"]).exists()
    assert selectors.open_surveys_for(world["mine"]) == [survey]
    assert selectors.results(survey)["suppressed"] is False
