"""/api/v1 register: validate, make an export (422 with period_end for an overlapping period
unless it is a re-export), list the exports, and download the stored file byte for byte.
Leader and consultant only: other roles 403, another municipality's export 404."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api
from introsak.attendance.tests.conftest import enrol
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.participants.tests.factories import ParticipantFactory
from introsak.register import services

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def ready(users, municipality):
    participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
    enrol(participant, users["consultant"])
    return participant


def test_validation_returns_records_and_issues(users, ready):
    ready.duf_number = ""
    ready.save()
    response = Api(users["leader"]).get("/register/validation")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    (row,) = body["participants"]
    assert row["participant_id"] == ready.pk
    assert [i["code"] for i in row["issues"]] == ["missing_duf_number"]
    assert row["record"]["national_id"] == ready.national_id
    # The answer shows what is recorded about the participant: a read of the record.
    assert AccessLog.objects.filter(
        participant_id=ready.pk, what="api.register.validation", channel="api"
    ).exists()


def test_create_list_and_download(users, ready, today):
    api = Api(users["consultant"])
    response = api.post("/register/exports", {"period_end": str(today - DAY)})
    assert response.status_code == 201, response.content
    export = response.json()
    assert export["participant_count"] == 1
    assert {f["kind"] for f in export["files"]} == {"json", "xlsx"}

    listed = api.get("/register/exports").json()
    assert [e["id"] for e in listed] == [export["id"]]

    stored = services.ExportFile.objects.get(export_id=export["id"], kind="xlsx")
    download = api.get(f"/register/exports/{export['id']}/files/xlsx")
    assert download.status_code == 200
    assert download.content == bytes(stored.content)
    assert AuditEvent.objects.filter(action="register.download").count() == 1


def test_overlapping_export_is_refused_unless_reexport(users, ready, today):
    api = Api(users["leader"])
    first = api.post("/register/exports", {"period_end": str(today - DAY)}).json()
    period = {"period_start": first["period_start"], "period_end": first["period_end"]}
    refused = api.post("/register/exports", period)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "payload", "period_end"]
    again = api.post("/register/exports", {**period, "reexport": True, "reason": "Retting"})
    assert again.status_code == 201
    assert again.json()["reexport"] is True


def test_bad_date_is_422(users):
    response = Api(users["leader"]).post("/register/exports", {"period_end": "31.12.2026"})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["payroll", "teacher", "nav_advisor", "administrator"])
def test_other_roles_are_refused(users, ready, today, role):
    api = Api(users[role])
    assert api.get("/register/validation").status_code == 403
    assert api.get("/register/exports").status_code == 403
    assert api.post("/register/exports", {"period_end": str(today - DAY)}).status_code == 403


def test_mentor_gets_404(users, ready, today):
    assert Api(users[Role.MENTOR.value]).get("/register/exports").status_code == 404


def test_another_municipality_export_is_not_found(users, outsider, ready, today):
    export = services.make_export(actor=users["leader"], period_end=today - DAY)
    response = Api(outsider).get(f"/register/exports/{export.pk}/files/json")
    assert response.status_code == 404
    assert Api(outsider).get("/register/exports").json() == []


def test_reexport_of_a_period_never_exported_is_refused_on_reexport(users, ready, today):
    response = Api(users["leader"]).post(
        "/register/exports",
        {
            "period_end": str(today - DAY),
            "period_start": str(today - 9 * DAY),
            "reexport": True,
            "reason": "prøver",
        },
    )
    assert response.status_code == 422
    assert "reexport" in response.content.decode()
