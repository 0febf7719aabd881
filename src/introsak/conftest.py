"""Shared fixtures: two municipalities, a user of every role, and logged-in clients.

Each feature is tested as the role that may, the roles that may not, and a user of
another municipality (who must get 404).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from introsak.core.models import Role
from introsak.core.tests.factories import MunicipalityFactory, UserFactory
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory


def pytest_configure(config):
    # The suite checks the bokmål the user reads, so the catalogue must be compiled.
    from django.utils.translation import trans_real

    from introsak.translations import compile_all

    if compile_all():
        # Catalogues read before the .mo files existed must be read again.
        trans_real._translations.clear()
        trans_real._default = None


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Argon2 is what production uses (test_auth checks that); tests need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without `collectstatic` having run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(number="5610", name="Karasjok", in_sami_area=True)


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(number="4033", name="Drangedal")


@pytest.fixture
def users(municipality):
    """One user of every role in the municipality, keyed by role value."""
    return {role.value: UserFactory(municipality=municipality, role=role) for role in Role}


@pytest.fixture
def outsider(other_municipality):
    """A consultant of another municipality: sees nothing of ours."""
    return UserFactory(municipality=other_municipality, role=Role.CONSULTANT)


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    if user.needs_second_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return logged_in_client


@pytest.fixture
def world(users, municipality, other_municipality):
    """Participants in every relation to the users:

    - `mine`: the consultant's, advised by the NAV advisor, taught by the teacher, and
      the participant user's own record;
    - `other`: in the municipality, related to nobody but the refugee service;
    - `foreign`: in another municipality.
    """
    mine = ParticipantFactory(
        municipality=municipality,
        consultant=users["consultant"],
        nav_advisor=users["nav_advisor"],
        user=users["participant"],
    )
    other = ParticipantFactory(municipality=municipality)
    foreign = ParticipantFactory(municipality=other_municipality)
    GroupFactory(municipality=municipality, teachers=[users["teacher"]], participants=[mine])
    return {"mine": mine, "other": other, "foreign": foreign}
