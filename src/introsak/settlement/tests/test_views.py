"""Settlement screens for every role: the refugee service and the leader manage; teachers
and NAV advisors read and tick their role's items; others are refused (403), a mentor and
another municipality find nothing (404). Pages run a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from introsak.core.audit_display import READ_LABELS
from introsak.core.models import AccessLog, Role
from introsak.core.tests.factories import UserFactory
from introsak.participants.tests.factories import HouseholdFactory, ParticipantFactory
from introsak.settlement import rules, services
from introsak.settlement.models import (
    Arrival,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SettlementDecision,
)

from .conftest import DAY, TODAY, arrival_data

ALL = [r.value for r in Role]
READERS = ("consultant", "leader", "teacher", "nav_advisor")
MANAGERS = ("consultant", "leader")


def expected_status(role: str, allowed) -> int:
    if role in allowed:
        return 200
    return 404 if role == "mentor" else 403


@pytest.mark.parametrize("role", ALL)
def test_overview_per_role(client_for, users, decision, arrival, role):
    response = client_for(users[role]).get(reverse("settlement:overview"))
    assert response.status_code == expected_status(role, READERS)
    if response.status_code == 200:
        o = response.context["o"]
        assert (o.progress.agreed, o.progress.expected) == (10, 5)
        assert [a.pk for a in o.arrivals] == [arrival.pk]
        assert o.arrivals[0].items_overdue == 1
        assert response.context["can_manage"] is (role in MANAGERS)
        assert f'data-arrival="{arrival.pk}"' in response.content.decode()


@pytest.mark.parametrize("role", ALL)
def test_arrival_page_per_role(client_for, users, arrival, role):
    response = client_for(users[role]).get(reverse("settlement:arrival", args=[arrival.pk]))
    assert response.status_code == expected_status(role, READERS)
    if response.status_code == 200:
        rows = response.context["rows"]
        assert len(rows) == 8
        may_tick = {item.role for item, _t, _a in rows if item.may_tick}
        if role in MANAGERS:
            assert may_tick == {"consultant", "teacher", "nav_advisor"}
        else:
            assert may_tick == {role}
        assert response.context["overdue"] == 1


@pytest.mark.parametrize(
    "name",
    ["settlement:arrival_create", "settlement:decision_create", "settlement:template"],
)
@pytest.mark.parametrize("role", ALL)
def test_management_pages_per_role(client_for, users, role, name):
    response = client_for(users[role]).get(reverse(name))
    assert response.status_code == expected_status(role, MANAGERS)


@pytest.mark.parametrize("role", ALL)
def test_edit_pages_per_role(client_for, users, arrival, decision, role):
    client = client_for(users[role])
    for url in (
        reverse("settlement:arrival_edit", args=[arrival.pk]),
        reverse("settlement:decision_edit", args=[decision.pk]),
    ):
        assert client.get(url).status_code == expected_status(role, MANAGERS), url


def test_another_municipality_finds_nothing(client_for, outsider, arrival, decision):
    client = client_for(outsider)
    for url in (
        reverse("settlement:arrival", args=[arrival.pk]),
        reverse("settlement:arrival_edit", args=[arrival.pk]),
        reverse("settlement:decision_edit", args=[decision.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("settlement:overview"))
    assert response.status_code == 200
    assert response.context["o"].arrivals == []
    assert response.context["o"].decision is None


def test_consultant_registers_an_arrival_with_its_checklist(client_for, users):
    response = client_for(users["consultant"]).post(
        reverse("settlement:arrival_create"),
        {
            "name": "Familien Ali",
            "expected_on": "04.12.2026",
            "persons": "4",
            "languages": ["so", "ar"],
            "needs_interpreter": "on",
        },
    )
    arrival = Arrival.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("settlement:arrival", args=[arrival.pk])
    assert arrival.languages == ["ar", "so"] or set(arrival.languages) == {"ar", "so"}
    assert arrival.items.count() == 8
    assert arrival.items.order_by("position").first().due_on == TODAY - 4 * DAY


def test_arrival_without_a_date_is_refused_and_what_was_typed_kept(client_for, users):
    response = client_for(users["consultant"]).post(
        reverse("settlement:arrival_create"),
        {"name": "Familien Ali", "expected_on": "", "persons": "4"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "expected_on" in form.errors
    assert form["name"].value() == "Familien Ali"
    assert not Arrival.objects.exists()


def test_negative_number_of_people_in_a_decision_is_refused(client_for, users):
    response = client_for(users["leader"]).post(
        reverse("settlement:decision_create"), {"year": "2027", "persons": "-5"}
    )
    assert response.status_code == 200
    assert "persons" in response.context["form"].errors
    assert not SettlementDecision.objects.exists()


def test_leader_records_a_decision_and_sees_it_on_the_overview(client_for, users):
    client = client_for(users["leader"])
    response = client.post(
        reverse("settlement:decision_create"),
        {"year": "2027", "persons": "10", "council_decision_on": "2026-06-18"},
    )
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.context["o"].year == 2027
    assert response.context["o"].progress.agreed == 10


def test_teacher_ticks_the_everyday_living_item(client_for, users, arrival):
    item = arrival.items.get(role="teacher")
    url = reverse("settlement:arrival", args=[arrival.pk])
    response = client_for(users["teacher"]).post(
        url,
        {
            "action": "tick",
            "item": item.pk,
            f"i{item.pk}-on": "2026-11-23",
            f"i{item.pk}-note": "Første økt holdt",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_on, item.done_by, item.note) == (
        TODAY - DAY,
        users["teacher"],
        "Første økt holdt",
    )


def test_teacher_cannot_tick_the_consultants_item(client_for, users, arrival):
    item = arrival.items.filter(role="consultant").first()
    response = client_for(users["teacher"]).post(
        reverse("settlement:arrival", args=[arrival.pk]),
        {"action": "tick", "item": item.pk, f"i{item.pk}-on": "2026-11-23"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.done_on is None


def test_ticking_in_the_future_shows_the_error_on_the_item(client_for, users, arrival):
    item = arrival.items.order_by("position").first()
    response = client_for(users["consultant"]).post(
        reverse("settlement:arrival", args=[arrival.pk]),
        {
            "action": "tick",
            "item": item.pk,
            f"i{item.pk}-on": "2026-12-24",
            f"i{item.pk}-note": "x",
        },
    )
    assert response.status_code == 200
    forms = {i.pk: t for i, t, _a in response.context["rows"]}
    assert "on" in forms[item.pk].errors
    assert forms[item.pk]["note"].value() == "x"
    item.refresh_from_db()
    assert item.done_on is None


def test_teacher_cannot_change_status_or_assign(client_for, users, arrival):
    client = client_for(users["teacher"])
    url = reverse("settlement:arrival", args=[arrival.pk])
    item = arrival.items.get(role="teacher")
    assert (
        client.post(url, {"action": "status", "status-to_status": "cancelled"}).status_code == 403
    )
    assert (
        client.post(
            url, {"action": "assign", "item": item.pk, f"a{item.pk}-role": "teacher"}
        ).status_code
        == 403
    )


def test_consultant_settles_the_arrival(client_for, users, arrival):
    response = client_for(users["consultant"]).post(
        reverse("settlement:arrival", args=[arrival.pk]),
        {"action": "status", "status-to_status": "settled", "status-on": "2026-11-24"},
    )
    assert response.status_code == 302
    arrival.refresh_from_db()
    assert (arrival.status, arrival.settled_on) == ("settled", TODAY)


def test_template_offset_outside_a_year_is_refused(client_for, users):
    client = client_for(users["consultant"])
    client.get(reverse("settlement:template"))
    count = ChecklistTemplateItem.objects.count()
    response = client.post(
        reverse("settlement:template"),
        {"action": "add", "new-title": "Bank", "new-role": "consultant", "new-offset_days": "400"},
    )
    assert response.status_code == 200
    assert "offset_days" in response.context["new_form"].errors
    assert ChecklistTemplateItem.objects.count() == count


def test_template_reordered_and_removed_in_the_editor(client_for, users):
    client = client_for(users["leader"])
    client.post(reverse("settlement:template"), {"action": "create"})
    first, second = ChecklistTemplateItem.objects.order_by("position")[:2]
    client.post(reverse("settlement:template"), {"action": "down", "item": first.pk})
    assert list(ChecklistTemplateItem.objects.order_by("position")[:2]) == [second, first]
    client.post(reverse("settlement:template"), {"action": "remove", "item": second.pk})
    assert not ChecklistTemplateItem.objects.filter(pk=second.pk).exists()


# --- a fixed number of queries ----------------------------------------------------------------


def _more_arrivals(users, n):
    for i in range(n):
        arrival = services.register_arrival(
            actor=users["consultant"], data=arrival_data(name=f"Familie {i}")
        )
        item = arrival.items.order_by("position").first()
        services.tick_checklist_item(actor=users["consultant"], item=item, done=True)


@pytest.mark.parametrize("role", ["consultant", "teacher"])
def test_overview_runs_a_fixed_number_of_queries(
    client_for, users, decision, arrival, django_assert_num_queries, role
):
    client = client_for(users[role])
    url = reverse("settlement:overview")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _more_arrivals(users, 3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["o"].arrivals) == 4


def test_arrival_page_runs_a_fixed_number_of_queries(
    client_for, users, arrival, django_assert_num_queries
):
    client = client_for(users["consultant"])
    url = reverse("settlement:arrival", args=[arrival.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for item in arrival.items.all()[:4]:
        services.tick_checklist_item(actor=users["consultant"], item=item, done=True, note="ok")
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"responsible": users["leader"].pk}
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_template_page_runs_a_fixed_number_of_queries(client_for, users, django_assert_num_queries):
    client = client_for(users["consultant"])
    url = reverse("settlement:template")
    services.checklist_template_for(actor=users["consultant"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(3):
        services.add_template_item(
            actor=users["consultant"], data={"title": f"T{i}", "role": "teacher", "offset_days": i}
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


# --- review of issue #8 -----------------------------------------------------------------------


def _linked_household(users, arrival, participants: int = 2):
    municipality = users["consultant"].municipality
    household = HouseholdFactory(municipality=municipality)
    people = [
        ParticipantFactory(municipality=municipality, household=household)
        for _ in range(participants)
    ]
    Arrival.objects.filter(pk=arrival.pk).update(household=household)
    return household, people


def test_reading_an_arrival_logs_a_read_of_each_participant_in_its_household(
    client_for, users, arrival
):
    _household, people = _linked_household(users, arrival)
    response = client_for(users["teacher"]).get(reverse("settlement:arrival", args=[arrival.pk]))
    assert response.status_code == 200
    logged = AccessLog.objects.filter(what="settlement.arrival")
    assert sorted(logged.values_list("participant_id", flat=True)) == sorted(p.pk for p in people)
    assert {(log.user_id, log.channel) for log in logged} == {(users["teacher"].pk, "web")}
    assert "settlement.arrival" in READ_LABELS


def test_reading_an_arrival_without_a_household_logs_nothing(client_for, users, arrival):
    client_for(users["consultant"]).get(reverse("settlement:arrival", args=[arrival.pk]))
    assert not AccessLog.objects.exists()


def test_arrival_page_with_a_household_runs_a_fixed_number_of_queries(
    client_for, users, arrival, django_assert_num_queries
):
    household, _people = _linked_household(users, arrival, participants=1)
    client = client_for(users["consultant"])
    url = reverse("settlement:arrival", args=[arrival.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        ParticipantFactory(municipality=household.municipality, household=household)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
    assert AccessLog.objects.filter(what="settlement.arrival").count() == 1 + 1 + 4


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_teacher_and_nav_advisor_see_only_arrivals_with_an_item_for_them(
    client_for, users, arrival, role
):
    for item in arrival.items.filter(role=role):
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"role": "consultant"}
        )
    client = client_for(users[role])
    detail = reverse("settlement:arrival", args=[arrival.pk])
    assert client.get(reverse("settlement:overview")).context["o"].arrivals == []
    assert client.get(detail).status_code == 404
    assert not users[role].has_perm("settlement.view_object", arrival)
    # Given to them by name: the arrival concerns them again.
    item = arrival.items.filter(role="consultant").first()
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"responsible": users[role].pk}
    )
    assert [a.pk for a in client.get(reverse("settlement:overview")).context["o"].arrivals] == [
        arrival.pk
    ]
    assert client.get(detail).status_code == 200
    assert users[role].has_perm("settlement.view_object", arrival)


def test_teacher_does_not_see_an_arrival_whose_item_is_named_to_another_teacher(
    client_for, users, arrival
):
    colleague = UserFactory(municipality=users["teacher"].municipality, role="teacher")
    item = arrival.items.get(role="teacher")
    services.assign_checklist_item(
        actor=users["consultant"], item=item, data={"responsible": colleague.pk}
    )
    assert (
        client_for(users["teacher"])
        .get(reverse("settlement:arrival", args=[arrival.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(colleague).get(reverse("settlement:arrival", args=[arrival.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("role", MANAGERS)
def test_leader_and_consultant_see_every_arrival(client_for, users, arrival, role):
    arrival.items.exclude(role="consultant").update(role="consultant")
    client = client_for(users[role])
    assert client.get(reverse("settlement:arrival", args=[arrival.pk])).status_code == 200
    assert [a.pk for a in client.get(reverse("settlement:overview")).context["o"].arrivals] == [
        arrival.pk
    ]


def test_template_page_does_not_make_the_template_on_a_get(client_for, users):
    client = client_for(users["consultant"])
    response = client.get(reverse("settlement:template"))
    assert response.status_code == 200
    assert not ChecklistTemplate.objects.exists()
    assert response.context["rows"] == []
    assert [(d.role, d.offset_days) for d in response.context["defaults"]] == [
        (item.role, item.offset_days) for item in rules.DEFAULT_CHECKLIST
    ]
    response = client.post(reverse("settlement:template"), {"action": "create"})
    assert response.status_code == 302
    template = ChecklistTemplate.objects.get()
    assert template.items.count() == len(rules.DEFAULT_CHECKLIST)
    response = client.get(reverse("settlement:template"))
    assert len(response.context["rows"]) == len(rules.DEFAULT_CHECKLIST)
    assert response.context["defaults"] == []
