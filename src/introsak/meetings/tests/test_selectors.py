"""Reads: the start-page list of action items, the interpreter warning, a participant's
meetings, and the policy's queryset agreeing with its predicate for every role."""

import datetime
from decimal import Decimal

import pytest

from introsak.core.models import Role
from introsak.core.permissions import visible_bookings, visible_meetings
from introsak.core.tests.factories import UserFactory
from introsak.meetings import selectors, services
from introsak.meetings.models import ActionStatus, BookingStatus

from .factories import ActionItemFactory, BookingFactory, MeetingFactory

DAY = datetime.timedelta(days=1)


def test_my_action_items_lists_my_open_items_soonest_first_with_overdue_marked(
    users, meeting, general_meeting, today
):
    late = ActionItemFactory(meeting=meeting, owner=users["teacher"], due_date=today - DAY)
    soon = ActionItemFactory(meeting=general_meeting, owner=users["teacher"], due_date=today)
    ActionItemFactory(meeting=meeting, owner=users["teacher"], status=ActionStatus.DONE)
    ActionItemFactory(meeting=meeting, owner=users["consultant"])
    rows = selectors.my_action_items(users["teacher"], today)
    assert [(r.item, r.overdue) for r in rows] == [(late, True), (soon, False)]


def test_an_owner_sees_their_item_even_from_a_meeting_they_do_not_see(
    users, general_meeting, today
):
    # The leader's meeting gives the payroll officer an action item.
    ActionItemFactory(meeting=general_meeting, owner=users["payroll"])
    assert len(selectors.my_action_items(users["payroll"], today)) == 1


def test_warning_when_a_participant_needs_an_interpreter_and_none_is_booked(users, meeting, arabic):
    [row] = selectors.meeting_rows(users["consultant"], when="upcoming")
    assert len(row.lacking) == 1  # Arabic, by its name in the user's language
    booking = services.book_interpreter(
        actor=users["consultant"],
        meeting=meeting,
        data={"interpreter": arabic.pk, "language": "ar", "mode": "in_person"},
    )
    [row] = selectors.meeting_rows(users["consultant"], when="upcoming")
    assert row.lacking == []
    services.cancel_booking(actor=users["consultant"], booking=booking)
    [row] = selectors.meeting_rows(users["consultant"], when="upcoming")
    assert len(row.lacking) == 1


def test_the_participant_a_meeting_is_about_counts_even_when_not_listed_as_taking_part(
    users, meeting
):
    meeting.participant_attendees.clear()
    detail = selectors.meeting_detail(
        meeting, user=users["consultant"], today=meeting.starts_at.date()
    )
    assert len(detail["lacking"]) == 1


def test_a_booking_in_another_language_leaves_the_warning(users, meeting, municipality):
    BookingFactory(meeting=meeting, language="ti", interpreter__languages=["ti"])
    [row] = selectors.meeting_rows(users["consultant"], when="upcoming")
    assert len(row.lacking) == 1


def test_meeting_list_filters(users, meeting, general_meeting, municipality):
    held = MeetingFactory(
        municipality=municipality, past=True, kind="dialogue", created_by=users["leader"]
    )
    leader = users["leader"]
    assert {r.meeting for r in selectors.meeting_rows(leader, when="upcoming")} == {
        meeting,
        general_meeting,
    }
    assert [r.meeting for r in selectors.meeting_rows(leader, when="past")] == [held]
    assert [r.meeting for r in selectors.meeting_rows(leader, when="all", kind="leader")] == [
        general_meeting
    ]
    assert {r.meeting for r in selectors.meeting_rows(leader, when="all", mine=True)} == {
        general_meeting,
        held,
    }


def test_meetings_for_participant_are_those_about_or_with_them(
    users, meeting, general_meeting, world
):
    general_meeting.participant_attendees.add(world["mine"])
    rows = selectors.meetings_for_participant(users["consultant"], world["mine"])
    # Taking part is not «about»: the consultant sees meetings about participants, and the
    # leader meeting is about nobody.
    assert [r.meeting for r in rows] == [meeting]
    rows = selectors.meetings_for_participant(users["leader"], world["mine"])
    assert {r.meeting for r in rows} == {meeting, general_meeting}
    assert selectors.meetings_for_participant(users["consultant"], world["other"]) == []


def test_cost_per_month_of_the_year(users, meeting, municipality):
    BookingFactory(meeting=meeting, cost=Decimal("1000"))
    BookingFactory(meeting=meeting, cost=Decimal("250.50"), status=BookingStatus.CANCELLED)
    data = selectors.bookings(users["leader"], year=meeting.starts_at.year)
    assert data["total"] == Decimal("1250.50")
    assert [(count, cost) for _, cost, count in data["months"]] == [(2, Decimal("1250.50"))]
    assert selectors.bookings(users["teacher"], year=meeting.starts_at.year)["bookings"] == []


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_policy_queryset_and_predicate_agree_on_meetings(
    users, meeting, general_meeting, world, municipality, other_municipality, role
):
    MeetingFactory(municipality=municipality, participant=world["other"])
    MeetingFactory(municipality=municipality, created_by=users["nav_advisor"])
    MeetingFactory(municipality=other_municipality, created_by=UserFactory(role="leader"))
    user = users[role]
    listed = set(visible_meetings(user))
    from introsak.meetings.models import Meeting

    allowed = {m for m in Meeting.objects.all() if user.has_perm("meetings.view_meeting", m)}
    assert listed == allowed


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_policy_queryset_and_predicate_agree_for_an_action_item_owner(users, general_meeting, role):
    # The leader's meeting gives the user an action item; they do not take part in it.
    user = users[role]
    ActionItemFactory(meeting=general_meeting, owner=user)
    listed = general_meeting in set(visible_meetings(user))
    assert listed == user.has_perm("meetings.view_meeting", general_meeting)
    takes_part = role in ("consultant", "leader", "teacher", "nav_advisor", "payroll")
    assert listed is takes_part


def test_nav_advisor_bookings_are_those_of_meetings_they_see(
    users, meeting, general_meeting, municipality
):
    seen = BookingFactory(meeting=meeting)
    unseen = BookingFactory(meeting=general_meeting)
    year = meeting.starts_at.year
    assert selectors.bookings(users["nav_advisor"], year=year)["bookings"] == [seen]
    assert set(visible_bookings(users["nav_advisor"])) == {seen}
    assert set(visible_bookings(users["consultant"])) == {seen, unseen}
