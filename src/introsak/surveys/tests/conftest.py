"""An open survey with one question of every kind (made by the administrator through the
service), and a way to have many participants answer it."""

import datetime

import pytest
from django.utils import timezone

from introsak.participants.tests.factories import ParticipantFactory
from introsak.surveys import services

DAY = datetime.timedelta(days=1)

QUESTIONS = [
    {
        "kind": "scale",
        "text": "Hvor fornøyd er du med norskopplæringen?",
        "translations": {
            "en": "How happy are you with the Norwegian classes?",
            "ar": "ما مدى رضاك؟",
        },
    },
    {"kind": "yes_no", "text": "Har du fått praksisplass?", "translations": {"en": "Placement?"}},
    {
        "kind": "choice",
        "text": "Hvordan kom du deg til skolen?",
        "options": ["Buss", "Sykkel", "Gange"],
        "translations": {"en": "How do you get to school?"},
        "option_translations": {"en": ["Bus", "Bike", "Walking"]},
    },
    {"kind": "text", "text": "Hva kan bli bedre?", "translations": {"en": "What could be better?"}},
]


@pytest.fixture
def today():
    return timezone.localdate()


def make_survey(administrator, today):
    return services.create_survey(
        actor=administrator,
        data={
            "title": "Brukerundersøkelse 2026",
            "intro": "Si hva du mener.",
            "opens_on": today - 7 * DAY,
            "closes_on": today + 7 * DAY,
        },
        questions=QUESTIONS,
    )


@pytest.fixture
def survey(users, today):
    return make_survey(users["administrator"], today)


def answers_for(survey, scale="4", yes_no="yes", choice="0", text="Mer praksis"):
    q = {x.kind: x.pk for x in survey.questions.all()}
    return {q["scale"]: scale, q["yes_no"]: yes_no, q["choice"]: choice, q["text"]: text}


def answer_as_new_participants(survey, n, *, language="nb", legal_basis="il", **answers):
    """n new participants answer (recorded as the demo does, without user accounts)."""
    made = []
    for _ in range(n):
        participant = ParticipantFactory(
            municipality_id=survey.municipality_id, legal_basis=legal_basis
        )
        services._record_answer(
            survey=survey,
            participant=participant,
            answers=answers_for(survey, **answers),
            language=language,
            today=survey.opens_on,
        )
        made.append(participant)
    return made


@pytest.fixture
def closed_survey(users, today):
    """A survey that ran for four weeks and closed yesterday: its results can be read."""
    return services.create_survey(
        actor=users["administrator"],
        data={
            "title": "Brukerundersøkelse våren 2026",
            "intro": "Si hva du mener.",
            "opens_on": today - 28 * DAY,
            "closes_on": today - DAY,
        },
        questions=QUESTIONS,
    )


@pytest.fixture
def answered_by():
    """answered_by(survey, n, **kw): n new participants answer."""
    return answer_as_new_participants
