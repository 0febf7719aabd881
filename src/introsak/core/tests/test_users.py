"""The administrator manages the municipality's users and roles."""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from introsak.core.models import AuditEvent, User


def test_administrator_creates_a_teacher(client_for, users, municipality):
    response = client_for(users["administrator"]).post(
        reverse("core:user_create"),
        {
            "username": "marit",
            "first_name": "Marit",
            "last_name": "Eira",
            "role": "teacher",
            "password": "lang-og-trygg-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    marit = User.objects.get(username="marit")
    assert marit.municipality == municipality and marit.role == "teacher"
    event = AuditEvent.objects.get(action="user.create", object_id=str(marit.pk))
    assert event.changes["role"] == {"old": None, "new": "teacher"}
    assert "password" not in event.changes


def test_weak_password_and_taken_username_are_refused_keeping_input(client_for, users):
    response = client_for(users["administrator"]).post(
        reverse("core:user_create"),
        {
            "username": users["consultant"].username,
            "first_name": "Sølvi-Testa",
            "last_name": "Nord",
            "role": "teacher",
            "password": "123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Brukernavnet er allerede i bruk" in html
    assert 'value="Sølvi-Testa"' in html
    assert User.objects.filter(first_name="Sølvi-Testa").count() == 0


def test_role_change_is_audited(client_for, users):
    teacher = users["teacher"]
    client_for(users["administrator"]).post(
        reverse("core:user_edit", args=[teacher.pk]),
        {
            "username": teacher.username,
            "first_name": teacher.first_name,
            "last_name": teacher.last_name,
            "role": "consultant",
            "is_active": "on",
        },
    )
    teacher.refresh_from_db()
    assert teacher.role == "consultant"
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["role"] == {"old": "teacher", "new": "consultant"}


def test_lost_phone_second_factor_reset(client_for, users):
    leader = users["leader"]
    TOTPDevice.objects.create(user=leader, name="app", confirmed=True)
    client_for(users["administrator"]).post(
        reverse("core:user_reset_second_factor", args=[leader.pk])
    )
    assert not TOTPDevice.objects.filter(user=leader, name="app").exists()
    assert AuditEvent.objects.filter(action="user.second_factor.reset").exists()


def test_administrator_sets_the_sami_area_flag(client_for, users, municipality):
    municipality.in_sami_area = False
    municipality.save()
    client_for(users["administrator"]).post(
        reverse("core:municipality"), {"name": "Karasjok", "in_sami_area": "on"}
    )
    municipality.refresh_from_db()
    assert municipality.in_sami_area
