"""The `introsak` commands: demo data and API tokens."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from introsak.core.models import ApiToken, AuditEvent, Role, User
from introsak.participants.models import Assessment, HouseholdMember, Participant, Status


def test_create_token_prints_a_token_that_works(users):
    out = io.StringIO()
    call_command("create_token", users["consultant"].username, stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("isk_")
    assert ApiToken.objects.get().user == users["consultant"]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert response.json()["username"] == users["consultant"].username


def test_create_token_for_unknown_user_fails(db):
    with pytest.raises(CommandError):
        call_command("create_token", "nobody")


def test_demo_data_has_every_role_and_participants_at_every_stage(db):
    call_command("load_demo", stdout=io.StringIO())
    for username in (
        "konsulent",
        "leder",
        "lonn",
        "laerer",
        "nav",
        "veileder",
        "deltaker",
        "admin",
    ):
        assert User.objects.filter(username=username).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert 38 <= Participant.objects.count() <= 45
    assert set(Participant.objects.values_list("status", flat=True)) == set(Status.values)
    assert Participant.objects.exclude(household=None).count() == Participant.objects.count()
    assert HouseholdMember.objects.filter(relation="child").exists()
    assert Assessment.objects.count() > 30
    assert User.objects.get(username="deltaker").participant.given_name == "Yonas"
    assert AuditEvent.objects.filter(action="participant.create").count() == (
        Participant.objects.count()
    )
    # The teacher's start page shows who ends soon without the Norwegian test, one with
    # the written part still to take.
    from django.utils import timezone

    from introsak.results.selectors import ending_without_norwegian_test

    rows = ending_without_norwegian_test(Participant.objects.all(), today=timezone.localdate())
    missing = {r.participant.given_name: r.missing for r in rows}
    assert missing == {"Filmon": ("writing",), "Senait": ("oral", "writing")}
    # The consultant's start page: one participant's week is not registered yet.
    from introsak.attendance.selectors import unregistered_this_week

    konsulent = User.objects.get(username="konsulent")
    rows = unregistered_this_week(konsulent, today=timezone.localdate())
    assert [r.participant.given_name for r in rows] in (["Yousef"], [])  # [] on a quiet week


def test_demo_data_is_loaded_only_once(db):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "finnes allerede" in out.getvalue()
    assert "konsulent" in out.getvalue()
    assert User.objects.filter(username="konsulent").count() == 1


@pytest.mark.parametrize(
    ("today", "unregistered"),
    [
        # The week began in November, which is approved and locked: 1 December is missing.
        (datetime.date(2026, 12, 2), ["Yousef"]),
        # The reporting week (29–30 June) is all in the locked June: nothing to list.
        (datetime.date(2026, 7, 1), []),
        # A Monday: last week; the summer holidays are in a locked July.
        (datetime.date(2026, 8, 10), ["Yousef"]),
    ],
)
def test_demo_loads_on_any_day_and_one_week_is_left_unregistered(
    db, monkeypatch, today, unregistered
):
    from django.utils import timezone

    from introsak import demo
    from introsak.attendance.selectors import unregistered_this_week

    moment = datetime.datetime.combine(today, datetime.time(10), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    demo.load(today=today)
    konsulent = User.objects.get(username="konsulent")
    rows = unregistered_this_week(konsulent, today=today)
    assert [r.participant.given_name for r in rows] == unregistered
