"""Meeting and interpreter screens for every role: who sees what (404 for what lies outside,
403 for a role that may not act), the forms keeping what was typed with the service's error
on the field, the interpreter warning, and a fixed number of queries per page."""

import datetime

import pytest
from django.urls import reverse

from introsak.core.models import AccessLog, Role
from introsak.meetings import services
from introsak.meetings.models import ActionItem, ActionStatus, Booking, Interpreter, Meeting

from .conftest import HOUR, at
from .factories import ActionItemFactory, BookingFactory, MeetingFactory

ALL = [r.value for r in Role]
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("teacher", 200),
        ("nav_advisor", 200),
        ("payroll", 200),
        ("mentor", 404),
        ("participant", 403),
        ("administrator", 403),
    ],
)
def test_meeting_list_by_role(client_for, users, meeting, role, status):
    response = client_for(users[role]).get(reverse("meetings:list"))
    assert response.status_code == status
    if status == 200:
        shown = [row.meeting for row in response.context["rows"]]
        expected = users[role].has_perm("meetings.view_meeting", meeting)
        assert (meeting in shown) is expected


def test_the_list_marks_a_meeting_lacking_an_interpreter(client_for, users, meeting):
    response = client_for(users["consultant"]).get(reverse("meetings:list"))
    assert b"interpreter-missing" in response.content


def test_the_list_filters_by_type_and_time(client_for, users, meeting, general_meeting):
    client = client_for(users["leader"])
    response = client.get(reverse("meetings:list"), {"type": "leader"})
    assert [r.meeting for r in response.context["rows"]] == [general_meeting]
    response = client.get(reverse("meetings:list"), {"when": "past"})
    assert response.context["rows"] == []
    response = client.get(reverse("meetings:list"), {"mine": "1"})
    assert [r.meeting for r in response.context["rows"]] == [general_meeting]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),  # called it
        ("teacher", 200),  # takes part
        ("leader", 200),  # sees everything
        ("nav_advisor", 200),  # advises the participant it is about
        ("payroll", 404),
        ("mentor", 404),
        ("participant", 404),
        ("administrator", 404),
    ],
)
def test_meeting_page_by_role(client_for, users, meeting, role, status):
    response = client_for(users[role]).get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == status


def test_meeting_page_shows_the_interpreter_warning_and_logs_the_read(client_for, users, meeting):
    response = client_for(users["consultant"]).get(reverse("meetings:detail", args=[meeting.pk]))
    assert b'id="interpreter-warning"' in response.content
    assert AccessLog.objects.filter(
        participant_id=meeting.participant_id, what="meeting.view"
    ).exists()


def test_the_warning_goes_once_an_interpreter_is_booked(client_for, users, meeting, arabic):
    client = client_for(users["consultant"])
    url = reverse("meetings:detail", args=[meeting.pk])
    response = client.post(
        url,
        {
            "action": "book",
            "interpreter": arabic.pk,
            "language": "ar",
            "mode": "in_person",
            "starts_at": "",
            "ends_at": "",
            "cost": "1250,50",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert str(booking.cost) == "1250.50"
    response = client.get(url)
    assert b'id="interpreter-warning"' not in response.content


def test_booking_in_a_language_the_interpreter_lacks_shows_the_error_on_the_field(
    client_for, users, meeting, tigrinya
):
    response = client_for(users["consultant"]).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "book", "interpreter": tigrinya.pk, "language": "ar", "mode": "remote"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["book"]
    assert "language" in form.errors
    assert form["language"].value() == "ar"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_roles_that_do_not_book_are_refused(client_for, users, meeting, arabic, role):
    meeting.attendees.add(users[role])
    response = client_for(users[role]).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "book", "interpreter": arabic.pk, "language": "ar", "mode": "in_person"},
    )
    assert response.status_code == 403


def test_cancelling_a_booking_from_the_meeting_page(client_for, users, meeting):
    booking = BookingFactory(meeting=meeting, booked_by=users["consultant"])
    response = client_for(users["consultant"]).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "cancel_booking", "booking": booking.pk, "cost": "300"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, str(booking.cost)) == ("cancelled", "300.00")


def test_adding_an_action_item_without_owner_keeps_what_was_typed(client_for, users, meeting):
    response = client_for(users["teacher"]).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "add_action", "text": "Lage temauke", "owner": "", "due_date": "2030-01-10"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["action"]
    assert "owner" in form.errors
    assert form["text"].value() == "Lage temauke"
    assert not ActionItem.objects.exists()


def test_an_attendee_adds_an_action_item_and_the_owner_closes_it(client_for, users, meeting):
    url = reverse("meetings:detail", args=[meeting.pk])
    response = client_for(users["teacher"]).post(
        url,
        {
            "action": "add_action",
            "text": "Lage temauke",
            "owner": users["nav_advisor"].pk,
            "due_date": "2030-01-10",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    response = client_for(users["nav_advisor"]).post(
        url, {"action": "close_action", "item": item.pk, "status": "done", "note": "Ferdig"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE


def test_an_outsider_cannot_close_an_item_by_its_id(client_for, users, outsider, meeting):
    item = ActionItemFactory(meeting=meeting, owner=users["consultant"])
    response = client_for(outsider).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "close_action", "item": item.pk, "status": "done"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("teacher", 200),
        ("nav_advisor", 200),
        ("payroll", 403),
        ("mentor", 404),
        ("participant", 403),
        ("administrator", 403),
    ],
)
def test_call_meeting_page_by_role(client_for, users, role, status):
    assert client_for(users[role]).get(reverse("meetings:create")).status_code == status


def test_calling_a_meeting_that_ends_before_it_starts_keeps_what_was_typed(
    client_for, users, world, today
):
    start = at(today + DAY, 10)
    response = client_for(users["consultant"]).post(
        reverse("meetings:create"),
        {
            "kind": "planning",
            "title": "Planleggingsmøte",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - HOUR).strftime("%Y-%m-%dT%H:%M"),
            "attendees": [users["consultant"].pk],
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "ends_at" in form.errors
    assert form["title"].value() == "Planleggingsmøte"
    assert not Meeting.objects.exists()


def test_calling_a_meeting_about_a_participant(client_for, users, world, today):
    client = client_for(users["consultant"])
    response = client.get(reverse("meetings:create"), {"deltaker": world["mine"].pk})
    assert response.context["form"].initial["participant"] == world["mine"].pk
    start = at(today + DAY, 9)
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "dialogue",
            "title": "Dialogmøte",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + HOUR).strftime("%d.%m.%Y %H:%M"),
            "participant": world["mine"].pk,
            "participant_attendees": [world["mine"].pk],
            "external_attendees": "Rektor\nHelsesykepleier",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.participant == world["mine"]
    assert meeting.external_list == ["Rektor", "Helsesykepleier"]


def test_a_transition_talk_before_work_practice(client_for, users, world, today):
    client = client_for(users["consultant"])
    start = at(today + DAY, 13)
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "transition",
            "title": "Overgangssamtale før praksis",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + HOUR).strftime("%Y-%m-%dT%H:%M"),
            "participant": world["mine"].pk,
            "participant_attendees": [world["mine"].pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.get_kind_display() == "Overgangssamtale (til arbeidspraksis eller annet tiltak)"


@pytest.mark.parametrize(
    ("role", "status"),
    [("consultant", 200), ("teacher", 200), ("leader", 200), ("nav_advisor", 403)],
)
def test_edit_page_by_role(client_for, users, meeting, role, status):
    # The NAV advisor sees the meeting (their participant) but does not take part in it.
    response = client_for(users[role]).get(reverse("meetings:edit", args=[meeting.pk]))
    assert response.status_code == status


def test_writing_the_minutes(client_for, users, meeting):
    client = client_for(users["teacher"])
    url = reverse("meetings:edit", args=[meeting.pk])
    data = {
        **{k: v for k, v in client.get(url).context["form"].initial.items() if v is not None},
        "minutes": "Alle var til stede.",
        "decisions": "Neste møte i mars.",
    }
    data["starts_at"] = data["starts_at"].strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = data["ends_at"].strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.minutes == "Alle var til stede."
    assert meeting.participant_id is not None


def test_another_municipality_gets_404(client_for, outsider, meeting):
    client = client_for(outsider)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("teacher", 200),
        ("nav_advisor", 200),
        ("payroll", 200),
        ("mentor", 404),
        ("participant", 403),
        ("administrator", 403),
    ],
)
def test_my_action_items_page_by_role(client_for, users, meeting, role, status):
    ActionItemFactory(meeting=meeting, owner=users["teacher"])
    response = client_for(users[role]).get(reverse("meetings:my_actions"))
    assert response.status_code == status
    if status == 200:
        assert len(response.context["rows"]) == (1 if role == "teacher" else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("leader", 200),
        ("nav_advisor", 200),
        ("teacher", 403),
        ("payroll", 403),
        ("mentor", 404),
        ("participant", 403),
        ("administrator", 403),
    ],
)
def test_interpreter_register_and_bookings_by_role(client_for, users, arabic, role, status):
    client = client_for(users[role])
    assert client.get(reverse("meetings:interpreters")).status_code == status
    assert client.get(reverse("meetings:bookings")).status_code == status


@pytest.mark.parametrize(
    ("role", "create", "edit"),
    [
        ("consultant", 200, 200),
        ("leader", 200, 200),
        ("nav_advisor", 403, 403),  # reads the register
        ("teacher", 403, 404),  # does not see it
        ("mentor", 404, 404),
    ],
)
def test_interpreter_form_by_role(client_for, users, arabic, role, create, edit):
    client = client_for(users[role])
    assert client.get(reverse("meetings:interpreter_create")).status_code == create
    assert client.get(reverse("meetings:interpreter_edit", args=[arabic.pk])).status_code == edit


def test_registering_an_interpreter_under_18_shows_the_error_on_birth_date(
    client_for, users, today
):
    response = client_for(users["consultant"]).post(
        reverse("meetings:interpreter_create"),
        {
            "name": "Ung Tolk",
            "languages": ["ar", "uk"],
            "category": "none",
            "mode": "both",
            "birth_date": today.replace(year=today.year - 16, day=1).isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "birth_date" in form.errors
    assert form["languages"].value() == ["ar", "uk"]
    assert not Interpreter.objects.exists()


def test_registering_and_changing_an_interpreter(client_for, users, today):
    client = client_for(users["leader"])
    data = {
        "name": "Olha Tolk",
        "languages": ["uk", "ru"],
        "category": "D",
        "mode": "remote",
        "phone": "41234567",
        "birth_date": "1980-05-17",
        "is_active": "on",
    }
    assert client.post(reverse("meetings:interpreter_create"), data).status_code == 302
    interpreter = Interpreter.objects.get()
    data["languages"] = ["uk"]
    url = reverse("meetings:interpreter_edit", args=[interpreter.pk])
    assert client.post(url, data).status_code == 302
    assert interpreter.language_codes == ["uk"]


def test_an_interpreter_of_another_municipality_is_404(client_for, outsider, arabic):
    response = client_for(outsider).get(reverse("meetings:interpreter_edit", args=[arabic.pk]))
    assert response.status_code == 404


def test_bookings_page_shows_the_cost_per_month(client_for, users, meeting):
    BookingFactory(meeting=meeting)
    response = client_for(users["leader"]).get(
        reverse("meetings:bookings"), {"ar": meeting.starts_at.year}
    )
    assert b'id="cost-per-month"' in response.content
    assert "1\xa0200,00" in response.content.decode()


# --- the includes for the start page and the participant page -------------------------------


def test_the_start_page_include_lists_my_actions_with_overdue_marked(users, meeting, today):
    from django.template.loader import render_to_string

    from introsak.meetings.selectors import my_action_items

    ActionItemFactory(meeting=meeting, owner=users["teacher"], due_date=today - DAY)
    html = render_to_string(
        "meetings/_my_actions.html", {"actions": my_action_items(users["teacher"], today)}
    )
    assert 'class="overdue"' in html
    assert reverse("meetings:detail", args=[meeting.pk]) in html


def test_the_participant_page_include_lists_their_meetings(users, meeting, rf):
    from django.template.loader import render_to_string

    from introsak.meetings.selectors import meetings_for_participant

    request = rf.get("/")
    request.user = users["consultant"]
    html = render_to_string(
        "meetings/_participant_meetings.html",
        {
            "meetings": meetings_for_participant(users["consultant"], meeting.participant),
            "participant": meeting.participant,
        },
        request=request,
    )
    assert f'data-meeting="{meeting.pk}"' in html
    assert "interpreter-missing" in html


# --- a fixed number of queries --------------------------------------------------------------


def _more_meetings(users, municipality, participant, n):
    for index in range(n):
        m = MeetingFactory(
            municipality=municipality,
            created_by=users["consultant"],
            attendees=[users["consultant"], users["teacher"]],
            participant=participant if index % 2 else None,
            participant_attendees=[participant],
        )
        ActionItemFactory(meeting=m, owner=users["teacher"])
        BookingFactory(meeting=m)


def test_meeting_list_runs_a_fixed_number_of_queries(
    client_for,
    users,
    municipality,
    meeting,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client = client_for(users["consultant"])
    client.get(reverse("meetings:list"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("meetings:list"))
    _more_meetings(users, municipality, meeting.participant, 3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("meetings:list"))
    assert len(response.context["rows"]) == 4


def test_meeting_page_runs_a_fixed_number_of_queries(
    client_for,
    users,
    municipality,
    meeting,
    arabic,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client = client_for(users["consultant"])
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for _ in range(3):
        ActionItemFactory(meeting=meeting, owner=users["teacher"])
        BookingFactory(meeting=meeting, interpreter=arabic)
    meeting.attendees.add(users["nav_advisor"], users["leader"])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_my_actions_and_bookings_run_a_fixed_number_of_queries(
    client_for,
    users,
    municipality,
    meeting,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client = client_for(users["leader"])
    ActionItemFactory(meeting=meeting, owner=users["leader"])
    BookingFactory(meeting=meeting)
    for name in ("meetings:my_actions", "meetings:bookings", "meetings:interpreters"):
        client.get(reverse(name))
        with django_assert_max_num_queries(30) as small:
            client.get(reverse(name))
        counts = len(small.captured_queries)
        _more_meetings(users, municipality, meeting.participant, 2)
        for m in Meeting.objects.all():
            ActionItemFactory(meeting=m, owner=users["leader"])
        with django_assert_num_queries(counts):
            client.get(reverse(name))


def test_actions_of_a_service_call_round_trip(users, meeting, today):
    # The service and the page agree on what an open item is.
    services.add_action_item(
        actor=users["consultant"],
        meeting=meeting,
        data={"text": "x", "owner": users["consultant"].pk, "due_date": today},
    )
    assert ActionItem.objects.get().status == ActionStatus.OPEN


# --- review fixes -----------------------------------------------------------------------------


def test_an_action_item_owner_who_does_not_attend_opens_the_meeting(
    client_for, users, general_meeting
):
    item = ActionItemFactory(meeting=general_meeting, owner=users["payroll"])
    client = client_for(users["payroll"])
    response = client.get(reverse("meetings:detail", args=[general_meeting.pk]))
    assert response.status_code == 200
    assert [a.pk for a in response.context["actions"]] == [item.pk]


def test_the_owner_closes_an_item_as_done_from_my_action_items(client_for, users, general_meeting):
    item = ActionItemFactory(meeting=general_meeting, owner=users["payroll"])
    client = client_for(users["payroll"])
    response = client.get(reverse("meetings:my_actions"))
    assert f'name="item" value="{item.pk}"'.encode() in response.content
    response = client.post(
        reverse("meetings:my_actions"), {"item": item.pk, "status": "done", "note": "Gjort"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.closed_by_id, item.note) == (
        ActionStatus.DONE,
        users["payroll"].pk,
        "Gjort",
    )


def test_closing_someone_elses_item_from_my_action_items_is_404(client_for, users, general_meeting):
    item = ActionItemFactory(meeting=general_meeting, owner=users["leader"])
    response = client_for(users["payroll"]).post(
        reverse("meetings:my_actions"), {"item": item.pk, "status": "done"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_nav_advisor_sees_only_bookings_of_meetings_they_see(
    client_for, users, meeting, general_meeting
):
    seen = BookingFactory(meeting=meeting)
    BookingFactory(meeting=general_meeting)
    year = meeting.starts_at.year
    response = client_for(users["nav_advisor"]).get(reverse("meetings:bookings"), {"ar": year})
    assert [b.pk for b in response.context["bookings"]] == [seen.pk]
    response = client_for(users["leader"]).get(reverse("meetings:bookings"), {"ar": year})
    assert len(response.context["bookings"]) == 2


def test_cancelling_a_booking_with_an_invalid_cost_shows_the_error_and_saves_nothing(
    client_for, users, meeting
):
    booking = BookingFactory(meeting=meeting, booked_by=users["consultant"])
    response = client_for(users["consultant"]).post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"action": "cancel_booking", "booking": booking.pk, "cost": "tusen"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["cancel"]
    assert "cost" in form.errors
    assert form["cost"].value() == "tusen"
    booking.refresh_from_db()
    assert (booking.status, str(booking.cost)) == ("ordered", "1200.00")


def test_the_meeting_page_logs_a_read_of_each_participant_named_on_it(
    client_for, users, meeting, world
):
    meeting.participant_attendees.add(world["other"])
    client_for(users["consultant"]).get(reverse("meetings:detail", args=[meeting.pk]))
    logged = sorted(
        AccessLog.objects.filter(what="meeting.view").values_list("participant_id", flat=True)
    )
    assert logged == sorted([world["mine"].pk, world["other"].pk])


def test_an_unknown_language_in_the_interpreter_filter_is_ignored(client_for, users, arabic):
    response = client_for(users["consultant"]).get(
        reverse("meetings:interpreters"), {"language": "zz' OR 1=1"}
    )
    assert response.status_code == 200
    assert response.context["language"] == ""
    assert response.context["interpreters"] == [arabic]
    response = client_for(users["consultant"]).get(
        reverse("meetings:interpreters"), {"language": "ti"}
    )
    assert response.context["interpreters"] == []
