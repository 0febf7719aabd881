"""/api/v1 settlement: decisions, arrivals with their checklists, and ticking an item — under
the same policy, rules and audit as the screens: 404 for another municipality, 403 for a role
that may not act, 422 with the field for bad input. Today is Tuesday 24 November 2026."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api, fields_in_error
from introsak.core.audit_display import READ_LABELS
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.participants.tests.factories import HouseholdFactory, ParticipantFactory
from introsak.settlement import services
from introsak.settlement.models import Arrival, ChecklistItem, SettlementDecision

ALL = [r.value for r in Role]
D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 11, 24)
READERS = ("consultant", "leader", "teacher", "nav_advisor")


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def arrival_body(**changes) -> dict:
    return {
        "name": "Familien Haddad",
        "expected_on": (TODAY + 10 * DAY).isoformat(),
        "persons": 5,
        "languages": ["ar"],
        "needs_interpreter": True,
        **changes,
    }


@pytest.fixture
def arrival(users):
    return services.register_arrival(
        actor=users["consultant"],
        data={"name": "Familien Haddad", "expected_on": TODAY + 10 * DAY, "persons": 5},
    )


@pytest.fixture
def decision(users):
    return services.record_settlement_decision(
        actor=users["consultant"], data={"year": 2026, "persons": 10}
    )


@pytest.mark.parametrize("role", ALL)
def test_arrival_list_per_role(users, arrival, role):
    response = Api(users[role]).get("/settlement/arrivals")
    if role in READERS:
        assert response.status_code == 200
        [body] = response.json()
        assert body["id"] == arrival.pk
        assert len(body["checklist"]) == 8
        assert body["next_statuses"] == ["settled", "cancelled"]
        first = body["checklist"][0]
        assert (first["offset_days"], first["due_on"], first["overdue"]) == (
            -14,
            "2026-11-20",
            True,
        )
    else:
        assert response.status_code == (404 if role == "mentor" else 403)


def test_consultant_registers_an_arrival_and_gets_its_checklist(users):
    response = Api(users["consultant"]).post("/settlement/arrivals", arrival_body())
    assert response.status_code == 201
    body = response.json()
    assert [i["due_on"] for i in body["checklist"]][:3] == [
        "2026-11-20",
        "2026-12-01",
        "2026-12-07",
    ]
    assert Arrival.objects.get().items.count() == 8


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expected_on": None}, "expected_on"),
        ({"persons": -1}, "persons"),
        ({"persons": 0}, "persons"),
        ({"household_id": 99999}, "household_id"),
    ],
)
def test_bad_arrival_is_422_with_the_field_and_nothing_saved(users, changes, field):
    response = Api(users["consultant"]).post("/settlement/arrivals", arrival_body(**changes))
    assert response.status_code == 422
    assert (field,) in fields_in_error(response)
    assert not Arrival.objects.exists()


def test_unknown_language_is_422(users):
    response = Api(users["consultant"]).post("/settlement/arrivals", arrival_body(languages=["xx"]))
    assert response.status_code == 422
    assert not Arrival.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_reader_roles_cannot_register_arrivals(users, role):
    response = Api(users[role]).post("/settlement/arrivals", arrival_body())
    assert response.status_code == 403
    assert not Arrival.objects.exists()


def test_outsider_gets_404_for_our_arrival_and_item(outsider, arrival):
    api = Api(outsider)
    item = arrival.items.first()
    assert api.get(f"/settlement/arrivals/{arrival.pk}").status_code == 404
    assert api.post(f"/settlement/checklist-items/{item.pk}/tick", {}).status_code == 404
    assert (
        api.post(
            f"/settlement/arrivals/{arrival.pk}/status", {"status": "cancelled", "reason": "x"}
        ).status_code
        == 404
    )
    assert api.get("/settlement/arrivals").json() == []


def test_nav_advisor_ticks_the_stipend_item(users, arrival):
    item = arrival.items.get(role="nav_advisor")
    response = Api(users["nav_advisor"]).post(
        f"/settlement/checklist-items/{item.pk}/tick",
        {"done": True, "on": "2026-11-23", "note": "Sosialhjelp innvilget"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["done"], body["done_on"], body["done_by_id"], body["note"]) == (
        True,
        "2026-11-23",
        users["nav_advisor"].pk,
        "Sosialhjelp innvilget",
    )
    assert AuditEvent.objects.filter(action="checklist.tick").count() == 1


def test_nav_advisor_cannot_tick_the_consultants_item(users, arrival):
    item = arrival.items.filter(role="consultant").first()
    response = Api(users["nav_advisor"]).post(f"/settlement/checklist-items/{item.pk}/tick", {})
    assert response.status_code == 403
    assert ChecklistItem.objects.get(pk=item.pk).done_on is None


def test_ticking_in_the_future_is_422(users, arrival):
    item = arrival.items.first()
    response = Api(users["consultant"]).post(
        f"/settlement/checklist-items/{item.pk}/tick", {"on": "2027-01-01"}
    )
    assert response.status_code == 422
    assert ("on",) in fields_in_error(response)


def test_settle_then_cancel_is_422(users, arrival):
    api = Api(users["consultant"])
    response = api.post(f"/settlement/arrivals/{arrival.pk}/status", {"status": "settled"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["settled_on"]) == ("settled", "2026-11-24")
    response = api.post(
        f"/settlement/arrivals/{arrival.pk}/status", {"status": "cancelled", "reason": "x"}
    )
    assert response.status_code == 422
    assert ("status",) in fields_in_error(response)


def test_moving_the_arrival_moves_the_due_dates(users, arrival):
    response = Api(users["leader"]).patch(
        f"/settlement/arrivals/{arrival.pk}", {"expected_on": "2026-12-24"}
    )
    assert response.status_code == 200
    assert response.json()["checklist"][0]["due_on"] == "2026-12-10"
    assert response.json()["name"] == "Familien Haddad"


def test_decisions_with_people_settled_and_expected(users, decision, arrival):
    api = Api(users["teacher"])
    [body] = api.get("/settlement/decisions").json()
    assert (body["year"], body["persons"], body["settled"], body["expected"]) == (2026, 10, 0, 5)


def test_negative_decision_is_422_and_nothing_saved(users):
    response = Api(users["consultant"]).post(
        "/settlement/decisions", {"year": 2027, "persons": -10}
    )
    assert response.status_code == 422
    assert ("persons",) in fields_in_error(response)
    assert not SettlementDecision.objects.exists()


def test_leader_records_and_changes_a_decision(users):
    api = Api(users["leader"])
    response = api.post("/settlement/decisions", {"year": 2027, "persons": 10})
    assert response.status_code == 201
    decision_id = response.json()["id"]
    response = api.patch(f"/settlement/decisions/{decision_id}", {"persons": 12})
    assert response.status_code == 200
    assert response.json()["persons"] == 12


@pytest.mark.parametrize("role", ["teacher", "nav_advisor", "payroll"])
def test_other_roles_cannot_record_decisions(users, role):
    response = Api(users[role]).post("/settlement/decisions", {"year": 2027, "persons": 10})
    assert response.status_code == 403


def test_outsider_gets_404_for_our_decision(outsider, decision):
    assert (
        Api(outsider).patch(f"/settlement/decisions/{decision.pk}", {"persons": 1}).status_code
        == 404
    )


def test_due_items_are_the_callers(users, arrival):
    body = Api(users["consultant"]).get("/settlement/checklist-items/due").json()
    assert [i["offset_days"] for i in body] == [-14, -3, 3]
    assert Api(users["teacher"]).get("/settlement/checklist-items/due").json() == []


def test_checklist_template(users):
    body = Api(users["consultant"]).get("/settlement/checklist-template").json()
    assert [i["offset_days"] for i in body] == [-14, -3, 3, 7, 14, 21, 21, 30]


# --- review of issue #8 -----------------------------------------------------------------------


def test_reading_arrivals_logs_a_read_of_each_participant_in_the_household(users, arrival):
    municipality = users["consultant"].municipality
    household = HouseholdFactory(municipality=municipality)
    people = [ParticipantFactory(municipality=municipality, household=household) for _ in "ab"]
    Arrival.objects.filter(pk=arrival.pk).update(household=household)
    api = Api(users["nav_advisor"])
    assert api.get(f"/settlement/arrivals/{arrival.pk}").status_code == 200
    assert api.get("/settlement/arrivals").status_code == 200
    logged = AccessLog.objects.filter(what="api.settlement.arrival")
    assert sorted(logged.values_list("participant_id", flat=True)) == sorted(
        2 * [p.pk for p in people]
    )
    assert {(log.user_id, log.channel) for log in logged} == {(users["nav_advisor"].pk, "api")}
    assert "api.settlement.arrival" in READ_LABELS


@pytest.mark.parametrize("role", ["teacher", "nav_advisor"])
def test_teacher_and_nav_advisor_get_only_arrivals_with_an_item_for_them(users, arrival, role):
    other = services.register_arrival(
        actor=users["consultant"],
        data={"name": "Familien Tesfay", "expected_on": TODAY + 20 * DAY, "persons": 2},
    )
    for item in other.items.filter(role=role):
        services.assign_checklist_item(
            actor=users["consultant"], item=item, data={"role": "consultant"}
        )
    api = Api(users[role])
    assert [a["id"] for a in api.get("/settlement/arrivals").json()] == [arrival.pk]
    assert api.get(f"/settlement/arrivals/{other.pk}").status_code == 404
    item = other.items.first()
    assert api.post(f"/settlement/checklist-items/{item.pk}/tick", {}).status_code == 404
    assert len(Api(users["leader"]).get("/settlement/arrivals").json()) == 2
