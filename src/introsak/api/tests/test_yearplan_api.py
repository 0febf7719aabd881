"""/api/v1/calendar/events: the annual calendar under the same policy, rules and audit as the
screens — 404 for what the user may not see, 403 for a role that may not keep the calendar,
422 with the field for a recurrence that makes no sense.

Today is 24 November 2026."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api, fields_in_error
from introsak.core.models import AuditEvent
from introsak.yearplan.models import CalendarEvent
from introsak.yearplan.tests.factories import CalendarEventFactory

TODAY = datetime.date(2026, 11, 24)


class CalendarApi(Api):
    def delete(self, path):
        return self.client.delete(f"/api/v1{path}")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def events(municipality, other_municipality):
    return {
        "g": CalendarEventFactory(municipality=municipality, title="Ny G"),
        "nir": CalendarEventFactory(municipality=municipality, nir=True),
        "planning": CalendarEventFactory(municipality=municipality, planning=True),
        "foreign": CalendarEventFactory(municipality=other_municipality, title="Drangedal"),
    }


NEW_G = {
    "title": "Ny G",
    "category": "stipend",
    "recurrence": "yearly",
    "start_date": "2027-05-01",
    "audience": ["consultant", "payroll"],
}


def test_the_list_gives_each_event_with_its_dates_in_the_range(users, events):
    response = CalendarApi(users["consultant"]).get(
        "/calendar/events", start="2028-01-01", end="2028-12-31"
    )
    assert response.status_code == 200
    by_id = {e["id"]: e for e in response.json()}
    assert set(by_id) == {events["g"].pk, events["nir"].pk, events["planning"].pk}
    assert by_id[events["nir"].pk]["occurrences"] == [{"date": "2028-02-29", "end": "2028-02-29"}]
    assert [o["date"] for o in by_id[events["planning"].pk]["occurrences"]] == [
        "2028-03-14",
        "2028-09-12",
    ]
    assert by_id[events["nir"].pk]["audience"] == ["consultant", "leader"]


def test_the_list_defaults_to_this_year_and_filters_by_category(users, events):
    response = CalendarApi(users["leader"]).get("/calendar/events", category="reporting_deadline")
    assert [(e["id"], e["occurrences"]) for e in response.json()] == [
        (events["nir"].pk, [{"date": "2026-02-28", "end": "2026-02-28"}])
    ]


def test_a_teacher_lists_only_the_events_for_teachers_or_everyone(users, events):
    response = CalendarApi(users["teacher"]).get("/calendar/events")
    assert {e["id"] for e in response.json()} == {events["g"].pk, events["planning"].pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"start": "2026-01-01", "end": "2030-01-01"}, "end"),
    ],
)
def test_a_bad_range_is_422_on_its_field(users, params, field):
    response = CalendarApi(users["leader"]).get("/calendar/events", **params)
    assert response.status_code == 422
    assert (field,) in fields_in_error(response)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("payroll", 200),
        ("teacher", 200),
        ("nav_advisor", 200),
        ("administrator", 200),
        ("participant", 403),
        ("mentor", 404),
    ],
)
def test_who_reads_the_calendar(users, events, role, status):
    assert CalendarApi(users[role]).get("/calendar/events").status_code == status


@pytest.mark.parametrize("role", ["consultant", "leader"])
def test_a_keeper_creates_an_event(users, role):
    response = CalendarApi(users[role]).post("/calendar/events", NEW_G)
    assert response.status_code == 201
    body = response.json()
    assert body["audience"] == ["consultant", "payroll"] and body["day_rule"] == "date"
    event = CalendarEvent.objects.get(pk=body["id"])
    assert event.created_by == users[role]
    assert AuditEvent.objects.filter(action="calendar_event.create").count() == 1


@pytest.mark.parametrize(
    "role", ["payroll", "teacher", "nav_advisor", "administrator", "participant"]
)
def test_a_reader_may_not_create_an_event(users, role):
    assert CalendarApi(users[role]).post("/calendar/events", NEW_G).status_code == 403
    assert not CalendarEvent.objects.exists()


def test_a_mentor_gets_404_for_creating(users):
    assert CalendarApi(users["mentor"]).post("/calendar/events", NEW_G).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"all_day": False}, ("start_time",)),
        ({"all_day": False, "start_time": "12:00", "end_time": "09:00"}, ("end_time",)),
        ({"recurrence": "monthly", "day_rule": "weekday", "weekday": 1}, ("week",)),
        ({"until": "2027-01-01"}, ("until",)),
        ({"category": "party"}, ("category",)),
        ({"audience": ["mentor"]}, ("audience", 0)),
        ({"interval_months": 0}, ("interval_months",)),
    ],
)
def test_bad_input_is_422_with_the_field_and_nothing_is_saved(users, change, field):
    response = CalendarApi(users["consultant"]).post("/calendar/events", {**NEW_G, **change})
    assert response.status_code == 422
    assert field in fields_in_error(response)
    assert not CalendarEvent.objects.exists()


def test_get_one_event(users, events):
    api = CalendarApi(users["teacher"])
    assert api.get(f"/calendar/events/{events['g'].pk}").json()["title"] == "Ny G"
    # Not for teachers, and not ours: not found.
    assert api.get(f"/calendar/events/{events['nir'].pk}").status_code == 404
    assert api.get(f"/calendar/events/{events['foreign'].pk}").status_code == 404


def test_patch_changes_only_what_is_sent(users, events):
    api = CalendarApi(users["leader"])
    response = api.patch(f"/calendar/events/{events['planning'].pk}", {"week": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["week"] == 3 and body["weekday"] == 1 and body["start_time"] == "09:00:00"
    audit = AuditEvent.objects.get(action="calendar_event.update")
    assert audit.changes == {"week": {"old": 2, "new": 3}}


def test_patch_is_403_for_a_reader_and_404_for_another_municipality(users, outsider, events):
    pk = events["g"].pk
    assert (
        CalendarApi(users["teacher"]).patch(f"/calendar/events/{pk}", {"title": "x"}).status_code
        == 403
    )
    assert CalendarApi(outsider).patch(f"/calendar/events/{pk}", {"title": "x"}).status_code == 404
    events["g"].refresh_from_db()
    assert events["g"].title == "Ny G"


def test_patch_that_breaks_the_recurrence_is_422(users, events):
    response = CalendarApi(users["consultant"]).patch(
        f"/calendar/events/{events['planning'].pk}", {"end_time": "08:00"}
    )
    assert response.status_code == 422
    assert ("end_time",) in fields_in_error(response)


def test_delete(users, outsider, events):
    pk = events["g"].pk
    assert CalendarApi(outsider).delete(f"/calendar/events/{pk}").status_code == 404
    assert CalendarApi(users["payroll"]).delete(f"/calendar/events/{pk}").status_code == 403
    assert CalendarApi(users["consultant"]).delete(f"/calendar/events/{pk}").status_code == 204
    assert not CalendarEvent.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="calendar_event.delete").count() == 1


def test_the_list_runs_a_fixed_number_of_queries(users, municipality, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = CalendarApi(users["consultant"])
    api.get("/me")  # the token's first use is recorded once
    CalendarEventFactory(municipality=municipality)
    with CaptureQueriesContext(connection) as first:
        api.get("/calendar/events")
    CalendarEventFactory.create_batch(4, municipality=municipality, planning=True)
    with django_assert_num_queries(len(first)):
        api.get("/calendar/events")
