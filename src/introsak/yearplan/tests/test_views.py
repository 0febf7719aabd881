"""The annual calendar's screens for every role: the year view, the event list, the event form
and its delete page, and the subscribe page. Another municipality's event is 404; a mentor
gets 404 for all of it; a role that reads but may not keep the calendar gets 403 on the form.

Today is 24 November 2026."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from introsak.core.models import AuditEvent
from introsak.yearplan.models import CalendarEvent, FeedToken

from .factories import CalendarEventFactory

D = datetime.date
READERS = ["consultant", "leader", "payroll", "teacher", "nav_advisor", "administrator"]
KEEPERS = ["consultant", "leader"]


@pytest.fixture
def events(municipality, other_municipality):
    return {
        "g": CalendarEventFactory(municipality=municipality, title="Ny G"),
        "nir": CalendarEventFactory(municipality=municipality, nir=True),
        "planning": CalendarEventFactory(municipality=municipality, planning=True),
        "foreign": CalendarEventFactory(municipality=other_municipality, title="Drangedal"),
    }


EXPECTED_READ = {
    **dict.fromkeys(READERS, 200),
    "mentor": 404,
    "participant": 403,
}


@pytest.mark.parametrize("role", list(EXPECTED_READ))
@pytest.mark.parametrize("name", ["yearplan:year", "yearplan:events", "yearplan:subscribe"])
def test_who_reads_the_calendar_pages(client_for, users, events, role, name):
    response = client_for(users[role]).get(reverse(name))
    assert response.status_code == EXPECTED_READ[role]


@pytest.mark.parametrize("name", ["yearplan:year", "yearplan:events", "yearplan:subscribe"])
def test_without_login_the_pages_send_to_the_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_the_year_view_shows_twelve_months_with_events_and_holidays(client_for, users, events):
    response = client_for(users["consultant"]).get(reverse("yearplan:year"), {"ar": 2028})
    assert response.status_code == 200
    months = response.context["months"]
    assert len(months) == 12
    html = response.content.decode()
    # The NIR deadline on the last day of February in a leap year, and the planning meetings.
    assert f'data-event="{events["nir"].pk}" data-date="2028-02-29"' in html
    assert f'data-event="{events["planning"].pk}" data-date="2028-03-14"' in html
    assert f'data-event="{events["planning"].pk}" data-date="2028-09-12"' in html
    # Public holidays are shown, not stored.
    assert 'data-holiday="2028-05-17"' in html and 'data-holiday="2028-12-25"' in html
    assert "Drangedal" not in html
    # Not this year: no month is marked.
    assert 'data-current="true"' not in html


def test_the_year_view_marks_this_month(client_for, users, events):
    html = client_for(users["teacher"]).get(reverse("yearplan:year")).content.decode()
    assert 'id="month-11" data-current="true"' in html
    assert html.count('data-current="true"') == 1


def test_the_year_view_filters_by_category(client_for, users, events):
    response = client_for(users["leader"]).get(
        reverse("yearplan:year"), {"ar": 2026, "kategori": "reporting_deadline"}
    )
    shown = {o.event.pk for m in response.context["months"] for o in m.occurrences}
    assert shown == {events["nir"].pk}


def test_a_bad_year_or_category_shows_this_year_and_everything(client_for, users, events):
    response = client_for(users["leader"]).get(
        reverse("yearplan:year"), {"ar": "tjuetjueseks", "kategori": "fest"}
    )
    assert response.context["year"] == 2026 and response.context["category"] == ""


def test_a_teacher_sees_only_the_events_for_teachers_or_everyone(client_for, users, events):
    html = client_for(users["teacher"]).get(reverse("yearplan:events")).content.decode()
    assert f'id="event-{events["g"].pk}"' in html
    assert f'id="event-{events["planning"].pk}"' in html
    assert f'id="event-{events["nir"].pk}"' not in html
    assert reverse("yearplan:event_create") not in html


def test_the_event_list_offers_the_keepers_change_and_delete(client_for, users, events):
    html = client_for(users["leader"]).get(reverse("yearplan:events")).content.decode()
    for key in ("g", "nir", "planning"):
        assert reverse("yearplan:event_edit", args=[events[key].pk]) in html
        assert reverse("yearplan:event_delete", args=[events[key].pk]) in html
    assert f'id="event-{events["foreign"].pk}"' not in html


# --- the form -------------------------------------------------------------------------------

FORM = {
    "title": "Planleggingsmøte",
    "category": "planning_meeting",
    "description": "Halvårsplanlegging",
    "audience": ["consultant", "teacher"],
    "recurrence": "every_n_months",
    "start_date": "2027-03-01",
    "interval_months": "6",
    "day_rule": "weekday",
    "week": "2",
    "weekday": "1",
    "start_time": "09:00",
    "end_time": "12:00",
    "duration_days": "1",
}

EXPECTED_FORM = {
    **dict.fromkeys(KEEPERS, 200),
    **{role: 403 for role in READERS if role not in KEEPERS},
    "participant": 403,
    "mentor": 404,
}


@pytest.mark.parametrize("role", list(EXPECTED_FORM))
def test_who_gets_the_new_event_form(client_for, users, role):
    response = client_for(users[role]).get(reverse("yearplan:event_create"))
    assert response.status_code == EXPECTED_FORM[role]


@pytest.mark.parametrize("role", KEEPERS)
def test_a_keeper_adds_a_planning_meeting_twice_a_year(client_for, users, role):
    response = client_for(users[role]).post(reverse("yearplan:event_create"), FORM)
    assert response.status_code == 302
    event = CalendarEvent.objects.get()
    assert event.audience_roles == ["consultant", "teacher"]
    assert event.occurrences(D(2027, 1, 1), D(2027, 12, 31)) == [D(2027, 3, 9), D(2027, 9, 14)]
    assert AuditEvent.objects.filter(action="calendar_event.create").count() == 1


@pytest.mark.parametrize("role", ["teacher", "payroll", "participant"])
def test_a_reader_cannot_post_a_new_event(client_for, users, role):
    response = client_for(users[role]).post(reverse("yearplan:event_create"), FORM)
    assert response.status_code == 403
    assert not CalendarEvent.objects.exists()


def test_the_form_keeps_what_was_typed_and_shows_the_services_error(client_for, users):
    data = {**FORM, "end_time": "08:00"}
    response = client_for(users["consultant"]).post(reverse("yearplan:event_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "end_time" in form.errors
    assert form["title"].value() == "Planleggingsmøte"
    assert form["audience"].value() == ["consultant", "teacher"]
    assert not CalendarEvent.objects.exists()


def test_a_weekday_rule_without_a_week_is_refused_on_the_field(client_for, users):
    data = {**FORM, "week": ""}
    response = client_for(users["consultant"]).post(reverse("yearplan:event_create"), data)
    assert "week" in response.context["form"].errors


EXPECTED_EDIT = {
    "consultant": 200,
    "leader": 200,
    "teacher": 403,  # sees the planning meeting (for everyone) but does not keep the calendar
    "payroll": 403,
    "nav_advisor": 403,
    "administrator": 403,
    "participant": 404,
    "mentor": 404,
}


@pytest.mark.parametrize("role", list(EXPECTED_EDIT))
@pytest.mark.parametrize("name", ["yearplan:event_edit", "yearplan:event_delete"])
def test_who_may_change_or_delete_an_event(client_for, users, events, role, name):
    response = client_for(users[role]).get(reverse(name, args=[events["planning"].pk]))
    assert response.status_code == EXPECTED_EDIT[role]


def test_an_event_outside_the_readers_audience_is_not_found(client_for, users, events):
    url = reverse("yearplan:event_edit", args=[events["nir"].pk])
    assert client_for(users["teacher"]).get(url).status_code == 404


@pytest.mark.parametrize("name", ["yearplan:event_edit", "yearplan:event_delete"])
def test_another_municipalitys_event_is_not_found(client_for, users, outsider, events, name):
    assert client_for(outsider).get(reverse(name, args=[events["g"].pk])).status_code == 404
    assert (
        client_for(users["leader"]).get(reverse(name, args=[events["foreign"].pk])).status_code
        == 404
    )
    assert client_for(users["leader"]).get(reverse(name, args=[99999])).status_code == 404


def test_the_edit_form_shows_the_event_and_saves_the_change(client_for, users, events):
    client = client_for(users["leader"])
    url = reverse("yearplan:event_edit", args=[events["planning"].pk])
    form = client.get(url).context["form"]
    assert form["week"].value() == 2 and form["day_rule"].value() == "weekday"
    response = client.post(url, {**FORM, "title": "Planleggingsmøte (halvår)"})
    assert response.status_code == 302
    events["planning"].refresh_from_db()
    assert events["planning"].title == "Planleggingsmøte (halvår)"


def test_deleting_asks_first_and_then_deletes(client_for, users, events):
    client = client_for(users["consultant"])
    url = reverse("yearplan:event_delete", args=[events["g"].pk])
    assert client.get(url).status_code == 200
    assert CalendarEvent.objects.filter(pk=events["g"].pk).exists()
    assert client.post(url).status_code == 302
    assert not CalendarEvent.objects.filter(pk=events["g"].pk).exists()


# --- subscribe ------------------------------------------------------------------------------


def _shown_key(response) -> str:
    """The key in the address the page shows once."""
    return response.context["https_url"].rsplit("/", 1)[1].removesuffix(".ics")


def test_subscribing_shows_the_webcal_and_https_addresses_once(client_for, users, events):
    client = client_for(users["consultant"])
    assert client.get(reverse("yearplan:subscribe")).context["token"] is None
    response = client.post(reverse("yearplan:subscribe"), {"action": "create"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = _shown_key(response)
    token = FeedToken.objects.get(user=users["consultant"])
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert response.context["https_url"] == f"http://testserver/kalender/{key}.ics"
    assert response.context["webcal_url"] == f"webcal://testserver/kalender/{key}.ics"
    assert response.context["webcal_url"] in response.content.decode()
    assert client.get(response.context["https_url"]).status_code == 200
    assert AuditEvent.objects.filter(action="calendar_feed.create").count() == 1
    # The address is a secret never logged, and the audit trail does not hold it.
    assert not AuditEvent.objects.filter(changes__icontains=key).exists()


def test_the_subscribe_page_later_says_an_address_exists_without_showing_it(
    client_for, users, events
):
    client = client_for(users["consultant"])
    key = _shown_key(client.post(reverse("yearplan:subscribe"), {"action": "create"}))
    response = client.get(reverse("yearplan:subscribe"))
    html = response.content.decode()
    assert response.context["token"] is not None and "https_url" not in response.context
    assert key not in html and "/kalender/" not in html
    assert "data-address-exists" in html and 'value="regenerate"' in html
    # Making the address again does not show the old one; it redirects back.
    again = client.post(reverse("yearplan:subscribe"), {"action": "create"})
    assert again.status_code == 302 and key not in again.content.decode()
    assert FeedToken.objects.filter(user=users["consultant"]).count() == 1


def test_a_new_address_replaces_the_old_one_on_the_page(client_for, users, events):
    client = client_for(users["teacher"])
    old = _shown_key(client.post(reverse("yearplan:subscribe"), {"action": "create"}))
    response = client.post(reverse("yearplan:subscribe"), {"action": "regenerate"})
    assert response.status_code == 200
    new = _shown_key(response)
    assert new != old
    assert client.get(f"/kalender/{old}.ics").status_code == 404
    assert client.get(f"/kalender/{new}.ics").status_code == 200
    assert client.post(reverse("yearplan:subscribe"), {"action": "revoke"}).status_code == 302
    assert client.get(f"/kalender/{new}.ics").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("mentor", 404), ("participant", 403)])
def test_mentor_and_participant_cannot_make_an_address(client_for, users, role, status):
    response = client_for(users[role]).post(reverse("yearplan:subscribe"), {"action": "create"})
    assert response.status_code == status
    assert not FeedToken.objects.exists()


# --- a fixed number of queries --------------------------------------------------------------


@pytest.mark.parametrize("name", ["yearplan:year", "yearplan:events"])
def test_the_pages_run_a_fixed_number_of_queries(
    client_for, users, municipality, django_assert_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["consultant"])
    CalendarEventFactory(municipality=municipality)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse(name)).status_code == 200
    CalendarEventFactory.create_batch(3, municipality=municipality, planning=True)
    CalendarEventFactory.create_batch(3, municipality=municipality, nir=True)
    with django_assert_num_queries(len(first)):
        client.get(reverse(name))


def test_an_event_on_a_public_holiday_is_marked(client_for, users, municipality):
    # The first Monday of April 2026 is Easter Monday.
    meeting = CalendarEventFactory(
        municipality=municipality,
        recurrence="monthly",
        start_date=D(2026, 1, 1),
        day_rule="weekday",
        week=1,
        weekday=0,
    )
    html = client_for(users["leader"]).get(reverse("yearplan:year"), {"ar": 2026}).content.decode()
    april = html[html.index('id="month-4"') : html.index('id="month-5"')]
    may = html[html.index('id="month-5"') : html.index('id="month-6"')]
    assert f'data-event="{meeting.pk}" data-date="2026-04-06"' in april
    assert "data-on-holiday" in april and "data-on-holiday" not in may
