"""/api/v1 results: outcome follow-ups and the dashboard figures."""

import pytest

from introsak.api.tests.test_participants_api import Api
from introsak.core.models import AccessLog, Role
from introsak.results.models import Outcome
from introsak.results.tests.conftest import ended, running, today  # noqa: F401
from introsak.results.tests.test_selectors import _history

pytestmark = pytest.mark.django_db


def url(participant):
    return f"/participants/{participant.pk}/outcomes"


def test_consultant_lists_the_follow_ups_and_the_read_is_logged(users, ended):  # noqa: F811
    response = Api(users["consultant"]).get(url(ended))
    assert response.status_code == 200
    body = response.json()
    assert body["programme_ended"] is True
    assert [(f["checkpoint"], f["due"]) for f in body["followups"]] == [
        ("end", False),
        ("month_6", True),
        ("month_12", False),
    ]
    assert AccessLog.objects.filter(participant_id=ended.pk, what="api.outcome.list").exists()


def test_consultant_records_an_outcome(users, ended):  # noqa: F811
    response = Api(users["consultant"]).post(
        url(ended), {"checkpoint": "month_6", "activity": "both", "employer_or_school": "NTNU"}
    )
    assert response.status_code == 201
    assert response.json()["activity"] == "both"
    assert Outcome.objects.get().employer_or_school == "NTNU"
    listed = Api(users["leader"]).get(url(ended)).json()
    assert listed["followups"][1]["outcome"]["activity"] == "both"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"checkpoint": "month_6", "activity": "holiday"}, "activity"),
        ({"checkpoint": "month_12", "activity": "work"}, "checkpoint"),  # not due yet
        ({"activity": "work"}, "checkpoint"),
    ],
)
def test_bad_input_is_422_with_the_field(users, ended, data, field):  # noqa: F811
    response = Api(users["consultant"]).post(url(ended), data)
    assert response.status_code == 422
    assert field in {d["loc"][-1] for d in response.json()["detail"]}
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("leader", 200, 403),
        ("teacher", 404, 404),
        ("nav_advisor", 404, 404),
        ("payroll", 404, 404),
        ("mentor", 404, 404),
        ("participant", 404, 404),
        ("administrator", 404, 404),
    ],
)
def test_roles(users, ended, role, read, write):  # noqa: F811
    api = Api(users[role])
    assert api.get(url(ended)).status_code == read
    response = api.post(url(ended), {"checkpoint": "month_6", "activity": "work"})
    assert response.status_code == write


def test_another_municipality_is_404(outsider, ended):  # noqa: F811
    assert Api(outsider).get(url(ended)).status_code == 404
    assert (
        Api(outsider).post(url(ended), {"checkpoint": "end", "activity": "work"}).status_code == 404
    )


def test_followups_due(users, ended, running):  # noqa: F811
    response = Api(users["consultant"]).get("/results/followups-due")
    assert response.status_code == 200
    assert [(d["participant_id"], d["checkpoint"]) for d in response.json()] == [
        (ended.pk, "month_6")
    ]
    assert Api(users["teacher"]).get("/results/followups-due").status_code == 403


def test_dashboard_figures(users, municipality, running, today):  # noqa: F811
    _history(users, municipality, today)
    response = Api(users["leader"]).get("/results/dashboard", year=today.year)
    assert response.status_code == 200
    body = response.json()
    assert body["goal_percent"] == 70
    assert body["active"]["total"] == 2
    assert body["active"]["by_track"]["other"] == 2
    assert [e["participant_id"] for e in body["ending"]] == [running.pk]
    assert body["ending"][0]["norwegian_test_missing"] == ["oral", "writing"]
    assert body["absence"][0]["rate"] == "12.5"
    assert body["absence"][0]["by_measure_kind"]["norwegian"]["rate"] == "25.0"
    assert body["norwegian_tests"]["taken"] == 1
    assert body["placements"]["active"] == 1
    outcomes = {o["checkpoint"]: o for o in body["outcomes"]}
    assert outcomes["end"]["share"] == "50.0"
    assert outcomes["month_12"]["meets_goal"] is True


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_dashboard_roles(users, role):
    status = Api(users[role]).get("/results/dashboard").status_code
    expected = {"leader": 200, "consultant": 200, "mentor": 404}.get(role, 403)
    assert status == expected


@pytest.mark.parametrize("year", ["0", "99999"])
def test_a_year_out_of_range_is_422_not_a_crash(users, year):
    from django.test import Client

    from introsak.core.services import create_api_token

    token = create_api_token(actor=users["leader"], user=users["leader"])
    response = Client().get(
        "/api/v1/results/dashboard", {"year": year}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422
