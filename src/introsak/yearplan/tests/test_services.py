"""Keeping the annual calendar and the feed address: who may, what is refused before anything
is saved, and what the audit trail says."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from introsak.core.models import AuditEvent
from introsak.core.permissions import calendar_events_for_role, visible_calendar_events
from introsak.yearplan import selectors, services
from introsak.yearplan.models import CalendarEvent, FeedToken

from .factories import CalendarEventFactory

D = datetime.date


@pytest.mark.parametrize("role", ["leader", "consultant"])
def test_leader_and_consultant_add_an_event(users, g_data, role):
    event = services.add_event(actor=users[role], data=g_data)
    assert event.municipality_id == users[role].municipality_id
    assert event.occurrences(D(2026, 1, 1), D(2027, 12, 31)) == [D(2026, 5, 1), D(2027, 5, 1)]
    audit = AuditEvent.objects.get(action="calendar_event.create")
    assert audit.object_id == str(event.pk)
    assert audit.changes["title"] == {"old": None, "new": "Ny G"}
    assert audit.changes["recurrence"] == {"old": None, "new": "yearly"}


@pytest.mark.parametrize(
    "role", ["payroll", "teacher", "nav_advisor", "mentor", "participant", "administrator"]
)
def test_other_roles_cannot_add_an_event(users, g_data, role):
    with pytest.raises(PermissionDenied):
        services.add_event(actor=users[role], data=g_data)
    assert not CalendarEvent.objects.exists()


def test_the_audience_is_kept_as_roles(users, g_data):
    g_data["audience"] = ["payroll", "leader", "consultant"]
    event = services.add_event(actor=users["leader"], data=g_data)
    assert event.audience_roles == ["consultant", "leader", "payroll"]
    assert event.is_for("payroll") and not event.is_for("teacher")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"category": "party"}, "category"),
        ({"audience": ["mentor"]}, "audience"),
        ({"audience": ["participant"]}, "audience"),
        ({"all_day": False, "start_time": None}, "start_time"),
        (
            {"all_day": False, "start_time": datetime.time(12), "end_time": datetime.time(9)},
            "end_time",
        ),
        ({"recurrence": "every_n_months", "interval_months": 0}, "interval_months"),
        ({"recurrence": "monthly", "day_rule": "weekday", "week": None, "weekday": 1}, "week"),
        ({"recurrence": "monthly", "day_rule": "weekday", "week": 2, "weekday": None}, "weekday"),
        ({"until": D(2026, 4, 1)}, "until"),
        ({"start_date": None}, "start_date"),
        ({"start_date": "1. mai"}, "start_date"),
        ({"duration_days": 0}, "duration_days"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(users, g_data, change, field):
    with pytest.raises(ValidationError) as excinfo:
        services.add_event(actor=users["consultant"], data={**g_data, **change})
    assert field in excinfo.value.message_dict
    assert not CalendarEvent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_timed_event_is_one_day_and_an_all_day_event_has_no_times(users, g_data):
    timed = services.add_event(
        actor=users["leader"],
        data={
            **g_data,
            "all_day": False,
            "start_time": "09:00",
            "end_time": "10:30",
            "duration_days": 5,
        },
    )
    assert (timed.duration_days, timed.start_time) == (1, datetime.time(9))
    all_day = services.add_event(
        actor=users["leader"], data={**g_data, "start_time": datetime.time(9)}
    )
    assert all_day.start_time is None


def test_changing_an_event_records_what_changed(users, municipality, g_data):
    event = services.add_event(actor=users["consultant"], data=g_data)
    services.change_event(
        actor=users["leader"],
        event=event,
        data={**g_data, "title": "Ny G fra 1. mai", "audience": ["payroll"]},
    )
    event.refresh_from_db()
    assert event.title == "Ny G fra 1. mai"
    audit = AuditEvent.objects.get(action="calendar_event.update")
    assert audit.actor == users["leader"]
    assert audit.changes == {
        "audience": {"old": "", "new": ",payroll,"},
        "title": {"old": "Ny G", "new": "Ny G fra 1. mai"},
    }


def test_saving_without_changes_writes_no_audit_event(users, g_data):
    event = services.add_event(actor=users["consultant"], data=g_data)
    services.change_event(actor=users["consultant"], event=event, data=g_data)
    assert not AuditEvent.objects.filter(action="calendar_event.update").exists()


def test_another_municipalitys_event_cannot_be_changed_or_deleted(users, outsider, g_data):
    event = services.add_event(actor=users["consultant"], data=g_data)
    with pytest.raises(PermissionDenied):
        services.change_event(actor=outsider, event=event, data={**g_data, "title": "x"})
    with pytest.raises(PermissionDenied):
        services.delete_event(actor=outsider, event=event)
    assert CalendarEvent.objects.filter(pk=event.pk).exists()


def test_a_teacher_who_sees_an_event_cannot_change_it(users, g_data):
    event = services.add_event(actor=users["consultant"], data=g_data)
    assert users["teacher"].has_perm("yearplan.view_event", event)
    with pytest.raises(PermissionDenied):
        services.change_event(actor=users["teacher"], event=event, data=g_data)


def test_deleting_an_event_is_recorded_with_what_it_was(users, g_data):
    event = services.add_event(actor=users["consultant"], data=g_data)
    pk = event.pk
    services.delete_event(actor=users["leader"], event=event)
    assert not CalendarEvent.objects.filter(pk=pk).exists()
    audit = AuditEvent.objects.get(action="calendar_event.delete")
    assert audit.object_id == str(pk)
    assert audit.changes["title"] == {"old": "Ny G", "new": None}


# --- who sees which events ------------------------------------------------------------------


@pytest.fixture
def events(municipality, other_municipality):
    return {
        "everyone": CalendarEventFactory(municipality=municipality),
        "staff": CalendarEventFactory(municipality=municipality, nir=True),
        "teachers": CalendarEventFactory(municipality=municipality, audience=",teacher,"),
        "foreign": CalendarEventFactory(municipality=other_municipality),
    }


@pytest.mark.parametrize(
    ("role", "in_view", "in_feed"),
    [
        ("leader", {"everyone", "staff", "teachers"}, {"everyone", "staff"}),
        ("consultant", {"everyone", "staff", "teachers"}, {"everyone", "staff"}),
        ("teacher", {"everyone", "teachers"}, {"everyone", "teachers"}),
        ("payroll", {"everyone"}, {"everyone"}),
        ("nav_advisor", {"everyone"}, {"everyone"}),
        ("administrator", {"everyone"}, {"everyone"}),
        ("mentor", set(), set()),
        ("participant", set(), set()),
    ],
)
def test_each_role_sees_the_events_of_its_audience(users, events, role, in_view, in_feed):
    names = {event.pk: name for name, event in events.items()}
    user = users[role]
    assert {names[e.pk] for e in visible_calendar_events(user)} == in_view
    assert {names[e.pk] for e in calendar_events_for_role(user)} == in_feed
    # The list and the single-object check agree.
    for name, event in events.items():
        assert user.has_perm("yearplan.view_event", event) == (name in in_view)


def test_an_outsider_sees_none_of_our_events(outsider, events):
    assert list(visible_calendar_events(outsider)) == [events["foreign"]]


# --- the year view --------------------------------------------------------------------------


def test_the_year_view_puts_occurrences_and_public_holidays_in_their_months(users, events):
    months = selectors.year_view(users["leader"], year=2028, today=D(2026, 11, 24))
    assert len(months) == 12
    assert [o.date for o in months[1].occurrences] == [D(2028, 2, 29)]
    assert [o.date for o in months[4].occurrences] == [D(2028, 5, 1), D(2028, 5, 1)]
    may_holidays = [day for day, _name in months[4].holidays]
    assert D(2028, 5, 17) in may_holidays and D(2028, 5, 1) in may_holidays
    assert not any(month.is_current for month in months)


def test_the_year_view_marks_this_month_and_filters_by_category(users, events):
    months = selectors.year_view(
        users["leader"], year=2026, today=D(2026, 11, 24), category="reporting_deadline"
    )
    assert [m.first.month for m in months if m.is_current] == [11]
    found = [o.event for m in months for o in m.occurrences]
    assert found == [events["staff"]]


# --- the feed address -----------------------------------------------------------------------


def test_subscribing_makes_one_address_and_records_it(users):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    again = services.subscribe_to_calendar(actor=users["consultant"])
    assert token == again and len(token.key) >= 32
    audit = AuditEvent.objects.get(action="calendar_feed.create")
    assert audit.actor == users["consultant"]
    # The address is a secret: it never goes into the audit trail.
    assert token.key not in str(audit.changes) and token.key not in audit.object_repr


def test_only_a_hash_of_the_feed_address_is_stored(users):
    token = services.subscribe_to_calendar(actor=users["consultant"])
    key = token.key
    stored = FeedToken.objects.get(pk=token.pk)
    assert stored.key is None
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    row = FeedToken.objects.filter(pk=token.pk).values().get()
    assert not any(key in str(value) for value in row.values())
    # The secret is shown once: asking again gives the same address without its key.
    assert services.subscribe_to_calendar(actor=users["consultant"]).key is None
    assert selectors.feed_token_for_key(key) == token
    assert selectors.feed_token_for_key(stored.key_hash) is None


def test_a_new_address_revokes_the_old_one(users):
    old = services.subscribe_to_calendar(actor=users["teacher"])
    new = services.regenerate_calendar_feed(actor=users["teacher"])
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None and new.key != old.key
    assert services.active_feed(users["teacher"]) == new
    assert AuditEvent.objects.filter(action="calendar_feed.regenerate").count() == 1


def test_revoking_leaves_no_active_address(users):
    services.subscribe_to_calendar(actor=users["payroll"])
    services.revoke_calendar_feed(actor=users["payroll"])
    assert services.active_feed(users["payroll"]) is None
    assert AuditEvent.objects.filter(action="calendar_feed.revoke").count() == 1


@pytest.mark.parametrize("role", ["mentor", "participant"])
def test_mentor_and_participant_get_no_feed(users, role):
    with pytest.raises(PermissionDenied):
        services.subscribe_to_calendar(actor=users[role])
    assert not FeedToken.objects.exists()
