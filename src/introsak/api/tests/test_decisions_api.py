"""/api/v1 decisions, letters, appeals and the programme period: the same policy, workflow,
rules and audit as the services, with 404 for what the user may not see, 403 for a step the
role does not allow and 422 with the field for what the law or the workflow refuses.

Dates are relative to today, so the tests do not depend on the calendar."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.core.tests.factories import UserFactory
from introsak.decisions import rules, services
from introsak.decisions.models import (
    Appeal,
    Decision,
    DecisionLetter,
    DecisionStatus,
    DecisionType,
    LeaveType,
)
from introsak.decisions.tests.factories import DecisionFactory
from introsak.decisions.workflow import Action
from introsak.participants.models import Status

ALL = [r.value for r in Role]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def api_for():
    return Api


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def mine(world, today):
    """The consultant's participant, settled 60 days ago under integreringsloven."""
    participant = world["mine"]
    participant.settlement_date = today - 60 * DAY
    participant.status = Status.SETTLED
    participant.legal_basis = "il"
    participant.save()
    return participant


def fields_in_error(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def grant_body(start: datetime.date, **changes) -> dict:
    body = {
        "decision_type": "grant",
        "start_date": start.isoformat(),
        "end_date": rules.last_day_of_months(start, 24).isoformat(),
        "track": "other",
        "final_goal": "work",
        "final_goal_detail": "Elektriker",
        "reasons": "Deltakeren har rett og plikt og ønsker arbeid som elektriker.",
    }
    body.update(changes)
    return body


def decide(users, participant, decision_type, data) -> Decision:
    """A decision drafted, approved and sent through the services."""
    decision = services.draft_decision(
        actor=users["consultant"], participant=participant, decision_type=decision_type, data=data
    )
    services.take_action(actor=users["consultant"], decision=decision, action=Action.SUBMIT)
    services.take_action(actor=users["leader"], decision=decision, action=Action.APPROVE)
    services.take_action(actor=users["consultant"], decision=decision, action=Action.SEND)
    decision.refresh_from_db()
    return decision


def sent_grant(users, participant, today) -> Decision:
    start = today - 30 * DAY
    return decide(
        users,
        participant,
        DecisionType.GRANT,
        {
            "start_date": start,
            "end_date": rules.last_day_of_months(start, 24),
            "track": "other",
            "final_goal": "work",
            "reasons": "Deltakeren ønsker arbeid.",
        },
    )


def leave_type(code: str, legal_basis: str = "il") -> LeaveType:
    return LeaveType.objects.get(code=code, legal_basis=legal_basis, municipality=None)


# --- the whole path ------------------------------------------------------------------


def test_grant_drafted_approved_sent_and_extended(api_for, users, mine, today):
    consultant, leader = api_for(users["consultant"]), api_for(users["leader"])
    start = today - 30 * DAY
    end = rules.last_day_of_months(start, 24)

    response = consultant.post(f"/participants/{mine.pk}/decisions", grant_body(start))
    assert response.status_code == 201, response.content
    grant = response.json()
    pk = grant["id"]
    assert grant["status"] == "draft" and grant["decision_type"] == "grant"
    assert grant["participant_id"] == mine.pk
    assert grant["drafted_by_id"] == users["consultant"].pk
    assert grant["legal_reference"] == "integreringsloven §§ 12 og 13"
    assert grant["end_date"] == end.isoformat() and grant["final_goal_detail"] == "Elektriker"
    assert grant["allowed_actions"] == ["submit", "discard"]
    assert grant["has_letter"] is False
    assert leader.get(f"/decisions/{pk}").json()["allowed_actions"] == []

    response = consultant.post(f"/decisions/{pk}/actions", {"action": "submit"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "awaiting_approval"
    assert response.json()["allowed_actions"] == []
    assert leader.get(f"/decisions/{pk}").json()["allowed_actions"] == ["return", "approve"]

    response = leader.post(f"/decisions/{pk}/actions", {"action": "approve"})
    assert response.status_code == 200, response.content
    decided = response.json()
    assert decided["status"] == "decided" and decided["approved_by_id"] == users["leader"].pk
    assert decided["decided_at"] is not None

    response = consultant.post(f"/decisions/{pk}/actions", {"action": "send"})
    assert response.status_code == 200, response.content
    sent = response.json()
    assert sent["status"] == "sent" and sent["sent_on"] == today.isoformat()
    assert sent["has_letter"] is True and sent["allowed_actions"] == ["appeal"]
    mine.refresh_from_db()
    assert mine.status == Status.IN_PROGRAMME

    letter = consultant.get(f"/decisions/{pk}/letter")
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert f'filename="vedtak-{pk}.pdf"' in letter["Content-Disposition"]
    assert letter.content.startswith(b"%PDF-")
    assert letter.content == bytes(DecisionLetter.objects.get(decision_id=pk).pdf)

    period = api_for(users["teacher"]).get(f"/participants/{mine.pk}/programme-period")
    assert period.status_code == 200
    assert period.json() == {
        "start": start.isoformat(),
        "planned_end": end.isoformat(),
        "actual_end": None,
        "end": end.isoformat(),
        "days_left": (end - today).days + 1,
        "pause_days": 0,
        "extended": False,
        "segments": [
            {
                "kind": "programme",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "label": "Grant of the introduction programme",
            }
        ],
    }

    # The extension to the track's maximum with extension (24 + 12 months).
    new_end = rules.last_day_of_months(start, 36)
    response = consultant.post(
        f"/participants/{mine.pk}/decisions",
        {
            "decision_type": "extension",
            "end_date": new_end.isoformat(),
            "reasons": "Deltakeren trenger mer tid for fagbrev.",
        },
    )
    assert response.status_code == 201, response.content
    extension = response.json()["id"]
    path = f"/decisions/{extension}/actions"
    assert consultant.post(path, {"action": "submit"}).status_code == 200
    assert leader.post(path, {"action": "approve"}).status_code == 200

    period = api_for(users["nav_advisor"]).get(f"/participants/{mine.pk}/programme-period")
    body = period.json()
    assert body["start"] == start.isoformat()
    assert body["planned_end"] == body["end"] == new_end.isoformat()
    assert body["extended"] is True
    assert [s["kind"] for s in body["segments"]] == ["programme", "extension"]

    listed = consultant.get(f"/participants/{mine.pk}/decisions").json()
    assert [d["id"] for d in listed] == [extension, pk]
    actions = set(
        AuditEvent.objects.filter(participant_id=mine.pk).values_list("action", flat=True)
    )
    assert {"decision.draft", "decision.submit", "decision.approve", "decision.send"} <= actions


def test_period_without_a_grant_has_null_fields(api_for, users, mine):
    body = api_for(users["teacher"]).get(f"/participants/{mine.pk}/programme-period").json()
    assert body == {
        "start": None,
        "planned_end": None,
        "actual_end": None,
        "end": None,
        "days_left": None,
        "pause_days": None,
        "extended": None,
        "segments": [],
    }


def test_leave_with_a_leave_type_moves_nothing_until_approved(api_for, users, mine, today):
    sent_grant(users, mine, today)
    consultant = api_for(users["consultant"])
    start = today + 7 * DAY
    response = consultant.post(
        f"/participants/{mine.pk}/decisions",
        {
            "decision_type": "leave",
            "leave_type_id": leave_type("welfare").pk,
            "start_date": start.isoformat(),
            "end_date": start.isoformat(),
            "reasons": "Begravelse.",
        },
    )
    assert response.status_code == 201, response.content
    leave = response.json()
    assert leave["leave_type_id"] == leave_type("welfare").pk
    assert leave["leave_type_name"] == "Velferdsgrunner"
    assert leave["legal_reference"].startswith("integreringsloven § 17")

    response = consultant.patch(
        f"/decisions/{leave['id']}", {"leave_type_id": leave_type("sick_child").pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["leave_type_name"] == "Sykt barn"
    event = AuditEvent.objects.get(action="decision.update")
    assert event.changes["leave_type"]["new"] == leave_type("sick_child").pk


def test_patch_changes_only_what_is_sent(api_for, users, mine, today):
    consultant = api_for(users["consultant"])
    created = consultant.post(
        f"/participants/{mine.pk}/decisions", grant_body(today - 30 * DAY)
    ).json()
    response = consultant.patch(
        f"/decisions/{created['id']}",
        {"final_goal_detail": None, "measures_outline": "Norsk og praksis"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["final_goal_detail"] == "" and body["measures_outline"] == "Norsk og praksis"
    assert body["start_date"] == created["start_date"] and body["reasons"] == created["reasons"]


def test_amount_comes_back_as_a_decimal_string(api_for, users, mine):
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/decisions",
        {"decision_type": "recovery", "amount": "1250.5", "reasons": "Utbetalt for mye."},
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "1250.50"


# --- who may do what ----------------------------------------------------------------------

LIST = {"consultant": 200, "leader": 200, "teacher": 403, "nav_advisor": 403}
READ = {"consultant": 200, "leader": 200}
PERIOD = {"consultant": 200, "leader": 200, "teacher": 200, "nav_advisor": 200}
DRAFT = {"consultant": 201, "leader": 403, "teacher": 403, "nav_advisor": 403}
CHANGE = {"consultant": 200, "leader": 403}


@pytest.mark.parametrize("role", ALL)
def test_permission_matrix(api_for, users, world, role):
    api = api_for(users[role])
    mine = world["mine"].pk
    decision = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    assert api.get(f"/participants/{mine}/decisions").status_code == LIST.get(role, 404)
    assert api.get(f"/decisions/{decision.pk}").status_code == READ.get(role, 404)
    assert api.get(f"/decisions/{decision.pk}/letter").status_code == READ.get(role, 404)
    assert api.get(f"/decisions/{decision.pk}/appeals").status_code == READ.get(role, 404)
    assert api.get(f"/participants/{mine}/programme-period").status_code == PERIOD.get(role, 404)
    response = api.post(
        f"/participants/{mine}/decisions",
        {
            "decision_type": "eligibility",
            "eligibility_outcome": "may_be_offered",
            "reasons": "Kommunen tilbyr program.",
        },
    )
    assert response.status_code == DRAFT.get(role, 404)
    response = api.patch(f"/decisions/{decision.pk}", {"facts": "Bosatt i kommunen."})
    assert response.status_code == CHANGE.get(role, 404)
    response = api.post(f"/decisions/{decision.pk}/actions", {"action": "discard"})
    assert response.status_code == CHANGE.get(role, 404)


@pytest.mark.parametrize("role", ALL)
def test_another_municipalitys_decisions_are_404_for_every_role(
    api_for, users, world, outsider, role
):
    foreign = world["foreign"]
    decision = DecisionFactory(
        participant=foreign,
        drafted_by=outsider,
        status=DecisionStatus.APPEALED,
        sent_on=datetime.date(2026, 2, 1),
    )
    appeal = Appeal.objects.create(
        municipality=foreign.municipality,
        decision=decision,
        received_on=datetime.date(2026, 2, 10),
        grounds="Uenig.",
        filed_in_time=True,
        handling_deadline=datetime.date(2026, 3, 10),
        registered_by=outsider,
    )
    api = api_for(users[role])
    assert api.get(f"/participants/{foreign.pk}/decisions").status_code == 404
    assert api.get(f"/participants/{foreign.pk}/programme-period").status_code == 404
    response = api.post(
        f"/participants/{foreign.pk}/decisions",
        {"decision_type": "eligibility", "eligibility_outcome": "refused", "reasons": "X"},
    )
    assert response.status_code == 404
    assert api.get(f"/decisions/{decision.pk}").status_code == 404
    assert api.patch(f"/decisions/{decision.pk}", {"reasons": "X"}).status_code == 404
    assert api.post(f"/decisions/{decision.pk}/actions", {"action": "submit"}).status_code == 404
    assert api.get(f"/decisions/{decision.pk}/letter").status_code == 404
    assert api.get(f"/decisions/{decision.pk}/appeals").status_code == 404
    response = api.post(
        f"/decisions/{decision.pk}/appeals", {"received_on": "2026-02-10", "grounds": "X"}
    )
    assert response.status_code == 404
    response = api.post(f"/appeals/{appeal.pk}/actions", {"action": "forward", "on": "2026-02-11"})
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_the_other_municipality_sees_its_own_decision(api_for, world, outsider):
    decision = DecisionFactory(participant=world["foreign"], drafted_by=outsider)
    assert api_for(outsider).get(f"/decisions/{decision.pk}").status_code == 200


def test_reads_are_logged(api_for, users, world):
    decision = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    api = api_for(users["leader"])
    api.get(f"/participants/{world['mine'].pk}/decisions")
    api.get(f"/decisions/{decision.pk}")
    api.get(f"/decisions/{decision.pk}/letter")
    api.get(f"/decisions/{decision.pk}/appeals")
    api_for(users["teacher"]).get(f"/participants/{world['mine'].pk}/programme-period")
    logs = AccessLog.objects.order_by("id")
    assert [(log.user.role, log.channel, log.what, log.participant_id) for log in logs] == [
        ("leader", "api", what, world["mine"].pk)
        for what in ("api.decision.list", "api.decision.get", "api.decision.letter")
    ] + [
        ("leader", "api", "api.appeal.list", world["mine"].pk),
        ("teacher", "api", "api.decision.period", world["mine"].pk),
    ]


def test_a_drafts_letter_is_a_preview_and_nothing_is_stored(api_for, users, world):
    decision = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    response = api_for(users["consultant"]).get(f"/decisions/{decision.pk}/letter")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert f'filename="vedtak-{decision.pk}-utkast.pdf"' in response["Content-Disposition"]
    assert not DecisionLetter.objects.exists()


def test_discarded_decisions_are_not_listed(api_for, users, world):
    kept = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.DISCARDED,
    )
    DecisionFactory(participant=world["other"], drafted_by=users["consultant"])
    listed = api_for(users["consultant"]).get(f"/participants/{world['mine'].pk}/decisions")
    assert [d["id"] for d in listed.json()] == [kept.pk]


def test_list_runs_a_fixed_number_of_queries(api_for, users, world):
    api = api_for(users["consultant"])
    path = f"/participants/{world['mine'].pk}/decisions"
    DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    api.get(path)  # the token's use is recorded at most once a minute
    with CaptureQueriesContext(connection) as one:
        assert len(api.get(path).json()) == 1
    DecisionFactory.create_batch(
        4,
        participant=world["mine"],
        drafted_by=users["consultant"],
        decision_type=DecisionType.LEAVE,
        leave_type=leave_type("welfare"),
    )
    with CaptureQueriesContext(connection) as five:
        assert len(api.get(path).json()) == 5
    assert len(five) == len(one)


# --- what the rules and the workflow refuse -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_date": "settlement-5"}, "start_date", "before the participant settled"),
        ({"track": "flying"}, "track", "Input should be"),
        ({"reasons": ""}, "reasons", "required"),
        ({"replaces_id": 999999}, "replaces_id", "No such decision"),
        ({"decision_type": "promotion"}, "decision_type", "Input should be"),
    ],
)
def test_bad_grant_is_422_with_the_field_and_nothing_is_saved(
    api_for, users, mine, today, changes, field, message
):
    if changes.get("start_date") == "settlement-5":
        changes = {"start_date": (mine.settlement_date - 5 * DAY).isoformat()}
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/decisions", grant_body(today - 30 * DAY, **changes)
    )
    assert response.status_code == 422, response.content
    assert message in fields_in_error(response)[(field,)]
    assert not Decision.objects.exists()


def test_extension_beyond_the_maximum_is_422_on_end_date(api_for, users, mine, today):
    grant = sent_grant(users, mine, today)
    latest = rules.last_day_of_months(grant.start_date, 36)
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/decisions",
        {
            "decision_type": "extension",
            "end_date": (latest + DAY).isoformat(),
            "reasons": "Mer tid.",
        },
    )
    assert response.status_code == 422
    assert "at most 36 months with extension" in fields_in_error(response)[("end_date",)]


@pytest.mark.parametrize(
    ("leave_type_id", "message"),
    [
        (lambda: 999999, "No such leave type"),
        # A leave type of the introduction act does not apply to an integreringsloven case.
        (lambda: leave_type("welfare", "introl").pk, "No such leave type"),
        # The service's own check (field leave_type) answers on leave_type_id too.
        (lambda: None, "required"),
    ],
)
def test_leave_type_errors_are_422_on_leave_type_id(
    api_for, users, mine, today, leave_type_id, message
):
    start = today + 7 * DAY
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/decisions",
        {
            "decision_type": "leave",
            "leave_type_id": leave_type_id(),
            "start_date": start.isoformat(),
            "end_date": start.isoformat(),
            "reasons": "Begravelse.",
        },
    )
    assert response.status_code == 422
    assert message in fields_in_error(response)[("leave_type_id",)]


def test_replacing_a_draft_is_422_on_replaces_id(api_for, users, mine, today):
    draft = DecisionFactory(participant=mine, drafted_by=users["consultant"])
    response = api_for(users["consultant"]).post(
        f"/participants/{mine.pk}/decisions",
        grant_body(today - 30 * DAY, replaces_id=draft.pk),
    )
    assert response.status_code == 422
    assert "Only a decision in force" in fields_in_error(response)[("replaces_id",)]


def test_a_sent_decision_cannot_be_patched(api_for, users, mine, today):
    grant = sent_grant(users, mine, today)
    response = api_for(users["consultant"]).patch(
        f"/decisions/{grant.pk}", {"reasons": "Endret begrunnelse."}
    )
    assert response.status_code == 422
    assert "Only a draft can be changed" in fields_in_error(response)[("__all__",)]
    grant.refresh_from_db()
    assert grant.reasons == "Deltakeren ønsker arbeid."


def test_the_drafter_cannot_approve_their_own_decision(api_for, users, world, municipality):
    decision = DecisionFactory(
        participant=world["mine"],
        drafted_by=users["leader"],
        status=DecisionStatus.AWAITING_APPROVAL,
    )
    drafter = api_for(users["leader"])
    assert drafter.get(f"/decisions/{decision.pk}").json()["allowed_actions"] == ["return"]
    response = drafter.post(f"/decisions/{decision.pk}/actions", {"action": "approve"})
    assert response.status_code == 422
    assert "another leader must approve" in fields_in_error(response)[("__all__",)]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_APPROVAL

    other_leader = UserFactory(municipality=municipality, role=Role.LEADER)
    response = api_for(other_leader).post(
        f"/decisions/{decision.pk}/actions", {"action": "approve"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["approved_by_id"] == other_leader.pk


def test_wrong_role_is_403_and_impossible_step_is_422(api_for, users, world):
    decision = DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.AWAITING_APPROVAL,
    )
    consultant, leader = api_for(users["consultant"]), api_for(users["leader"])
    path = f"/decisions/{decision.pk}/actions"
    assert consultant.post(path, {"action": "approve"}).status_code == 403
    response = consultant.post(path, {"action": "send"})
    assert response.status_code == 422
    assert "not possible" in fields_in_error(response)[("__all__",)]
    response = leader.post(path, {"action": "return"})
    assert response.status_code == 422
    assert ("comment",) in fields_in_error(response)
    response = leader.post(
        f"/decisions/{decision.pk}/actions", {"action": "return", "comment": "Konkretiser målet."}
    )
    assert response.json()["status"] == "draft"
    assert response.json()["return_comment"] == "Konkretiser målet."
    # Appeal steps go through the appeal endpoints.
    response = leader.post(path, {"action": "forward"})
    assert response.status_code == 422
    assert ("action",) in fields_in_error(response)


# --- appeals ------------------------------------------------------------------------------


def test_appeal_registered_forwarded_and_upheld(api_for, users, mine, today):
    grant = sent_grant(users, mine, today)
    consultant, leader = api_for(users["consultant"]), api_for(users["leader"])

    response = consultant.post(
        f"/decisions/{grant.pk}/appeals",
        {"received_on": today.isoformat(), "grounds": "Uenig i sluttmålet."},
    )
    assert response.status_code == 201, response.content
    appeal = response.json()
    assert appeal["decision_id"] == grant.pk and appeal["filed_in_time"] is True
    assert appeal["handling_deadline"] == rules.add_months(today, 1).isoformat()
    assert appeal["outcome"] == "" and appeal["forwarded_on"] is None
    assert consultant.get(f"/decisions/{grant.pk}").json()["allowed_actions"] == ["withdraw"]
    assert leader.get(f"/decisions/{grant.pk}").json()["allowed_actions"] == [
        "reverse",
        "forward",
        "withdraw",
    ]

    path = f"/appeals/{appeal['id']}/actions"
    on = today.isoformat()
    assert consultant.post(path, {"action": "forward", "on": on}).status_code == 403
    response = leader.post(path, {"action": "forward", "on": on})
    assert response.status_code == 200, response.content
    assert response.json()["forwarded_on"] == on
    response = consultant.post(
        path, {"action": "uphold", "on": on, "note": "Statsforvalteren stadfestet vedtaket."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "upheld" and response.json()["outcome_on"] == on

    listed = consultant.get(f"/decisions/{grant.pk}/appeals").json()
    assert [(a["id"], a["outcome_note"]) for a in listed] == [
        (appeal["id"], "Statsforvalteren stadfestet vedtaket.")
    ]
    assert consultant.get(f"/decisions/{grant.pk}").json()["status"] == "upheld"
    period = consultant.get(f"/participants/{mine.pk}/programme-period").json()
    assert period["start"] == grant.start_date.isoformat()  # still in force
    assert {"appeal.register", "appeal.forward", "appeal.uphold"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    ("days", "grounds", "field"),
    [(1, "Uenig.", "received_on"), (None, "Uenig.", "received_on"), (0, "  ", "grounds")],
)
def test_bad_appeal_is_422_with_the_field(api_for, users, mine, today, days, grounds, field):
    grant = sent_grant(users, mine, today)
    received = None if days is None else (today + days * DAY).isoformat()
    response = api_for(users["consultant"]).post(
        f"/decisions/{grant.pk}/appeals", {"received_on": received, "grounds": grounds}
    )
    assert response.status_code == 422
    assert (field,) in fields_in_error(response)
    assert not Appeal.objects.exists()


def test_a_draft_cannot_be_appealed(api_for, users, world, today):
    decision = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    response = api_for(users["consultant"]).post(
        f"/decisions/{decision.pk}/appeals", {"received_on": today.isoformat(), "grounds": "X"}
    )
    assert response.status_code == 422
    assert "not possible" in fields_in_error(response)[("__all__",)]


def test_appeal_step_needs_a_date(api_for, users, mine, today):
    grant = sent_grant(users, mine, today)
    appeal = services.register_appeal(
        actor=users["consultant"], decision=grant, received_on=today, grounds="Uenig."
    )
    response = api_for(users["leader"]).post(f"/appeals/{appeal.pk}/actions", {"action": "reverse"})
    assert response.status_code == 422
    assert ("on",) in fields_in_error(response)
    response = api_for(users["teacher"]).post(
        f"/appeals/{appeal.pk}/actions", {"action": "reverse", "on": today.isoformat()}
    )
    assert response.status_code == 404


def test_openapi_schema_lists_the_decision_endpoints(db):
    from django.test import Client

    paths = Client().get("/api/schema").json()["paths"]
    for path in (
        "/api/v1/participants/{participant_id}/decisions",
        "/api/v1/participants/{participant_id}/programme-period",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/decisions/{decision_id}/actions",
        "/api/v1/decisions/{decision_id}/letter",
        "/api/v1/decisions/{decision_id}/appeals",
        "/api/v1/appeals/{appeal_id}/actions",
    ):
        assert path in paths
    assert (
        "application/pdf"
        in paths["/api/v1/decisions/{decision_id}/letter"]["get"]["responses"]["200"]["content"]
    )
