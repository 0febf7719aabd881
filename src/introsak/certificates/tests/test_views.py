"""The «Deltakerbevis og CV» tab, downloads and the participant's own documents, per role."""

import pytest
from django.urls import reverse

from introsak.certificates import services
from introsak.certificates.models import Certificate
from introsak.core.models import AccessLog, AuditEvent

SEES = ["consultant", "leader", "teacher", "nav_advisor"]
MAKES = ["consultant", "leader"]
NOT_FOUND = ["payroll", "mentor", "participant", "administrator"]


def page(participant):
    return reverse("certificates:participant", args=[participant.pk])


@pytest.mark.parametrize("role", SEES)
def test_who_follows_the_participant_sees_the_page(role, ended, users, client_for):
    response = client_for(users[role]).get(page(ended))
    assert response.status_code == 200
    assert b'id="can-make"' in response.content
    assert AccessLog.objects.filter(what="certificate.page", participant_id=ended.pk).exists()


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_the_page(role, ended, users, client_for):
    assert client_for(users[role]).get(page(ended)).status_code == 404


def test_another_municipality_does_not_find_the_page(ended, outsider, client_for):
    assert client_for(outsider).get(page(ended)).status_code == 404


def test_teacher_does_not_find_a_participant_not_taught(world, users, client_for):
    assert client_for(users["teacher"]).get(page(world["other"])).status_code == 404


@pytest.mark.parametrize("role", MAKES)
def test_consultant_and_leader_make_a_certificate_and_download_it(role, ended, users, client_for):
    client = client_for(users[role])
    response = client.post(page(ended), {"kind": "certificate", "language": "nn"})
    row = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:download", args=[ended.pk, row.pk])
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert row.language == "nn" and row.made_by == users[role]
    assert AuditEvent.objects.filter(action="certificate.make").count() == 1
    assert AccessLog.objects.filter(what="certificate.download", participant_id=ended.pk).exists()


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_teacher_and_nav_may_download_but_not_make(role, ended, users, client_for):
    row = services.make_cv(actor=users["consultant"], participant=ended)
    client = client_for(users[role])
    assert client.post(page(ended), {"kind": "cv"}).status_code == 403
    response = client.get(reverse("certificates:download", args=[ended.pk, row.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Certificate.objects.count() == 1


def test_certificate_for_a_running_programme_is_refused_on_the_page(running, users, client_for):
    client = client_for(users["consultant"])
    response = client.get(page(running))
    assert b'id="cannot-make"' in response.content
    response = client.post(page(running), {"kind": "certificate", "language": "nb"}, follow=True)
    assert response.status_code == 200
    assert not Certificate.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_cv_can_be_made_while_the_programme_runs(running, users, client_for):
    response = client_for(users["consultant"]).post(page(running), {"kind": "cv"})
    assert response.status_code == 302
    assert Certificate.objects.get().kind == "cv"


def test_a_document_of_another_participant_is_not_found(ended, world, users, client_for):
    row = services.make_cv(actor=users["consultant"], participant=ended)
    url = reverse("certificates:download", args=[world["other"].pk, row.pk])
    assert client_for(users["consultant"]).get(url).status_code == 404


def test_participant_downloads_their_own_on_my_page(ended, users, client_for):
    row = services.make_certificate(actor=users["consultant"], participant=ended)
    client = client_for(users["participant"])
    response = client.get(reverse("certificates:own"))
    assert response.status_code == 200
    assert reverse("certificates:own_download", args=[row.pk]).encode() in response.content
    pdf = client.get(reverse("certificates:own_download", args=[row.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(
        what="certificate.download", user=users["participant"], participant_id=ended.pk
    ).exists()


def test_participant_does_not_get_another_participants_document(ended, world, users, client_for):
    from .conftest import grant

    grant(world["other"], users["consultant"])
    row = services.make_cv(actor=users["consultant"], participant=world["other"])
    url = reverse("certificates:own_download", args=[row.pk])
    assert client_for(users["participant"]).get(url).status_code == 404


def test_a_certificate_whose_end_decision_was_reversed_is_no_longer_handed_out(
    ended, users, client_for
):
    row = services.make_certificate(actor=users["consultant"], participant=ended)
    cv = services.make_cv(actor=users["consultant"], participant=ended)
    assert row.programme_end is not None
    ended.decisions.filter(decision_type="end").update(status="reversed")

    staff = client_for(users["consultant"])
    html = staff.get(page(ended)).content.decode()
    assert 'id="no-longer-holds-certificate-nb"' in html
    assert reverse("certificates:download", args=[ended.pk, row.pk]) not in html
    assert staff.get(reverse("certificates:download", args=[ended.pk, row.pk])).status_code == 404
    # the CV does not state how the programme ended, and is still handed out
    assert staff.get(reverse("certificates:download", args=[ended.pk, cv.pk])).status_code == 200

    own = client_for(users["participant"])
    html = own.get(reverse("certificates:own")).content.decode()
    assert reverse("certificates:own_download", args=[row.pk]) not in html
    assert own.get(reverse("certificates:own_download", args=[row.pk])).status_code == 404
    # kept, with its hash, so that a printed copy can still be checked
    assert Certificate.objects.filter(pk=row.pk).exists()


def test_a_certificate_no_longer_holds_when_a_new_end_decision_changes_the_reason(
    ended, users, client_for
):
    row = services.make_certificate(actor=users["consultant"], participant=ended)
    url = reverse("certificates:download", args=[ended.pk, row.pk])
    staff = client_for(users["consultant"])
    assert staff.get(url).status_code == 200
    # same last day, another reason: the certificate states the old one
    ended.decisions.filter(decision_type="end").update(reasons="Flyttet til en annen kommune.")
    assert staff.get(url).status_code == 404


@pytest.mark.parametrize("role", ["consultant", "teacher", "mentor"])
def test_my_documents_is_only_for_a_participant(role, users, client_for):
    assert client_for(users[role]).get(reverse("certificates:own")).status_code == 404


def test_page_runs_a_fixed_number_of_queries(ended, users, client_for, django_assert_num_queries):
    client = client_for(users["consultant"])
    client.get(page(ended))  # warm up (sessions, rules)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(page(ended))
    services.make_certificate(actor=users["consultant"], participant=ended)
    services.make_certificate(actor=users["consultant"], participant=ended, language="nn")
    services.make_cv(actor=users["consultant"], participant=ended)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(page(ended))
