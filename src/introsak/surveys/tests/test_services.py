"""Writing surveys and answering them: who may, once only, anonymously, and questions that
stay as they were once someone has answered."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from introsak.core.models import AuditEvent
from introsak.participants.tests.factories import ParticipantFactory
from introsak.surveys import selectors, services
from introsak.surveys.models import Answer, Respondent, Response, Survey

from .conftest import DAY, QUESTIONS, answers_for

pytestmark = pytest.mark.django_db


def _data(survey, **changes):
    return {
        "title": survey.title,
        "intro": survey.intro,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        **changes,
    }


def test_administrator_makes_a_survey_with_ordered_questions(survey):
    questions = list(survey.questions.all())
    assert [q.position for q in questions] == [1, 2, 3, 4]
    assert [q.kind for q in questions] == ["scale", "yes_no", "choice", "text"]
    assert questions[0].translations["ar"]
    assert questions[2].options_in("en") == ["Bus", "Bike", "Walking"]
    assert AuditEvent.objects.filter(action="survey.create", object_id=str(survey.pk)).exists()


@pytest.mark.parametrize("role", ["consultant", "leader", "teacher", "participant", "payroll"])
def test_only_the_administrator_makes_surveys(users, role, today):
    with pytest.raises(PermissionDenied):
        services.create_survey(
            actor=users[role],
            data={"title": "X", "opens_on": today, "closes_on": today},
            questions=QUESTIONS,
        )


def test_bad_survey_names_the_fields(users, today):
    with pytest.raises(ValidationError) as exc:
        services.create_survey(
            actor=users["administrator"],
            data={"title": "", "opens_on": today, "closes_on": today - DAY},
            questions=[{"kind": "choice", "text": "Hva?", "options": ["Bare én"]}],
        )
    assert set(exc.value.message_dict) == {"title", "questions.0.options"}
    with pytest.raises(ValidationError) as exc:
        services.create_survey(
            actor=users["administrator"],
            data={"title": "T", "opens_on": today, "closes_on": today - DAY},
            questions=[],
        )
    assert set(exc.value.message_dict) == {"closes_on", "questions"}
    assert not Survey.objects.exists()


def test_questions_can_be_changed_before_anyone_answers(users, survey):
    services.update_survey(
        actor=users["administrator"],
        survey=survey,
        data=_data(survey),
        questions=[{"kind": "yes_no", "text": "Bare ett spørsmål?"}],
    )
    assert [q.text for q in survey.questions.all()] == ["Bare ett spørsmål?"]


def test_questions_cannot_be_changed_once_answered_but_dates_can(users, survey, answered_by, today):
    answered_by(survey, 1)
    with pytest.raises(ValidationError) as exc:
        services.update_survey(
            actor=users["administrator"],
            survey=survey,
            data=_data(survey),
            questions=[{"kind": "yes_no", "text": "Nytt spørsmål"}],
        )
    assert "questions" in exc.value.message_dict
    assert survey.questions.count() == 4
    services.update_survey(
        actor=users["administrator"],
        survey=survey,
        data=_data(survey, closes_on=today + 30 * DAY, intro="Ny tekst"),
    )
    survey.refresh_from_db()
    assert survey.closes_on == today + 30 * DAY and survey.intro == "Ny tekst"


def test_participant_answers_once(users, world, survey):
    services.answer_survey(
        actor=users["participant"], survey=survey, answers=answers_for(survey), language="ar"
    )
    assert Respondent.objects.filter(survey=survey, participant=world["mine"]).count() == 1
    assert Response.objects.get(survey=survey).language == "ar"
    assert Answer.objects.count() == 4
    with pytest.raises(ValidationError) as exc:
        services.answer_survey(
            actor=users["participant"], survey=survey, answers=answers_for(survey)
        )
    assert "survey" in exc.value.message_dict
    assert Response.objects.count() == 1


def test_the_database_refuses_a_second_respondent_row(world, survey):
    Respondent.objects.create(survey=survey, participant=world["mine"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Respondent.objects.create(survey=survey, participant=world["mine"])


@pytest.mark.parametrize(
    "role", ["consultant", "leader", "teacher", "nav_advisor", "payroll", "mentor", "administrator"]
)
def test_someone_who_is_not_a_participant_cannot_answer(users, world, survey, role):
    with pytest.raises(PermissionDenied):
        services.answer_survey(actor=users[role], survey=survey, answers=answers_for(survey))
    assert not Response.objects.exists()


def test_a_participant_user_without_a_record_cannot_answer(users, survey):
    # No `world`: the participant user is linked to no participant record.
    with pytest.raises(PermissionDenied):
        services.answer_survey(
            actor=users["participant"], survey=survey, answers=answers_for(survey)
        )


def test_a_closed_survey_takes_no_answers(users, world, survey, today):
    Survey.objects.filter(pk=survey.pk).update(opens_on=today - 9 * DAY, closes_on=today - DAY)
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.answer_survey(
            actor=users["participant"], survey=survey, answers=answers_for(survey)
        )
    assert "survey" in exc.value.message_dict


def test_bad_answers_name_the_question_and_nothing_is_saved(users, world, survey):
    answers = answers_for(survey, scale="7", choice="9")
    with pytest.raises(ValidationError) as exc:
        services.answer_survey(actor=users["participant"], survey=survey, answers=answers)
    q = {x.kind: x.pk for x in survey.questions.all()}
    assert set(exc.value.message_dict) == {f"answers.{q['scale']}", f"answers.{q['choice']}"}
    assert not Respondent.objects.exists() and not Response.objects.exists()


def test_answers_are_stored_without_the_participant(users, world, survey):
    """Anonymity in the tables: the answers have no way back to the participant."""
    for model in (Response, Answer):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"participant", "user", "created_at", "answered_at"}, model
    services.answer_survey(actor=users["participant"], survey=survey, answers=answers_for(survey))
    # Random keys: no running number that follows the order people answered in.
    assert all(isinstance(a.pk, uuid.UUID) for a in Answer.objects.all())
    assert isinstance(Response.objects.get().pk, uuid.UUID)
    event = AuditEvent.objects.get(action="survey.answer")
    assert event.participant_id == world["mine"].pk
    # The audit trail says that they answered, not what.
    assert "Mer praksis" not in str(event.changes) and "yes" not in str(event.changes)


def test_results_hold_no_participant_ids(closed_survey, answered_by):
    survey = closed_survey
    people = answered_by(survey, 6, text="Hei")
    data = selectors.results(survey)
    assert data["count"] == 6
    flat = repr(data)
    for participant in people:
        assert participant.national_id not in flat
        assert f"'participant_id': {participant.pk}" not in flat
    assert "participant" not in flat


def test_a_group_under_five_shows_no_numbers(closed_survey, answered_by):
    survey = closed_survey
    answered_by(survey, 4, language="ti")
    answered_by(survey, 6, language="ar", legal_basis="introl")
    # With only these two groups, 10 − 6 would give the 4 away: five more answers elsewhere.
    answered_by(survey, 5, language="en")
    everyone = selectors.results(survey)
    assert everyone["suppressed"] is False and everyone["count"] == 15
    few = selectors.results(survey, language="ti")
    assert few["suppressed"] is True and few["count"] is None
    assert all(q["suppressed"] and not q["bars"] and not q["texts"] for q in few["questions"])
    arabic = selectors.results(survey, language="ar")
    assert arabic["count"] == 6
    assert selectors.results(survey, legal_basis="introl")["count"] == 6
    scale = arabic["questions"][0]
    assert [b["count"] for b in scale["bars"]] == [0, 0, 0, 6, 0] and scale["mean"] == 4.0
    # free texts only in the whole survey's results, never in a filtered group's
    assert arabic["questions"][3]["texts"] == [] and arabic["questions"][3]["suppressed"]
    assert everyone["questions"][3]["texts"] == ["Mer praksis"] * 15


def test_no_two_filtered_views_give_a_small_group_away_together(closed_survey, answered_by):
    answered_by(closed_survey, 5, legal_basis="il")
    answered_by(closed_survey, 5, legal_basis="introl")
    answered_by(closed_survey, 3, legal_basis="il_6a", scale="1")
    # whole (13) − IL (5) − Introduction Act (5) would be the 3 under chapter 6A
    shown = [
        basis
        for basis in ("il", "introl", "il_6a")
        if not selectors.results(closed_survey, legal_basis=basis)["suppressed"]
    ]
    assert len(shown) <= 1


def test_two_filters_at_once_are_refused(closed_survey):
    # «Arabic and IL» beside «Arabic» would give «Arabic and not IL» away, however large.
    with pytest.raises(ValidationError) as exc:
        selectors.results(closed_survey, language="ar", legal_basis="il")
    assert list(exc.value.message_dict) == ["legal_basis"]


def test_results_are_held_back_until_the_survey_has_closed(survey, answered_by, today):
    answered_by(survey, 6)
    data = selectors.results(survey)
    assert data["closed"] is False and data["count"] is None and data["questions"] == []
    after = selectors.results(survey, today=survey.closes_on + DAY)
    assert after["closed"] is True and after["count"] == 6


def test_a_closed_survey_with_answers_is_not_opened_again(closed_survey, answered_by, users, today):
    answered_by(closed_survey, 5)
    with pytest.raises(ValidationError) as exc:
        services.update_survey(
            actor=users["administrator"],
            survey=closed_survey,
            data=_data(closed_survey, closes_on=today + 7 * DAY),
        )
    assert list(exc.value.message_dict) == ["closes_on"]
    # the title can still be put right
    services.update_survey(
        actor=users["administrator"], survey=closed_survey, data=_data(closed_survey, title="Ny")
    )


def test_only_languages_with_five_answers_are_offered_as_a_filter(closed_survey, answered_by):
    answered_by(closed_survey, 5, language="ar")
    answered_by(closed_survey, 1, language="ti")
    codes = [code for code, _name in selectors.filter_choices(closed_survey)["languages"]]
    assert codes == ["ar"]


def test_a_group_is_hidden_when_the_rest_would_give_a_small_group_away(closed_survey, answered_by):
    survey = closed_survey
    answered_by(survey, 2, language="ti")
    answered_by(survey, 5, language="ar")
    # 7 in all, 5 in Arabic: showing both would reveal the 2 Tigrinya answers by subtraction.
    assert selectors.results(survey)["suppressed"] is False
    assert selectors.results(survey, language="ar")["suppressed"] is True


def test_a_question_is_hidden_in_a_group_when_its_rest_would_give_answers_away(
    closed_survey, answered_by
):
    survey = closed_survey
    answered_by(survey, 5, language="ar", text="Mer norsk")
    # Five others, of whom only two wrote a text: the Arabic group (5) and the rest (5) may
    # both be shown, but the texts of the rest would be the whole's texts minus the group's.
    answered_by(survey, 3, language="en", text="")
    answered_by(survey, 2, language="en", text="Mer praksis")
    everyone = selectors.results(survey)
    assert everyone["questions"][3]["suppressed"] is False  # 7 texts in all
    arabic = selectors.results(survey, language="ar")
    assert arabic["suppressed"] is False and arabic["count"] == 5
    assert arabic["questions"][0]["suppressed"] is False  # 10 answers, 5 and 5
    text = arabic["questions"][3]
    assert text["suppressed"] is True and text["texts"] == [] and text["count"] is None


def test_a_question_skipped_by_too_many_is_not_shown(closed_survey, answered_by):
    survey = closed_survey
    answered_by(survey, 3)
    answered_by(survey, 3, text="")
    data = selectors.results(survey)
    assert data["count"] == 6
    assert data["questions"][0]["suppressed"] is False
    assert data["questions"][3]["suppressed"] is True and data["questions"][3]["texts"] == []


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("leader", True), ("consultant", True), ("administrator", False), ("teacher", False)],
)
def test_results_are_for_the_leader_and_the_consultant(users, survey, role, allowed):
    if allowed:
        assert selectors.results(survey, users[role])["count"] is None
    else:
        with pytest.raises(PermissionDenied):
            selectors.results(survey, users[role])


def test_results_of_another_municipality_are_refused(outsider, survey):
    with pytest.raises(PermissionDenied):
        selectors.results(survey, outsider)


def test_open_surveys_leave_out_answered_ones(survey, world, users, answered_by):
    assert selectors.open_surveys_for(world["mine"]) == [survey]
    services.answer_survey(actor=users["participant"], survey=survey, answers=answers_for(survey))
    assert selectors.open_surveys_for(world["mine"]) == []
    assert selectors.open_surveys_for(
        ParticipantFactory(municipality=world["other"].municipality)
    ) == [survey]


def test_a_larger_minimum_group_from_the_settings_is_used(closed_survey, answered_by, settings):
    settings.SURVEY_MIN_GROUP = 8
    answered_by(closed_survey, 6)
    data = selectors.results(closed_survey)
    assert data["minimum_group"] == 8 and data["suppressed"] is True
