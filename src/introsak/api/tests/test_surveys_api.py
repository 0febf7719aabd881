"""/api/v1 user surveys: the list and a survey for the roles that read them and for the
participant (open ones only), answering with a participant's token (once; 403 for any other
role), and results under the small-group rule — no numbers for a group under five."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api
from introsak.core.models import Role
from introsak.surveys.models import Respondent, Response
from introsak.surveys.tests.conftest import (
    QUESTIONS,
    answer_as_new_participants,
    answers_for,
    make_survey,
)

pytestmark = pytest.mark.django_db

ALL = [r.value for r in Role]


@pytest.fixture
def survey(users):
    return make_survey(users["administrator"], timezone.localdate())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("leader", 200),
        ("consultant", 200),
        ("participant", 200),
        ("teacher", 403),
        ("payroll", 403),
        ("nav_advisor", 403),
        ("mentor", 404),
    ],
)
def test_who_lists_surveys(users, world, survey, role, status):
    response = Api(users[role]).get("/surveys")
    assert response.status_code == status
    if status == 200:
        assert [s["id"] for s in response.json()] == [survey.pk]


def test_participant_list_says_whether_they_answered(users, world, survey):
    api = Api(users["participant"])
    assert api.get("/surveys").json()[0]["answered"] is False
    assert (
        api.post(
            f"/surveys/{survey.pk}/answers", {"language": "ti", "answers": answers_for(survey)}
        ).status_code
        == 201
    )
    assert api.get("/surveys").json()[0]["answered"] is True


def test_survey_detail_has_questions_and_translations(users, survey):
    body = Api(users["leader"]).get(f"/surveys/{survey.pk}").json()
    assert [q["kind"] for q in body["questions"]] == [q["kind"] for q in QUESTIONS]
    assert body["questions"][0]["translations"]["ar"]
    assert body["questions"][2]["option_translations"]["en"] == ["Bus", "Bike", "Walking"]


def test_another_municipality_gets_404(outsider, survey):
    api = Api(outsider)
    assert api.get(f"/surveys/{survey.pk}").status_code == 404
    assert api.get(f"/surveys/{survey.pk}/results").status_code == 404


@pytest.mark.parametrize("role", ["consultant", "leader", "administrator"])
def test_someone_who_is_not_a_participant_cannot_answer(users, world, survey, role):
    response = Api(users[role]).post(
        f"/surveys/{survey.pk}/answers", {"answers": answers_for(survey)}
    )
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_participant_answers_once(users, world, survey):
    api = Api(users["participant"])
    url = f"/surveys/{survey.pk}/answers"
    assert api.post(url, {"answers": answers_for(survey)}).status_code == 201
    again = api.post(url, {"answers": answers_for(survey)})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "payload", "survey"]
    assert Respondent.objects.count() == 1


def test_a_bad_answer_is_422_naming_the_question(users, world, survey):
    answers = answers_for(survey, scale="8")
    scale_id = survey.questions.get(kind="scale").pk
    response = Api(users["participant"]).post(f"/surveys/{survey.pk}/answers", {"answers": answers})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "answers", scale_id]


@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("consultant", 200), ("administrator", 403), ("participant", 403)],
)
def test_who_reads_results(users, world, survey, role, status):
    assert Api(users[role]).get(f"/surveys/{survey.pk}/results").status_code == status


def _close(survey):
    """The survey closed yesterday: its results can be read."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(survey).objects.filter(pk=survey.pk).update(closes_on=yesterday)


def test_results_are_held_back_while_the_survey_is_open(users, survey):
    answer_as_new_participants(survey, 6)
    body = Api(users["leader"]).get(f"/surveys/{survey.pk}/results").json()
    assert body["closed"] is False and body["count"] is None
    assert body["questions"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"language": "xx"}, "language"),
        ({"legal_basis": "nope"}, "legal_basis"),
        ({"language": "ar", "legal_basis": "il"}, "legal_basis"),
    ],
)
def test_a_bad_results_filter_is_422(users, survey, query, field):
    response = Api(users["leader"]).get(f"/surveys/{survey.pk}/results", **query)
    assert response.status_code == 422
    assert field in response.content.decode()


def test_results_hide_a_group_under_five(users, survey):
    answer_as_new_participants(survey, 5, language="ar", legal_basis="introl")
    answer_as_new_participants(survey, 3, language="ti")
    # Five more elsewhere, so that the whole minus a group never gives a small group away.
    answer_as_new_participants(survey, 5, language="en")
    _close(survey)
    api = Api(users["leader"])
    url = f"/surveys/{survey.pk}/results"
    body = api.get(url).json()
    assert body["count"] == 13 and body["suppressed"] is False
    assert body["minimum_group"] == 5
    few = api.get(url, language="ti").json()
    assert few["suppressed"] is True and few["count"] is None
    assert all(q["count"] is None and q["bars"] == [] for q in few["questions"])
    by_law = api.get(url, legal_basis="introl").json()
    assert by_law["count"] == 5
    assert by_law["questions"][1]["bars"][0] == {
        "value": "yes",
        "label": "Yes",
        "count": 5,
        "percent": 100,
    }
    assert "participant" not in str(body)
