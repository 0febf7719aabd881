"""Survey screens: the administrator's list and editor (the leader and the consultant read),
the results for the leader and the consultant, and the participant's answer page — made for a
phone, in the participant's language, right to left for Arabic.

Thin: they check the policy, call the services and selectors, and show the result.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from introsak.core.forms import apply_service_errors
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.permissions import (
    get_visible_survey_or_404,
    own_participant,
    reads_survey_results,
    visible_surveys,
)
from introsak.core.web import require as _require

from . import rules, selectors, services
from .forms import QuestionForm, QuestionFormSet, ResultsFilterForm, SurveyForm
from .models import Respondent

# Empty question rows the form offers: enough for a whole new survey, a few more on a change.
BLANK_QUESTIONS = {"new": 8, "change": 3}


@login_required
def survey_list(request):
    _require(request, "surveys.view_surveys")
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.survey_list(visible_surveys(request.user)),
            "can_add": request.user.has_perm("surveys.add_survey"),
            "can_see_results": bool(reads_survey_results(request.user)),
        },
    )


@login_required
def survey_detail(request, pk: int):
    survey = get_visible_survey_or_404(request.user, pk)
    _require(request, "surveys.view_survey", survey)
    questions = list(survey.questions.all())
    for q in questions:
        q.translated = [
            (code, LANGUAGE_NAMES[code], q.translations.get(code, ""), rules.direction(code))
            for code in rules.TRANSLATION_LANGUAGES
        ]
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": questions,
            "answer_count": Respondent.objects.filter(survey=survey).count(),
            "can_change": request.user.has_perm("surveys.change_survey", survey),
            "can_see_results": request.user.has_perm("surveys.view_results", survey),
        },
    )


def _formset_service_errors(formset, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        parts = field.split(".")
        if parts[0] == "questions" and len(parts) == 3 and int(parts[1]) < len(formset.forms):
            form = formset.forms[int(parts[1])]
            for message in errors:
                form.add_error(parts[2] if parts[2] in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int | None = None):
    survey = None
    if pk is None:
        _require(request, "surveys.add_survey")
    else:
        survey = get_visible_survey_or_404(request.user, pk)
        _require(request, "surveys.change_survey", survey)
    answered = survey is not None and survey.responses.exists()
    if request.method == "POST":
        form = SurveyForm(request.POST)
        # Once answered, the questions are shown but not sent: the formset is not bound.
        formset = (
            QuestionFormSet(
                initial=[QuestionForm.initial_for(q) for q in survey.questions.all()],
                prefix="q",
            )
            if answered
            else QuestionFormSet(request.POST, prefix="q")
        )
        if form.is_valid() and (answered or formset.is_valid()):
            questions = None if answered else [f.service_data() for f in formset.forms]
            try:
                if survey is None:
                    survey = services.create_survey(
                        actor=request.user, data=form.cleaned_data, questions=questions
                    )
                else:
                    services.update_survey(
                        actor=request.user,
                        survey=survey,
                        data=form.cleaned_data,
                        questions=questions,
                    )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                if not answered:
                    _formset_service_errors(formset, exc)
            else:
                messages.success(request, _("The survey is saved."))
                return redirect("surveys:detail", survey.pk)
    else:
        if survey is None:
            form = SurveyForm()
            initial = []
        else:
            form = SurveyForm(
                initial={
                    "title": survey.title,
                    "intro": survey.intro,
                    "opens_on": survey.opens_on,
                    "closes_on": survey.closes_on,
                }
            )
            initial = [QuestionForm.initial_for(q) for q in survey.questions.all()]
        blank = 0 if answered else BLANK_QUESTIONS["new" if survey is None else "change"]
        initial += [{"kind": rules.SCALE}] * blank
        formset = QuestionFormSet(initial=initial, prefix="q")
    return render(
        request,
        "surveys/form.html",
        {"survey": survey, "form": form, "formset": formset, "answered": answered},
    )


@login_required
def survey_results(request, pk: int):
    survey = get_visible_survey_or_404(request.user, pk)
    _require(request, "surveys.view_results", survey)
    choices = selectors.filter_choices(survey)
    form = ResultsFilterForm(request.GET or None, languages=choices["languages"])
    language = legal_basis = ""
    if form.is_bound and form.is_valid():
        language = form.cleaned_data["sprak"]
        legal_basis = form.cleaned_data["lovgrunnlag"]
    data = None
    # A filter that is not valid shows its error on the field and no numbers: numbers for
    # another selection than the one the form shows would be read as that selection's.
    if not form.is_bound or form.is_valid():
        data = selectors.results(survey, request.user, language=language, legal_basis=legal_basis)
        for q in data["questions"]:
            q["chart_height"] = 28 * len(q["bars"]) + 4
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": data,
            "form": form,
            "minimum": selectors.configured_minimum(),
        },
    )


def _answer_language(request, participant, questions) -> tuple[str, list]:
    """The language of the answer page: the one picked, else the participant's first
    language the survey's `questions` are translated into, else bokmål. Also the choices for
    the picker: bokmål and the survey's translations, the participant's own languages first."""
    translated = set()
    for q in questions:
        translated |= {code for code, text in (q.translations or {}).items() if text}
    own = [pl.language for pl in participant.languages.all()]
    available = ["nb", *sorted(translated, key=lambda c: (c not in own, str(LANGUAGE_NAMES[c])))]
    picked = request.POST.get("sprak") or request.GET.get("sprak") or ""
    if picked not in available:
        picked = next((code for code in own if code in translated), "nb")
    return picked, [(code, LANGUAGE_NAMES[code], rules.direction(code)) for code in available]


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    survey = get_visible_survey_or_404(request.user, pk)
    _require(request, "surveys.answer_survey", survey)
    participant = own_participant(request.user)
    if participant is None:
        raise Http404
    if not survey.is_open(timezone.localdate()):
        raise Http404
    if Respondent.objects.filter(survey=survey, participant=participant).exists():
        messages.info(request, _("You have already answered this survey. Thank you!"))
        return redirect("participants:own")
    questions = list(survey.questions.all())
    language, languages = _answer_language(request, participant, questions)
    words = rules.page_text(language)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {str(q.pk): request.POST.get(f"q{q.pk}", "") for q in questions}
        try:
            services.answer_survey(
                actor=request.user, survey=survey, answers=values, language=language
            )
        except ValidationError as exc:
            # In the language the participant answers in: the page's own words, not the
            # interface's bokmål.
            errors = {
                k: words["invalid"]
                if k.startswith("answers.")
                else words["answer_one"]
                if k == "answers"
                else " ".join(v)
                for k, v in exc.message_dict.items()
            }
        else:
            messages.success(request, _("Thank you for your answers!"))
            return redirect("participants:own")
    blocks = []
    for q in questions:
        if q.kind == rules.SCALE:
            choices = [(v, v) for v in rules.SCALE_VALUES]
        elif q.kind == rules.YES_NO:
            choices = [("yes", words["yes"]), ("no", words["no"])]
        elif q.kind == rules.CHOICE:
            choices = [(str(i), label) for i, label in enumerate(q.options_in(language))]
        else:
            choices = []
        blocks.append(
            {
                "question": q,
                "text": q.text_in(language),
                "choices": choices,
                "value": values.get(str(q.pk), ""),
                "error": errors.get(f"answers.{q.pk}", ""),
            }
        )
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "blocks": blocks,
            "language": language,
            "languages": languages,
            "dir": rules.direction(language),
            "words": words,
            "form_error": errors.get("answers") or errors.get("survey") or "",
            "error_count": len(errors),
        },
    )
