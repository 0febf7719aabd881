"""Login: argon2, lockout after repeated failures, the second factor, session lifetime."""

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from introsak.core.middleware import SessionLifetimeMiddleware
from introsak.core.models import AuditEvent, Role
from introsak.core.tests.factories import UserFactory


def test_production_hashes_passwords_with_argon2():
    # The suite swaps in a fast hasher (conftest); the settings module is what runs in production.
    from introsak import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def login(client, username, password="correct-horse-battery"):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_consultant_logs_in_with_password(users):
    client = Client()
    response = login(client, users["consultant"].username)
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_shows_a_message(users):
    response = login(Client(), users["consultant"].username, "wrong")
    assert response.status_code == 200
    assert "brukernavn og passord" in response.content.decode().lower()


def test_account_is_locked_after_repeated_failures(users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    username = users["consultant"].username
    for _ in range(3):
        login(client, username, "wrong")
    response = login(client, username)  # the right password no longer helps
    assert response.status_code == 429
    assert "midlertidig låst" in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.PAYROLL, Role.ADMINISTRATOR])
def test_money_and_user_roles_must_enrol_a_second_factor(users, role):
    client = Client()
    login(client, users[role].username)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:second_factor"))
    page = client.get(response.url).content.decode()
    assert "<svg" in page  # the QR code to scan


def test_enrolment_with_the_right_code_opens_the_app(users):
    client = Client()
    leader = users[Role.LEADER]
    login(client, leader.username)
    client.get(reverse("core:second_factor"))
    device = TOTPDevice.objects.get(user=leader)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("core:second_factor"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.second_factor.enrol", actor=leader).exists()


def test_a_wrong_code_is_refused(users):
    client = Client()
    leader = users[Role.LEADER]
    TOTPDevice.objects.create(user=leader, name="app", confirmed=True)
    login(client, leader.username)
    response = client.post(reverse("core:second_factor"), {"token": "000000"})
    assert response.status_code == 200
    assert "feil" in response.content.decode().lower()
    assert client.get(reverse("core:home")).status_code == 302


def test_consultant_needs_no_second_factor(users):
    client = Client()
    login(client, users["consultant"].username)
    assert client.get(reverse("core:home")).status_code == 200


def test_demo_setting_can_switch_the_second_factor_off(users, settings):
    settings.REQUIRE_SECOND_FACTOR = False
    client = Client()
    login(client, users[Role.LEADER].username)
    assert client.get(reverse("core:home")).status_code == 200


def test_session_ends_after_the_maximum_lifetime(users, client_for):
    client = client_for(users["consultant"])
    session = client.session
    session[SessionLifetimeMiddleware.KEY] = time.time() - 11 * 3600
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("core:login")


def test_sessions_expire_when_idle_and_at_browser_close():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_needs_post(users, client_for):
    client = client_for(users["consultant"])
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get(reverse("participants:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("core:login"))


def test_user_of_other_municipality_cannot_be_edited(client_for, users, other_municipality):
    stranger = UserFactory(municipality=other_municipality)
    client = client_for(users["administrator"])
    assert client.get(reverse("core:user_edit", args=[stranger.pk])).status_code == 404


def test_ui_is_bokmaal_even_for_an_english_browser(users, client_for):
    client = client_for(users["consultant"])
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="nb"' in html and "Trenger oppfølging" in html


def test_user_can_choose_english(users, client_for):
    client = client_for(users["consultant"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("core:home")).content.decode()
    assert 'lang="en"' in html and "Needs attention" in html
