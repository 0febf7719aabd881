"""/api/v1 meetings, action items, interpreters and bookings: the same policy, rules and
audit as the screens — 404 for what the user may not see, 403 for what the role may not do,
422 with the field for the issue's bad input."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api, fields_in_error
from introsak.core.models import AccessLog, AuditEvent
from introsak.meetings.models import ActionItem, Booking, Interpreter, Meeting
from introsak.meetings.tests import conftest as meeting_fixtures
from introsak.meetings.tests.factories import ActionItemFactory, BookingFactory

DAY = datetime.timedelta(days=1)

# The meeting app's fixtures: a participant who needs an Arabic interpreter, interpreters, and
# an information meeting about the participant tomorrow.
needs_arabic = meeting_fixtures.needs_arabic
arabic = meeting_fixtures.arabic
tigrinya = meeting_fixtures.tigrinya
meeting = meeting_fixtures.meeting
general_meeting = meeting_fixtures.general_meeting


def _start(days=1, hour=10):
    day = timezone.localdate() + days * DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def meeting_body(**extra):
    start = _start()
    return {
        "kind": "planning",
        "title": "Planleggingsmøte",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        **extra,
    }


def test_consultant_calls_a_meeting(users, world):
    api = Api(users["consultant"])
    response = api.post(
        "/meetings",
        meeting_body(
            participant_id=world["mine"].pk,
            attendee_ids=[users["teacher"].pk],
            participant_ids=[world["mine"].pk],
            external_attendees=["Rektor"],
        ),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["participant_id"] == world["mine"].pk
    assert body["attendee_ids"] == [users["teacher"].pk]
    assert body["external_attendees"] == ["Rektor"]
    assert body["action_items"] == []


def test_a_meeting_ending_before_it_starts_is_422_on_ends_at(users):
    start = _start()
    response = Api(users["consultant"]).post(
        "/meetings",
        meeting_body(ends_at=(start - datetime.timedelta(hours=1)).isoformat()),
    )
    assert response.status_code == 422
    assert ("ends_at",) in fields_in_error(response)
    assert not Meeting.objects.exists()


def test_a_participant_the_caller_does_not_see_is_422_on_participant_id(users, world):
    response = Api(users["teacher"]).post(
        "/meetings", meeting_body(participant_id=world["other"].pk)
    )
    assert response.status_code == 422
    assert ("participant_id",) in fields_in_error(response)


def test_payroll_may_not_call_a_meeting(users):
    assert Api(users["payroll"]).post("/meetings", meeting_body()).status_code == 403


def test_meeting_list_has_the_interpreter_warning(users, meeting):
    response = Api(users["consultant"]).get("/meetings")
    assert response.status_code == 200
    [row] = response.json()
    assert row["lacking_interpreter"] == ["ar"]


def test_a_meeting_is_404_to_those_who_may_not_see_it(users, outsider, meeting):
    assert Api(users["payroll"]).get(f"/meetings/{meeting.pk}").status_code == 404
    assert Api(outsider).get(f"/meetings/{meeting.pk}").status_code == 404
    assert Api(users["mentor"]).get(f"/meetings/{meeting.pk}").status_code in (403, 404)


def test_reading_a_meeting_about_a_participant_is_logged(users, meeting):
    response = Api(users["nav_advisor"]).get(f"/meetings/{meeting.pk}")
    assert response.status_code == 200
    assert AccessLog.objects.filter(
        what="api.meeting.get", participant_id=meeting.participant_id
    ).exists()


def test_writing_the_minutes(users, meeting):
    response = Api(users["teacher"]).patch(
        f"/meetings/{meeting.pk}", {"minutes": "Alle møtte.", "decisions": "Nytt møte i mars."}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["minutes"] == "Alle møtte."
    assert body["participant_id"] == meeting.participant_id
    assert AuditEvent.objects.filter(action="meeting.update").exists()


def test_an_action_item_without_owner_is_422_on_owner_id(users, meeting):
    response = Api(users["consultant"]).post(
        f"/meetings/{meeting.pk}/action-items",
        {"text": "Bestille tolk", "owner_id": None, "due_date": "2030-01-10"},
    )
    assert response.status_code == 422
    assert ("owner_id",) in fields_in_error(response)
    assert not ActionItem.objects.exists()


def test_action_items_are_added_listed_for_the_owner_and_closed(users, meeting):
    response = Api(users["consultant"]).post(
        f"/meetings/{meeting.pk}/action-items",
        {"text": "Bestille tolk", "owner_id": users["nav_advisor"].pk, "due_date": "2030-01-10"},
    )
    assert response.status_code == 201
    item_id = response.json()["id"]
    nav = Api(users["nav_advisor"])
    assert [i["id"] for i in nav.get("/action-items").json()] == [item_id]
    assert Api(users["teacher"]).get("/action-items").json() == []
    response = nav.post(f"/action-items/{item_id}/close", {"status": "done", "note": "Ok"})
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    again = nav.post(f"/action-items/{item_id}/close", {"status": "done"})
    assert again.status_code == 422


def test_an_item_the_caller_does_not_see_is_404(users, outsider, general_meeting):
    item = ActionItemFactory(meeting=general_meeting, owner=users["leader"])
    response = Api(outsider).post(f"/action-items/{item.pk}/close", {"status": "done"})
    assert response.status_code == 404
    response = Api(users["teacher"]).post(f"/action-items/{item.pk}/close", {"status": "done"})
    assert response.status_code == 404


def interpreter_body(**extra):
    return {
        "name": "Amina Dari",
        "languages": ["prs"],
        "category": "C",
        "mode": "both",
        "birth_date": "1985-04-02",
        **extra,
    }


def test_interpreter_register(users, arabic):
    api = Api(users["consultant"])
    response = api.post("/interpreters", interpreter_body())
    assert response.status_code == 201, response.json()
    assert response.json()["languages"] == ["prs"]
    names = [i["name"] for i in api.get("/interpreters").json()]
    assert names == ["Amina Dari", "Nadia Arabisk"]
    assert [i["name"] for i in api.get("/interpreters", language="ar").json()] == ["Nadia Arabisk"]
    assert Api(users["nav_advisor"]).get("/interpreters").status_code == 200
    assert Api(users["teacher"]).get("/interpreters").status_code == 403
    assert Api(users["nav_advisor"]).post("/interpreters", interpreter_body()).status_code == 403


def test_an_interpreter_under_18_is_422_on_birth_date(users):
    under_18 = timezone.localdate().replace(year=timezone.localdate().year - 17, day=1)
    response = Api(users["consultant"]).post(
        "/interpreters", interpreter_body(birth_date=under_18.isoformat())
    )
    assert response.status_code == 422
    assert ("birth_date",) in fields_in_error(response)
    assert not Interpreter.objects.exists()


def test_changing_an_interpreter(users, arabic, outsider):
    response = Api(users["leader"]).patch(
        f"/interpreters/{arabic.pk}", {"languages": ["ar", "ckb"], "category": "A"}
    )
    assert response.status_code == 200
    assert response.json()["languages"] == ["ar", "ckb"]
    assert Api(outsider).get(f"/interpreters/{arabic.pk}").status_code == 404


def test_booking_an_interpreter_and_the_warning_goes(users, meeting, arabic):
    api = Api(users["consultant"])
    response = api.post(
        f"/meetings/{meeting.pk}/interpreter-bookings",
        {"interpreter_id": arabic.pk, "language": "ar", "mode": "in_person", "cost": "1250.50"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["cost"] == "1250.50"
    assert api.get(f"/meetings/{meeting.pk}").json()["lacking_interpreter"] == []


def test_booking_in_a_language_the_interpreter_does_not_have_is_422(users, meeting, tigrinya):
    response = Api(users["consultant"]).post(
        f"/meetings/{meeting.pk}/interpreter-bookings",
        {"interpreter_id": tigrinya.pk, "language": "ar", "mode": "remote"},
    )
    assert response.status_code == 422
    assert ("language",) in fields_in_error(response)
    assert not Booking.objects.exists()


def test_teacher_may_not_book(users, meeting, arabic):
    response = Api(users["teacher"]).post(
        f"/meetings/{meeting.pk}/interpreter-bookings",
        {"interpreter_id": arabic.pk, "language": "ar", "mode": "in_person"},
    )
    assert response.status_code == 403


def test_bookings_with_the_cost_per_month_and_cancelling(users, meeting):
    booking = BookingFactory(meeting=meeting)
    api = Api(users["leader"])
    year = meeting.starts_at.year
    body = api.get("/interpreter-bookings", year=year).json()
    assert body["total"] == "1200.00"
    assert body["months"] == [
        {"month": f"{meeting.starts_at:%Y-%m}", "bookings": 1, "cost": "1200.00"}
    ]
    response = api.post(f"/interpreter-bookings/{booking.pk}/cancel", {"cost": "400"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert api.get("/interpreter-bookings", year=year).json()["total"] == "400.00"
    assert Api(users["teacher"]).get("/interpreter-bookings").status_code == 403


@pytest.mark.parametrize("path", ["/meetings", "/action-items"])
def test_roles_outside_meetings_are_refused(users, path):
    assert Api(users["administrator"]).get(path).status_code == 403


# --- review fixes -----------------------------------------------------------------------------

HUGE = 99999999999999999999


@pytest.mark.parametrize("field", ["attendee_ids", "participant_ids"])
def test_a_huge_id_in_a_list_is_422_on_the_field(users, field):
    response = Api(users["consultant"]).post("/meetings", meeting_body(**{field: [HUGE]}))
    assert response.status_code == 422
    assert any(loc[0] == field for loc in fields_in_error(response))
    assert not Meeting.objects.exists()


def test_a_huge_id_in_a_patch_is_422(users, meeting):
    response = Api(users["consultant"]).patch(f"/meetings/{meeting.pk}", {"attendee_ids": [2**63]})
    assert response.status_code == 422


def test_an_action_item_owner_who_does_not_attend_reads_the_meeting_and_closes_the_item(
    users, general_meeting
):
    item = ActionItemFactory(meeting=general_meeting, owner=users["payroll"])
    api = Api(users["payroll"])
    assert api.get(f"/meetings/{general_meeting.pk}").status_code == 200
    response = api.post(f"/action-items/{item.pk}/close", {"status": "done"})
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_nav_advisor_lists_only_bookings_of_meetings_they_see(users, meeting, general_meeting):
    seen = BookingFactory(meeting=meeting)
    unseen = BookingFactory(meeting=general_meeting)
    api = Api(users["nav_advisor"])
    body = api.get("/interpreter-bookings", year=meeting.starts_at.year).json()
    assert [b["id"] for b in body["bookings"]] == [seen.pk]
    assert body["total"] == "1200.00"
    leader = Api(users["leader"]).get("/interpreter-bookings", year=meeting.starts_at.year)
    assert {b["id"] for b in leader.json()["bookings"]} == {seen.pk, unseen.pk}


def test_a_teacher_changes_a_meeting_with_a_participant_they_do_not_see(users, meeting, world):
    meeting.participant_attendees.add(world["other"])
    api = Api(users["teacher"])
    body = api.get(f"/meetings/{meeting.pk}").json()
    assert body["participant_ids"] == [world["mine"].pk]
    response = api.patch(f"/meetings/{meeting.pk}", {"minutes": "Alle møtte."})
    assert response.status_code == 200, response.json()
    assert response.json()["participant_ids"] == [world["mine"].pk]
    listed = api.get("/meetings").json()
    assert [m["participant_ids"] for m in listed] == [[world["mine"].pk]]
    meeting.refresh_from_db()
    assert meeting.minutes == "Alle møtte."
    assert {p.pk for p in meeting.participant_attendees.all()} == {
        world["mine"].pk,
        world["other"].pk,
    }


def test_reading_a_meeting_logs_each_participant_named_in_it(users, meeting, world):
    meeting.participant_attendees.add(world["other"])
    assert Api(users["leader"]).get(f"/meetings/{meeting.pk}").status_code == 200
    logged = sorted(
        AccessLog.objects.filter(what="api.meeting.get").values_list("participant_id", flat=True)
    )
    assert logged == sorted([world["mine"].pk, world["other"].pk])
