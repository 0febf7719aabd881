"""/api/v1: user surveys (brukerundersøkelser).

Mounted at /v1:

- /surveys (GET): the surveys of the municipality for the administrator, the leader and the
  consultant; for a participant's token, the surveys open today, each saying whether they
  have answered it;
- /surveys/{id} (GET): the survey with its questions and their translations;
- /surveys/{id}/answers (POST, a participant's token): answer once, anonymously —
  {"language": "ar", "answers": {"<question id>": "4", ...}}; 403 for any other role, 422 with
  the field (["body", "payload", "answers", "<question id>"]) for a bad answer, or «survey»
  when already answered; a survey that is not open is 404 to a participant;
- /surveys/{id}/results?language=&legal_basis= (GET, the leader and the consultant): counts per
  answer, from the day after the survey closes (before: `closed: false` and no numbers). A
  selection with fewer answers than `minimum_group` (5) comes back with `suppressed: true` and
  no numbers (`count: null`, no bars, no texts) — the same rule as the screen. One filter at a
  time; an unknown language or legal basis, or both at once, is 422 naming the field. No
  participant appears anywhere in the results.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.permissions import (
    get_visible_survey_or_404,
    is_participant_user,
    own_participant,
    reads_surveys,
    visible_surveys,
)
from introsak.surveys import selectors, services
from introsak.surveys.models import Respondent

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    title: str
    intro: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_open: bool
    answered: bool | None = Field(
        None, description="For a participant's token: whether they have answered"
    )


class QuestionOut(Schema):
    id: int
    position: int
    kind: str = Field(..., description="scale (1–5), yes_no, choice or text")
    text: str = Field(..., description="In Norwegian (bokmål)")
    translations: dict[str, str] = Field(..., description="The text per language code")
    options: list[str] = Field(..., description="A choice question's options, in bokmål")
    option_translations: dict[str, list[str]]


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class AnswerIn(Schema):
    language: str = Field("nb", description="The language code the participant answered in")
    answers: dict[str, str] = Field(
        ...,
        description="Question id → answer: 1–5, yes/no, the option's index from 0, or text",
    )


class BarOut(Schema):
    value: str
    label: str
    count: int
    percent: int


class QuestionResultOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    suppressed: bool = Field(..., description="Too few answers to show (fewer than 5)")
    count: int | None
    mean: float | None
    bars: list[BarOut]
    texts: list[str]


class ResultsOut(Schema):
    survey: SurveyOut
    filters: dict[str, str]
    minimum_group: int
    closed: bool = Field(..., description="The survey has closed; before that no results are shown")
    suppressed: bool = Field(..., description="The selection has too few answers to show")
    count: int | None
    questions: list[QuestionResultOut]


class ResultsFilter(Schema):
    language: str = ""
    legal_basis: str = ""


def _out(survey, today, answered=None) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "intro": survey.intro,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_open": survey.is_open(today),
        "answered": answered,
    }


@router.get("/surveys", response=list[SurveyOut], summary="User surveys")
def list_surveys(request):
    user = request.auth
    today = timezone.localdate()
    if reads_surveys(user):
        return [_out(s, today) for s in visible_surveys(user).order_by("-opens_on", "-id")]
    if is_participant_user(user):
        participant = own_participant(user)
        if participant is None:
            return []
        qs = visible_surveys(user).annotate(
            done=Exists(Respondent.objects.filter(survey=OuterRef("pk"), participant=participant))
        )
        return [_out(s, today, s.done) for s in qs.order_by("-opens_on", "-id")]
    raise PermissionDenied("surveys.view_surveys")


@router.get("/surveys/{survey_id}", response=SurveyDetailOut, summary="A survey")
def get_survey(request, survey_id: int):
    user = request.auth
    survey = get_visible_survey_or_404(user, survey_id)
    if not (user.has_perm("surveys.view_survey", survey) or is_participant_user(user)):
        raise PermissionDenied("surveys.view_survey")
    return {
        **_out(survey, timezone.localdate()),
        "questions": [
            {
                "id": q.pk,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "translations": q.translations or {},
                "options": q.options or [],
                "option_translations": q.option_translations or {},
            }
            for q in survey.questions.all()
        ],
    }


@router.post(
    "/surveys/{survey_id}/answers",
    response={201: dict},
    summary="Answer a survey (a participant's token)",
)
def answer_survey(request, survey_id: int, payload: AnswerIn):
    survey = get_visible_survey_or_404(request.auth, survey_id)
    services.answer_survey(
        actor=request.auth, survey=survey, answers=payload.answers, language=payload.language
    )
    return HttpStatus(201, {"answered": True})


@router.get(
    "/surveys/{survey_id}/results",
    response=ResultsOut,
    summary="A survey's results (no group under five)",
)
def survey_results(request, survey_id: int, filters: Query[ResultsFilter]):
    survey = get_visible_survey_or_404(request.auth, survey_id)
    data = selectors.results(
        survey, request.auth, language=filters.language, legal_basis=filters.legal_basis
    )
    data["survey"] = _out(survey, timezone.localdate())
    return data
