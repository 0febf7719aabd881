"""The coordination overview («Samarbeid») and what the start page shows of it: each part for
the roles the policy lets read it, another municipality's nothing, a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from introsak.actionplan.tests.factories import ActionFactory, ActionPlanFactory, AreaFactory
from introsak.core.models import Role
from introsak.meetings.tests.factories import ActionItemFactory, MeetingFactory
from introsak.settlement.tests.factories import ArrivalFactory, SettlementDecisionFactory
from introsak.yearplan.tests.factories import CalendarEventFactory

pytestmark = pytest.mark.django_db

COORDINATION_PERMS = (
    "settlement.view",
    "meetings.view_meetings",
    "yearplan.view_calendar",
    "actionplan.view_plans",
)


@pytest.fixture
def coordination(municipality, users):
    today = timezone.localdate()
    SettlementDecisionFactory(municipality=municipality, year=today.year, persons=10)
    ArrivalFactory(municipality=municipality, expected_on=today + datetime.timedelta(days=10))
    meeting = MeetingFactory(
        municipality=municipality,
        created_by=users["consultant"],
        title="Planleggingsmøte høst",
        attendees=[users["consultant"], users["nav_advisor"], users["teacher"]],
    )
    CalendarEventFactory(
        municipality=municipality,
        title="Brukerundersøkelse",
        start_date=today + datetime.timedelta(days=5),
        recurrence="once",
    )
    plan = ActionPlanFactory(municipality=municipality, created_by=users["leader"])
    ActionFactory(area=AreaFactory(plan=plan))
    return {"meeting": meeting, "plan": plan}


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_overview_by_role(client_for, users, coordination, role):
    user = users[role]
    response = client_for(user).get(reverse("core:coordination"))
    reads_any = any(user.has_perm(perm) for perm in COORDINATION_PERMS)
    if role == Role.MENTOR:
        assert response.status_code == 404
    elif reads_any:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_consultant_sees_every_part(client_for, users, coordination):
    page = client_for(users["consultant"]).get(reverse("core:coordination")).content.decode()
    assert "Planleggingsmøte høst" in page
    assert "Brukerundersøkelse" in page
    assert coordination["plan"].title in page
    assert reverse("settlement:overview") in page


def test_another_municipality_sees_none_of_ours(client_for, outsider, coordination):
    page = client_for(outsider).get(reverse("core:coordination")).content.decode()
    assert "Planleggingsmøte høst" not in page
    assert "Brukerundersøkelse" not in page
    assert coordination["plan"].title not in page


def test_overview_runs_a_fixed_number_of_queries(
    client_for, users, municipality, coordination, django_assert_num_queries
):
    client = client_for(users["consultant"])
    url = reverse("core:coordination")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(3):
        MeetingFactory(
            municipality=municipality,
            created_by=users["consultant"],
            title=f"Møte {number}",
            attendees=[users["consultant"]],
        )
        CalendarEventFactory(
            municipality=municipality,
            title=f"Hendelse {number}",
            start_date=timezone.localdate() + datetime.timedelta(days=number + 1),
            recurrence="once",
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_action_items_show_on_their_owners_start_page(client_for, users, coordination):
    ActionItemFactory(
        meeting=coordination["meeting"], owner=users["nav_advisor"], text="Ring arbeidsgiver"
    )
    assert "Ring arbeidsgiver" in client_for(users["nav_advisor"]).get("/").content.decode()
    assert "Ring arbeidsgiver" not in client_for(users["teacher"]).get("/").content.decode()
