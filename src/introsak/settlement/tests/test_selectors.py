"""Reads: the year's progress, and the checklist items due for a user's start page."""

from introsak.core.tests.factories import UserFactory
from introsak.settlement import selectors, services

from .conftest import DAY, TODAY, arrival_data


def test_progress_counts_people_settled_and_expected_in_the_year(users, decision):
    consultant = users["consultant"]
    settled = services.register_arrival(
        actor=consultant, data=arrival_data(expected_on=TODAY - 30 * DAY, persons=4)
    )
    services.change_arrival_status(
        actor=consultant, arrival=settled, to_status="settled", on=TODAY - 29 * DAY
    )
    services.register_arrival(actor=consultant, data=arrival_data(persons=3))
    cancelled = services.register_arrival(actor=consultant, data=arrival_data(persons=2))
    services.change_arrival_status(
        actor=consultant, arrival=cancelled, to_status="cancelled", reason="Kom ikke"
    )
    # Next year's arrival counts against next year.
    services.register_arrival(
        actor=consultant, data=arrival_data(expected_on=TODAY.replace(year=2027, month=2))
    )
    o = selectors.overview(users["teacher"], year=TODAY.year, today=TODAY)
    assert (o.progress.agreed, o.progress.settled, o.progress.expected) == (10, 4, 3)
    assert o.progress.remaining == 3
    assert len(o.arrivals) == 3  # the cancelled one is listed, with no overdue items
    by_id = {a.pk: a for a in o.arrivals}
    assert by_id[cancelled.pk].items_overdue == 0
    # Settled 29 days ago, arrived 30 days ago: all but the first assessment (due today).
    assert by_id[settled.pk].items_overdue == 7


def test_due_items_are_the_users_by_name_or_by_role(users, arrival):
    # Due within 14 days from 24.11: housing assigned (20.11, overdue), housing prepared
    # (01.12), information meeting (07.12) — all consultant items.
    due = selectors.due_checklist_items(users["consultant"], TODAY)
    assert [i.offset_days for i in due] == [-14, -3, 3]
    assert [i.overdue for i in due] == [True, False, False]
    assert due[0].overdue_days == 4
    # The NAV advisor's stipend is due 11.12, 17 days ahead: not yet.
    assert selectors.due_checklist_items(users["nav_advisor"], TODAY) == []
    assert len(selectors.due_checklist_items(users["nav_advisor"], TODAY + 3 * DAY)) == 1


def test_an_item_given_to_a_colleague_leaves_the_roles_list(users, arrival):
    colleague = UserFactory(municipality=users["consultant"].municipality, role="leader")
    item = arrival.items.order_by("position").first()
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"responsible": colleague.pk}
    )
    mine = selectors.due_checklist_items(users["consultant"], TODAY)
    theirs = selectors.due_checklist_items(colleague, TODAY)
    assert item.pk not in [i.pk for i in mine]
    assert [i.pk for i in theirs] == [item.pk]


def test_done_items_and_cancelled_arrivals_are_not_due(users, arrival):
    first = arrival.items.order_by("position").first()
    services.tick_checklist_item(actor=users["consultant"], item=first, done=True)
    assert len(selectors.due_checklist_items(users["consultant"], TODAY)) == 2
    services.change_arrival_status(
        actor=users["consultant"], arrival=arrival, to_status="cancelled", reason="Kom ikke"
    )
    assert selectors.due_checklist_items(users["consultant"], TODAY) == []


def test_outsider_and_other_roles_get_no_due_items(users, arrival, outsider):
    assert selectors.due_checklist_items(outsider, TODAY) == []
    for role in ("payroll", "mentor", "participant", "administrator"):
        assert selectors.due_checklist_items(users[role], TODAY) == []
