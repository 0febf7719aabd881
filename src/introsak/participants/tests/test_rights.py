"""Rights and duties: «Min side» shows them with the municipality's own rules, the consultant
records the day they went through them, and «needs attention» names those not yet told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from introsak.core.models import AuditEvent
from introsak.participants import selectors

pytestmark = pytest.mark.django_db


def _edit_data(participant, **changes):
    return {
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "birth_date": participant.birth_date.isoformat(),
        "national_id": participant.national_id,
        "duf_number": participant.duf_number,
        "status": participant.status,
        "legal_basis": participant.legal_basis,
        **changes,
    }


def test_my_page_shows_rights_duties_and_the_local_rules(client_for, users, world, municipality):
    municipality.participant_rules = "Meld fravær før kl. 08.30.\nRing læreren."
    municipality.save()
    participant = world["mine"]
    participant.informed_on = datetime.date(2026, 9, 14)
    participant.save()
    html = client_for(users["participant"]).get(reverse("participants:own")).content.decode()
    assert "Dine rettigheter og plikter" in html
    assert "innen tre uker" in html
    assert "Fravær uten gyldig grunn trekkes time for time" in html
    assert f"Regler i {municipality.name}" in html
    assert "Meld fravær før kl. 08.30.<br>Ring læreren." in html
    assert "Konsulenten din gikk gjennom dette med deg 14.09.2026." in html


def test_my_page_without_local_rules_has_no_empty_heading(client_for, users, world):
    html = client_for(users["participant"]).get(reverse("participants:own")).content.decode()
    assert "Dine rettigheter og plikter" in html
    assert "Regler i" not in html
    assert "gikk gjennom dette med deg" not in html


def test_consultant_records_the_day_and_it_is_audited(client_for, users, world):
    participant = world["mine"]
    response = client_for(users["consultant"]).post(
        reverse("participants:edit", args=[participant.pk]),
        _edit_data(participant, informed_on="2026-09-14"),
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.informed_on == datetime.date(2026, 9, 14)
    event = AuditEvent.objects.filter(action="participant.update", object_id=str(participant.pk))
    assert event.latest("id").changes["informed_on"]["new"] == "2026-09-14"


def test_a_day_in_the_future_is_refused_on_the_field_and_the_input_kept(client_for, users, world):
    participant = world["mine"]
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client_for(users["consultant"]).post(
        reverse("participants:edit", args=[participant.pk]),
        _edit_data(participant, informed_on=future.isoformat(), phone="+47 99 88 77 66"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "fram i tid" in form.errors["informed_on"][0]
    assert form["phone"].value() == "+47 99 88 77 66"
    participant.refresh_from_db()
    assert participant.informed_on is None


def test_needs_attention_names_participants_in_programme_not_told(users, world):
    participant = world["mine"]
    participant.status = "in_programme"
    participant.save()
    reasons = {
        a.participant.pk: a.reasons
        for a in selectors.needs_attention(users["consultant"], today=timezone.localdate())
    }
    assert "Ikke informert om rettigheter og plikter i programmet ennå" in reasons[participant.pk]
    participant.informed_on = timezone.localdate()
    participant.save()
    reasons = {
        a.participant.pk: a.reasons
        for a in selectors.needs_attention(users["consultant"], today=timezone.localdate())
    }
    assert "Ikke informert om rettigheter og plikter i programmet ennå" not in reasons.get(
        participant.pk, []
    )


def test_administrator_writes_the_local_rules_and_it_is_audited(client_for, users, municipality):
    response = client_for(users["administrator"]).post(
        reverse("core:municipality"),
        {"name": municipality.name, "participant_rules": "  Meld fravær før kl. 08.30.  "},
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.participant_rules == "Meld fravær før kl. 08.30."
    assert (
        AuditEvent.objects.filter(action="municipality.update")
        .latest("id")
        .changes["participant_rules"]["new"]
        == "Meld fravær før kl. 08.30."
    )


@pytest.mark.parametrize("role", ["consultant", "leader", "teacher", "participant"])
def test_only_the_administrator_writes_the_local_rules(client_for, users, municipality, role):
    response = client_for(users[role]).post(
        reverse("core:municipality"), {"name": municipality.name, "participant_rules": "X"}
    )
    assert response.status_code == 403
    municipality.refresh_from_db()
    assert municipality.participant_rules == ""


def test_api_sets_the_day_and_refuses_the_future(users, world):
    from introsak.api.tests.test_participants_api import Api, fields_in_error

    participant = world["mine"]
    api = Api(users["consultant"], language="nb")
    response = api.patch(f"/participants/{participant.pk}", {"informed_on": "2026-09-14"})
    assert response.status_code == 200
    assert response.json()["informed_on"] == "2026-09-14"
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = api.patch(f"/participants/{participant.pk}", {"informed_on": future})
    assert response.status_code == 422
    assert ("informed_on",) in fields_in_error(response)
