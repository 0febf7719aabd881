"""The placement screens for every role: who sees what, who may act, the mentor's narrow
access (everything outside it is a 404), forms that keep what was typed, audited reads, and
a fixed number of queries on the lists and the detail page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from introsak.attendance.models import Registration
from introsak.core.models import AccessLog, AuditEvent
from introsak.placements import services
from introsak.placements.models import Employer, Gathering, Placement

from .conftest import DAY, work_day

pytestmark = pytest.mark.django_db

OFFICE_ROLES = ("consultant", "leader", "nav_advisor")
NO_PLACEMENTS = ("payroll", "participant", "administrator")


def _get(client_for, user, url):
    return client_for(user).get(url)


@pytest.fixture
def other_placement(users, municipality, employer, workplace, today):
    """A placement of another participant, mentored by someone else."""
    from introsak.attendance.tests.conftest import enrol
    from introsak.participants.tests.factories import ParticipantFactory

    from .factories import MentorFactory

    participant = ParticipantFactory(municipality=municipality)
    measures = enrol(participant, users["consultant"])
    return services.make_placement(
        actor=users["consultant"],
        participant=participant,
        data={
            "workplace": workplace,
            "mentor": MentorFactory(employer=employer),
            "measure": measures["practice"],
            "start_date": today - 7 * DAY,
            "end_date": today + 7 * DAY,
            "weekdays": "123",
            "hours_per_week": Decimal(9),
        },
    )


# --- who sees the lists -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("nav_advisor", 200),
        ("teacher", 200),
        ("payroll", 403),
        ("participant", 403),
        ("administrator", 403),
        ("mentor", 404),
    ],
)
def test_placement_list_by_role(client_for, users, placement, role, status):
    response = _get(client_for, users[role], reverse("placements:list"))
    assert response.status_code == status


def test_teacher_sees_only_placements_of_own_class(client_for, users, placement, other_placement):
    response = _get(client_for, users["teacher"], reverse("placements:list"))
    assert placement.participant.full_name in response.content.decode()
    assert other_placement.participant.full_name not in response.content.decode()
    detail = reverse("placements:detail", args=[other_placement.pk])
    assert _get(client_for, users["teacher"], detail).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("nav_advisor", 200),
        ("teacher", 403),
        ("payroll", 403),
        ("mentor", 404),
    ],
)
def test_workplace_register_by_role(client_for, users, workplace, role, status):
    assert _get(client_for, users[role], reverse("placements:pipeline")).status_code == status
    expected = 404 if status != 200 else 200
    url = reverse("placements:employer", args=[workplace.employer_id])
    assert _get(client_for, users[role], url).status_code == expected


def test_user_of_another_municipality_gets_404_everywhere(client_for, outsider, placement):
    client = client_for(outsider)
    for url in (
        reverse("placements:detail", args=[placement.pk]),
        reverse("placements:edit", args=[placement.pk]),
        reverse("placements:employer", args=[placement.workplace.employer_id]),
        reverse("placements:workplace", args=[placement.workplace_id]),
        reverse("placements:participant", args=[placement.participant_id]),
        reverse("placements:create", args=[placement.participant_id]),
        reverse("placements:request_pdf", args=[placement.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        placement.participant.full_name
        not in client.get(reverse("placements:list")).content.decode()
    )


# --- the mentor's narrow access -----------------------------------------------------------


def test_mentor_sees_only_the_current_placement_name_workplace_and_days(
    client_for, users, placement, other_placement
):
    client = client_for(users["mentor"])
    home = client.get(reverse("placements:mentor_home")).content.decode()
    assert placement.participant.full_name in home
    assert other_placement.participant.full_name not in home
    assert "Coop Extra" in home
    # Nothing of the record itself: no birth date, no national id.
    assert placement.participant.national_id not in home
    assert client.get(reverse("core:home")).url == reverse("placements:mentor_home")


def test_everything_outside_the_mentors_placements_is_404(
    client_for, users, placement, other_placement
):
    client = client_for(users["mentor"])
    participant = placement.participant
    for url in (
        reverse("placements:mentor_week", args=[other_placement.pk]),
        reverse("participants:detail", args=[participant.pk]),
        reverse("participants:list"),
        reverse("plans:detail", args=[participant.pk]),
        reverse("attendance:timesheet", args=[participant.pk, 2026, 11]),
        reverse("placements:list"),
        reverse("placements:pipeline"),
        reverse("placements:gatherings"),
        reverse("placements:participant", args=[participant.pk]),
        reverse("placements:edit", args=[placement.pk]),
        reverse("placements:employer", args=[placement.workplace.employer_id]),
        reverse("placements:material", args=["brosjyre"]),
        reverse("stipend:runs"),
        reverse("decisions:list", args=[participant.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_mentor_registers_a_day_and_it_reaches_the_timesheet(client_for, users, placement, today):
    day = work_day(today)
    client = client_for(users["mentor"])
    url = reverse("placements:mentor_week", args=[placement.pk]) + f"?uke={day.isoformat()}"
    response = client.post(
        url,
        {"action": "attendance", f"status-{day.isoformat()}": "present"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(participant=placement.participant, date=day)
    assert registration.measure_id == placement.measure_id
    assert registration.registered_by == users["mentor"]
    consultant = client_for(users["consultant"])
    sheet = consultant.get(
        reverse("attendance:timesheet", args=[placement.participant_id, day.year, day.month])
    )
    assert sheet.status_code == 200
    assert AuditEvent.objects.filter(action="attendance.register", actor=users["mentor"]).exists()


def test_mentor_bad_hours_keep_what_was_typed_and_save_nothing(client_for, users, placement, today):
    day = work_day(today)
    client = client_for(users["mentor"])
    url = reverse("placements:mentor_week", args=[placement.pk]) + f"?uke={day.isoformat()}"
    key = day.isoformat()
    response = client.post(
        url,
        {
            "action": "attendance",
            f"status-{key}": "absent",
            f"absence-{key}": "invalid",
            f"hours-{key}": "-2",
            f"note-{key}": "Kom ikke",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingenting ble lagret" in page
    assert 'value="-2"' in page and 'value="Kom ikke"' in page
    assert not Registration.objects.filter(participant=placement.participant).exists()


def test_mentor_writes_an_evaluation_and_the_consultant_reads_it(
    client_for, users, placement, today
):
    client = client_for(users["mentor"])
    url = reverse("placements:mentor_week", args=[placement.pk])
    response = client.post(
        url,
        {"action": "evaluation", "eval-rating": "good", "eval-text": "Presis og blid."},
    )
    assert response.status_code == 302
    page = client_for(users["consultant"]).get(reverse("placements:detail", args=[placement.pk]))
    assert "Presis og blid." in page.content.decode()


def test_mentor_message_reaches_the_teacher_who_answers(client_for, users, placement):
    client_for(users["mentor"]).post(
        reverse("placements:mentor_week", args=[placement.pk]),
        {"action": "message", "message-text": "Hvilke ord øver dere på?"},
    )
    teacher = client_for(users["teacher"])
    url = reverse("placements:detail", args=[placement.pk])
    # Once, in the thread: not also as a notice at the top of the page.
    assert teacher.get(url).content.decode().count("Hvilke ord øver dere på?") == 1
    teacher.post(url, {"action": "message", "message-text": "Varegrupper og priser."})
    week = client_for(users["mentor"]).get(reverse("placements:mentor_week", args=[placement.pk]))
    assert "Varegrupper og priser." in week.content.decode()


def test_mentor_access_is_gone_the_day_after_the_placement_ends(
    client_for, users, placement, today
):
    services.end_placement(
        actor=users["consultant"], placement=placement, last_day=today - DAY, reason="Flyttet"
    )
    client = client_for(users["mentor"])
    assert client.get(reverse("placements:mentor_week", args=[placement.pk])).status_code == 404
    home = client.get(reverse("placements:mentor_home")).content.decode()
    assert placement.participant.full_name not in home


# --- the refugee service at work ------------------------------------------------------------


def test_bad_org_number_keeps_the_form_and_names_the_field(client_for, users):
    response = client_for(users["consultant"]).post(
        reverse("placements:employer_create"),
        {"org_number": "974 760 674", "name": "Karasjok Bakeri", "industry": "hospitality"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ikke et gyldig organisasjonsnummer" in page
    assert 'value="Karasjok Bakeri"' in page
    assert not Employer.objects.filter(name="Karasjok Bakeri").exists()


def test_consultant_recruits_a_workplace_through_the_pipeline(client_for, users):
    client = client_for(users["consultant"])
    response = client.post(
        reverse("placements:employer_create"),
        {"org_number": "974 760 673", "name": "Karasjok Bakeri", "industry": "hospitality"},
    )
    employer = Employer.objects.get(name="Karasjok Bakeri")
    assert response.url == reverse("placements:employer", args=[employer.pk])
    workplace = employer.workplaces.get()
    url = reverse("placements:workplace", args=[workplace.pk])
    for stage in ("info_meeting", "agreement"):
        response = client.post(url, {"to_stage": stage, "on": "2026-11-20", "note": ""})
        assert response.status_code == 302
    workplace.refresh_from_db()
    assert workplace.stage == "agreement"
    # A step the table does not allow is not offered, and refused if posted.
    response = client.post(url, {"to_stage": "contacted", "on": "2026-11-20"})
    assert response.status_code == 200
    workplace.refresh_from_db()
    assert workplace.stage == "agreement"


def test_consultant_makes_a_placement_with_a_mentor(
    client_for, users, enrolled, workplace, mentor, today
):
    participant = enrolled["participant"]
    client = client_for(users["consultant"])
    url = reverse("placements:create", args=[participant.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "workplace": workplace.pk,
            "mentor": mentor.pk,
            "measure": enrolled["practice"].pk,
            "start_date": today.isoformat(),
            "end_date": (today + 60 * DAY).isoformat(),
            "weekdays": ["1", "2"],
            "hours_per_week": "10",
            "tasks": "Kasse",
        },
    )
    placement = Placement.objects.get(participant=participant)
    assert response.url == reverse("placements:detail", args=[placement.pk])
    assert placement.weekdays == "12"
    workplace.refresh_from_db()
    assert workplace.stage == "active"


def test_placement_on_days_outside_the_plan_keeps_the_form(
    client_for, users, enrolled, workplace, mentor, today
):
    participant = enrolled["participant"]
    response = client_for(users["consultant"]).post(
        reverse("placements:create", args=[participant.pk]),
        {
            "workplace": workplace.pk,
            "mentor": mentor.pk,
            "measure": enrolled["practice"].pk,
            "start_date": today.isoformat(),
            "end_date": (today + 60 * DAY).isoformat(),
            "weekdays": ["0"],
            "hours_per_week": "10",
            "tasks": "Lager og kasse",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lager og kasse" in page
    assert not Placement.objects.filter(participant=participant).exists()


def test_placement_without_mentor_is_flagged(client_for, users, placement):
    placement.mentor = None
    placement.save()
    page = client_for(users["consultant"]).get(reverse("placements:list")).content.decode()
    assert "Mangler veileder" in page


def test_open_concern_shows_on_the_consultants_start_page(client_for, users, placement):
    services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Møter ikke opp."}
    )
    page = client_for(users["consultant"]).get(reverse("core:home")).content.decode()
    assert "Møter ikke opp." in page


def test_consultant_closes_a_concern_with_what_was_done(client_for, users, placement):
    concern = services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Møter ikke opp."}
    )
    client = client_for(users["consultant"])
    url = reverse("placements:detail", args=[placement.pk])
    response = client.post(url, {"action": "close", "concern": concern.pk, "close-outcome": ""})
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.status == "open"
    client.post(
        url,
        {"action": "close", "concern": concern.pk, "close-outcome": "Møte holdt, ny avtale."},
    )
    concern.refresh_from_db()
    assert concern.status == "closed"


def test_gathering_is_recorded_with_attendance(client_for, users, placement, mentor):
    client = client_for(users["consultant"])
    response = client.post(
        reverse("placements:gathering_create"),
        {
            "date": "2026-11-20",
            "theme": "Erfaringsutveksling",
            "language_part": "Ord fra arbeidsplassen",
            "participants": [placement.participant_id],
            "mentors": [mentor.pk],
        },
    )
    assert response.status_code == 302
    gathering = Gathering.objects.get()
    assert list(gathering.participants.all()) == [placement.participant]
    page = client.get(reverse("placements:participant", args=[placement.participant_id]))
    assert "Erfaringsutveksling" in page.content.decode()
    listing = client.get(reverse("placements:gatherings") + "?ar=2026").content.decode()
    assert "Erfaringsutveksling" in listing


def test_participant_tab_suggests_workplaces_with_reasons(client_for, users, enrolled, workplace):
    from introsak.participants.tests.factories import AssessmentFactory

    AssessmentFactory(
        participant=enrolled["participant"],
        assessed_by=users["consultant"],
        wishes_work="Vil jobbe i butikk",
    )
    workplace.industry = "retail"
    workplace.save()
    page = client_for(users["consultant"]).get(
        reverse("placements:participant", args=[enrolled["participant"].pk])
    )
    text = page.content.decode()
    assert "Coop Extra" in text
    assert "butikk" in text


def test_reading_a_placement_is_audited(client_for, users, placement):
    client_for(users["leader"]).get(reverse("placements:detail", args=[placement.pk]))
    assert AccessLog.objects.filter(
        user=users["leader"], participant_id=placement.participant_id, what="placement.view"
    ).exists()


def test_request_pdf_needs_the_participants_consent(client_for, users, placement, today):
    client = client_for(users["consultant"])
    url = reverse("placements:request_pdf", args=[placement.pk])
    assert client.get(url).status_code == 302
    services.save_request(
        actor=users["consultant"], placement=placement, text="Bakgrunn", consent=True
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


# --- queries ----------------------------------------------------------------------------


def _more_placements(users, municipality, workplace, today, count):
    from introsak.attendance.tests.conftest import enrol
    from introsak.participants.tests.factories import ParticipantFactory

    for _ in range(count):
        participant = ParticipantFactory(municipality=municipality)
        measures = enrol(participant, users["consultant"])
        services.make_placement(
            actor=users["consultant"],
            participant=participant,
            data={
                "workplace": workplace,
                "measure": measures["practice"],
                "start_date": today,
                "end_date": today + 7 * DAY,
                "weekdays": "12",
                "hours_per_week": Decimal(6),
            },
        )


def test_placement_list_runs_a_fixed_number_of_queries(
    client_for, users, municipality, placement, workplace, today, django_assert_num_queries
):
    client = client_for(users["consultant"])
    client.get(reverse("placements:list"))  # warm the session
    with django_assert_num_queries(8) as small:
        client.get(reverse("placements:list"))
    _more_placements(users, municipality, workplace, today, 3)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("placements:list"))


def test_placement_page_runs_a_fixed_number_of_queries(
    client_for, users, placement, django_assert_num_queries
):
    client = client_for(users["consultant"])
    url = reverse("placements:detail", args=[placement.pk])
    client.get(url)
    with django_assert_num_queries(16):
        client.get(url)
    for text in ("En", "To", "Tre"):
        services.send_message(actor=users["teacher"], placement=placement, text=text)
    with django_assert_num_queries(16):
        client.get(url)


def test_workplace_register_runs_a_fixed_number_of_queries(
    client_for, users, municipality, placement, workplace, today, django_assert_num_queries
):
    client = client_for(users["consultant"])
    client.get(reverse("placements:pipeline"))
    with django_assert_num_queries(8) as small:
        client.get(reverse("placements:pipeline"))
    from .factories import WorkplaceFactory

    for _ in range(3):
        WorkplaceFactory(employer=workplace.employer)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("placements:pipeline"))


# --- found in review ------------------------------------------------------------------------


def test_a_gathering_with_attendees_can_be_changed(client_for, users, placement, mentor):
    gathering = services.record_gathering(
        actor=users["consultant"],
        data={"date": placement.start_date, "theme": "Første samling"},
        participant_ids=[placement.participant_id],
        mentor_ids=[mentor.pk],
    )
    client = client_for(users["consultant"])
    url = reverse("placements:gathering", args=[gathering.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": placement.start_date.isoformat(),
            "theme": "Første samling, endret",
            "participants": [placement.participant_id],
        },
    )
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.theme == "Første samling, endret"
    assert list(gathering.mentors.all()) == []


def test_teacher_does_not_read_concerns(client_for, users, placement):
    services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Hemmelig bekymring"}
    )
    client = client_for(users["teacher"])
    assert "Hemmelig bekymring" not in client.get(reverse("placements:list")).content.decode()
    page = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Hemmelig bekymring" not in page
    assert "Åpen bekymring" not in client.get(reverse("placements:list")).content.decode()


def test_mentor_sees_only_that_a_day_is_registered_by_the_refugee_service(
    client_for, users, placement, today
):
    from introsak.attendance import services as attendance

    day = work_day(today)
    attendance.register_bulk(
        actor=users["consultant"],
        items=[
            {
                "participant_id": placement.participant_id,
                "measure_id": placement.measure_id,
                "date": day,
                "status": "absent",
                "absence_type": "pregnancy",
                "note": "Kontroll hos jordmor",
            }
        ],
    )
    client = client_for(users["mentor"])
    url = reverse("placements:mentor_week", args=[placement.pk]) + f"?uke={day.isoformat()}"
    page = client.get(url).content.decode()
    assert "Registrert av flyktningtjenesten." in page
    assert "jordmor" not in page and "Svangerskap" not in page
    response = client.post(url, {"action": "attendance", f"status-{day.isoformat()}": "present"})
    registration = Registration.objects.get(participant=placement.participant, date=day)
    assert registration.absence_type == "pregnancy"
    assert response.status_code in (200, 302)


def test_consultant_cancels_a_placement_that_has_not_started(
    client_for, users, enrolled, placement_data, today
):
    placement = services.make_placement(
        actor=users["consultant"],
        participant=enrolled["participant"],
        data={**placement_data, "start_date": today + 7 * DAY},
    )
    client = client_for(users["consultant"])
    url = reverse("placements:detail", args=[placement.pk])
    response = client.post(url, {"action": "cancel", "cancel-reason": "Arbeidsplassen trakk seg"})
    assert response.url == reverse("placements:participant", args=[enrolled["participant"].pk])
    assert not Placement.objects.filter(pk=placement.pk).exists()
    assert AuditEvent.objects.filter(action="placement.cancel").exists()
