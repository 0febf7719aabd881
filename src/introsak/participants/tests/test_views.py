"""The registry's screens for every role, including another municipality's user."""

import datetime

import pytest
from django.urls import reverse

from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.participants.models import Participant
from introsak.participants.tests.factories import (
    AssessmentFactory,
    ParticipantFactory,
    make_national_id,
)

ALL = [r.value for r in Role]


def expect(default, **by_role):
    codes = {role: by_role.get(role, default) for role in ALL}
    # What a mentor may not do is not found for them (NarrowAccessMiddleware).
    if codes.get("mentor") == 403:
        codes["mentor"] = 404
    return codes


# Each screen of one participant ("mine": the consultant's own, taught by the teacher,
# advised by the NAV advisor, and the participant user's own record): status code by role.
PARTICIPANT_SCREENS = {
    "participants:detail": expect(404, consultant=200, leader=200, teacher=200, nav_advisor=200),
    "participants:assessments": expect(
        404, consultant=200, leader=200, teacher=200, nav_advisor=200
    ),
    "participants:household": expect(404, consultant=200, leader=200, teacher=200, nav_advisor=200),
    "participants:edit": expect(404, consultant=200, leader=403, teacher=403, nav_advisor=403),
    "participants:bank_account": expect(
        404, consultant=200, leader=403, teacher=403, nav_advisor=403
    ),
    "participants:assessment_create": expect(
        404, consultant=200, leader=403, teacher=200, nav_advisor=403
    ),
    "participants:audit": expect(404, consultant=403, leader=200, teacher=403, nav_advisor=403),
}

PLAIN_SCREENS = {
    "participants:list": expect(403, consultant=200, leader=200, teacher=200, nav_advisor=200),
    "participants:create": expect(403, consultant=200),
    "participants:own": expect(404, participant=200),
    "participants:groups": expect(403, consultant=200, leader=200, teacher=200),
    "participants:group_create": expect(403, consultant=200, leader=200),
    "core:user_list": expect(403, administrator=200),
    "core:user_create": expect(403, administrator=200),
    "core:municipality": expect(403, administrator=200),
    "core:account": expect(200),
    "core:home": expect(200, participant=302, mentor=302),
}


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("name", PARTICIPANT_SCREENS)
def test_participant_screens_by_role(client_for, users, world, name, role):
    response = client_for(users[role]).get(reverse(name, args=[world["mine"].pk]))
    assert response.status_code == PARTICIPANT_SCREENS[name][role]


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("name", PLAIN_SCREENS)
def test_screens_by_role(client_for, users, world, name, role):
    response = client_for(users[role]).get(reverse(name))
    assert response.status_code == PLAIN_SCREENS[name][role]


@pytest.mark.parametrize("name", PARTICIPANT_SCREENS)
def test_another_municipalitys_participant_is_not_found(client_for, users, world, name):
    client = client_for(users["consultant"])
    assert client.get(reverse(name, args=[world["foreign"].pk])).status_code == 404
    assert (
        client_for(users["leader"]).get(reverse(name, args=[world["foreign"].pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", PARTICIPANT_SCREENS)
def test_user_of_another_municipality_finds_none_of_ours(client_for, outsider, world, name):
    response = client_for(outsider).get(reverse(name, args=[world["mine"].pk]))
    assert response.status_code == 404


def test_teacher_cannot_see_participant_outside_own_classes(client_for, users, world):
    client = client_for(users["teacher"])
    assert client.get(reverse("participants:detail", args=[world["other"].pk])).status_code == 404
    listed = client.get(reverse("participants:list")).context["page"].object_list
    assert list(listed) == [world["mine"]]


def test_nav_advisor_sees_only_assigned_participants(client_for, users, world):
    client = client_for(users["nav_advisor"])
    assert client.get(reverse("participants:detail", args=[world["other"].pk])).status_code == 404
    listed = client.get(reverse("participants:list")).context["page"].object_list
    assert list(listed) == [world["mine"]]


def test_consultant_list_shows_the_municipalitys_participants_only(client_for, users, world):
    response = client_for(users["consultant"]).get(reverse("participants:list"))
    assert set(response.context["page"].object_list) == {world["mine"], world["other"]}
    assert world["foreign"].family_name not in response.content.decode() or (
        world["foreign"].family_name in {world["mine"].family_name, world["other"].family_name}
    )


def test_outsider_list_does_not_show_our_participants(client_for, outsider, world):
    response = client_for(outsider).get(reverse("participants:list"))
    assert list(response.context["page"].object_list) == [world["foreign"]]


def test_search_by_name_and_by_earlier_identifier(client_for, users, world, municipality):
    client = client_for(users["consultant"])
    mine = world["mine"]
    response = client.get(reverse("participants:list"), {"q": mine.given_name.lower()})
    assert mine in response.context["page"].object_list
    response = client.get(
        reverse("participants:list"), {"q": mine.national_id[:6] + " " + mine.national_id[6:]}
    )
    assert list(response.context["page"].object_list) == [mine]
    response = client.get(reverse("participants:list"), {"q": mine.duf_number})
    assert list(response.context["page"].object_list) == [mine]


def test_filters_by_status_consultant_and_settlement_year(client_for, users, municipality):
    a = ParticipantFactory(
        municipality=municipality,
        status="settled",
        consultant=users["consultant"],
        settlement_date=datetime.date(2026, 2, 1),
    )
    ParticipantFactory(
        municipality=municipality, status="in_programme", settlement_date=datetime.date(2024, 2, 1)
    )
    client = client_for(users["consultant"])
    url = reverse("participants:list")
    assert list(client.get(url, {"status": "settled"}).context["page"].object_list) == [a]
    assert list(
        client.get(url, {"consultant": users["consultant"].pk}).context["page"].object_list
    ) == [a]
    assert list(client.get(url, {"settlement_year": 2026}).context["page"].object_list) == [a]


def test_list_pages_through_many_participants(client_for, users, municipality, settings):
    settings.PAGE_SIZE = 10
    ParticipantFactory.create_batch(23, municipality=municipality)
    client = client_for(users["consultant"])
    page3 = client.get(reverse("participants:list"), {"page": 3}).context["page"]
    assert len(page3.object_list) == 3 and page3.paginator.num_pages == 3


def _count_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_list_runs_a_fixed_number_of_queries(
    client_for, users, municipality, n, django_assert_num_queries
):
    ParticipantFactory.create_batch(n, municipality=municipality, consultant=users["consultant"])
    client = client_for(users["consultant"])
    # session, user, settlement years, municipality, count, page, consultant choices,
    # and the session's sliding expiry (savepoint, update, release)
    _count_queries(client, reverse("participants:list"), django_assert_num_queries, 10)


@pytest.mark.parametrize("n_assessments", [1, 4])
def test_detail_runs_a_fixed_number_of_queries(
    client_for, users, municipality, n_assessments, django_assert_num_queries
):
    from introsak.decisions.tests.factories import DecisionFactory

    participant = ParticipantFactory(municipality=municipality)
    for _ in range(n_assessments):
        AssessmentFactory(participant=participant, assessed_by=users["consultant"])
        DecisionFactory(participant=participant, drafted_by=users["consultant"])
    client = client_for(users["consultant"])
    # 16 for the record, 3 for the programme period (decisions, appeals, rule parameters),
    # 1 for the meetings about the participant
    url = reverse("participants:detail", args=[participant.pk])
    _count_queries(client, url, django_assert_num_queries, 20)


def test_reading_a_participant_page_is_logged(client_for, users, world):
    client_for(users["leader"]).get(reverse("participants:detail", args=[world["mine"].pk]))
    log = AccessLog.objects.get()
    assert (log.user, log.participant_id, log.channel, log.what) == (
        users["leader"],
        world["mine"].pk,
        "web",
        "participant.view",
    )


def test_consultant_registers_participant_with_valid_d_number(client_for, users, municipality):
    born = datetime.date(1991, 3, 14)
    dnr = make_national_id(born, d_number=True)
    response = client_for(users["consultant"]).post(
        reverse("participants:create"),
        {
            "given_name": "Filmon",
            "family_name": "Ghebremedhin",
            "birth_date": "14.03.1991",
            "national_id": dnr[:6] + " " + dnr[6:],
            "duf_number": "2025 12345678",
            "status": "settled",
            "legal_basis": "il",
        },
    )
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("participants:detail", args=[participant.pk])
    assert (participant.national_id, participant.national_id_kind) == (dnr, "dnr")
    assert AuditEvent.objects.filter(
        action="participant.create", participant_id=participant.pk
    ).exists()


def test_wrong_d_number_is_refused_and_the_form_keeps_what_was_typed(
    client_for, users, municipality
):
    response = client_for(users["consultant"]).post(
        reverse("participants:create"),
        {
            "given_name": "Filmon",
            "family_name": "Ghebremedhin",
            "birth_date": "1991-03-14",
            "national_id": "54039112345",
            "duf_number": "",
            "status": "settled",
            "legal_basis": "il",
            "phone": "+47 912 34 567",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontrollsifrene stemmer ikke" in html
    assert 'value="54039112345"' in html and 'value="Filmon"' in html
    assert 'value="+47 912 34 567"' in html
    assert 'aria-invalid="true"' in html and 'href="#id_national_id"' in html
    assert not Participant.objects.exists()


def test_under_18_is_refused_in_the_form(client_for, users, municipality):
    young = datetime.date.today().replace(year=datetime.date.today().year - 17)
    response = client_for(users["consultant"]).post(
        reverse("participants:create"),
        {
            "given_name": "Aron",
            "family_name": "Kidane",
            "birth_date": young.isoformat(),
            "status": "settled",
            "legal_basis": "il",
        },
    )
    assert response.status_code == 200
    assert "minst 18 år" in response.content.decode()
    assert not Participant.objects.exists()


def test_leader_sees_registration_and_refusal_free_trail(client_for, users, world):
    consultant = client_for(users["consultant"])
    consultant.post(
        reverse("participants:bank_account", args=[world["mine"].pk]),
        {"bank_account": "8601.11.17947", "reason": "Første konto"},
    )
    response = client_for(users["leader"]).get(
        reverse("participants:audit", args=[world["mine"].pk])
    )
    html = response.content.decode()
    assert "Kontonummer endret" in html
    assert "8601.11.17947" in html and "Første konto" in html


def test_edit_form_cannot_change_another_municipalitys_participant(client_for, users, world):
    response = client_for(users["consultant"]).post(
        reverse("participants:edit", args=[world["foreign"].pk]), {"given_name": "X"}
    )
    assert response.status_code == 404
    world["foreign"].refresh_from_db()
    assert world["foreign"].given_name != "X"


def test_teacher_records_assessment_for_own_student(client_for, users, world):
    response = client_for(users["teacher"]).post(
        reverse("participants:assessment_create", args=[world["mine"].pk]),
        {
            "assessed_on": "2026-10-01",
            "norwegian_listening": "a2",
            "norwegian_reading": "a1",
            "norwegian_speaking": "a2",
            "norwegian_writing": "a1",
            "education-TOTAL_FORMS": "1",
            "education-INITIAL_FORMS": "0",
            "education-0-level": "primary",
            "education-0-years": "6",
            "work-TOTAL_FORMS": "0",
            "work-INITIAL_FORMS": "0",
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "0",
            "languages-0-language": "ar",
            "languages-0-proficiency": "first",
        },
    )
    assert response.status_code == 302
    assessment = world["mine"].assessments.get()
    assert assessment.assessed_by == users["teacher"]
    assert assessment.norwegian_listening == "a2"
    assert assessment.education.get().years == 6


def test_latest_assessment_shows_on_the_participant_page(client_for, users, world):
    AssessmentFactory(
        participant=world["mine"],
        assessed_by=users["consultant"],
        assessed_on=datetime.date(2025, 1, 5),
        wishes_work="Sveiser",
    )
    AssessmentFactory(
        participant=world["mine"],
        assessed_by=users["consultant"],
        assessed_on=datetime.date(2026, 6, 5),
        wishes_work="Elektriker",
    )
    html = (
        client_for(users["consultant"])
        .get(reverse("participants:detail", args=[world["mine"].pk]))
        .content.decode()
    )
    assert "05.06.2026" in html and "Elektriker" in html
    assert "Sveiser" not in html


def test_leader_reads_the_trail_in_words_not_codes(client_for, users, world):
    client_for(users["consultant"]).post(
        reverse("participants:edit", args=[world["mine"].pk]),
        {
            "given_name": world["mine"].given_name,
            "family_name": world["mine"].family_name,
            "birth_date": world["mine"].birth_date.isoformat(),
            "national_id": world["mine"].national_id,
            "duf_number": world["mine"].duf_number,
            "status": "on_leave",
            "legal_basis": "il",
            "consultant": "",
            "nav_advisor": users["nav_advisor"].pk,
        },
    )
    html = (
        client_for(users["leader"])
        .get(reverse("participants:audit", args=[world["mine"].pk]))
        .content.decode()
    )
    assert "<del>I program</del> → <ins>Permisjon</ins>" in html
    assert f"<del>{users['consultant']}</del>" in html
    assert "Konsulent" in html


def test_dates_in_the_trail_read_as_norwegian_dates(client_for, users, world):
    client_for(users["consultant"]).post(
        reverse("participants:edit", args=[world["mine"].pk]),
        {
            "given_name": world["mine"].given_name,
            "family_name": world["mine"].family_name,
            "birth_date": world["mine"].birth_date.isoformat(),
            "status": "in_programme",
            "legal_basis": "il",
            "settlement_date": "2026-02-03",
            "national_id": world["mine"].national_id,
            "duf_number": world["mine"].duf_number,
        },
    )
    html = (
        client_for(users["leader"])
        .get(reverse("participants:audit", args=[world["mine"].pk]))
        .content.decode()
    )
    assert "<del>01.03.2025</del> → <ins>03.02.2026</ins>" in html


def test_audit_tab_shows_an_assessment_and_a_household_in_words(client_for, users, world):
    client = client_for(users["consultant"])
    client.post(
        reverse("participants:assessment_create", args=[world["mine"].pk]),
        {
            "assessed_on": "2026-10-01",
            "norwegian_listening": "a2",
            "norwegian_reading": "a1",
            "norwegian_speaking": "a2",
            "norwegian_writing": "a1",
            "interpreter_used": "on",
            "interpreter_language": "ti",
            "education-TOTAL_FORMS": "1",
            "education-INITIAL_FORMS": "0",
            "education-0-level": "primary",
            "education-0-years": "6",
            "work-TOTAL_FORMS": "0",
            "work-INITIAL_FORMS": "0",
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
        },
    )
    client.post(
        reverse("participants:household", args=[world["mine"].pk]),
        {"create_household": "1", "name": "Tesfay", "address": "Storgata 1"},
    )
    response = client_for(users["leader"]).get(
        reverse("participants:audit", args=[world["mine"].pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kartlegging registrert" in html and "Tigrinja" in html
    assert "Tesfay (Storgata 1)" in html  # the household by name, not its id
    assert "<ins>Ja</ins>" in html  # interpreter used, not True


def test_every_error_shows_in_one_round(client_for, users, municipality):
    response = client_for(users["consultant"]).post(
        reverse("participants:create"),
        {
            "given_name": "Amina",
            "family_name": "Testesen",
            "birth_date": "2099-01-01",
            "national_id": "15108695077",
            "duf_number": "12345",
            "email": "ikke-en-epost",
            "postcode": "12",
            "bank_account": "86011117948",
            "phone": "abc",
            "status": "settled",
            "legal_basis": "il",
        },
    )
    html = response.content.decode()
    for field in (
        "birth_date",
        "national_id",
        "duf_number",
        "email",
        "postcode",
        "bank_account",
        "phone",
    ):
        assert f'href="#id_{field}"' in html, field
    assert not Participant.objects.exists()


def test_settlement_before_the_permit_is_refused(client_for, users, municipality):
    response = client_for(users["consultant"]).post(
        reverse("participants:create"),
        {
            "given_name": "Amina",
            "family_name": "Testesen",
            "birth_date": "1990-01-01",
            "permit_date": "2026-05-01",
            "settlement_date": "2026-04-01",
            "status": "settled",
            "legal_basis": "il",
        },
    )
    assert "før oppholdstillatelsen" in response.content.decode()


def test_teacher_does_not_see_the_bank_account(client_for, users, world):
    world["mine"].bank_account = "86011117947"
    world["mine"].save()
    url = reverse("participants:detail", args=[world["mine"].pk])
    assert "8601.11.17947" not in client_for(users["teacher"]).get(url).content.decode()
    assert "8601.11.17947" in client_for(users["consultant"]).get(url).content.decode()
