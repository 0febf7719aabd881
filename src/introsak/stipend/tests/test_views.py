"""The stipend screens by role: calculator, runs, pay codes, the stipend tab and payslips."""

import pytest
from django.urls import reverse

from introsak.core.models import AccessLog, Role
from introsak.stipend import services
from introsak.stipend.models import PayrollRun, Reduction, RunStatus
from introsak.stipend.tests.conftest import MAY

ALL = [r.value for r in Role]
STIPEND_ROLES = {"consultant", "leader", "payroll"}

SCENARIO = {
    "month": "2026-05",
    "legal_basis": "IL",
    "birth_date": "1990-04-02",
    "programme_start": "2025-09-01",
    "invalid_absence_0_date": "2026-05-11",
    "invalid_absence_0_hours": "6",
}


def refused(role: str) -> int:
    """What a role that may not act gets: 403, or 404 for a mentor (NarrowAccessMiddleware)."""
    return 404 if role == "mentor" else 403


def paid_run(users):
    run = services.prepare_run(actor=users["payroll"], month=MAY)
    services.run_step(actor=users["consultant"], run=run, step="check")
    return services.run_step(actor=users["leader"], run=run, step="approve")


def test_calculator_by_role(client_for, users):
    for role in ALL:
        status = client_for(users[role]).get(reverse("stipend:calculator")).status_code
        assert status == (200 if role in STIPEND_ROLES else refused(role)), role


def test_calculator_shows_the_lines_and_the_amount(client_for, users):
    page = client_for(users["consultant"]).post(reverse("stipend:calculator"), SCENARIO)
    text = page.content.decode()
    assert "6 timer ugyldig fravær à 147,62\u00a0kr" in text
    assert "21\u00a0872,45\u00a0kr" in text


def test_calculator_names_the_field_and_keeps_what_was_typed(client_for, users):
    data = SCENARIO | {"invalid_absence_0_hours": "-2"}
    text = (
        client_for(users["consultant"]).post(reverse("stipend:calculator"), data).content.decode()
    )
    assert 'id="id_invalid_absence_0_hours"' in text and 'value="-2"' in text
    assert "aria-invalid" in text
    assert "kan ikke være negativt" in text


def test_calculator_fills_in_a_participant_and_logs_the_read(client_for, users, enrolled):
    participant = enrolled[0][0]
    url = reverse("stipend:calculator") + f"?deltaker={participant.pk}&maned=2026-05"
    text = client_for(users["consultant"]).get(url).content.decode()
    assert 'value="2025-09-01"' in text
    assert AccessLog.objects.filter(
        participant_id=participant.pk, what="stipend.calculator"
    ).exists()


def test_run_pages_by_role(client_for, users, enrolled, outsider):
    run = services.prepare_run(actor=users["payroll"], month=MAY)
    for role in ALL:
        client = client_for(users[role])
        expected = 200 if role in STIPEND_ROLES else refused(role)
        assert client.get(reverse("stipend:runs")).status_code == expected, role
        expected = 200 if role in STIPEND_ROLES else 404
        assert client.get(reverse("stipend:run", args=[run.pk])).status_code == expected, role
    assert client_for(outsider).get(reverse("stipend:run", args=[run.pk])).status_code == 404


def test_payroll_prepares_from_the_page_and_a_second_run_is_refused(client_for, users, enrolled):
    client = client_for(users["payroll"])
    response = client.post(reverse("stipend:runs"), {"month": "2026-05"})
    run = PayrollRun.objects.get()
    assert response["Location"] == reverse("stipend:run", args=[run.pk])
    page = client.post(reverse("stipend:runs"), {"month": "2026-05"}).content.decode()
    assert "Det finnes allerede en lønnskjøring" in page
    assert 'value="2026-05"' in page


def test_the_walk_through_the_screens_with_four_eyes(client_for, users, enrolled):
    run = services.prepare_run(actor=users["payroll"], month=MAY)
    url = reverse("stipend:run", args=[run.pk])
    client_for(users["payroll"]).post(url, {"action": "check"})
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    client_for(users["consultant"]).post(url, {"action": "check"})
    page = client_for(users["payroll"]).get(url).content.decode()
    assert "noen andre godkjenner" in page
    client_for(users["payroll"]).post(url, {"action": "approve"})
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED
    client_for(users["leader"]).post(url, {"action": "approve"})
    client_for(users["payroll"]).post(url, {"action": "export"})
    run.refresh_from_db()
    assert run.status == RunStatus.EXPORTED
    first = client_for(users["payroll"]).get(reverse("stipend:run_file", args=[run.pk, "csv"]))
    again = client_for(users["leader"]).get(reverse("stipend:run_file", args=[run.pk, "csv"]))
    assert first.content == again.content and b"22758,17" in first.content


def test_run_detail_runs_a_fixed_number_of_queries(
    client_for, users, enrolled, django_assert_num_queries
):
    run = services.prepare_run(actor=users["payroll"], month=MAY)
    client = client_for(users["leader"])
    client.get(reverse("stipend:run", args=[run.pk]))
    with django_assert_num_queries(14):
        assert client.get(reverse("stipend:run", args=[run.pk])).status_code == 200


def test_stipend_tab_by_role(client_for, users, world):
    participant = world["mine"]
    url = reverse("stipend:participant", args=[participant.pk])
    for role in ALL:
        status = client_for(users[role]).get(url).status_code
        expected = {"consultant": 200, "leader": 200, "teacher": 403, "nav_advisor": 403}
        assert status == expected.get(role, 404), role


def test_consultant_registers_another_benefit_and_bad_input_keeps_it(client_for, users, enrolled):
    participant = enrolled[0][0]
    url = reverse("stipend:participant", args=[participant.pk])
    client = client_for(users["consultant"])
    page = client.post(url, {"month": "2026-05", "kind": "dagpenger", "amount": "-5"})
    assert 'value="-5"' in page.content.decode()
    assert not Reduction.objects.exists()
    client.post(url, {"month": "2026-05", "kind": "dagpenger", "amount": "1500,50"})
    assert str(Reduction.objects.get().amount) == "1500.50"
    assert client_for(users["leader"]).post(url, {"month": "2026-05"}).status_code == 403


def test_payslip_for_the_participant_and_the_consultant(client_for, users, enrolled):
    participant = enrolled[0][0]
    participant.user = users["participant"]
    participant.save()
    paid_run(users)
    url = reverse("stipend:payslip", args=[participant.pk, 2026, 5])
    own = client_for(users["participant"]).get(url).content.decode()
    assert "22\u00a0758,17\u00a0kr" in own
    assert client_for(users["consultant"]).get(url).status_code == 200
    assert client_for(users["teacher"]).get(url).status_code == 404
    other = enrolled[1][0]
    other_url = reverse("stipend:payslip", args=[other.pk, 2026, 5])
    assert client_for(users["participant"]).get(other_url).status_code == 404
    assert (
        "22\u00a0758,17"
        in client_for(users["participant"]).get(reverse("participants:own")).content.decode()
    )
    pdf = client_for(users["participant"]).get(
        reverse("stipend:payslip_pdf", args=[participant.pk, 2026, 5])
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_stipend_tab_runs_a_fixed_number_of_queries(
    client_for, users, enrolled, django_assert_num_queries
):
    paid_run(users)
    participant = enrolled[0][0]
    client = client_for(users["consultant"])
    url = reverse("stipend:participant", args=[participant.pk])
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_pay_codes_by_role(client_for, users):
    for role in ALL:
        status = client_for(users[role]).get(reverse("stipend:pay_codes")).status_code
        assert status == (200 if role in {"payroll", "leader"} else refused(role)), role


@pytest.mark.parametrize("role", ["payroll"])
def test_pay_codes_are_saved(client_for, users, role):
    data = {
        "base": "2000",
        "invalid_absence": "2010",
        "reduction": "2020",
        "floor": "2030",
        "correction": "2040",
    }
    client_for(users[role]).post(reverse("stipend:pay_codes"), data)
    assert services.pay_codes(users[role].municipality_id)["base"] == "2000"
