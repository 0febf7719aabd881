"""Settlement services: the decision, the template and its copy into an arrival's checklist,
ticking items, moving arrivals, who may do what, and bad input refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from introsak.core.models import AuditEvent
from introsak.core.tests.factories import UserFactory
from introsak.participants.models import Household
from introsak.settlement import rules, services
from introsak.settlement.models import (
    Arrival,
    ArrivalStatus,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SettlementDecision,
)

from .conftest import DAY, TODAY, arrival_data

# --- the settlement decision ------------------------------------------------------------------


def test_consultant_records_a_decision_per_year_for_three_years(users):
    for year in (2026, 2027, 2028):
        services.record_settlement_decision(
            actor=users["consultant"],
            data={"year": year, "persons": 10, "council_decision_on": datetime.date(2025, 12, 11)},
        )
    assert list(SettlementDecision.objects.values_list("year", "persons")) == [
        (2026, 10),
        (2027, 10),
        (2028, 10),
    ]
    event = AuditEvent.objects.filter(action="settlement_decision.create").first()
    assert event.changes["persons"] == {"old": None, "new": 10}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": 2026, "persons": -1}, "persons"),
        ({"year": 2026, "persons": ""}, "persons"),
        ({"year": 1999, "persons": 10}, "year"),
        ({"year": 2026, "persons": 10, "unaccompanied_minors": 11}, "unaccompanied_minors"),
        ({"year": 2026, "persons": 10, "families": -2}, "families"),
        ({"year": 2026, "persons": 10, "council_decision_on": "31.02.2026"}, "council_decision_on"),
    ],
)
def test_bad_decision_is_refused_and_nothing_saved(users, data, field):
    with pytest.raises(ValidationError) as error:
        services.record_settlement_decision(actor=users["consultant"], data=data)
    assert field in error.value.message_dict
    assert not SettlementDecision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="settlement").exists()


def test_a_second_decision_for_the_same_year_is_refused(users, decision):
    with pytest.raises(ValidationError) as error:
        services.record_settlement_decision(
            actor=users["leader"], data={"year": decision.year, "persons": 12}
        )
    assert "year" in error.value.message_dict
    assert SettlementDecision.objects.count() == 1


def test_leader_changes_the_decision_and_the_change_is_audited(users, decision):
    services.update_settlement_decision(
        actor=users["leader"], decision=decision, data={"year": decision.year, "persons": 12}
    )
    decision.refresh_from_db()
    assert decision.persons == 12
    event = AuditEvent.objects.get(action="settlement_decision.update")
    assert event.changes == {"persons": {"old": 10, "new": 12}}


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "payroll", "mentor", "participant"])
def test_only_consultant_and_leader_record_decisions(users, role):
    with pytest.raises(PermissionDenied):
        services.record_settlement_decision(actor=users[role], data={"year": 2026, "persons": 1})


def test_outsider_cannot_change_our_decision(outsider, decision):
    with pytest.raises(PermissionDenied):
        services.update_settlement_decision(
            actor=outsider, decision=decision, data={"year": 2026, "persons": 1}
        )


# --- the template and the checklist of an arrival ---------------------------------------------


def test_default_template_is_made_once_when_first_needed(users, municipality):
    assert not ChecklistTemplate.objects.exists()
    template = services.checklist_template_for(actor=users["consultant"])
    again = services.checklist_template_for(actor=users["leader"])
    assert template.pk == again.pk
    assert [(i.role, i.offset_days) for i in template.items.all()] == [
        (item.role, item.offset_days) for item in rules.DEFAULT_CHECKLIST
    ]
    assert AuditEvent.objects.filter(action="checklist_template.create").count() == 1


def test_registering_an_arrival_copies_the_template_with_due_dates(users, arrival):
    items = list(arrival.items.order_by("position"))
    assert [i.offset_days for i in items] == [-14, -3, 3, 7, 14, 21, 21, 30]
    assert [i.due_on for i in items] == [
        TODAY - 4 * DAY,  # housing assigned: 14 days before the arrival in ten days
        TODAY + 7 * DAY,
        TODAY + 13 * DAY,
        TODAY + 17 * DAY,
        TODAY + 24 * DAY,
        TODAY + 31 * DAY,
        TODAY + 31 * DAY,
        TODAY + 40 * DAY,
    ]
    assert {i.role for i in items} == {"consultant", "nav_advisor", "teacher"}
    assert all(i.done_on is None for i in items)
    assert AuditEvent.objects.filter(action="arrival.create", object_id=str(arrival.pk)).exists()


def test_an_edited_template_is_what_the_next_arrival_gets(users, arrival):
    template = services.checklist_template_for(actor=users["consultant"])
    first, second = template.items.order_by("position")[:2]
    services.remove_template_item(actor=users["consultant"], item=first)
    services.update_template_item(
        actor=users["consultant"],
        item=second,
        data={"title": "Bolig klar, nøkler hentet", "role": "leader", "offset_days": -5},
    )
    services.add_template_item(
        actor=users["leader"],
        data={"title": "Bankkonto opprettet", "role": "consultant", "offset_days": "10"},
    )
    last = template.items.order_by("position").last()
    services.move_template_item(actor=users["consultant"], item=last, up=True)
    later = services.register_arrival(
        actor=users["consultant"], data=arrival_data(name="Familien Tesfay")
    )
    titles = list(later.items.order_by("position").values_list("title", "role", "offset_days"))
    assert titles[0] == ("Bolig klar, nøkler hentet", "leader", -5)
    assert titles[-2] == ("Bankkonto opprettet", "consultant", 10)
    assert len(titles) == len(rules.DEFAULT_CHECKLIST)
    # The arrival registered before keeps its checklist.
    assert arrival.items.count() == len(rules.DEFAULT_CHECKLIST)
    assert arrival.items.order_by("position").first().offset_days == -14


def test_a_template_emptied_by_the_municipality_stays_empty(users):
    template = services.checklist_template_for(actor=users["consultant"])
    for item in list(template.items.all()):
        services.remove_template_item(actor=users["consultant"], item=item)
    arrival = services.register_arrival(actor=users["consultant"], data=arrival_data())
    assert arrival.items.count() == 0
    assert services.checklist_template_for(actor=users["consultant"]).items.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "Bank", "role": "consultant", "offset_days": 366}, "offset_days"),
        ({"title": "Bank", "role": "consultant", "offset_days": -400}, "offset_days"),
        ({"title": "Bank", "role": "consultant", "offset_days": ""}, "offset_days"),
        ({"title": "", "role": "consultant", "offset_days": 3}, "title"),
        ({"title": "Bank", "role": "mentor", "offset_days": 3}, "role"),
    ],
)
def test_bad_template_item_is_refused_and_nothing_saved(users, data, field):
    template = services.checklist_template_for(actor=users["consultant"])
    count = template.items.count()
    with pytest.raises(ValidationError) as error:
        services.add_template_item(actor=users["consultant"], data=data)
    assert field in error.value.message_dict
    assert template.items.count() == count
    first = template.items.first()
    with pytest.raises(ValidationError):
        services.update_template_item(actor=users["consultant"], item=first, data=data)
    first.refresh_from_db()
    assert first.offset_days == -14


def test_another_municipality_cannot_touch_our_template(users, outsider):
    template = services.checklist_template_for(actor=users["consultant"])
    item = template.items.first()
    with pytest.raises(PermissionDenied):
        services.remove_template_item(actor=outsider, item=item)
    assert ChecklistTemplateItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "payroll"])
def test_only_the_refugee_service_edits_the_template(users, role):
    with pytest.raises(PermissionDenied):
        services.add_template_item(
            actor=users[role], data={"title": "X", "role": "consultant", "offset_days": 1}
        )


# --- arrivals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expected_on": None}, "expected_on"),
        ({"expected_on": ""}, "expected_on"),
        ({"persons": 0}, "persons"),
        ({"persons": -2}, "persons"),
        ({"persons": 31}, "persons"),
        ({"name": "  "}, "name"),
        ({"languages": ["ar", "klingon"]}, "languages"),
        ({"household": 999999}, "household"),
    ],
)
def test_bad_arrival_is_refused_and_nothing_saved(users, changes, field):
    with pytest.raises(ValidationError) as error:
        services.register_arrival(actor=users["consultant"], data=arrival_data(**changes))
    assert field in error.value.message_dict
    assert not Arrival.objects.exists()
    assert not ChecklistItem.objects.exists()


def test_a_household_of_another_municipality_cannot_be_linked(users, other_municipality):
    foreign = Household.objects.create(municipality=other_municipality, name="Annen")
    with pytest.raises(ValidationError) as error:
        services.register_arrival(
            actor=users["consultant"], data=arrival_data(household=foreign.pk)
        )
    assert "household" in error.value.message_dict


def test_moving_the_arrival_date_moves_what_is_not_done(users, arrival):
    first, second = arrival.items.order_by("position")[:2]
    services.tick_checklist_item(actor=users["consultant"], item=first, done=True)
    services.update_arrival(
        actor=users["consultant"],
        arrival=arrival,
        data=arrival_data(expected_on=TODAY + 20 * DAY),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.due_on == TODAY - 4 * DAY  # done: kept
    assert second.due_on == TODAY + 17 * DAY  # 20 days ahead, −3
    event = AuditEvent.objects.get(action="arrival.update")
    assert "expected_on" in event.changes


def test_arrival_settles_then_cannot_be_cancelled(users, arrival):
    household = Household.objects.create(municipality=users["consultant"].municipality, name="H")
    services.change_arrival_status(
        actor=users["consultant"],
        arrival=arrival,
        to_status=ArrivalStatus.SETTLED,
        on=TODAY,
        household=household.pk,
    )
    arrival.refresh_from_db()
    assert (arrival.status, arrival.settled_on, arrival.household_id) == (
        "settled",
        TODAY,
        household.pk,
    )
    with pytest.raises(ValidationError) as error:
        services.change_arrival_status(
            actor=users["consultant"], arrival=arrival, to_status="cancelled", reason="x"
        )
    assert "status" in error.value.message_dict
    assert AuditEvent.objects.filter(action="arrival.settled").count() == 1


@pytest.mark.parametrize(
    ("to_status", "kwargs", "field"),
    [
        ("settled", {"on": TODAY + DAY}, "on"),
        ("cancelled", {"reason": " "}, "reason"),
        ("expected", {}, "status"),
        ("unknown", {}, "status"),
    ],
)
def test_bad_status_change_is_refused(users, arrival, to_status, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.change_arrival_status(
            actor=users["consultant"], arrival=arrival, to_status=to_status, **kwargs
        )
    assert field in error.value.message_dict
    arrival.refresh_from_db()
    assert arrival.status == "expected"


def test_cancelled_arrival_can_be_expected_again(users, arrival):
    services.change_arrival_status(
        actor=users["leader"], arrival=arrival, to_status="cancelled", reason="IMDi trakk"
    )
    services.change_arrival_status(actor=users["leader"], arrival=arrival, to_status="expected")
    arrival.refresh_from_db()
    assert (arrival.status, arrival.cancel_reason) == ("expected", "")


# --- ticking ----------------------------------------------------------------------------------


def test_consultant_ticks_an_item_with_who_when_and_note(users, arrival):
    item = arrival.items.order_by("position").first()
    services.tick_checklist_item(
        actor=users["consultant"], item=item, done=True, on=TODAY - DAY, note="Kommunal bolig"
    )
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.note) == (
        TODAY - DAY,
        users["consultant"],
        "Kommunal bolig",
    )
    event = AuditEvent.objects.get(action="checklist.tick")
    assert event.changes["done_on"] == {"old": None, "new": (TODAY - DAY).isoformat()}
    services.tick_checklist_item(actor=users["leader"], item=item, done=False)
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.note) == (None, None, "Kommunal bolig")
    assert AuditEvent.objects.filter(action="checklist.untick").count() == 1


def test_an_item_cannot_be_done_in_the_future(users, arrival):
    item = arrival.items.first()
    with pytest.raises(ValidationError) as error:
        services.tick_checklist_item(
            actor=users["consultant"], item=item, done=True, on=TODAY + DAY
        )
    assert "on" in error.value.message_dict
    item.refresh_from_db()
    assert item.done_on is None


def test_teacher_ticks_the_items_of_the_teacher_role_only(users, arrival):
    items = {i.role: i for i in arrival.items.all()}
    services.tick_checklist_item(actor=users["teacher"], item=items["teacher"], done=True)
    with pytest.raises(PermissionDenied):
        services.tick_checklist_item(actor=users["teacher"], item=items["consultant"], done=True)


def test_nav_advisor_ticks_an_item_given_to_them_by_name(users, arrival):
    item = arrival.items.filter(role="consultant").first()
    with pytest.raises(PermissionDenied):
        services.tick_checklist_item(actor=users["nav_advisor"], item=item, done=True)
    services.assign_checklist_item(
        actor=users["consultant"],
        item=item,
        data={"role": "consultant", "responsible": users["nav_advisor"].pk},
    )
    services.tick_checklist_item(actor=users["nav_advisor"], item=item, done=True)
    item.refresh_from_db()
    assert item.done_by == users["nav_advisor"]


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_roles_outside_settlement_cannot_tick(users, arrival, role):
    item = arrival.items.first()
    with pytest.raises(PermissionDenied):
        services.tick_checklist_item(actor=users[role], item=item, done=True)


def test_outsider_cannot_tick_our_items(outsider, arrival):
    with pytest.raises(PermissionDenied):
        services.tick_checklist_item(actor=outsider, item=arrival.items.first(), done=True)


def test_assigning_to_someone_of_another_municipality_is_refused(users, arrival, outsider):
    item = arrival.items.first()
    with pytest.raises(ValidationError) as error:
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"responsible": outsider.pk}
        )
    assert "responsible" in error.value.message_dict


def test_teacher_cannot_reassign_items(users, arrival):
    item = arrival.items.filter(role="teacher").first()
    with pytest.raises(PermissionDenied):
        services.assign_checklist_item(
            actor=users["teacher"], item=item, data={"responsible": users["teacher"].pk}
        )


def test_items_of_a_cancelled_arrival_cannot_be_ticked(users, arrival):
    services.change_arrival_status(
        actor=users["consultant"], arrival=arrival, to_status="cancelled", reason="Kom ikke"
    )
    with pytest.raises(ValidationError):
        services.tick_checklist_item(
            actor=users["consultant"], item=arrival.items.first(), done=True
        )


def test_a_colleague_named_on_an_item_keeps_it_after_leaving_the_role(users, arrival):
    colleague = UserFactory(municipality=users["consultant"].municipality, role="teacher")
    item = arrival.items.filter(role="consultant").first()
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"responsible": colleague.pk}
    )
    services.tick_checklist_item(actor=colleague, item=item, done=True)
    item.refresh_from_db()
    assert item.is_done


# --- review of issue #8 -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_an_item_cannot_be_given_to_someone_outside_settlement(users, arrival, role):
    item = arrival.items.filter(role="consultant").first()
    with pytest.raises(ValidationError) as error:
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"responsible": users[role].pk}
        )
    assert "responsible" in error.value.message_dict
    item.refresh_from_db()
    assert item.responsible is None


def test_an_item_cannot_be_given_to_a_colleague_no_longer_active(users, arrival):
    colleague = UserFactory(
        municipality=users["consultant"].municipality, role="teacher", is_active=False
    )
    item = arrival.items.get(role="teacher")
    with pytest.raises(ValidationError) as error:
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"responsible": colleague.pk}
        )
    assert "responsible" in error.value.message_dict


@pytest.mark.parametrize("role", ["consultant", "leader", "teacher", "nav_advisor"])
def test_an_item_can_be_given_to_each_role_that_takes_part_in_settlement(users, arrival, role):
    item = arrival.items.filter(role="consultant").first()
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"role": role, "responsible": users[role].pk}
    )
    item.refresh_from_db()
    assert (item.role, item.responsible) == (role, users[role])


def test_payroll_is_not_a_checklist_role(users, arrival):
    assert "payroll" not in services.CHECKLIST_ROLES
    item = arrival.items.first()
    with pytest.raises(ValidationError) as error:
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"role": "payroll"}
        )
    assert "role" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_template_item(
            actor=users["consultant"], data={"title": "Lønn", "role": "payroll", "offset_days": 0}
        )
    assert "role" in error.value.message_dict


def test_a_due_date_set_by_hand_keeps_its_distance_when_the_arrival_moves(users, arrival):
    item = arrival.items.get(role="nav_advisor")  # due a week after the arrival
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"due_on": arrival.expected_on + 2 * DAY}
    )
    item.refresh_from_db()
    assert (item.due_on, item.offset_days) == (arrival.expected_on + 2 * DAY, 2)
    event = AuditEvent.objects.filter(action="checklist.update").latest("id")
    assert event.changes["offset_days"] == {"old": 7, "new": 2}
    services.update_arrival(
        actor=users["consultant"],
        arrival=arrival,
        data=arrival_data(expected_on=arrival.expected_on + 5 * DAY),
    )
    item.refresh_from_db()
    assert item.due_on == arrival.expected_on + 7 * DAY


def test_a_due_date_more_than_a_year_from_the_arrival_is_refused(users, arrival):
    item = arrival.items.first()
    with pytest.raises(ValidationError) as error:
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"due_on": arrival.expected_on + 400 * DAY}
        )
    assert "due_on" in error.value.message_dict
    item.refresh_from_db()
    assert item.offset_days == -14


def test_teacher_cannot_tick_an_item_named_to_another_teacher(users, arrival):
    colleague = UserFactory(municipality=users["teacher"].municipality, role="teacher")
    item = arrival.items.get(role="teacher")
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"responsible": colleague.pk}
    )
    with pytest.raises(PermissionDenied):
        services.tick_checklist_item(actor=users["teacher"], item=item, done=True)
    services.tick_checklist_item(actor=colleague, item=item, done=True)
    item.refresh_from_db()
    assert item.done_by == colleague


def test_ticking_again_records_who_and_when_of_the_latest_tick(users, arrival):
    item = arrival.items.filter(role="consultant").first()
    services.tick_checklist_item(actor=users["consultant"], item=item, done=True, on=TODAY - DAY)
    services.tick_checklist_item(actor=users["leader"], item=item, done=True, on=TODAY)
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (TODAY, users["leader"])
    event = AuditEvent.objects.filter(action="checklist.tick").latest("id")
    assert event.actor == users["leader"]
    assert event.changes["done_by"]["new"] == users["leader"].pk
    assert event.changes["done_on"] == {"old": (TODAY - DAY).isoformat(), "new": TODAY.isoformat()}
