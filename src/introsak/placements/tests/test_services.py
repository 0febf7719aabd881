"""The placement services as the people who use them: the consultant recruits workplaces
and agrees placements, the mentor registers the days and evaluates the week, the teacher
answers the mentor, and concerns are owned and closed. Every write leaves an audit event."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from introsak.attendance import selectors as attendance_selectors
from introsak.attendance.models import Registration
from introsak.attendance.tests.conftest import END, START, enrol
from introsak.core.models import AuditEvent, Role
from introsak.core.permissions import visible_placements
from introsak.core.tests.factories import UserFactory
from introsak.participants.tests.factories import ParticipantFactory
from introsak.placements import services
from introsak.placements.models import (
    Concern,
    ConcernStatus,
    Employer,
    Evaluation,
    Gathering,
    Message,
    PipelineStage,
    Placement,
    StageChange,
    Workplace,
)
from introsak.placements.workflow import PIPELINE

from .conftest import DAY, next_work_day, work_day
from .factories import EmployerFactory, MentorFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked as the msgids; bokmål is the translators' business.
    with translation.override("en"):
        yield


def errors_of(excinfo) -> dict[str, str]:
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def actions(**filters) -> list[str]:
    """The audit trail of this app (enrolling a participant leaves plan events before it)."""
    return list(
        AuditEvent.objects.exclude(action__regex=r"^(plan|decision)\.")
        .filter(**filters)
        .order_by("id")
        .values_list("action", flat=True)
    )


EMPLOYER = {
    "org_number": "974 760 673",
    "name": "Brønnøysundregistrene",
    "industry": "public",
    "address": "Havnegata 48",
    "postal_code": "8900",
    "city": "Brønnøysund",
}


def another_participant(users, municipality):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    return participant, enrol(participant, users["consultant"])["practice"]


# --- employers and the recruitment pipeline --------------------------------------------------


def test_registering_an_employer_puts_its_first_workplace_in_the_pipeline_at_contacted(users):
    employer = services.register_employer(actor=users["consultant"], data=EMPLOYER)

    assert employer.org_number == "974760673"
    (workplace,) = employer.workplaces.all()
    assert workplace.stage == PipelineStage.CONTACTED
    assert workplace.name == "Brønnøysundregistrene"
    assert workplace.industry == "public"
    assert workplace.address == "Havnegata 48, Brønnøysund"
    assert [(c.from_stage, c.to_stage) for c in workplace.history.all()] == [("", "contacted")]
    event = AuditEvent.objects.get(action="employer.create")
    assert event.object_id == str(employer.pk)
    assert event.actor == users["consultant"]
    assert event.changes["org_number"] == {"old": None, "new": "974760673"}


def test_invalid_org_number_is_refused_and_nothing_saved(users):
    with pytest.raises(ValidationError) as excinfo:
        services.register_employer(
            actor=users["consultant"], data={**EMPLOYER, "org_number": "974 760 674"}
        )

    assert errors_of(excinfo) == {
        "org_number": "974 760 674 is not a valid organisation number (the check digit does "
        "not match)."
    }
    assert not Employer.objects.exists()
    assert not Workplace.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_org_number_already_registered_in_the_municipality_is_refused(users, outsider):
    services.register_employer(actor=users["consultant"], data=EMPLOYER)

    with pytest.raises(ValidationError) as excinfo:
        services.register_employer(
            actor=users["consultant"],
            data={**EMPLOYER, "org_number": "974760673", "name": "Registeret"},
        )

    assert errors_of(excinfo) == {
        "org_number": "Brønnøysundregistrene is already registered with this number."
    }
    assert Employer.objects.count() == 1
    # Another municipality keeps its own register of employers.
    services.register_employer(actor=outsider, data=EMPLOYER)
    assert Employer.objects.count() == 2


def test_other_errors_are_named_by_their_field(users):
    with pytest.raises(ValidationError) as excinfo:
        services.register_employer(
            actor=users["consultant"],
            data={**EMPLOYER, "name": " ", "industry": "mining", "postal_code": "89"},
        )

    assert set(errors_of(excinfo)) == {"name", "industry", "postal_code"}


@pytest.mark.parametrize("role", ["teacher", "mentor", "leader", "payroll", "participant"])
def test_only_the_refugee_service_and_nav_register_employers(users, role):
    with pytest.raises(PermissionDenied):
        services.register_employer(actor=users[role], data=EMPLOYER)
    assert not Employer.objects.exists()


def test_nav_advisor_registers_employers(users):
    assert services.register_employer(actor=users["nav_advisor"], data=EMPLOYER).pk


def test_a_workplace_is_recruited_step_by_step_as_the_pipeline_allows(users, employer, today):
    workplace = WorkplaceFactory(employer=employer, contacted=True)
    path = ["info_meeting", "agreement", "active", "paused", "active", "ended", "contacted"]

    for stage in path:
        workplace = services.move_workplace(
            actor=users["consultant"], workplace=workplace, to_stage=stage, note=" ringt "
        )
        assert workplace.stage == stage

    workplace.refresh_from_db()
    assert workplace.stage == PipelineStage.CONTACTED
    assert workplace.stage_changed_on == today
    history = list(workplace.history.order_by("id").values_list("from_stage", "to_stage"))
    assert history == list(zip(["contacted", *path[:-1]], path, strict=True))
    assert workplace.history.first().note == "ringt"
    assert actions(object_id=str(workplace.pk)) == ["workplace.stage"] * len(path)


ILLEGAL_MOVES = [
    (start, to)
    for start in PipelineStage.values
    for to in PipelineStage.values
    if to not in PIPELINE[start]
]


@pytest.mark.parametrize(("start", "to"), ILLEGAL_MOVES)
def test_a_move_the_pipeline_does_not_have_is_refused(users, employer, start, to):
    workplace = WorkplaceFactory(employer=employer, stage=start)

    with pytest.raises(ValidationError) as excinfo:
        services.move_workplace(actor=users["consultant"], workplace=workplace, to_stage=to)

    assert list(errors_of(excinfo)) == ["stage"]
    workplace.refresh_from_db()
    assert workplace.stage == start
    assert not StageChange.objects.filter(workplace=workplace).exists()
    assert not AuditEvent.objects.exists()


def test_the_pipeline_skips_no_step_from_contacted_to_agreement():
    # The worked example of the issue, read straight off the table.
    assert "agreement" not in PIPELINE["contacted"]
    assert "active" not in PIPELINE["info_meeting"]
    assert PIPELINE["ended"] == ("contacted",)


def test_an_unknown_stage_is_refused_on_the_stage_field(users, workplace):
    with pytest.raises(ValidationError) as excinfo:
        services.move_workplace(actor=users["consultant"], workplace=workplace, to_stage="won")
    assert "stage" in errors_of(excinfo)


def test_a_workplace_with_a_running_placement_can_pause_but_not_end(users, placement):
    workplace = placement.workplace

    with pytest.raises(ValidationError) as excinfo:
        services.move_workplace(actor=users["consultant"], workplace=workplace, to_stage="ended")
    assert "End the placement first" in errors_of(excinfo)["stage"]

    services.move_workplace(actor=users["consultant"], workplace=workplace, to_stage="paused")
    workplace.refresh_from_db()
    assert workplace.stage == PipelineStage.PAUSED


def test_a_stage_change_cannot_be_dated_in_the_future(users, workplace, today):
    with pytest.raises(ValidationError) as excinfo:
        services.move_workplace(
            actor=users["consultant"], workplace=workplace, to_stage="active", on=today + DAY
        )
    assert list(errors_of(excinfo)) == ["on"]


def test_a_labour_need_is_recorded_with_its_year_and_positions(users):
    need = services.record_labour_need(
        actor=users["leader"],
        data={
            "industry": "health",
            "occupation": "Helsefagarbeider",
            "year": "2030",
            "positions": 12,
        },
    )
    assert (need.industry, need.year, need.positions) == ("health", 2030, 12)
    assert actions() == ["labour_need.create"]

    with pytest.raises(ValidationError) as excinfo:
        services.record_labour_need(
            actor=users["leader"],
            data={"industry": "health", "occupation": "Lege", "year": "1990", "positions": 0},
        )
    assert set(errors_of(excinfo)) == {"year", "positions"}


# --- mentors --------------------------------------------------------------------------------


def test_a_mentor_gets_an_account_with_the_mentor_role(users, employer, municipality):
    mentor = services.register_mentor(
        actor=users["consultant"],
        employer=employer,
        data={"username": "kari.coop", "first_name": "Kari", "last_name": "Nordmann"},
        password="veileder-passord-2026",
    )

    assert mentor.user.role == Role.MENTOR
    assert mentor.user.municipality == municipality
    assert mentor.user.check_password("veileder-passord-2026")
    assert mentor.employer == employer
    assert actions() == ["mentor.create"]


def test_a_mentor_account_needs_a_free_username_and_a_good_password(users, employer):
    with pytest.raises(ValidationError) as excinfo:
        services.register_mentor(
            actor=users["consultant"],
            employer=employer,
            data={
                "username": users["teacher"].username.upper(),
                "first_name": "K",
                "last_name": "N",
            },
            password="123",
        )
    assert set(errors_of(excinfo)) == {"username", "password"}


def test_mentor_training_cannot_be_completed_in_the_future(users, mentor, today):
    services.record_mentor_training(
        actor=users["consultant"], mentor=mentor, data={"kind": "basic", "completed_on": today}
    )
    with pytest.raises(ValidationError) as excinfo:
        services.record_mentor_training(
            actor=users["consultant"],
            mentor=mentor,
            data={"kind": "follow_up", "completed_on": today + DAY},
        )
    assert list(errors_of(excinfo)) == ["completed_on"]
    assert mentor.trainings.count() == 1
    assert actions() == ["mentor.training"]


# --- placement agreements -------------------------------------------------------------------


def test_a_placement_at_a_workplace_with_an_agreement_makes_the_workplace_active(
    users, enrolled, workplace, placement_data
):
    placement = services.make_placement(
        actor=users["consultant"], participant=enrolled["participant"], data=placement_data
    )

    assert placement.weekdays == "123"
    assert placement.hours_per_week == Decimal("12")
    assert placement.measure == enrolled["practice"]
    assert placement.created_by == users["consultant"]
    workplace.refresh_from_db()
    assert workplace.stage == PipelineStage.ACTIVE
    assert workplace.history.first().to_stage == "active"
    assert actions() == ["placement.create", "workplace.stage"]
    assert AuditEvent.objects.get(action="placement.create").participant_id == (
        enrolled["participant"].pk
    )


def test_a_placement_takes_ids_as_the_api_sends_them(users, enrolled, placement_data):
    data = {
        **placement_data,
        "workplace": str(placement_data["workplace"].pk),
        "mentor": placement_data["mentor"].pk,
        "measure": str(placement_data["measure"].pk),
        "hours_per_week": "7,5",
        "weekdays": "31",
    }
    placement = services.make_placement(
        actor=users["consultant"], participant=enrolled["participant"], data=data
    )
    assert (placement.weekdays, placement.hours_per_week) == ("13", Decimal("7.5"))


@pytest.mark.parametrize("stage", ["contacted", "info_meeting", "paused", "ended"])
def test_a_workplace_without_an_agreement_takes_no_placement(
    users, enrolled, workplace, placement_data, stage
):
    Workplace.objects.filter(pk=workplace.pk).update(stage=stage)
    workplace.refresh_from_db()

    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={**placement_data, "workplace": workplace},
        )

    assert (
        "A placement needs an agreement with the workplace first" in errors_of(excinfo)["workplace"]
    )
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_date": START - DAY}, "start_date"),
        ({"end_date": END + DAY}, "end_date"),
    ],
)
def test_a_placement_outside_the_programme_period_is_refused(
    users, enrolled, placement_data, change, field
):
    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={**placement_data, **change},
        )

    assert errors_of(excinfo)[field] == (
        "The placement must lie inside the programme period, 01.09.2025–31.08.2027."
    )
    assert not Placement.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="placement").exists()


def test_a_participant_without_a_granted_programme_gets_no_placement(
    users, municipality, placement_data
):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    measure = enrol(participant, users["consultant"])["practice"]
    participant.decisions.all().delete()

    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=participant,
            data={**placement_data, "measure": measure},
        )
    assert "has no granted programme" in errors_of(excinfo)["start_date"]


def test_a_placement_on_the_same_weekdays_as_another_of_the_participant_is_refused(
    users, enrolled, employer, placement_data, today
):
    first = services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "weekdays": "12"},
    )
    second_place = WorkplaceFactory(employer=EmployerFactory(municipality=employer.municipality))

    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={
                **placement_data,
                "workplace": second_place,
                "mentor": None,
                "weekdays": "23",
                "start_date": today + 14 * DAY,
                "end_date": today + 60 * DAY,
            },
        )

    assert errors_of(excinfo)["start_date"].startswith(
        f"The participant is at {first.workplace} on the same days"
    )
    assert Placement.objects.count() == 1


def test_a_second_placement_in_the_same_period_on_other_weekdays_is_allowed(
    users, enrolled, employer, placement_data
):
    services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "weekdays": "12"},
    )
    second_place = WorkplaceFactory(employer=EmployerFactory(municipality=employer.municipality))

    services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "workplace": second_place, "mentor": None, "weekdays": "3"},
    )

    assert Placement.objects.filter(participant=enrolled["participant"]).count() == 2


def test_a_placement_right_after_another_on_the_same_days_is_allowed(
    users, enrolled, placement_data, today
):
    services.make_placement(
        actor=users["consultant"], participant=enrolled["participant"], data=placement_data
    )
    services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "start_date": today + 29 * DAY, "end_date": today + 90 * DAY},
    )
    assert Placement.objects.count() == 2


@pytest.mark.parametrize(
    ("weekdays", "message"),
    [
        ("04", "The plan has work practice on other days. Change the plan's measure first."),
        ("1234", "The plan has work practice on other days. Change the plan's measure first."),
        ("56", "Choose at least one weekday."),
        ("", "Choose at least one weekday."),
    ],
)
def test_weekdays_the_measure_does_not_have_are_refused(
    users, enrolled, placement_data, weekdays, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={**placement_data, "weekdays": weekdays},
        )
    assert errors_of(excinfo) == {"weekdays": message}


def test_weekend_days_are_dropped_from_the_placement(users, enrolled, placement_data):
    placement = services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "weekdays": "1256"},
    )
    assert placement.weekdays == "12"


def test_a_mentor_of_another_employer_is_refused(users, enrolled, municipality, placement_data):
    elsewhere = MentorFactory(employer=EmployerFactory(municipality=municipality, name="Rema"))

    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={**placement_data, "mentor": elsewhere},
        )

    assert errors_of(excinfo) == {"mentor": f"{elsewhere} is a mentor at another employer."}


def test_the_measure_must_be_the_participants_work_practice(
    users, enrolled, municipality, placement_data
):
    _, someone_elses = another_participant(users, municipality)
    for measure in (enrolled["norwegian"], someone_elses):
        with pytest.raises(ValidationError) as excinfo:
            services.make_placement(
                actor=users["consultant"],
                participant=enrolled["participant"],
                data={**placement_data, "measure": measure},
            )
        assert "measure" in errors_of(excinfo)


def test_more_hours_than_the_plan_has_are_refused(users, enrolled, placement_data):
    with pytest.raises(ValidationError) as excinfo:
        services.make_placement(
            actor=users["consultant"],
            participant=enrolled["participant"],
            data={**placement_data, "hours_per_week": "15.5"},
        )
    assert errors_of(excinfo) == {
        "hours_per_week": "The plan has 15.0 hours of work practice a week."
    }


@pytest.mark.parametrize("role", ["teacher", "mentor", "leader"])
def test_only_the_refugee_service_and_nav_make_placements(users, enrolled, placement_data, role):
    with pytest.raises(PermissionDenied):
        services.make_placement(
            actor=users[role], participant=enrolled["participant"], data=placement_data
        )


def test_another_municipality_cannot_place_our_participant(outsider, enrolled, placement_data):
    with pytest.raises(PermissionDenied):
        services.make_placement(
            actor=outsider, participant=enrolled["participant"], data=placement_data
        )
    assert not Placement.objects.exists()


def test_a_placement_is_changed_without_giving_every_field_again(users, placement):
    services.update_placement(
        actor=users["consultant"],
        placement=placement,
        data={"tasks": "Kasse og varemottak", "hours_per_week": "10"},
    )

    placement.refresh_from_db()
    assert placement.tasks == "Kasse og varemottak"
    assert placement.hours_per_week == Decimal("10")
    assert placement.weekdays == "123"
    event = AuditEvent.objects.get(action="placement.update")
    assert set(event.changes) == {"tasks", "hours_per_week"}


def test_ending_a_placement_early_ends_the_mentors_access(users, placement, today):
    services.end_placement(
        actor=users["consultant"],
        placement=placement,
        last_day=today - DAY,
        reason="Fikk fast jobb",
    )

    placement.refresh_from_db()
    assert placement.end_date == today - DAY
    assert placement.ended_early_reason == "Fikk fast jobb"
    assert not visible_placements(users["mentor"]).exists()
    assert not users["mentor"].has_perm("placements.mentor_register", placement)
    assert AuditEvent.objects.get(action="placement.end").reason == "Fikk fast jobb"


def test_ending_early_needs_a_reason_and_a_day_inside_the_placement(users, placement):
    with pytest.raises(ValidationError) as excinfo:
        services.end_placement(
            actor=users["consultant"],
            placement=placement,
            last_day=placement.end_date,
            reason=" ",
        )
    assert set(errors_of(excinfo)) == {"last_day", "reason"}


def test_the_startup_meeting_records_who_took_part(users, placement, employer, today):
    contact = services.add_contact(
        actor=users["consultant"], employer=employer, data={"name": "Per Hansen", "phone": "1"}
    )
    meeting = services.record_startup_meeting(
        actor=users["consultant"],
        placement=placement,
        data={
            "date": today,
            "participant_attended": True,
            "mentor_attended": True,
            "employer_contact": contact.pk,
            "teacher": users["teacher"].pk,
            "interpreter_language": "ti",
            "interpreter_name": "Tolk Tesfay",
            "notes": "Start kl. 9",
        },
    )

    assert (meeting.employer_contact, meeting.teacher) == (contact, users["teacher"])
    assert "placement.startup_meeting" in actions()


def test_the_startup_meeting_refuses_people_from_outside(users, placement, outsider, today):
    foreign_teacher = UserFactory(municipality=outsider.municipality, role=Role.TEACHER)
    foreign_contact = services.add_contact(
        actor=outsider,
        employer=EmployerFactory(municipality=outsider.municipality),
        data={"name": "Ola", "email": "ola@example.no"},
    )
    for data in (
        {"teacher": foreign_teacher},
        {"teacher": foreign_teacher.pk},
        {"employer_contact": foreign_contact},
        {"employer_contact": foreign_contact.pk},
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.record_startup_meeting(
                actor=users["consultant"], placement=placement, data={"date": today, **data}
            )
        assert set(errors_of(excinfo)) == set(data)


def test_the_request_is_sent_to_the_workplace_only_with_consent(users, placement, today):
    with pytest.raises(ValidationError) as excinfo:
        services.save_request(
            actor=users["consultant"],
            placement=placement,
            text="Bakgrunn",
            consent=False,
            sent_on=today,
        )
    assert list(errors_of(excinfo)) == ["request_consent"]

    services.save_request(
        actor=users["consultant"], placement=placement, text="Bakgrunn", consent=True, sent_on=today
    )
    placement.refresh_from_db()
    assert (placement.request_consent, placement.request_sent_on) == (True, today)
    assert actions(action="placement.request") == ["placement.request"]


# --- the mentor's week ----------------------------------------------------------------------


def test_the_mentors_registrations_reach_the_participants_timesheet(
    users, enrolled, placement, today
):
    day, earlier = work_day(today), work_day(today - DAY)

    result = services.register_placement_days(
        actor=users["mentor"],
        placement=placement,
        items=[
            {"date": day, "status": "present"},
            {"date": earlier, "status": "absent", "absence_type": "own_illness_self"},
        ],
    )

    assert result.created == 2
    rows = Registration.objects.filter(participant=enrolled["participant"]).order_by("date")
    assert [(r.date, r.status, r.measure, r.registered_by) for r in rows] == [
        (earlier, "absent", enrolled["practice"], users["mentor"]),
        (day, "present", enrolled["practice"], users["mentor"]),
    ]
    # 15 hours a week on three days.
    assert {r.hours for r in rows} == {Decimal(5)}
    sheet = attendance_selectors.timesheet(enrolled["participant"], day)
    assert {(r.date, r.registered_by_id) for r in sheet["registrations"]} >= {
        (day, users["mentor"].pk)
    }
    assert actions(action="attendance.register") == ["attendance.register"]


def test_a_mentor_cannot_register_for_a_participant_who_is_not_theirs(
    users, municipality, employer, placement, today
):
    participant, practice = another_participant(users, municipality)
    someone_elses = services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            "workplace": placement.workplace,
            "mentor": MentorFactory(employer=employer),
            "measure": practice,
            "start_date": placement.start_date,
            "end_date": placement.end_date,
            "weekdays": "123",
            "hours_per_week": "10",
        },
    )

    with pytest.raises(PermissionDenied):
        services.register_placement_days(
            actor=users["mentor"],
            placement=someone_elses,
            items=[{"date": work_day(today), "status": "present"}],
        )
    assert not Registration.objects.exists()


def test_a_mentor_cannot_register_after_the_placement_ended(users, enrolled, placement_data, today):
    ended = services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "start_date": today - 60 * DAY, "end_date": today - DAY},
    )

    with pytest.raises(PermissionDenied):
        services.register_placement_days(
            actor=users["mentor"],
            placement=ended,
            items=[{"date": work_day(today - DAY), "status": "present"}],
        )
    assert not Registration.objects.exists()


def test_a_future_day_is_refused_and_nothing_is_registered(users, placement, today):
    with pytest.raises(ValidationError) as excinfo:
        services.register_placement_days(
            actor=users["mentor"],
            placement=placement,
            items=[{"date": next_work_day(today), "status": "present"}],
        )

    assert list(errors_of(excinfo)) == ["items.0.date"]
    assert errors_of(excinfo)["items.0.date"].endswith(
        "Attendance is registered for days that have come, not ahead."
    )
    assert not Registration.objects.exists()


def test_one_bad_day_refuses_the_whole_week(users, placement, today):
    friday = work_day(today, "4")

    with pytest.raises(ValidationError) as excinfo:
        services.register_placement_days(
            actor=users["mentor"],
            placement=placement,
            items=[
                {"date": work_day(today), "status": "present"},
                {"date": friday, "status": "present"},
            ],
        )

    assert errors_of(excinfo) == {
        "items.1.date": f"{friday:%d.%m.%Y}: The placement does not have this weekday."
    }
    assert not Registration.objects.exists()


def test_only_the_mentor_registers_through_the_placement(users, placement, today):
    with pytest.raises(PermissionDenied):
        services.register_placement_days(
            actor=users["consultant"],
            placement=placement,
            items=[{"date": work_day(today), "status": "present"}],
        )


def test_the_weeks_evaluation_written_again_replaces_the_earlier_one(users, placement, today):
    monday = today - datetime.timedelta(days=today.weekday())
    services.write_evaluation(
        actor=users["mentor"],
        placement=placement,
        week_start=today,
        data={"rating": "mixed", "text": "Litt sjenert"},
    )
    evaluation = services.write_evaluation(
        actor=users["mentor"],
        placement=placement,
        week_start=monday,
        data={"rating": "good", "text": "Tok kontakt med kunder", "language_use": "Hilser"},
    )

    assert Evaluation.objects.filter(placement=placement).count() == 1
    evaluation.refresh_from_db()
    assert (evaluation.week_start, evaluation.rating, evaluation.text) == (
        monday,
        "good",
        "Tok kontakt med kunder",
    )
    assert evaluation.written_by == users["mentor"]
    assert actions() == ["placement.create", "workplace.stage"] + ["placement.evaluation"] * 2


def test_an_evaluation_is_for_a_week_that_has_started_inside_the_placement(users, placement, today):
    for week in (today + 7 * DAY, placement.start_date - 14 * DAY):
        with pytest.raises(ValidationError) as excinfo:
            services.write_evaluation(
                actor=users["mentor"],
                placement=placement,
                week_start=week,
                data={"rating": "good", "text": "Fint"},
            )
        assert list(errors_of(excinfo)) == ["week_start"]

    with pytest.raises(ValidationError) as excinfo:
        services.write_evaluation(
            actor=users["mentor"], placement=placement, week_start=today, data={"rating": "great"}
        )
    assert set(errors_of(excinfo)) == {"rating", "text"}
    assert not Evaluation.objects.exists()


# --- messages -------------------------------------------------------------------------------


def test_the_mentor_and_the_participants_teacher_write_to_each_other(users, placement):
    services.send_message(
        actor=users["mentor"], placement=placement, text="Hvordan kan jeg øve ord med ham?"
    )
    services.send_message(actor=users["teacher"], placement=placement, text="Bruk bildeordbok.")

    assert list(Message.objects.filter(placement=placement).values_list("sender", "text")) == [
        (users["mentor"].pk, "Hvordan kan jeg øve ord med ham?"),
        (users["teacher"].pk, "Bruk bildeordbok."),
    ]
    assert actions(action="placement.message") == ["placement.message"] * 2


def test_a_teacher_who_does_not_teach_the_participant_cannot_write(users, municipality, placement):
    other_teacher = UserFactory(municipality=municipality, role=Role.TEACHER)

    with pytest.raises(PermissionDenied):
        services.send_message(actor=other_teacher, placement=placement, text="Hei")
    assert not Message.objects.exists()


def test_an_empty_message_is_refused(users, placement):
    with pytest.raises(ValidationError) as excinfo:
        services.send_message(actor=users["mentor"], placement=placement, text="  ")
    assert list(errors_of(excinfo)) == ["text"]


# --- gatherings -----------------------------------------------------------------------------


def test_a_gathering_is_recorded_with_participants_and_mentors(users, enrolled, mentor, today):
    gathering = services.record_gathering(
        actor=users["consultant"],
        data={"date": today, "theme": "Arbeidsmiljø", "language_part": "Småprat i lunsjen"},
        participant_ids=[enrolled["participant"].pk],
        mentor_ids=[str(mentor.pk)],
    )

    assert list(gathering.participants.all()) == [enrolled["participant"]]
    assert list(gathering.mentors.all()) == [mentor]
    event = AuditEvent.objects.get(action="gathering.create")
    assert event.changes["participants"] == {"old": None, "new": [enrolled["participant"].pk]}


def test_a_gathering_with_a_participant_of_another_municipality_is_refused(
    users, enrolled, other_municipality, today
):
    foreign = ParticipantFactory(municipality=other_municipality)

    with pytest.raises(ValidationError) as excinfo:
        services.record_gathering(
            actor=users["consultant"],
            data={"date": today, "theme": "Arbeidsmiljø"},
            participant_ids=[enrolled["participant"].pk, foreign.pk],
        )

    assert list(errors_of(excinfo)) == ["participants"]
    assert not Gathering.objects.exists()
    assert actions() == []


def test_a_gathering_with_ids_that_are_no_ids_is_refused(users, mentor, today):
    with pytest.raises(ValidationError) as excinfo:
        services.record_gathering(
            actor=users["consultant"],
            data={"date": today, "theme": "Arbeidsmiljø"},
            participant_ids=["x"],
            mentor_ids=[mentor.pk, "1; drop"],
        )
    assert set(errors_of(excinfo)) == {"participants", "mentors"}


def test_the_mentor_does_not_record_gatherings(users, today):
    with pytest.raises(PermissionDenied):
        services.record_gathering(actor=users["mentor"], data={"date": today, "theme": "Tema"})


def test_a_gathering_is_updated_with_who_came(users, enrolled, mentor, today):
    gathering = services.record_gathering(
        actor=users["consultant"],
        data={"date": today, "theme": "Arbeidsmiljø"},
        participant_ids=[enrolled["participant"].pk],
    )
    services.update_gathering(
        actor=users["consultant"],
        gathering=gathering,
        data={"date": today, "theme": "Arbeidsmiljø"},
        participant_ids=[enrolled["participant"].pk],
        mentor_ids=[mentor.pk],
    )

    assert list(gathering.mentors.all()) == [mentor]
    event = AuditEvent.objects.get(action="gathering.update")
    assert event.changes == {"mentors": {"old": [], "new": [mentor.pk]}}


# --- concerns -------------------------------------------------------------------------------


def test_a_concern_from_the_mentor_goes_to_the_participants_consultant_within_a_week(
    users, placement, today
):
    concern = services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Kommer for sent"}
    )

    assert concern.raised_by == Concern.RaisedBy.MENTOR
    assert concern.owner == users["consultant"]
    assert concern.meeting_by == today + 7 * DAY
    assert concern.status == ConcernStatus.OPEN
    assert concern.registered_by == users["mentor"]
    assert AuditEvent.objects.get(action="concern.raise").participant_id == (
        placement.participant_id
    )


def test_the_refugee_service_names_the_owner_and_the_deadline(users, placement, today):
    concern = services.raise_concern(
        actor=users["consultant"],
        placement=placement,
        data={
            "description": "Arbeidsplassen melder om språkproblemer",
            "raised_by": "workplace",
            "owner": users["nav_advisor"].pk,
            "meeting_by": today + 3 * DAY,
        },
    )
    assert (concern.raised_by, concern.owner) == ("workplace", users["nav_advisor"])


@pytest.mark.parametrize("owner_kind", ["teacher", "foreign", "missing"])
def test_a_concern_needs_an_owner_from_the_refugee_service_or_nav(
    users, placement, outsider, today, owner_kind
):
    owner = {"teacher": users["teacher"], "foreign": outsider, "missing": None}[owner_kind]
    for given in {owner, getattr(owner, "pk", None)}:
        with pytest.raises(ValidationError) as excinfo:
            services.raise_concern(
                actor=users["consultant"],
                placement=placement,
                data={
                    "description": "Noe",
                    "raised_by": "participant",
                    "owner": given,
                    "meeting_by": today,
                },
            )
        assert list(errors_of(excinfo)) == ["owner"]
    assert not Concern.objects.exists()


def test_a_concern_is_closed_with_what_was_done(users, placement, today):
    concern = services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Kommer for sent"}
    )

    with pytest.raises(ValidationError) as excinfo:
        services.close_concern(
            actor=users["consultant"], concern=concern, outcome=" ", meeting_held_on=today
        )
    assert errors_of(excinfo) == {"outcome": "Say what was done."}

    closed = services.close_concern(
        actor=users["consultant"],
        concern=concern,
        outcome="Møte holdt; ny bussrute",
        meeting_held_on=today,
    )
    assert (closed.status, closed.closed_on, closed.outcome) == (
        ConcernStatus.CLOSED,
        today,
        "Møte holdt; ny bussrute",
    )
    assert AuditEvent.objects.get(action="concern.close").reason == "Møte holdt; ny bussrute"

    with pytest.raises(ValidationError) as excinfo:
        services.close_concern(
            actor=users["consultant"], concern=concern, outcome="Igjen", meeting_held_on=None
        )
    assert errors_of(excinfo) == {"outcome": "The concern is already closed."}


def test_the_mentor_raises_concerns_but_does_not_close_them(users, placement):
    concern = services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Kommer for sent"}
    )
    with pytest.raises(PermissionDenied):
        services.close_concern(
            actor=users["mentor"], concern=concern, outcome="Ordnet", meeting_held_on=None
        )


# --- what the mentor sees -------------------------------------------------------------------


def test_the_mentor_sees_only_their_current_placements(
    users, municipality, employer, enrolled, placement, outsider, today
):
    common = {"workplace": placement.workplace, "weekdays": "123", "hours_per_week": "5"}
    # The same mentor, a placement that ended yesterday and one that starts tomorrow.
    participant, practice = another_participant(users, municipality)
    ended = services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            **common,
            "mentor": placement.mentor,
            "measure": practice,
            "start_date": today - 60 * DAY,
            "end_date": today - DAY,
        },
    )
    planned = services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            **common,
            "mentor": placement.mentor,
            "measure": practice,
            "start_date": today + DAY,
            "end_date": today + 60 * DAY,
        },
    )
    # Another mentor's current placement at the same workplace.
    participant, practice = another_participant(users, municipality)
    others = services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            **common,
            "mentor": MentorFactory(employer=employer),
            "measure": practice,
            "start_date": today - DAY,
            "end_date": today + DAY,
        },
    )

    assert list(visible_placements(users["mentor"])) == [placement]
    assert users["mentor"].has_perm("placements.view_placement", placement)
    for hidden in (ended, planned, others):
        assert not users["mentor"].has_perm("placements.view_placement", hidden)
    assert set(visible_placements(users["consultant"])) == {placement, ended, planned, others}
    assert not visible_placements(outsider).exists()


def test_a_full_workplace_takes_no_one_more_in_the_period(
    users, municipality, enrolled, placement_data, today
):
    workplace = placement_data["workplace"]
    workplace.capacity = 1
    workplace.save()
    services.make_placement(
        actor=users["consultant"], participant=enrolled["participant"], data=placement_data
    )
    participant, practice = another_participant(users, municipality)
    with pytest.raises(ValidationError) as error:
        services.make_placement(
            actor=users["consultant"],
            participant=participant,
            data={**placement_data, "mentor": None, "measure": practice},
        )
    assert "workplace" in error.value.message_dict
    assert Placement.objects.filter(participant=participant).count() == 0
    # After the first placement's period there is room again.
    services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            **placement_data,
            "mentor": None,
            "measure": practice,
            "start_date": placement_data["end_date"] + DAY,
            "end_date": placement_data["end_date"] + 30 * DAY,
        },
    )


def test_mentor_cannot_register_health_related_absence(users, placement, today):
    day = work_day(today)
    with pytest.raises(ValidationError) as error:
        services.register_placement_days(
            actor=users["mentor"],
            placement=placement,
            items=[{"date": day, "status": "absent", "absence_type": "own_illness_doctor"}],
        )
    assert "items.0.absence_type" in error.value.message_dict
    assert not Registration.objects.filter(participant=placement.participant).exists()


def test_ending_early_is_refused_while_the_mentor_has_days_after_the_last_day(
    users, placement, today
):
    day = work_day(today)
    services.register_placement_days(
        actor=users["mentor"], placement=placement, items=[{"date": day, "status": "present"}]
    )
    with pytest.raises(ValidationError) as error:
        services.end_placement(
            actor=users["consultant"],
            placement=placement,
            last_day=day - DAY,
            reason="Sluttet",
        )
    assert "last_day" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.end_date > today


def test_nav_advisor_editing_a_gathering_keeps_attendees_they_do_not_follow(
    users, municipality, placement
):
    advised = ParticipantFactory(municipality=municipality, nav_advisor=users["nav_advisor"])
    gathering = services.record_gathering(
        actor=users["consultant"],
        data={"date": today_of(placement), "theme": "Samling"},
        participant_ids=[placement.participant_id, advised.pk],
    )
    services.update_gathering(
        actor=users["nav_advisor"],
        gathering=gathering,
        data={"date": today_of(placement), "theme": "Samling"},
        participant_ids=[advised.pk],
    )
    assert set(gathering.participants.values_list("pk", flat=True)) == {
        placement.participant_id,
        advised.pk,
    }
    with pytest.raises(ValidationError):
        services.update_gathering(
            actor=users["nav_advisor"],
            gathering=gathering,
            data={"date": today_of(placement), "theme": "Samling"},
            participant_ids=[placement.participant_id],
        )


def today_of(placement):
    return placement.start_date
