"""Writes for user surveys: the administrator writes and changes a questionnaire; a
participant answers it once, anonymously.

Each service takes the acting user, checks the one permission policy, is one transaction,
writes its own audit event, and raises ValidationError naming the field before anything is
saved. The audit event of an answer says that the participant answered, never what: the
answers go to a Response with no participant (see models.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import User
from introsak.core.permissions import own_participant
from introsak.core.permissions import require as _require
from introsak.participants.models import Participant

from . import rules
from .models import Answer, Question, QuestionKind, Respondent, Response, Survey

SURVEY_FIELDS = ("title", "intro", "opens_on", "closes_on")


def _rule_message(error: rules.RuleError) -> str:
    return _(error.message) % error.params if error.params else _(error.message)


def _clean_survey(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "title": cleaning.text(data, "title", 200),
        "intro": cleaning.text(data, "intro"),
        "opens_on": cleaning.date(errors, data, "opens_on"),
        "closes_on": cleaning.date(errors, data, "closes_on"),
    }
    cleaning.required(errors, cleaned, ("title", "opens_on", "closes_on"))
    if not errors:
        try:
            rules.check_period(cleaned["opens_on"], cleaned["closes_on"])
        except rules.RuleError as error:
            errors["closes_on"] = _rule_message(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_questions(questions: Sequence[Mapping[str, Any]]) -> list[dict]:
    """Questions as given (kind, text, translations, options, option_translations), in order;
    rows without a text are left out. Errors name the row: «questions.2.options»."""
    errors: dict[str, str] = {}
    cleaned = []
    for index, row in enumerate(questions):
        text = (row.get("text") or "").strip()
        if not text:
            continue
        kind = row.get("kind") or ""
        if kind not in QuestionKind.values:
            errors[f"questions.{index}.kind"] = _("Choose one of the options.")
        options = [o.strip() for o in row.get("options") or [] if o and o.strip()]
        if kind == rules.CHOICE and len(options) < 2:
            errors[f"questions.{index}.options"] = _("Give at least two options.")
        translations = {
            code: value.strip()
            for code, value in (row.get("translations") or {}).items()
            if code in LANGUAGE_NAMES and value and value.strip()
        }
        option_translations = {
            code: [o.strip() for o in values]
            for code, values in (row.get("option_translations") or {}).items()
            if code in LANGUAGE_NAMES and any(o.strip() for o in values)
        }
        cleaned.append(
            {
                "kind": kind,
                "text": text[:500],
                "translations": translations,
                "options": options if kind == rules.CHOICE else [],
                "option_translations": option_translations if kind == rules.CHOICE else {},
            }
        )
    if not cleaned and not errors:
        errors["questions"] = _("Write at least one question.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_questions(survey: Survey, questions: list[dict]) -> None:
    survey.questions.all().delete()
    Question.objects.bulk_create(
        Question(survey=survey, position=i + 1, **q) for i, q in enumerate(questions)
    )


@transaction.atomic
def create_survey(
    *, actor: User, data: Mapping[str, Any], questions: Sequence[Mapping[str, Any]]
) -> Survey:
    _require(actor, "surveys.add_survey")
    errors: dict[str, str] = {}
    try:
        cleaned = _clean_survey(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned_questions = _clean_questions(questions)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.create(
        municipality_id=actor.municipality_id, created_by=actor, **cleaned
    )
    _save_questions(survey, cleaned_questions)
    audit.record_event(
        actor=actor,
        action="survey.create",
        obj=survey,
        changes=audit.created({**cleaned, "questions": len(cleaned_questions)}),
    )
    return survey


@transaction.atomic
def update_survey(
    *,
    actor: User,
    survey: Survey,
    data: Mapping[str, Any],
    questions: Sequence[Mapping[str, Any]] | None = None,
) -> Survey:
    """Change the survey. Once someone has answered, the questions stay as they were (the
    answers would otherwise no longer match them): only the title, introduction and dates
    change, and a change to the questions is refused."""
    _require(actor, "surveys.change_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    errors: dict[str, str] = {}
    cleaned: dict = {}
    try:
        cleaned = _clean_survey(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    answered = survey.responses.exists()
    if "closes_on" in cleaned:
        try:
            rules.check_reopening(
                survey.closes_on, cleaned["closes_on"], timezone.localdate(), answered
            )
        except rules.RuleError as error:
            errors.setdefault("closes_on", _rule_message(error))
    cleaned_questions = None
    if questions is not None:
        try:
            cleaned_questions = _clean_questions(questions)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if cleaned_questions is not None and answered:
            if cleaned_questions != _current_questions(survey):
                errors["questions"] = _(
                    "Someone has answered the survey: the questions can no longer be changed. "
                    "Make a new survey instead."
                )
            cleaned_questions = None
    if errors:
        raise ValidationError(errors)
    changes = audit.apply_changes(survey, cleaned, SURVEY_FIELDS)
    if cleaned_questions is not None and cleaned_questions != _current_questions(survey):
        _save_questions(survey, cleaned_questions)
        changes["questions"] = {"old": None, "new": len(cleaned_questions)}
    audit.record_event(actor=actor, action="survey.update", obj=survey, changes=changes)
    return survey


def _current_questions(survey: Survey) -> list[dict]:
    return [
        {
            "kind": q.kind,
            "text": q.text,
            "translations": q.translations,
            "options": q.options,
            "option_translations": q.option_translations,
        }
        for q in survey.questions.all()
    ]


@transaction.atomic
def answer_survey(
    *, actor: User, survey: Survey, answers: Mapping[Any, Any], language: str = "nb"
) -> None:
    """The participant answers the survey (once). Only a participant-role user linked to a
    participant record may: anyone else is refused (PermissionDenied)."""
    _require(actor, "surveys.answer_survey", survey)
    participant = own_participant(actor)
    if participant is None:
        raise PermissionDenied("surveys.answer_survey")
    _record_answer(survey=survey, participant=participant, answers=answers, language=language)
    audit.record_event(
        actor=actor,
        action="survey.answer",
        obj=survey,
        participant_id=participant.pk,
        # Only that they answered: not what, and not the language, which is a filter of the
        # results and would tie the person to a group of answers.
        changes={"answered": {"old": None, "new": True}},
    )


def _record_answer(
    *,
    survey: Survey,
    participant: Participant,
    answers: Mapping[Any, Any],
    language: str,
    today: datetime.date | None = None,
) -> Response:
    """Store one participant's answers: the Respondent row (who answered) and the Response
    with its Answer rows (what was answered, with no participant). Checks the rules; the
    caller checks the permission. The demo data and tests use this directly for participants
    who have no user account, on a day of the survey's (`today`)."""
    today = today or timezone.localdate()
    if participant.municipality_id != survey.municipality_id:
        raise PermissionDenied("surveys.answer_survey")
    if not survey.is_open(today):
        raise ValidationError({"survey": _("The survey is not open.")})
    if language != "nb" and language not in LANGUAGE_NAMES:
        raise ValidationError({"language": _("Choose one of the options.")})
    if Respondent.objects.filter(survey=survey, participant=participant).exists():
        raise ValidationError({"survey": _("You have already answered this survey.")})
    answers = {str(k): v for k, v in answers.items()}
    questions = list(survey.questions.all())
    known = {str(q.pk) for q in questions}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in known:
            errors[f"answers.{key}"] = _("The survey has no such question.")
    rows = []
    for q in questions:
        try:
            value = rules.clean_answer(q.kind, str(answers.get(str(q.pk)) or ""), len(q.options))
        except rules.RuleError as error:
            errors[f"answers.{q.pk}"] = _rule_message(error)
            continue
        if value:
            rows.append((q, value))
    if not rows and not errors:
        errors["answers"] = _("Answer at least one question.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Respondent.objects.create(survey=survey, participant=participant, answered_on=today)
    except IntegrityError:
        raise ValidationError({"survey": _("You have already answered this survey.")}) from None
    response = Response.objects.create(
        survey=survey, language=language, legal_basis=participant.legal_basis or ""
    )
    Answer.objects.bulk_create(Answer(response=response, question=q, value=v) for q, v in rows)
    return response
