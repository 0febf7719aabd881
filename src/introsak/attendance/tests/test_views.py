"""The class grid, the participant's month and the exports, by role."""

import datetime

import pytest
from django.urls import reverse

from introsak.attendance import services
from introsak.attendance.models import Registration, Timesheet
from introsak.attendance.tests.conftest import enrol
from introsak.core.models import Role
from introsak.participants.tests.factories import ParticipantFactory

D = datetime.date
ALL = [r.value for r in Role]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 6, 15))


def grid_url(group, **query):
    url = reverse("attendance:class_grid", args=[group.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_class_grid_by_role(client_for, users, klass):
    expected = dict.fromkeys(ALL, 404) | {"consultant": 200, "teacher": 200, "leader": 403}
    for role in ALL:
        response = client_for(users[role]).get(grid_url(klass["group"], uke="2026-W19"))
        assert response.status_code == expected[role], role


def cell(participant, measure, day, prefix="c"):
    return f"{prefix}_{participant.pk}_{measure.pk}_{day:%Y%m%d}"


def test_teacher_saves_the_whole_week_in_one_post(client_for, users, klass):
    week = [D(2026, 5, 4) + datetime.timedelta(days=i) for i in range(5)]
    data = {}
    for participant, measures in klass["people"]:
        for day in week:
            data[cell(participant, measures["norwegian"], day)] = "present"
    first, measures = klass["people"][0]
    data[cell(first, measures["norwegian"], week[2])] = "invalid"
    data[cell(first, measures["norwegian"], week[2], "h")] = "1,5"
    response = client_for(users["teacher"]).post(grid_url(klass["group"], uke="2026-W19"), data)
    assert response.status_code == 302
    assert Registration.objects.count() == 15
    invalid = Registration.objects.get(absence_type="invalid")
    assert str(invalid.hours) == "1.5"


def test_a_bad_cell_saves_nothing_and_keeps_the_grid(client_for, users, klass):
    first, measures = klass["people"][0]
    data = {
        cell(first, measures["norwegian"], D(2026, 5, 4)): "present",
        cell(first, measures["norwegian"], D(2026, 5, 5)): "invalid",
        cell(first, measures["norwegian"], D(2026, 5, 5), "h"): "9",
    }
    response = client_for(users["teacher"]).post(grid_url(klass["group"], uke="2026-W19"), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert 'value="9"' in html and 'aria-invalid="true"' in html


@pytest.mark.parametrize("size", [3, 12])
def test_class_grid_runs_a_fixed_number_of_queries(
    client_for, users, municipality, size, django_assert_num_queries
):
    from introsak.participants.tests.factories import GroupFactory

    group = GroupFactory(municipality=municipality, teachers=[users["teacher"]])
    for _ in range(size):
        participant = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
        group.participants.add(participant)
        enrol(participant, users["consultant"], group)
    client = client_for(users["teacher"])
    with django_assert_num_queries(14):
        assert client.get(grid_url(group, maned="2026-05")).status_code == 200


def timesheet_url(participant, year=2026, month=5):
    return reverse("attendance:timesheet", args=[participant.pk, year, month])


def test_timesheet_by_role(client_for, users, klass):
    participant = klass["people"][0][0]
    participant.nav_advisor = users["nav_advisor"]
    participant.save()
    expected = dict.fromkeys(ALL, 404) | {
        "consultant": 200,
        "teacher": 200,
        "leader": 200,
        "nav_advisor": 200,
    }
    for role in ALL:
        assert (
            client_for(users[role]).get(timesheet_url(participant)).status_code == expected[role]
        ), role


def test_timesheet_runs_a_fixed_number_of_queries(
    client_for, users, klass, django_assert_num_queries
):
    participant = klass["people"][0][0]
    client = client_for(users["consultant"])
    client.get(timesheet_url(participant))  # warm the session
    with django_assert_num_queries(24):
        assert client.get(timesheet_url(participant)).status_code == 200


def test_sign_acknowledge_approve_in_the_screens(client_for, users, klass):
    participant = klass["people"][0][0]
    participant.user = users["participant"]
    participant.save()
    client_for(users["teacher"]).post(timesheet_url(participant), {"action": "sign"})
    own = client_for(users["participant"])
    sheet = Timesheet.objects.get()
    assert "bekrefter timelisten" in own.get(reverse("participants:own")).content.decode()
    own.post(reverse("participants:own"), {"timesheet": sheet.pk})
    client_for(users["consultant"]).post(timesheet_url(participant), {"action": "approve"})
    sheet.refresh_from_db()
    assert sheet.locked and sheet.acknowledged_on and sheet.acknowledged_by == users["participant"]


def test_teacher_sees_a_locked_month_read_only_and_the_consultant_can_correct_it(
    client_for, users, klass
):
    participant = klass["people"][0][0]
    client_for(users["teacher"]).post(timesheet_url(participant), {"action": "sign"})
    Timesheet.objects.filter(participant=participant).update(acknowledged_on=D(2026, 6, 1))
    client_for(users["consultant"]).post(timesheet_url(participant), {"action": "approve"})
    teacher_page = client_for(users["teacher"]).get(timesheet_url(participant)).content.decode()
    assert "Be flyktningkonsulenten" in teacher_page
    assert "Lagre korrigeringen" not in teacher_page
    consultant_page = (
        client_for(users["consultant"]).get(timesheet_url(participant)).content.decode()
    )
    assert "Lagre korrigeringen" in consultant_page
    assert 'id="correction_reason"' in consultant_page


def test_exports(client_for, users, klass):
    participant = klass["people"][0][0]
    client = client_for(users["teacher"])
    pdf = client.get(reverse("attendance:timesheet_pdf", args=[participant.pk, 2026, 5]))
    assert pdf.content.startswith(b"%PDF-")
    excel = client.get(reverse("attendance:class_excel", args=[klass["group"].pk, 2026, 5]))
    assert excel.content[:2] == b"PK"  # an xlsx is a zip
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(excel.content)).active
    assert sheet.max_row == 4  # header and three participants


def test_consultant_sees_the_weekly_absence_report(client_for, users, klass):
    participant, measures = klass["people"][0]
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    day = monday if monday.weekday() < 5 else monday
    # Register on a programme day of this week, if the week has one.
    from introsak.attendance import selectors

    data = selectors.CalendarData(
        selectors.participants_for_data(type(participant).objects.filter(pk=participant.pk)),
        start=monday,
        end=monday + datetime.timedelta(days=4),
    )
    days = sorted(data.calendar(participant.pk).days)
    if not days:
        pytest.skip("no programme day this week (holidays)")
    day = days[0]
    services.register_bulk(
        actor=users["teacher"],
        items=[
            {
                "participant_id": participant.pk,
                "measure_id": measures["norwegian"].pk,
                "date": day,
                "status": "absent",
                "absence_type": "invalid",
            }
        ],
    )
    html = client_for(users["consultant"]).get(reverse("core:home")).content.decode()
    assert participant.full_name in html and "Ugyldig fravær denne uken" in html
