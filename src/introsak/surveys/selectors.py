"""Reads for user surveys: the surveys a participant may answer now, and the results as plain
data (for the results screen, the API and the annual report) under the small-group rule."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core.languages import LANGUAGE_NAMES
from introsak.participants.models import LegalBasis, Participant

from . import rules
from .models import Answer, QuestionKind, Respondent, Response, Survey


def open_surveys_for(participant: Participant, today: datetime.date | None = None) -> list:
    """The surveys of the participant's municipality open today that they have not answered."""
    today = today or timezone.localdate()
    answered = Respondent.objects.filter(participant=participant).values("survey_id")
    return list(
        Survey.objects.filter(
            municipality_id=participant.municipality_id,
            opens_on__lte=today,
            closes_on__gte=today,
        ).exclude(pk__in=answered)
    )


def survey_list(qs, today: datetime.date | None = None) -> list[Survey]:
    """Surveys with their number of questions and answers (two counts, one query)."""
    today = today or timezone.localdate()
    surveys = list(
        qs.annotate(
            question_count=Count("questions", distinct=True),
            response_count=Count("respondents", distinct=True),
        ).order_by("-opens_on", "-id")
    )
    for survey in surveys:
        survey.state = (
            "open" if survey.is_open(today) else "planned" if today < survey.opens_on else "closed"
        )
    return surveys


def _bar_label(question, value: str) -> str:
    if question.kind == rules.CHOICE:
        options = question.options or []
        return options[int(value)] if int(value) < len(options) else value
    if question.kind == rules.YES_NO:
        return str(_("Yes") if value == "yes" else _("No"))
    return value


def check_filters(language: str, legal_basis: str) -> None:
    """ValidationError naming the field for a filter that is not one: an unknown language or
    legal basis, or both at once (rules.check_filters)."""
    if language and language != "nb" and language not in LANGUAGE_NAMES:
        raise ValidationError({"language": _("Choose one of the options.")})
    if legal_basis and legal_basis not in LegalBasis.values:
        raise ValidationError({"legal_basis": _("Choose one of the options.")})
    try:
        rules.check_filters(language, legal_basis)
    except rules.RuleError as error:
        raise ValidationError({"legal_basis": _(error.message)}) from None


def results(
    survey: Survey,
    user=None,
    *,
    language: str = "",
    legal_basis: str = "",
    minimum: int | None = None,
    today: datetime.date | None = None,
) -> dict:
    """The survey's results as plain data, optionally for one group (the language answered
    in, or the legal basis). No participant appears; a group of fewer than `minimum` answers
    — overall or for one question — carries `suppressed: True` and no numbers or texts.
    Nothing is shown before the survey has closed (`closed: False`; rules.results_visible).

    With `user`, refuses (PermissionDenied) a user who may not read results. Four queries,
    six with a filter.
    """
    if user is not None and not user.has_perm("surveys.view_results", survey):
        raise PermissionDenied("surveys.view_results")
    check_filters(language, legal_basis)
    minimum = minimum or configured_minimum()
    today = today or timezone.localdate()
    if not rules.results_visible(survey.closes_on, today):
        return _result_data(survey, language, legal_basis, minimum, closed=False)
    responses = Response.objects.filter(survey=survey)
    if language:
        responses = responses.filter(language=language)
    if legal_basis:
        responses = responses.filter(legal_basis=legal_basis)
    total = responses.count()
    filtered = bool(language or legal_basis)
    # A filtered group is held against every other group of the same filter, overall and per
    # question (skipped questions make the groups differ), so that no combination of the
    # views shown gives a group under `minimum` away (rules.hidden_groups).
    by_question_hidden: dict[int, set[str]] = {}
    if filtered:
        dimension, value = ("language", language) if language else ("legal_basis", legal_basis)
        sizes = dict(
            Response.objects.filter(survey=survey)
            .values(dimension)
            .annotate(n=Count("id"))
            .values_list(dimension, "n")
        )
        group_shown = value not in rules.hidden_groups(sizes, minimum) and rules.shown(
            total, minimum
        )
        if group_shown:
            per_question: dict[int, dict[str, int]] = defaultdict(dict)
            for question_id, group, n in (
                Answer.objects.filter(response__survey=survey)
                .values("question_id", f"response__{dimension}")
                .annotate(n=Count("id"))
                .values_list("question_id", f"response__{dimension}", "n")
            ):
                per_question[question_id][group] = n
            by_question_hidden = {
                qid: rules.hidden_groups(groups, minimum) for qid, groups in per_question.items()
            }
    else:
        group_shown = rules.shown(total, minimum)
    questions = list(survey.questions.all())
    counts: dict[int, dict[str, int]] = {q.pk: {} for q in questions}
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    if group_shown:
        for row in (
            Answer.objects.filter(response__in=responses)
            .exclude(question__kind=QuestionKind.TEXT)
            .values("question_id", "value")
            .annotate(n=Count("id"))
        ):
            counts[row["question_id"]][row["value"]] = row["n"]
        # Free texts in a stable order that says nothing of who wrote them or when.
        for row in (
            Answer.objects.filter(response__in=responses, question__kind=QuestionKind.TEXT)
            .order_by("value")
            .values("question_id", "value")
        ):
            texts[row["question_id"]].append(row["value"])
    out_questions = []
    for q in questions:
        if q.kind == rules.TEXT:
            n = len(texts[q.pk])
            ok = group_shown and rules.shown(n, minimum)
            tally = rules.Tally(count=n, suppressed=not ok)
        else:
            tally = rules.tally(q.kind, counts[q.pk], len(q.options or []), minimum)
            ok = group_shown and not tally.suppressed
        if ok and filtered:
            ok = value not in by_question_hidden.get(q.pk, {value})
            # Free texts are shown word for word: the same text in a language view and in a
            # legal-basis view would tie its writer to both groups at once.
            ok = ok and q.kind != rules.TEXT
        out_questions.append(
            {
                "id": q.pk,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "suppressed": not ok,
                "count": tally.count if ok else None,
                "mean": tally.mean if ok else None,
                "bars": [
                    {
                        "value": bar.value,
                        "label": _bar_label(q, bar.value),
                        "count": bar.count,
                        "percent": bar.percent,
                    }
                    for bar in tally.bars
                ]
                if ok
                else [],
                "texts": texts[q.pk] if ok and q.kind == rules.TEXT else [],
            }
        )
    return _result_data(
        survey,
        language,
        legal_basis,
        minimum,
        closed=True,
        suppressed=not group_shown,
        count=total if group_shown else None,
        questions=out_questions,
    )


def _result_data(
    survey, language, legal_basis, minimum, *, closed, suppressed=True, count=None, questions=()
) -> dict:
    return {
        "survey": {
            "id": survey.pk,
            "title": survey.title,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
        },
        "filters": {"language": language, "legal_basis": legal_basis},
        "minimum_group": minimum,
        "closed": closed,
        "suppressed": suppressed,
        "count": count,
        "questions": list(questions),
    }


def configured_minimum() -> int:
    return rules.minimum_group(getattr(settings, "SURVEY_MIN_GROUP", None))


def filter_choices(survey: Survey, minimum: int | None = None) -> dict:
    """The languages answered in by at least `minimum` (a language listed with one answer
    would say that somebody who speaks it answered), and the legal bases."""
    minimum = minimum or configured_minimum()
    if not rules.results_visible(survey.closes_on, timezone.localdate()):
        # While answers come in, a language appearing in the list would say who just answered.
        return {"languages": [], "legal_bases": list(LegalBasis.choices)}
    langs = (
        Response.objects.filter(survey=survey)
        .values("language")
        .annotate(n=Count("id"))
        .filter(n__gte=minimum)
        .values_list("language", flat=True)
    )
    return {
        "languages": sorted(
            ((code, str(LANGUAGE_NAMES.get(code, code))) for code in set(langs)),
            key=lambda pair: pair[1],
        ),
        "legal_bases": list(LegalBasis.choices),
    }
