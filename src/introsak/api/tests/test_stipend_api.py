"""/api/v1 stipend: the calculator, payroll runs with their four eyes, the export files,
payslips and other benefits — under the same policy, rules and audit as the screens: 404 for
what the user may not see, 403 for what the role may not do, 422 with the field for what the
rules refuse.

The services' today is 15 July 2026 (as in the stipend tests); three adults have been in the
programme since 1 September 2025 at the full rate, and their May 2026 is approved."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from introsak.api.tests.test_participants_api import Api
from introsak.attendance.tests.conftest import enrol
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.core.tests.factories import UserFactory
from introsak.participants.tests.factories import ParticipantFactory
from introsak.stipend import services
from introsak.stipend.models import ExportFile, Payment, PayrollRun, Reduction, RunStatus
from introsak.stipend.tests.conftest import MAY, approve_month, invalid_absence

ALL = [r.value for r in Role]
D = datetime.date
CALCULATE = "/stipend/calculate"
RUNS = "/payroll-runs"
FULL_MONTH = "22758.17"


class StipendApi(Api):
    def delete(self, path):
        return self.client.delete(f"/api/v1{path}")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 7, 15))


@pytest.fixture
def api_for():
    return StipendApi


@pytest.fixture
def enrolled(users, municipality):
    """Three adults in the programme since 1.9.2025, full rate; May 2026 approved (as in the
    stipend tests)."""
    people = []
    for index in range(3):
        participant = ParticipantFactory(
            municipality=municipality,
            consultant=users["consultant"],
            status="in_programme",
            birth_date=D(1985 + index, 3, 1),
            legal_basis="il",
            household=None,
        )
        measures = enrol(participant, users["consultant"])
        approve_month(participant, MAY, users["consultant"])
        people.append((participant, measures))
    return people


@pytest.fixture
def first(enrolled):
    return enrolled[0][0]


def scenario(**changes) -> dict:
    """The DOMAIN.md example: May 2026, IL, born 2.4.1990, in the programme since 1.9.2025."""
    data = {
        "month": "2026-05",
        "legal_basis": "IL",
        "birth_date": "1990-04-02",
        "lives_with_parent": False,
        "couple_without_children": False,
        "programme_start": "2025-09-01",
        "programme_end": None,
        "unpaid": [],
        "invalid_absence": [],
        "reductions": [],
    }
    data.update(changes)
    return data


def errors(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def loc(response) -> list:
    return [d["loc"] for d in response.json()["detail"]]


def run_path(run_id, rest="") -> str:
    return f"{RUNS}/{run_id}{rest}"


def act(api, run_id, action):
    return api.post(run_path(run_id, "/actions"), {"action": action})


def prepared(api_for, users, month="2026-05") -> int:
    response = api_for(users["payroll"]).post(RUNS, {"month": month})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def paid(api_for, users) -> int:
    """May prepared by payroll, checked by the consultant, approved by the leader."""
    run_id = prepared(api_for, users)
    assert act(api_for(users["consultant"]), run_id, "check").status_code == 200
    assert act(api_for(users["leader"]), run_id, "approve").status_code == 200
    return run_id


# --- the calculator -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "lines", "net"),
    [
        pytest.param(
            {"invalid_absence": [{"date": "2026-05-11", "hours": "6"}]},
            [
                ("base_month", "Månedsbeløp", "1", "22758.17", "22758.17"),
                (
                    "invalid_absence",
                    "6 timer ugyldig fravær à 147,62\u00a0kr",
                    "6",
                    "147.62",
                    "-885.72",
                ),
            ],
            "21872.45",
            id="domain-6-hours-invalid-in-may",
        ),
        pytest.param(
            {"month": "2026-03", "programme_start": "2026-03-15"},
            [("base_days", "17 dager à 723,11\u00a0kr", "17", "723.11", "12292.89")],
            "12292.89",
            id="domain-start-on-15-march",
        ),
    ],
)
def test_the_domain_worked_examples_come_out_line_by_line(api_for, users, changes, lines, net):
    response = api_for(users["consultant"]).post(CALCULATE, scenario(**changes))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "month": body["month"],
        "lines": [
            {"code": code, "text": text, "quantity": quantity, "rate": rate, "amount": amount}
            for code, text, quantity, rate, amount in lines
        ],
        "net": net,
        "decision_required": False,
    }
    assert body["month"] == changes.get("month", "2026-05")


def test_other_benefits_are_deducted_krone_for_krone_and_never_below_zero(api_for, users):
    api = api_for(users["payroll"])
    body = api.post(
        CALCULATE, scenario(reductions=[{"kind": "dagpenger", "amount": "1500.00"}])
    ).json()
    assert body["net"] == "21258.17"
    body = api.post(CALCULATE, scenario(reductions=[{"kind": "wages", "amount": "30000"}])).json()
    assert [line["code"] for line in body["lines"]] == ["base_month", "reduction_wages", "floor"]
    assert body["net"] == "0.00"


def test_an_unknown_legal_basis_is_422_on_the_field(api_for, users):
    response = api_for(users["consultant"]).post(CALCULATE, scenario(legal_basis="NAV"))
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "legal_basis"]]
    assert errors(response)[("legal_basis",)] == (
        "Unknown legal basis «NAV». Use IL, IntroL or IL-6A."
    )


def test_the_message_is_in_bokmal_by_default(api_for, users):
    response = api_for(users["consultant"], language="nb").post(
        CALCULATE, scenario(legal_basis="NAV")
    )
    assert response.status_code == 422
    assert errors(response)[("legal_basis",)].startswith("Ukjent lovgrunnlag «NAV»")


def test_negative_hours_are_422_on_the_row(api_for, users):
    response = api_for(users["consultant"]).post(
        CALCULATE,
        scenario(
            invalid_absence=[
                {"date": "2026-05-11", "hours": "-2"},
                {"date": "2026-05-12", "hours": "2"},
            ]
        ),
    )
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "invalid_absence", 0, "hours"]]
    assert errors(response)[("invalid_absence", 0, "hours")] == "The number cannot be negative."


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"month": "May 2026"}, ("month",)),
        ({"couple_without_kids": True}, ("couple_without_kids",)),
        ({"birth_date": "02.04.1990"}, ("birth_date",)),
        (
            {"unpaid": [{"from": "2026-05-04", "to": "2026-05-08", "kind": "holiday"}]},
            ("unpaid", 0, "kind"),
        ),
        ({"reductions": [{"kind": "barnetrygd", "amount": "1766"}]}, ("reductions", 0, "kind")),
        (
            {"invalid_absence": [{"date": "2026-06-01", "hours": "1"}]},
            ("invalid_absence", 0, "date"),
        ),
        (
            {"invalid_absence": [{"date": "2026-05-11", "hours": "1.255"}]},
            ("invalid_absence", 0, "hours"),
        ),
    ],
    ids=["month", "unknown-field", "date", "unpaid-kind", "child-benefit", "other-month", "ore"],
)
def test_a_bad_scenario_is_422_where_the_command_says(api_for, users, changes, where):
    response = api_for(users["consultant"]).post(CALCULATE, scenario(**changes))
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", *where]]
    assert errors(response)[where]


def test_a_scenario_that_is_not_an_object_is_422(api_for, users):
    response = api_for(users["consultant"]).post(CALCULATE, [scenario()])
    assert response.status_code == 422
    assert loc(response) == [["body", "payload"]]


# A mentor gets 404 for everything outside their placements.
CALCULATE_ROLES = {"consultant": 200, "leader": 200, "payroll": 200, "mentor": 404}


@pytest.mark.parametrize("role", ALL)
def test_who_may_calculate(api_for, users, role):
    response = api_for(users[role]).post(CALCULATE, scenario())
    assert response.status_code == CALCULATE_ROLES.get(role, 403)
    if response.status_code == 200:
        assert response.json()["net"] == FULL_MONTH


# --- the payroll run ----------------------------------------------------------------------


def test_a_run_goes_from_preparation_to_export_with_four_eyes(api_for, users, enrolled):
    payroll, consultant, leader = (api_for(users[r]) for r in ("payroll", "consultant", "leader"))

    response = payroll.post(RUNS, {"month": "2026-05"})
    assert response.status_code == 201, response.content
    run = response.json()
    run_id = run["id"]
    assert run["month"] == "2026-05" and run["status"] == "draft"
    assert run["total"] == "68274.51"
    assert run["prepared_by"] == str(users["payroll"]) and run["checked_by"] is None
    assert run["counts"] == {"payments": 3, "participants": 3, "differences": 0, "held_back": 0}
    assert set(run["allowed_actions"]) == {"check", "discard", "rebuild"}
    assert run["files"] == [] and run["held_back"] == []
    payment = run["payments"][0]
    assert payment["net"] == FULL_MONTH and payment["month"] == "2026-05"
    assert payment["kind"] == "regular" and not payment["blocked"] and not payment["paid"]
    assert payment["lines"] == [
        {
            "code": "base_month",
            "text": "Månedsbeløp",
            "quantity": "1",
            "rate": FULL_MONTH,
            "amount": FULL_MONTH,
        }
    ]
    assert {p["participant_id"] for p in run["payments"]} == {p.pk for p, _m in enrolled}

    # The preparer does not check their own run.
    response = act(payroll, run_id, "check")
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "status"]]
    assert "preparer" in errors(response)[("status",)]
    run = act(consultant, run_id, "check").json()
    assert run["status"] == "checked" and run["checked_by"] == str(users["consultant"])

    # Nor approves it; exporting before approval is refused too.
    response = act(payroll, run_id, "approve")
    assert response.status_code == 422
    assert "prepared" in errors(response)[("status",)]
    response = act(payroll, run_id, "export")
    assert response.status_code == 422
    assert "checked" in errors(response)[("status",)].lower()
    assert act(consultant, run_id, "approve").status_code == 403
    assert not Payment.objects.filter(paid=True).exists()

    run = act(leader, run_id, "approve").json()
    assert run["status"] == "approved" and run["approved_by"] == str(users["leader"])
    assert all(p["paid"] for p in run["payments"])
    assert act(leader, run_id, "export").status_code == 403

    run = act(payroll, run_id, "export").json()
    assert run["status"] == "exported" and run["exported_by"] == str(users["payroll"])
    assert [f["kind"] for f in run["files"]] == ["csv", "xlsx"]
    assert run["allowed_actions"] == []
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="payroll.").order_by("id")
    ] == [
        "payroll.prepare",
        "payroll.check",
        "payroll.approve",
        "payroll.export",
    ]


def test_the_exported_file_downloads_the_same_every_time(api_for, users, enrolled):
    run_id = paid(api_for, users)
    payroll = api_for(users["payroll"])
    act(payroll, run_id, "export")
    stored = ExportFile.objects.get(run_id=run_id, kind="csv")

    first = payroll.get(run_path(run_id, "/files/csv"))
    assert first.status_code == 200
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{stored.filename}"' in first["Content-Disposition"]
    assert first.content.startswith("\ufeffansattnr_eller_fnr;lonnsart".encode())
    second = api_for(users["consultant"]).get(run_path(run_id, "/files/csv"))
    assert second.content == first.content == bytes(stored.content)

    xlsx = payroll.get(run_path(run_id, "/files/xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert xlsx.content == payroll.get(run_path(run_id, "/files/xlsx")).content
    assert payroll.get(run_path(run_id, "/files/pdf")).status_code == 404
    assert AuditEvent.objects.filter(action="payroll.download").count() == 4


def test_a_run_not_exported_has_no_file(api_for, users, enrolled):
    run_id = paid(api_for, users)
    assert api_for(users["payroll"]).get(run_path(run_id, "/files/csv")).status_code == 404


def test_a_second_run_for_a_paid_month_is_422_on_the_month(api_for, users, enrolled):
    paid(api_for, users)
    response = api_for(users["payroll"]).post(RUNS, {"month": "2026-05"})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "month"]]
    assert "already paid" in errors(response)[("month",)]
    assert PayrollRun.objects.count() == 1


@pytest.mark.parametrize("month", ["2026-5", "05.2026", "2026-13"])
def test_a_bad_month_is_422(api_for, users, month):
    response = api_for(users["payroll"]).post(RUNS, {"month": month})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "month"]]


def test_a_month_that_has_not_started_cannot_be_prepared(api_for, users, enrolled):
    response = api_for(users["payroll"]).post(RUNS, {"month": "2026-08"})
    assert response.status_code == 422
    assert "not started" in errors(response)[("month",)]


def test_a_draft_is_rebuilt_or_discarded_and_prepared_again(api_for, users, enrolled, first):
    payroll = api_for(users["payroll"])
    run_id = prepared(api_for, users)
    invalid_absence(first, enrolled[0][1]["norwegian"], D(2026, 5, 11), "6", users["consultant"])
    run = act(payroll, run_id, "rebuild").json()
    assert run["total"] == "67388.79"
    assert act(api_for(users["consultant"]), run_id, "rebuild").status_code == 403
    assert act(payroll, run_id, "discard").json()["status"] == "discarded"
    assert act(payroll, run_id, "rebuild").status_code == 422
    assert payroll.post(RUNS, {"month": "2026-05"}).status_code == 201
    assert [r["status"] for r in payroll.get(RUNS).json()] == ["draft", "discarded"]


def test_an_unknown_action_is_422(api_for, users, enrolled):
    run_id = prepared(api_for, users)
    response = act(api_for(users["payroll"]), run_id, "pay")
    assert response.status_code == 422
    assert loc(response)[0][:3] == ["body", "payload", "action"]


def test_a_deduction_without_its_decision_blocks_approval(api_for, users, enrolled, first):
    norwegian = enrolled[0][1]["norwegian"]
    for day in (4, 5, 6, 7, 8):
        invalid_absence(first, norwegian, D(2026, 5, day), "16", users["consultant"])
    run_id = prepared(api_for, users)
    run = act(api_for(users["consultant"]), run_id, "check").json()
    blocked = [p for p in run["payments"] if p["blocked"]]
    assert [p["participant_id"] for p in blocked] == [first.pk]
    assert blocked[0]["decision_required"]
    response = act(api_for(users["leader"]), run_id, "approve")
    assert response.status_code == 422
    assert first.full_name in errors(response)[("status",)]


def test_the_run_list(api_for, users, enrolled):
    run_id = paid(api_for, users)
    response = api_for(users["consultant"]).get(RUNS)
    assert response.status_code == 200
    [run] = response.json()
    assert run["id"] == run_id and run["status"] == "approved" and run["total"] == "68274.51"
    assert run["approved_by"] == str(users["leader"]) and run["exported_by"] is None
    assert run["counts"]["payments"] == 3 and "payments" not in run


LIST_RUNS = {"consultant": 200, "leader": 200, "payroll": 200, "mentor": 404}
PREPARE = {"payroll": 201, "mentor": 404}


@pytest.mark.parametrize("role", ALL)
def test_who_may_see_and_prepare_runs(api_for, users, enrolled, role):
    api = api_for(users[role])
    run = PayrollRun.objects.create(
        municipality=users["payroll"].municipality,
        month=D(2026, 4, 1),
        prepared_by=users["payroll"],
    )
    assert api.get(RUNS).status_code == LIST_RUNS.get(role, 403)
    assert api.get(run_path(run.pk)).status_code == LIST_RUNS.get(role, 404)
    assert api.post(RUNS, {"month": "2026-05"}).status_code == PREPARE.get(role, 403)


def test_another_municipalitys_run_is_not_found(api_for, users, enrolled, other_municipality):
    run_id = prepared(api_for, users)
    for role in (Role.PAYROLL, Role.LEADER, Role.CONSULTANT):
        api = api_for(UserFactory(municipality=other_municipality, role=role))
        assert api.get(RUNS).json() == []
        assert api.get(run_path(run_id)).status_code == 404
        assert act(api, run_id, "check").status_code == 404
        assert act(api, run_id, "discard").status_code == 404
        assert api.get(run_path(run_id, "/files/csv")).status_code == 404
    assert PayrollRun.objects.get().status == RunStatus.DRAFT


# --- payslips -----------------------------------------------------------------------------


PAYSLIPS = {"consultant": 200, "leader": 200, "participant": 200, "nav_advisor": 403}


@pytest.mark.parametrize("role", ALL)
def test_who_sees_the_payslips(api_for, users, enrolled, first, role):
    first.user = users["participant"]
    first.nav_advisor = users["nav_advisor"]
    first.save()
    paid(api_for, users)
    response = api_for(users[role]).get(f"/participants/{first.pk}/payslips")
    # Payroll sees no participant's case (visible_participants), so not here either.
    assert response.status_code == PAYSLIPS.get(role, 404)


def test_payslips_with_their_lines_and_the_read_is_logged(api_for, users, enrolled, first):
    path = f"/participants/{first.pk}/payslips"
    consultant = api_for(users["consultant"])
    assert consultant.get(path).json() == []
    run_id = paid(api_for, users)
    response = consultant.get(path)
    assert response.status_code == 200
    assert response.json() == [
        {
            "month": "2026-05",
            "run_id": run_id,
            "net": FULL_MONTH,
            "payments": [
                {
                    "month": "2026-05",
                    "kind": "regular",
                    "net": FULL_MONTH,
                    "lines": [
                        {
                            "code": "base_month",
                            "text": "Månedsbeløp",
                            "quantity": "1",
                            "rate": FULL_MONTH,
                            "amount": FULL_MONTH,
                        }
                    ],
                }
            ],
        }
    ]
    logs = AccessLog.objects.filter(participant_id=first.pk)
    assert [(log.channel, log.what, log.path) for log in logs] == [
        ("api", "api.stipend.payslips", f"/api/v1{path}"),
        ("api", "api.stipend.payslips", f"/api/v1{path}"),
    ]


def test_a_participant_sees_only_their_own_payslips(api_for, users, enrolled, first):
    first.user = users["participant"]
    first.save()
    paid(api_for, users)
    participant = api_for(users["participant"])
    assert participant.get(f"/participants/{first.pk}/payslips").status_code == 200
    other = enrolled[1][0]
    assert participant.get(f"/participants/{other.pk}/payslips").status_code == 404


def test_another_municipalitys_payslips_are_not_found(api_for, users, enrolled, first, outsider):
    paid(api_for, users)
    assert api_for(outsider).get(f"/participants/{first.pk}/payslips").status_code == 404
    assert not AccessLog.objects.exists()


# --- other benefits -----------------------------------------------------------------------


def test_consultant_registers_lists_and_removes_a_reduction(api_for, users, enrolled, first):
    consultant = api_for(users["consultant"])
    path = f"/participants/{first.pk}/stipend-reductions"
    response = consultant.post(
        path, {"month": "2026-05", "kind": "dagpenger", "amount": "1500.00", "note": "NAV"}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["month"] == "2026-05" and created["amount"] == "1500.00"
    assert created["kind"] == "dagpenger" and created["note"] == "NAV"
    assert created["registered_by_id"] == users["consultant"].pk
    assert created["registered_by"] == str(users["consultant"])
    assert Reduction.objects.get().pk == created["id"]

    listed = consultant.get(path)
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [created["id"]]
    assert AccessLog.objects.get().what == "api.stipend.reductions"

    # The run deducts it krone for krone.
    run = api_for(users["payroll"]).post(RUNS, {"month": "2026-05"}).json()
    [payment] = [p for p in run["payments"] if p["participant_id"] == first.pk]
    assert payment["net"] == "21258.17"
    act(api_for(users["payroll"]), run["id"], "discard")

    assert consultant.delete(f"{path}/{created['id']}").status_code == 204
    assert not Reduction.objects.exists()
    assert consultant.delete(f"{path}/{created['id']}").status_code == 404
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="stipend.").order_by("id")
    ] == [
        "stipend.reduction.register",
        "stipend.reduction.remove",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "many"}, "amount"),
        ({"amount": "12345678901"}, "amount"),
        ({"kind": "barnetrygd"}, "kind"),
        ({"month": "2026-5"}, "month"),
    ],
)
def test_a_bad_reduction_is_422_on_the_field(api_for, users, first, changes, field):
    data = {"month": "2026-05", "kind": "dagpenger", "amount": "1500.00", **changes}
    response = api_for(users["consultant"]).post(
        f"/participants/{first.pk}/stipend-reductions", data
    )
    assert response.status_code == 422
    assert ["body", "payload", field] in loc(response)
    assert not Reduction.objects.exists()


READ_REDUCTIONS = {"consultant": 200, "leader": 200, "nav_advisor": 403}
ADD_REDUCTION = {"consultant": 201, "leader": 403, "nav_advisor": 403}
REMOVE_REDUCTION = {"consultant": 204, "leader": 403, "nav_advisor": 403}


@pytest.mark.parametrize("role", ALL)
def test_who_may_see_and_change_reductions(api_for, users, first, role):
    first.nav_advisor = users["nav_advisor"]
    first.save()
    reduction = services.register_reduction(
        actor=users["consultant"], participant=first, month=MAY, kind="aap", amount=Decimal(100)
    )
    api = api_for(users[role])
    path = f"/participants/{first.pk}/stipend-reductions"
    assert api.get(path).status_code == READ_REDUCTIONS.get(role, 404)
    response = api.post(path, {"month": "2026-06", "kind": "wages", "amount": "2000"})
    assert response.status_code == ADD_REDUCTION.get(role, 404)
    assert api.delete(f"{path}/{reduction.pk}").status_code == REMOVE_REDUCTION.get(role, 404)


def test_another_municipalitys_reductions_are_not_found(api_for, users, first, outsider):
    reduction = services.register_reduction(
        actor=users["consultant"], participant=first, month=MAY, kind="aap", amount=Decimal(100)
    )
    api = api_for(outsider)
    path = f"/participants/{first.pk}/stipend-reductions"
    assert api.get(path).status_code == 404
    assert (
        api.post(path, {"month": "2026-06", "kind": "wages", "amount": "2000"}).status_code == 404
    )
    assert api.delete(f"{path}/{reduction.pk}").status_code == 404
    assert Reduction.objects.count() == 1 and not AccessLog.objects.exists()


# --- the schema ---------------------------------------------------------------------------


def test_openapi_schema_documents_the_stipend_endpoints(db):
    schema = Client().get("/api/schema").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/stipend/calculate",
        "/api/v1/payroll-runs",
        "/api/v1/payroll-runs/{run_id}",
        "/api/v1/payroll-runs/{run_id}/actions",
        "/api/v1/payroll-runs/{run_id}/files/{kind}",
        "/api/v1/participants/{participant_id}/payslips",
        "/api/v1/participants/{participant_id}/stipend-reductions",
        "/api/v1/participants/{participant_id}/stipend-reductions/{reduction_id}",
    ):
        assert path in paths
    calculate = paths["/api/v1/stipend/calculate"]["post"]
    assert calculate["tags"] == ["stipend"]
    body = calculate["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert body["properties"]["legal_basis"]["enum"] == ["IL", "IntroL", "IL-6A"]
    assert set(body["properties"]["invalid_absence"]["items"]["properties"]) == {"date", "hours"}
    assert "from" in body["properties"]["unpaid"]["items"]["properties"]
    response = calculate["responses"]["200"]["content"]["application/json"]["schema"]
    assert response["$ref"].endswith("/CalculationOut")
    assert set(schema["components"]["schemas"]["CalculationOut"]["properties"]) == {
        "month",
        "lines",
        "net",
        "decision_required",
    }
