import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from introsak.core.models import AuditEvent
from introsak.participants.tests.factories import ParticipantFactory
from introsak.results import services
from introsak.results.models import Outcome
from introsak.results.rules import add_months

from .conftest import DAY, ended_participant

pytestmark = pytest.mark.django_db


def record(actor, participant, **data):
    return services.record_outcome(
        actor=actor,
        participant=participant,
        data={"checkpoint": "month_6", "activity": "work", **data},
    )


def test_consultant_records_the_six_month_follow_up(users, ended, today):
    outcome = record(users["consultant"], ended, employer_or_school="Coop", note="Fast jobb")
    assert outcome.checkpoint == "month_6"
    assert outcome.activity == "work"
    assert outcome.due_on == add_months(add_months(today, -7), 6)
    assert outcome.programme_end == add_months(today, -7)
    assert outcome.recorded_by == users["consultant"]
    assert AuditEvent.objects.filter(action="outcome.record", object_id=str(outcome.pk)).exists()


def test_recording_again_corrects_the_follow_up(users, ended):
    first = record(users["consultant"], ended)
    second = record(users["consultant"], ended, activity="education")
    assert first.pk == second.pk
    assert Outcome.objects.get().activity == "education"
    assert AuditEvent.objects.filter(action="outcome.correct").count() == 1


def test_follow_up_before_it_is_due_is_refused(users, ended):
    with pytest.raises(ValidationError) as exc:
        record(users["consultant"], ended, checkpoint="month_12")
    assert "checkpoint" in exc.value.message_dict
    assert not Outcome.objects.exists()


def test_end_follow_up_may_be_recorded_in_the_last_month(users, running, municipality, today):
    # `running` ends in two months: too early.
    with pytest.raises(ValidationError):
        record(users["consultant"], running, checkpoint="end")
    soon = ended_participant(municipality, users["consultant"], today + 10 * DAY)
    assert record(users["consultant"], soon, checkpoint="end").checkpoint == "end"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"activity": "holiday"}, "activity"),
        ({"activity": ""}, "activity"),
        ({"checkpoint": "month_3"}, "checkpoint"),
        ({"employer_or_school": "x" * 201}, "employer_or_school"),
    ],
)
def test_bad_input_is_refused_on_the_field(users, ended, data, field):
    with pytest.raises(ValidationError) as exc:
        record(users["consultant"], ended, **data)
    assert field in exc.value.message_dict
    assert not Outcome.objects.exists()


def test_participant_without_programme_cannot_be_followed_up(users, municipality):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    with pytest.raises(ValidationError) as exc:
        record(users["consultant"], participant)
    assert "checkpoint" in exc.value.message_dict


@pytest.mark.parametrize("role", ["leader", "teacher", "nav_advisor", "payroll", "participant"])
def test_only_the_consultant_records_outcomes(users, ended, role):
    with pytest.raises(PermissionDenied):
        record(users[role], ended)


def test_consultant_of_another_municipality_cannot_record(outsider, ended):
    with pytest.raises(PermissionDenied):
        record(outsider, ended)
