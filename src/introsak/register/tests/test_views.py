"""The register screens for every role: the leader and consultants validate, export and
download; other roles get 403 (the mentor 404); another municipality's export is 404. The
stored file downloads identical, the validation links to where things are fixed, and the
lists run a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from introsak.core.models import AccessLog, AuditEvent
from introsak.register import services
from introsak.register.models import RegisterExport
from introsak.register.tests.conftest import DAY, end_programme

pytestmark = pytest.mark.django_db

ALLOWED = ("consultant", "leader")
REFUSED = ("payroll", "teacher", "nav_advisor", "participant", "administrator")


@pytest.fixture
def export(users, ready, today):
    return services.make_export(actor=users["leader"], period_end=today - DAY)


def _pages(export, participant):
    return [
        reverse("register:validation"),
        reverse("register:create"),
        reverse("register:list"),
        reverse("register:detail", args=[export.pk]),
        reverse("register:file", args=[export.pk, "json"]),
        reverse("register:participant", args=[participant.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [*((r, 200) for r in ALLOWED), *((r, 403) for r in REFUSED), ("mentor", 404)],
)
def test_who_sees_the_register_pages(client_for, users, export, ready, role, status):
    client = client_for(users[role])
    for url in _pages(export, ready["participant"]):
        assert client.get(url).status_code == status, url


def test_another_municipality_export_is_not_found(client_for, outsider, export, ready):
    client = client_for(outsider)
    assert client.get(reverse("register:detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("register:file", args=[export.pk, "xlsx"])).status_code == 404
    url = reverse("register:participant", args=[ready["participant"].pk])
    assert client.get(url).status_code == 404


def test_validation_lists_what_is_missing_with_links(
    client_for, users, ready, ended_without_activity
):
    response = client_for(users["consultant"]).get(reverse("register:validation"))
    html = response.content.decode()
    end = ended_without_activity["end"]
    assert 'data-code="missing_main_activity"' in html
    assert reverse("decisions:detail", args=[end.pk]) in html
    assert 'id="not-ready"' in html and 'id="make-export"' not in html
    assert response.context["blocked"] == 1


def test_missing_national_id_links_to_the_participant(client_for, users, ready):
    participant = ready["participant"]
    participant.national_id = ""
    participant.save()
    html = client_for(users["leader"]).get(reverse("register:validation")).content.decode()
    assert 'data-code="missing_national_id"' in html
    assert reverse("participants:edit", args=[participant.pk]) in html


def test_leader_makes_the_export_from_the_screen(client_for, users, ready, today):
    client = client_for(users["leader"])
    assert 'id="make-export"' in client.get(reverse("register:validation")).content.decode()
    end = today - DAY
    response = client.post(reverse("register:create"), {"period_end": end.strftime("%d.%m.%Y")})
    export = RegisterExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("register:detail", args=[export.pk])


def test_overlapping_export_is_refused_on_the_period_field(client_for, users, export, today):
    response = client_for(users["leader"]).post(
        reverse("register:create"),
        {
            "period_start": export.period_start.strftime("%d.%m.%Y"),
            "period_end": export.period_end.strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "period_end" in form.errors
    assert form["period_start"].value() == export.period_start.strftime("%d.%m.%Y")
    assert RegisterExport.objects.count() == 1


def test_reexport_from_the_screen_is_recorded(client_for, users, export):
    response = client_for(users["consultant"]).post(
        reverse("register:create"),
        {
            "period_start": export.period_start.strftime("%d.%m.%Y"),
            "period_end": export.period_end.strftime("%d.%m.%Y"),
            "reexport": "on",
            "reason": "Retting av sluttårsak",
        },
    )
    assert response.status_code == 302
    assert RegisterExport.objects.filter(reexport=True).count() == 1


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_downloaded_file_is_the_stored_file(client_for, users, export, kind):
    stored = export.files.get(kind=kind)
    client = client_for(users["consultant"])
    first = client.get(reverse("register:file", args=[export.pk, kind]))
    second = client.get(reverse("register:file", args=[export.pk, kind]))
    assert first.content == second.content == bytes(stored.content)
    assert stored.filename in first["Content-Disposition"]
    assert AuditEvent.objects.filter(action="register.download").count() == 2


def test_unknown_file_kind_is_not_found(client_for, users, export):
    url = reverse("register:file", args=[export.pk, "csv"])
    assert client_for(users["leader"]).get(url).status_code == 404


def test_participant_status_shows_the_last_export_and_logs_the_read(
    client_for, users, export, ready
):
    participant = ready["participant"]
    response = client_for(users["leader"]).get(
        reverse("register:participant", args=[participant.pk])
    )
    assert response.context["last"].export == export
    assert 'id="last-export"' in response.content.decode()
    assert AccessLog.objects.filter(participant_id=participant.pk, what="register.status").exists()


def test_list_pages_run_a_fixed_number_of_queries(
    client_for, users, municipality, today, django_assert_num_queries
):
    from introsak.attendance.tests.conftest import enrol
    from introsak.participants.tests.factories import ParticipantFactory

    client = client_for(users["leader"])

    def add(count):
        for _ in range(count):
            p = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
            enrol(p, users["consultant"])
            end_programme(p, users["consultant"], today - 5 * DAY)

    add(1)
    services.make_export(actor=users["leader"], period_end=today - 20 * DAY)
    urls = [reverse("register:validation"), reverse("register:list")]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    add(3)
    services.make_export(actor=users["leader"], period_end=today - 10 * DAY)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_validation_and_export_pages_log_a_read_of_each_participant_shown(
    client_for, users, ready, export
):
    client = client_for(users["consultant"])
    participant = ready["participant"]
    period = {"period_start": export.period_start, "period_end": export.period_end}
    assert client.get(reverse("register:validation"), period).status_code == 200
    assert AccessLog.objects.filter(
        participant_id=participant.pk, what="register.validation", user=users["consultant"]
    ).exists()
    assert client.get(reverse("register:detail", args=[export.pk])).status_code == 200
    assert AccessLog.objects.filter(
        participant_id=participant.pk, what="register.export", user=users["consultant"]
    ).exists()


def test_a_period_that_ends_before_it_starts_is_named_on_its_field(client_for, users, ready):
    response = client_for(users["leader"]).get(
        reverse("register:validation"),
        {"period_start": "2026-03-01", "period_end": "2026-02-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"]
    assert response.context["form"]["period_start"].value() == "2026-03-01"


def test_what_is_missing_is_fixed_and_the_data_then_exports_cleanly(
    client_for, users, ready, today
):
    """The issue's «done when»: the export lists what is missing, and once it is fixed the
    data exports."""
    from introsak.participants import services as participants

    participant = ready["participant"]
    national_id = participant.national_id
    participant.national_id = ""
    participant.save()
    client = client_for(users["consultant"])
    page = client.get(reverse("register:validation"))
    assert page.context["blocked"] == 1 and 'data-code="missing_national_id"' in (
        page.content.decode()
    )
    period = {"period_end": (today - DAY).strftime("%d.%m.%Y")}
    refused = client.post(reverse("register:create"), period)
    assert refused.status_code == 200 and not RegisterExport.objects.exists()

    participants.update_participant(
        actor=users["consultant"],
        participant=participant,
        data={"national_id": national_id},
        reason="Fødselsnummer fra UDI",
    )
    page = client.get(reverse("register:validation"))
    assert page.context["blocked"] == 0 and 'id="make-export"' in page.content.decode()
    made = client.post(reverse("register:create"), period)
    assert made.status_code == 302
    export = RegisterExport.objects.get()
    assert export.participants.get().record["national_id"] == national_id
