"""Meeting and interpreter services: what they save, what they refuse (with the field, and
nothing saved), who may call them, and the audit trail they leave."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from introsak.core.models import AuditEvent
from introsak.core.tests.factories import UserFactory
from introsak.meetings import services
from introsak.meetings.models import (
    ActionItem,
    ActionStatus,
    Booking,
    BookingStatus,
    Interpreter,
    Meeting,
)

from .conftest import HOUR, at
from .factories import ActionItemFactory, InterpreterFactory

DAY = datetime.timedelta(days=1)


def meeting_data(today, **extra):
    start = at(today + DAY, 10)
    return {
        "kind": "planning",
        "title": "Planleggingsmøte høst",
        "purpose": "Årshjul og felles temauker",
        "starts_at": start,
        "ends_at": start + 2 * HOUR,
        "place": "Rådhuset",
        **extra,
    }


def errors_of(exc) -> dict:
    return exc.value.message_dict


# --- meetings -------------------------------------------------------------------------------


def test_consultant_calls_a_meeting_with_colleagues_and_participants(users, world, today):
    meeting = services.call_meeting(
        actor=users["consultant"],
        data=meeting_data(today, participant=world["mine"].pk),
        attendee_ids=[users["consultant"].pk, users["nav_advisor"].pk, users["teacher"].pk],
        participant_ids=[world["mine"].pk],
    )
    assert meeting.participant == world["mine"]
    assert set(meeting.attendees.all()) == {
        users["consultant"],
        users["nav_advisor"],
        users["teacher"],
    }
    event = AuditEvent.objects.get(action="meeting.create")
    assert event.participant_id == world["mine"].pk
    assert event.changes["title"]["new"] == "Planleggingsmøte høst"


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_is_saved(users, today):
    data = meeting_data(today)
    data["ends_at"] = data["starts_at"] - HOUR
    with pytest.raises(ValidationError) as exc:
        services.call_meeting(actor=users["consultant"], data=data)
    assert "ends_at" in errors_of(exc)
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action="meeting.create").exists()


def test_a_meeting_without_title_or_type_names_both_fields(users, today):
    with pytest.raises(ValidationError) as exc:
        services.call_meeting(
            actor=users["consultant"], data=meeting_data(today, title=" ", kind="party")
        )
    assert {"title", "kind"} <= set(errors_of(exc))


@pytest.mark.parametrize("role", ["consultant", "leader", "nav_advisor", "teacher"])
def test_office_roles_call_meetings(users, today, role):
    meeting = services.call_meeting(actor=users[role], data=meeting_data(today))
    assert meeting.created_by == users[role]


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_other_roles_cannot_call_meetings(users, today, role):
    with pytest.raises(PermissionDenied):
        services.call_meeting(actor=users[role], data=meeting_data(today))


def test_a_teacher_cannot_make_a_meeting_about_a_participant_they_do_not_teach(users, world, today):
    with pytest.raises(ValidationError) as exc:
        services.call_meeting(
            actor=users["teacher"],
            data=meeting_data(today, participant=world["other"].pk),
            participant_ids=[world["other"].pk],
        )
    assert {"participant", "participant_attendees"} <= set(errors_of(exc))


def test_colleagues_of_another_municipality_cannot_take_part(users, outsider, today):
    with pytest.raises(ValidationError) as exc:
        services.call_meeting(
            actor=users["consultant"], data=meeting_data(today), attendee_ids=[outsider.pk]
        )
    assert "attendees" in errors_of(exc)


def test_changing_a_meeting_keeps_participants_the_actor_does_not_see(
    users, world, today, general_meeting
):
    general_meeting.participant_attendees.set([world["other"]])
    general_meeting.attendees.add(users["teacher"])
    services.update_meeting(
        actor=users["teacher"],
        meeting=general_meeting,
        data=meeting_data(today, minutes="Vi ble enige om temauker."),
        attendee_ids=[users["leader"].pk, users["teacher"].pk],
        participant_ids=[world["mine"].pk],
    )
    general_meeting.refresh_from_db()
    assert general_meeting.minutes == "Vi ble enige om temauker."
    assert set(general_meeting.participant_attendees.all()) == {world["mine"], world["other"]}
    assert AuditEvent.objects.filter(action="meeting.update").exists()


def test_an_attendee_from_a_role_that_does_not_call_meetings_cannot_change_it(
    users, general_meeting, today
):
    general_meeting.attendees.add(users["payroll"])
    with pytest.raises(PermissionDenied):
        services.update_meeting(
            actor=users["payroll"], meeting=general_meeting, data=meeting_data(today)
        )


# --- action items ---------------------------------------------------------------------------


def test_an_action_item_has_an_owner_and_a_due_date(users, meeting, today):
    item = services.add_action_item(
        actor=users["consultant"],
        meeting=meeting,
        data={"text": "Bestille tolk", "owner": users["nav_advisor"].pk, "due_date": today},
    )
    assert item.owner == users["nav_advisor"]
    assert item.status == ActionStatus.OPEN
    event = AuditEvent.objects.get(action="meeting.action.add")
    assert event.participant_id == meeting.participant_id


def test_an_action_item_without_an_owner_is_refused_and_nothing_is_saved(users, meeting, today):
    with pytest.raises(ValidationError) as exc:
        services.add_action_item(
            actor=users["consultant"],
            meeting=meeting,
            data={"text": "Bestille tolk", "owner": None, "due_date": today},
        )
    assert "owner" in errors_of(exc)
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("owner", ["outsider", "mentor", "participant", "nonsense"])
def test_an_action_item_is_owned_by_a_colleague_of_the_municipality(
    users, outsider, meeting, today, owner
):
    value = {"outsider": outsider.pk, "nonsense": "abc"}.get(owner) or users[owner].pk
    with pytest.raises(ValidationError) as exc:
        services.add_action_item(
            actor=users["consultant"],
            meeting=meeting,
            data={"text": "Noe", "owner": value, "due_date": today},
        )
    assert "owner" in errors_of(exc)


def test_an_action_item_needs_text_and_a_due_date(users, meeting):
    with pytest.raises(ValidationError) as exc:
        services.add_action_item(
            actor=users["consultant"],
            meeting=meeting,
            data={"text": "", "owner": users["consultant"].pk, "due_date": None},
        )
    assert {"text", "due_date"} <= set(errors_of(exc))


def test_the_owner_closes_their_action_item_once(users, meeting):
    item = ActionItemFactory(meeting=meeting, owner=users["nav_advisor"])
    services.close_action_item(actor=users["nav_advisor"], item=item, note="Tolk bestilt")
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert item.closed_by == users["nav_advisor"]
    assert item.note == "Tolk bestilt"
    with pytest.raises(ValidationError) as exc:
        services.close_action_item(actor=users["nav_advisor"], item=item)
    assert "status" in errors_of(exc)


def test_someone_who_neither_owns_nor_runs_the_meeting_cannot_close_an_item(users, meeting):
    item = ActionItemFactory(meeting=meeting, owner=users["consultant"])
    with pytest.raises(PermissionDenied):
        services.close_action_item(actor=users["nav_advisor"], item=item)


def test_an_action_item_can_be_cancelled(users, meeting):
    item = ActionItemFactory(meeting=meeting, owner=users["teacher"])
    services.close_action_item(
        actor=users["consultant"], item=item, status=ActionStatus.CANCELLED, note="Ikke aktuelt"
    )
    item.refresh_from_db()
    assert item.status == ActionStatus.CANCELLED


# --- interpreters ---------------------------------------------------------------------------


def interpreter_data(today, **extra):
    return {
        "name": "Amina Dari",
        "category": "C",
        "mode": "both",
        "phone": "+47 912 34 567",
        "email": "amina@example.org",
        "birth_date": today.replace(year=today.year - 35),
        **extra,
    }


def test_consultant_registers_an_interpreter_with_languages(users, today):
    interpreter = services.register_interpreter(
        actor=users["consultant"], data=interpreter_data(today), languages=["prs", "fa"]
    )
    assert sorted(interpreter.language_codes) == ["fa", "prs"]
    event = AuditEvent.objects.get(action="interpreter.create")
    assert event.changes["languages"]["new"] == ["fa", "prs"]


def test_an_interpreter_under_18_is_refused_and_nothing_is_saved(users, today):
    seventeen = today.replace(year=today.year - 17)
    with pytest.raises(ValidationError) as exc:
        services.register_interpreter(
            actor=users["consultant"],
            data=interpreter_data(today, birth_date=seventeen),
            languages=["prs"],
        )
    assert "birth_date" in errors_of(exc)
    assert not Interpreter.objects.exists()


def test_an_interpreter_who_turns_18_today_may_be_registered(users, today):
    # (On 29 February, someone born 28 February 18 years ago.)
    eighteen = today.replace(
        year=today.year - 18, day=min(today.day, 28 if today.month == 2 else 31)
    )
    interpreter = services.register_interpreter(
        actor=users["leader"], data=interpreter_data(today, birth_date=eighteen), languages=["uk"]
    )
    assert interpreter.pk


def test_an_interpreter_needs_a_language_a_category_and_a_valid_email(users, today):
    with pytest.raises(ValidationError) as exc:
        services.register_interpreter(
            actor=users["consultant"],
            data=interpreter_data(today, category="7", email="ikke-epost"),
            languages=[],
        )
    assert {"languages", "category", "email"} <= set(errors_of(exc))


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "payroll"])
def test_only_the_refugee_service_and_leader_keep_the_register(users, today, role):
    with pytest.raises(PermissionDenied):
        services.register_interpreter(
            actor=users[role], data=interpreter_data(today), languages=["ar"]
        )


def test_changing_an_interpreter_replaces_their_languages(users, arabic, today):
    services.update_interpreter(
        actor=users["consultant"],
        interpreter=arabic,
        data=interpreter_data(today, name=arabic.name),
        languages=["ar", "so"],
    )
    arabic.refresh_from_db()
    assert sorted(arabic.language_codes) == ["ar", "so"]
    assert AuditEvent.objects.filter(action="interpreter.update").exists()


# --- bookings -------------------------------------------------------------------------------


def booking_data(interpreter, **extra):
    return {
        "interpreter": interpreter.pk,
        "language": "ar",
        "mode": "in_person",
        "cost": Decimal("1450.00"),
        **extra,
    }


def test_consultant_books_an_interpreter_for_the_meeting_times(users, meeting, arabic):
    booking = services.book_interpreter(
        actor=users["consultant"], meeting=meeting, data=booking_data(arabic)
    )
    assert booking.starts_at == meeting.starts_at
    assert booking.ends_at == meeting.ends_at
    assert booking.cost == Decimal("1450.00")
    assert booking.status == BookingStatus.ORDERED
    event = AuditEvent.objects.get(action="interpreter.booking.create")
    assert event.participant_id == meeting.participant_id


def test_booking_for_a_language_the_interpreter_does_not_have_is_refused(users, meeting, tigrinya):
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"],
            meeting=meeting,
            data=booking_data(tigrinya, mode="remote"),
        )
    assert "language" in errors_of(exc)
    assert not Booking.objects.exists()


def test_booking_a_person_under_18_on_the_meeting_day_is_refused(users, municipality, meeting):
    # Registered before the rule, or imported: the booking checks the age again.
    day = meeting.starts_at.date()
    child = InterpreterFactory(
        municipality=municipality, birth_date=day.replace(year=day.year - 16)
    )
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"], meeting=meeting, data=booking_data(child)
        )
    assert "interpreter" in errors_of(exc)
    assert "§ 4" in errors_of(exc)["interpreter"][0]
    assert not Booking.objects.exists()


def test_a_remote_only_interpreter_cannot_be_booked_in_person(users, meeting, tigrinya):
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"],
            meeting=meeting,
            data=booking_data(tigrinya, language="ti", mode="in_person"),
        )
    assert "mode" in errors_of(exc)


def test_an_interpreter_of_another_municipality_cannot_be_booked(
    users, other_municipality, meeting
):
    foreign = InterpreterFactory(municipality=other_municipality)
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"], meeting=meeting, data=booking_data(foreign)
        )
    assert "interpreter" in errors_of(exc)


def test_a_negative_cost_or_a_booking_ending_before_it_starts_is_refused(users, meeting, arabic):
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"],
            meeting=meeting,
            data=booking_data(
                arabic,
                cost="-5",
                starts_at=meeting.starts_at,
                ends_at=meeting.starts_at - HOUR,
            ),
        )
    assert {"cost", "ends_at"} <= set(errors_of(exc))


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_teachers_and_nav_do_not_book_interpreters(users, meeting, arabic, role):
    meeting.attendees.add(users[role])
    with pytest.raises(PermissionDenied):
        services.book_interpreter(actor=users[role], meeting=meeting, data=booking_data(arabic))


def test_a_booking_is_confirmed_then_cancelled_with_a_late_fee(users, meeting, arabic):
    booking = services.book_interpreter(
        actor=users["consultant"], meeting=meeting, data=booking_data(arabic)
    )
    services.confirm_booking(actor=users["consultant"], booking=booking)
    services.cancel_booking(
        actor=users["leader"], booking=booking, cost="1450", reason="Deltaker syk"
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cost == Decimal("1450.00")
    with pytest.raises(ValidationError):
        services.cancel_booking(actor=users["leader"], booking=booking)
    assert AuditEvent.objects.get(action="interpreter.booking.cancel").reason == "Deltaker syk"


def test_cancelling_without_a_cost_costs_nothing(users, meeting, arabic):
    booking = services.book_interpreter(
        actor=users["consultant"], meeting=meeting, data=booking_data(arabic)
    )
    services.cancel_booking(actor=users["consultant"], booking=booking)
    booking.refresh_from_db()
    assert booking.cost == 0


def test_an_outsider_cannot_book_for_our_meeting(outsider, meeting, arabic):
    with pytest.raises(PermissionDenied):
        services.book_interpreter(actor=outsider, meeting=meeting, data=booking_data(arabic))


def test_a_user_of_another_municipality_is_never_an_owner(users, meeting, today):
    stranger = UserFactory(role="consultant")
    with pytest.raises(ValidationError):
        services.add_action_item(
            actor=users["consultant"],
            meeting=meeting,
            data={"text": "x", "owner": stranger.pk, "due_date": today},
        )


@pytest.mark.parametrize("field", ["attendee_ids", "participant_ids"])
@pytest.mark.parametrize("value", [99999999999999999999, "99999999999999999999", "²"])
def test_an_out_of_range_id_is_refused_on_the_field(users, today, field, value):
    with pytest.raises(ValidationError) as exc:
        services.call_meeting(
            actor=users["consultant"], data=meeting_data(today), **{field: [value]}
        )
    expected = "attendees" if field == "attendee_ids" else "participant_attendees"
    assert expected in errors_of(exc)
    assert not Meeting.objects.exists()


def test_the_interpreter_age_is_checked_on_the_booking_day(users, municipality, meeting):
    # 18 on the meeting day, 17 on the day before when the booking starts: refused.
    meeting_day = meeting.starts_at.date()
    interpreter = InterpreterFactory(
        municipality=municipality, birth_date=meeting_day.replace(year=meeting_day.year - 18)
    )
    before = meeting.starts_at - DAY
    with pytest.raises(ValidationError) as exc:
        services.book_interpreter(
            actor=users["consultant"],
            meeting=meeting,
            data=booking_data(interpreter, starts_at=before, ends_at=before + HOUR),
        )
    assert "interpreter" in errors_of(exc)
    # 17 on the meeting day, 18 on the day after when the booking starts: allowed.
    young = InterpreterFactory(
        municipality=municipality,
        birth_date=(meeting_day + DAY).replace(year=meeting_day.year - 18),
    )
    after = meeting.starts_at + DAY
    booking = services.book_interpreter(
        actor=users["consultant"],
        meeting=meeting,
        data=booking_data(young, starts_at=after, ends_at=after + HOUR),
    )
    assert booking.interpreter == young
