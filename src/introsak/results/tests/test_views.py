import pytest
from django.urls import reverse

from introsak.core.models import AccessLog
from introsak.participants.tests.factories import ParticipantFactory
from introsak.results.models import Outcome

from .conftest import ended_participant
from .test_selectors import _history

pytestmark = pytest.mark.django_db

ROLES = [
    "consultant",
    "leader",
    "payroll",
    "teacher",
    "nav_advisor",
    "mentor",
    "participant",
    "administrator",
]
PARTICIPANT_PAGE = {
    "consultant": 200,
    "leader": 200,
    "payroll": 404,  # sees no participants
    "teacher": 404,  # does not teach this participant
    "nav_advisor": 404,
    "mentor": 404,
    "participant": 404,
    "administrator": 404,
}


def page(participant):
    return reverse("results:participant", args=[participant.pk])


@pytest.mark.parametrize("role", ROLES)
def test_participant_page_for_every_role(client_for, users, ended, role):
    response = client_for(users[role]).get(page(ended))
    assert response.status_code == PARTICIPANT_PAGE[role]


def test_teacher_of_the_participant_may_not_see_follow_ups(client_for, users, municipality):
    from introsak.participants.tests.factories import GroupFactory

    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    GroupFactory(municipality=municipality, teachers=[users["teacher"]], participants=[participant])
    assert client_for(users["teacher"]).get(page(participant)).status_code == 403


def test_another_municipalitys_participant_is_not_found(client_for, outsider, ended):
    assert client_for(outsider).get(page(ended)).status_code == 404


def test_consultant_sees_follow_ups_and_the_read_is_logged(client_for, users, ended):
    response = client_for(users["consultant"]).get(page(ended) + "?oppfolging=month_6")
    assert response.status_code == 200
    assert [r.checkpoint for r in response.context["rows"]] == ["end", "month_6", "month_12"]
    assert [r.due for r in response.context["rows"]] == [False, True, False]
    assert response.context["form"].initial["checkpoint"] == "month_6"
    assert AccessLog.objects.filter(participant_id=ended.pk, what="outcome.list").exists()


def test_the_form_offers_the_follow_up_that_is_due(client_for, users, ended):
    # «ended» finished more than 6 months ago: the 6-month follow-up is due, not «at the end».
    response = client_for(users["consultant"]).get(page(ended))
    assert response.context["form"].initial["checkpoint"] == "month_6"
    assert 'value="month_6" selected' in response.content.decode()


def test_consultant_records_a_follow_up(client_for, users, ended):
    response = client_for(users["consultant"]).post(
        page(ended), {"checkpoint": "month_6", "activity": "work", "employer_or_school": "Coop"}
    )
    assert response.status_code == 302
    assert Outcome.objects.get().employer_or_school == "Coop"


def test_early_follow_up_keeps_the_input_and_shows_the_error(client_for, users, ended):
    response = client_for(users["consultant"]).post(
        page(ended), {"checkpoint": "month_12", "activity": "work", "note": "Typed"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "checkpoint" in form.errors
    assert form["note"].value() == "Typed"
    assert not Outcome.objects.exists()


def test_leader_may_not_record(client_for, users, ended):
    response = client_for(users["leader"]).post(page(ended), {"checkpoint": "month_6"})
    assert response.status_code == 403
    assert not Outcome.objects.exists()


def test_participant_without_programme_shows_no_follow_ups(client_for, users, municipality):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    response = client_for(users["consultant"]).get(page(participant))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_participant_page_runs_a_fixed_number_of_queries(
    client_for, users, ended, django_assert_num_queries
):
    client = client_for(users["consultant"])
    client.get(page(ended))  # warm the session
    with django_assert_num_queries(11):
        client.get(page(ended))
    client.post(page(ended), {"checkpoint": "month_6", "activity": "work"})
    client.post(page(ended), {"checkpoint": "end", "activity": "education"})
    with django_assert_num_queries(11):
        client.get(page(ended))


DASHBOARD = {
    "consultant": 200,
    "leader": 200,
    "payroll": 403,
    "teacher": 403,
    "nav_advisor": 403,
    "mentor": 404,
    "participant": 403,
    "administrator": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_for_every_role(client_for, users, role):
    response = client_for(users[role]).get(reverse("results:dashboard"))
    assert response.status_code == DASHBOARD[role]


def test_dashboard_shows_accessible_charts_with_tables(client_for, users, municipality, today):
    _history(users, municipality, today)
    response = client_for(users["leader"]).get(reverse("results:dashboard"))
    html = response.content.decode()
    assert response.context["d"]["total_active"] == 1
    assert html.count('role="img"') == 7
    assert 'aria-labelledby="chart-status-title"' in html
    assert '<title id="chart-status-title">' in html
    assert 'id="by-status"' in html and 'id="outcome-table"' in html


def test_dashboard_filters(client_for, users, municipality, today):
    _history(users, municipality, today)
    client = client_for(users["leader"])
    mine = client.get(reverse("results:dashboard"), {"consultant": users["consultant"].pk})
    assert mine.context["d"]["total_active"] == 1
    assert mine.context["d"]["consultant_id"] == users["consultant"].pk
    old = client.get(reverse("results:dashboard"), {"year": today.year - 2})
    assert old.context["d"]["year"] == today.year - 2
    bad = client.get(reverse("results:dashboard"), {"year": "abc", "consultant": "x"})
    assert bad.status_code == 200
    assert bad.context["d"]["year"] == today.year


def test_dashboard_runs_a_fixed_number_of_queries(
    client_for, users, municipality, today, django_assert_num_queries
):
    client = client_for(users["leader"])
    client.get(reverse("results:dashboard"))  # warm the session
    with django_assert_num_queries(20):
        client.get(reverse("results:dashboard"))
    _history(users, municipality, today)
    _history(users, municipality, today)
    ended_participant(municipality, users["consultant"], today)
    with django_assert_num_queries(20):
        client.get(reverse("results:dashboard"))


@pytest.mark.parametrize(
    ("role", "status"), [("leader", 200), ("consultant", 403), ("teacher", 403), ("mentor", 404)]
)
def test_annual_report_is_the_leaders(client_for, users, role, status):
    response = client_for(users[role]).get(reverse("results:annual_report"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
