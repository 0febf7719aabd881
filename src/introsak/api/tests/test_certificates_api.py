"""/api/v1/participants/{id}/certificate and /cv: the PDFs, per role, and the refusals."""

import pytest

from introsak.api.tests.test_participants_api import Api, fields_in_error
from introsak.certificates import services
from introsak.certificates.models import Certificate
from introsak.certificates.tests.conftest import make_ended, make_running
from introsak.core.models import AccessLog, AuditEvent


@pytest.fixture
def ended(world, users):
    return make_ended(world, users)


@pytest.fixture
def running(municipality, users):
    return make_running(municipality, users)


@pytest.mark.parametrize("role", ["consultant", "leader"])
def test_a_get_never_makes_a_certificate(role, ended, users):
    api = Api(users[role])
    assert api.get(f"/participants/{ended.pk}/certificate", language="nn").status_code == 404
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="certificate.make").exists()

    made = api.post(f"/participants/{ended.pk}/certificate?language=nn", {})
    assert made.status_code == 200
    row = Certificate.objects.get()
    response = api.get(f"/participants/{ended.pk}/certificate", language="nn")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert row.language == "nn" and response["X-Content-SHA256"] == row.sha256
    assert AuditEvent.objects.filter(action="certificate.make").count() == 1
    assert AccessLog.objects.filter(what="api.certificate.download", channel="api").exists()


def test_a_certificate_whose_end_decision_was_reversed_is_not_found(ended, users):
    services.make_certificate(actor=users["consultant"], participant=ended)
    api = Api(users["nav_advisor"])
    assert api.get(f"/participants/{ended.pk}/certificate").status_code == 200
    ended.decisions.filter(decision_type="end").update(status="reversed")
    assert api.get(f"/participants/{ended.pk}/certificate").status_code == 404


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_teacher_and_nav_get_what_was_made(role, ended, users):
    api = Api(users[role])
    assert api.get(f"/participants/{ended.pk}/cv").status_code == 404  # nothing made yet
    row = services.make_cv(actor=users["consultant"], participant=ended)
    response = api.get(f"/participants/{ended.pk}/cv")
    assert response.status_code == 200 and response["X-Content-SHA256"] == row.sha256
    assert api.post(f"/participants/{ended.pk}/cv", {}).status_code == 403


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_other_roles_do_not_find_the_documents(role, ended, users):
    services.make_cv(actor=users["consultant"], participant=ended)
    assert Api(users[role]).get(f"/participants/{ended.pk}/cv").status_code == 404


def test_another_municipality_does_not_find_them(ended, outsider):
    assert Api(outsider).get(f"/participants/{ended.pk}/certificate").status_code == 404


def test_certificate_for_a_running_programme_is_422(running, users):
    response = Api(users["consultant"]).post(f"/participants/{running.pk}/certificate", {})
    assert response.status_code == 422
    assert ("participant",) in fields_in_error(response)
    assert not Certificate.objects.exists()


def test_unknown_language_is_422(ended, users):
    response = Api(users["consultant"]).get(f"/participants/{ended.pk}/certificate", language="de")
    assert response.status_code == 422
    assert ("language",) in fields_in_error(response)


def test_post_makes_a_new_certificate(ended, users):
    api = Api(users["consultant"])
    assert api.post(f"/participants/{ended.pk}/certificate", {}).status_code == 200
    assert api.post(f"/participants/{ended.pk}/certificate", {}).status_code == 200
    assert Certificate.objects.filter(kind="certificate", language="nb").count() == 2
