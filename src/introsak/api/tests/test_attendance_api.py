"""/api/v1 attendance: bulk registration (all or nothing), a participant's registrations, the
month's timesheet and its sign-off, and holidays — under the same policy, rules and audit as
the services: 404 for what the user may not see, 403 for what the role may not do, 422 with
the item and the field for what the rules refuse.

The services' today is 15 June 2026. May 2026 has 21 weekdays, three of them public holidays
(1, 14 and 25 May): 18 programme days of Norwegian (3 h a day), and work practice (5 h) on
Tuesdays to Thursdays."""

import datetime

import pytest
from django.test import Client

from introsak.api.tests.test_participants_api import Api
from introsak.attendance import services
from introsak.attendance.models import Correction, Registration, Timesheet, Vacation
from introsak.attendance.tests.conftest import enrol
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.core.tests.factories import UserFactory
from introsak.decisions.selectors import is_public_holiday
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory

ALL = [r.value for r in Role]
D = datetime.date
MAY = D(2026, 5, 1)
REGISTER = "/attendance/registrations"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 6, 15))


@pytest.fixture
def api_for():
    return Api


@pytest.fixture
def klass(users, municipality):
    """A class of three with the teacher, each enrolled (as in the attendance tests)."""
    group = GroupFactory(municipality=municipality, teachers=[users["teacher"]])
    people = []
    for _ in range(3):
        participant = ParticipantFactory(
            municipality=municipality, consultant=users["consultant"], status="in_programme"
        )
        group.participants.add(participant)
        people.append((participant, enrol(participant, users["consultant"], group)))
    return {"group": group, "people": people}


@pytest.fixture
def first(klass):
    return klass["people"][0]


@pytest.fixture
def mine(users, world):
    """The `world` participant every role relates to, enrolled: for the permission matrix."""
    enrol(world["mine"], users["consultant"])
    return world["mine"]


def programme_days(month=MAY):
    day = month
    while day.month == month.month:
        if day.weekday() < 5 and not is_public_holiday(day):
            yield day
        day += datetime.timedelta(days=1)


def item(participant, measure, day, status="present", **extra) -> dict:
    return {
        "participant_id": participant.pk,
        "measure_id": measure.pk,
        "date": day.isoformat(),
        "status": status,
        **extra,
    }


def month_items(people, month=MAY) -> list[dict]:
    """Norwegian every programme day of the month, present, for each of `people`."""
    return [
        item(participant, measures["norwegian"], day)
        for participant, measures in people
        for day in programme_days(month)
    ]


def errors(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def loc(response) -> list:
    return [d["loc"] for d in response.json()["detail"]]


def registrations(api, participant, start="2026-05-01", end="2026-05-31"):
    """GET /participants/{id}/attendance?from=start&to=end (None leaves one out)."""
    query = {"from": start, "to": end}
    return api.get(
        f"/participants/{participant.pk}/attendance",
        **{k: v for k, v in query.items() if v is not None},
    )


def timesheet_path(participant, month="2026-05") -> str:
    return f"/participants/{participant.pk}/timesheets/{month}"


# --- bulk registration ------------------------------------------------------------------


def test_teacher_registers_a_month_for_the_class_in_one_request(api_for, users, klass):
    items = month_items(klass["people"])
    teacher = api_for(users["teacher"])
    response = teacher.post(REGISTER, {"items": items})
    assert response.status_code == 200, response.content
    assert len(items) == 3 * 18
    assert response.json() == {
        "created": len(items),
        "updated": 0,
        "unchanged": 0,
        "corrections": 0,
        "over_limit": [],
    }
    assert Registration.objects.filter(status="present", hours=3).count() == len(items)
    assert AuditEvent.objects.filter(action="attendance.register").count() == 3
    # The same again changes nothing; one changed item is an update.
    items[4].update(status="absent", absence_type="invalid", hours="1.5")
    body = teacher.post(REGISTER, {"items": items}).json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, len(items) - 1)


@pytest.mark.parametrize("day", [D(2026, 5, 17), D(2026, 5, 14)], ids=["sunday", "ascension-day"])
def test_a_day_that_is_not_a_programme_day_refuses_the_whole_request(
    api_for, users, klass, first, day
):
    participant, measures = first
    items = month_items(klass["people"])
    items.insert(3, item(participant, measures["norwegian"], day))
    response = api_for(users["teacher"]).post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "items", 3, "date"]]
    assert "not a programme day" in errors(response)[("items", 3, "date")]
    assert not Registration.objects.exists()


def test_more_hours_than_planned_is_422(api_for, users, first):
    participant, measures = first
    too_many = item(
        participant, measures["norwegian"], D(2026, 5, 4), "absent", absence_type="invalid", hours=4
    )
    response = api_for(users["teacher"]).post(REGISTER, {"items": [too_many]})
    assert response.status_code == 422
    assert "3" in errors(response)[("items", 0, "hours")]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("hours", ["2.5", 2.5, 2])
def test_hours_may_be_a_string_or_a_number(api_for, users, first, hours):
    participant, measures = first
    response = api_for(users["teacher"]).post(
        REGISTER,
        {
            "items": [
                item(
                    participant,
                    measures["norwegian"],
                    D(2026, 5, 4),
                    "absent",
                    absence_type="invalid",
                    hours=hours,
                )
            ]
        },
    )
    assert response.status_code == 200, response.content
    assert Registration.objects.get().hours == float(hours)


@pytest.mark.parametrize("hours", [-1, "-0.5", "1.25", "many"])
def test_bad_hours_are_422_on_the_item(api_for, users, first, hours):
    participant, measures = first
    items = [
        item(participant, measures["norwegian"], D(2026, 5, 4)),
        item(participant, measures["norwegian"], D(2026, 5, 5), hours=hours),
    ]
    response = api_for(users["teacher"]).post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert ["body", "payload", "items", 1, "hours"] in loc(response)
    assert not Registration.objects.exists()


def test_unknown_status_or_absence_type_is_422_on_the_field(api_for, users, first):
    participant, measures = first
    items = [
        item(participant, measures["norwegian"], D(2026, 5, 4), "late"),
        item(participant, measures["norwegian"], D(2026, 5, 5), "absent", absence_type="holiday"),
    ]
    response = api_for(users["teacher"]).post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert {tuple(loc[2:5]) for loc in loc(response)} == {
        ("items", 0, "status"),
        ("items", 1, "absence_type"),
    }
    # Absent needs a kind of absence: the service names it.
    del items[0]
    items[0].pop("absence_type")
    response = api_for(users["teacher"]).post(REGISTER, {"items": items})
    assert loc(response) == [["body", "payload", "items", 0, "absence_type"]]


def test_doctors_note_without_documented_is_422(api_for, users, first):
    participant, measures = first
    items = [
        item(participant, measures["norwegian"], D(2026, 5, 4)),
        item(
            participant,
            measures["norwegian"],
            D(2026, 5, 5),
            "absent",
            absence_type="own_illness_doctor",
        ),
    ]
    teacher = api_for(users["teacher"])
    response = teacher.post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "items", 1, "documented"]]
    assert not Registration.objects.exists()
    items[1]["documented"] = True
    assert teacher.post(REGISTER, {"items": items}).json()["created"] == 2


def test_the_same_registration_twice_in_a_request_is_422(api_for, users, first):
    participant, measures = first
    items = [
        item(participant, measures["norwegian"], D(2026, 5, 4)),
        item(participant, measures["practice"], D(2026, 5, 5)),
        item(participant, measures["norwegian"], D(2026, 5, 4), "absent", absence_type="invalid"),
    ]
    response = api_for(users["teacher"]).post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "items", 2, "date"]]
    assert "Item 0" in errors(response)[("items", 2, "date")]
    assert not Registration.objects.exists()


def test_the_fifth_self_certified_spell_comes_back_over_the_limit(api_for, users, first):
    participant, measures = first
    norwegian = measures["norwegian"]
    teacher = api_for(users["teacher"])
    spells = [D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 7)]
    body = teacher.post(
        REGISTER,
        {
            "items": [
                item(participant, norwegian, day, "absent", absence_type="own_illness_self")
                for day in spells
            ]
        },
    ).json()
    assert body["created"] == 4 and body["over_limit"] == []
    body = teacher.post(
        REGISTER,
        {
            "items": [
                item(
                    participant,
                    norwegian,
                    D(2026, 5, 4),
                    "absent",
                    absence_type="own_illness_self",
                )
            ]
        },
    ).json()
    assert body["over_limit"] == [
        {
            "participant_id": participant.pk,
            "date": "2026-05-04",
            "measure_id": norwegian.pk,
            "limit_reason": "self_cert_spells_per_year",
        }
    ]
    # The participant's registrations say so too.
    rows = registrations(teacher, participant, "2026-01-01", "2026-05-31").json()
    assert [(r["date"], r["counts_as_invalid"], r["limit_reason"]) for r in rows] == [
        *[(day.isoformat(), False, "") for day in spells],
        ("2026-05-04", True, "self_cert_spells_per_year"),
    ]


def test_a_teacher_of_another_class_gets_422_on_the_participant(
    api_for, users, klass, municipality
):
    other_teacher = UserFactory(municipality=municipality, role=Role.TEACHER)
    GroupFactory(municipality=municipality, teachers=[other_teacher])
    participant, measures = klass["people"][1]
    items = [
        item(participant, measures["norwegian"], D(2026, 5, 4)),
        item(participant, measures["norwegian"], D(2026, 5, 5)),
    ]
    api = api_for(other_teacher)
    response = api.post(REGISTER, {"items": items})
    assert response.status_code == 422
    assert loc(response) == [
        ["body", "payload", "items", 0, "participant_id"],
        ["body", "payload", "items", 1, "participant_id"],
    ]
    assert not Registration.objects.exists()
    # And the participant's pages are not found.
    assert api.get(timesheet_path(participant)).status_code == 404
    assert registrations(api, participant).status_code == 404


def test_the_nav_advisor_cannot_register(api_for, users, first):
    participant, measures = first
    participant.nav_advisor = users["nav_advisor"]
    participant.save()
    response = api_for(users["nav_advisor"]).post(
        REGISTER, {"items": [item(participant, measures["norwegian"], D(2026, 5, 4))]}
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()
    # They see the attendance, though.
    assert api_for(users["nav_advisor"]).get(timesheet_path(participant)).status_code == 200


def test_an_empty_request_registers_nothing(api_for, users):
    body = api_for(users["teacher"]).post(REGISTER, {"items": []}).json()
    assert body == {"created": 0, "updated": 0, "unchanged": 0, "corrections": 0, "over_limit": []}


# --- the timesheet ----------------------------------------------------------------------


def test_the_month_is_signed_acknowledged_approved_and_then_corrected(api_for, users, klass, first):
    participant, measures = first
    teacher, consultant = api_for(users["teacher"]), api_for(users["consultant"])
    mine = [p for p in klass["people"] if p[0] == participant]
    teacher.post(REGISTER, {"items": month_items(mine)})
    actions = f"{timesheet_path(participant)}/actions"

    # Approving an open month is not a step that exists now.
    response = consultant.post(actions, {"step": "approve"})
    assert response.status_code == 422
    response = teacher.post(actions, {"step": "sign"})
    assert response.status_code == 200, response.content
    sheet = response.json()
    assert sheet["status"] == "signed" and sheet["signed_by_id"] == users["teacher"].pk
    assert sheet["signed_at"] and sheet["approved_by_id"] is None

    assert teacher.post(actions, {"step": "approve"}).status_code == 403
    assert teacher.post(actions, {"step": "acknowledge"}).status_code == 403
    sheet = consultant.post(actions, {"step": "acknowledge"}).json()
    assert sheet["acknowledged_on"] == "2026-06-15" and sheet["status"] == "signed"
    sheet = consultant.post(actions, {"step": "approve"}).json()
    assert sheet["status"] == "approved" and sheet["approved_by_id"] == users["consultant"].pk
    assert Timesheet.objects.get().locked
    assert consultant.post(actions, {"step": "reopen"}).status_code == 422
    assert teacher.post(actions, {"step": "shred"}).status_code == 422

    # The locked month: refused for the teacher, and for the consultant without a reason.
    change = item(
        participant, measures["norwegian"], D(2026, 5, 4), "absent", absence_type="invalid"
    )
    response = teacher.post(REGISTER, {"items": [change], "correction_reason": "Sent melding"})
    assert response.status_code == 422
    assert "locked" in errors(response)[("items", 0, "date")]
    response = consultant.post(REGISTER, {"items": [change]})
    assert loc(response) == [["body", "payload", "items", 0, "date"]]
    assert not Correction.objects.exists()
    body = consultant.post(
        REGISTER, {"items": [change], "correction_reason": "Meldt fravær kom etter godkjenning"}
    ).json()
    assert (body["corrections"], body["updated"]) == (1, 1)

    sheet = consultant.get(timesheet_path(participant)).json()
    [correction] = sheet["corrections"]
    assert correction["reason"] == "Meldt fravær kom etter godkjenning"
    assert correction["old"]["status"] == "present" and correction["new"]["status"] == "absent"
    assert correction["measure_id"] == measures["norwegian"].pk
    assert correction["date"] == "2026-05-04" and correction["settled_in_run_id"] is None
    assert sheet["totals"]["invalid"] == 3


def test_a_signed_month_is_reopened_by_the_consultant(api_for, users, first):
    participant, _measures = first
    actions = f"{timesheet_path(participant)}/actions"
    api_for(users["teacher"]).post(actions, {"step": "sign"})
    assert api_for(users["teacher"]).post(actions, {"step": "reopen"}).status_code == 403
    sheet = api_for(users["consultant"]).post(actions, {"step": "reopen"}).json()
    assert sheet["status"] == "open" and sheet["signed_by_id"] is None


def test_a_month_that_has_not_begun_cannot_be_signed(api_for, users, first):
    participant, _measures = first
    response = api_for(users["teacher"]).post(
        f"{timesheet_path(participant, '2026-07')}/actions", {"step": "sign"}
    )
    assert response.status_code == 422
    assert not Timesheet.objects.exists()


def test_timesheet_totals(api_for, users, klass, first):
    participant, measures = first
    items = month_items([first])
    items[0].update(status="absent", absence_type="invalid", hours="1.5")
    items[1].update(status="absent", absence_type="sick_child")
    api_for(users["teacher"]).post(REGISTER, {"items": items})
    response = api_for(users["consultant"]).get(timesheet_path(participant))
    assert response.status_code == 200, response.content
    sheet = response.json()
    assert sheet["month"] == "2026-05" and sheet["status"] == "open"
    assert sheet["signed_by_id"] is None and sheet["acknowledged_on"] is None
    # Norwegian 18 days × 3 h, and work practice on 11 Tue–Thu days × 5 h (14 May is
    # Ascension Day), which nobody registered.
    assert sheet["totals"] == {
        "planned": 54 + 55,
        "present": 3 * 16,
        "invalid": 1.5,
        "unregistered": 55,
        "absent_by_type": {"invalid": 1.5, "sick_child": 3},
    }
    assert [day["date"] for day in sheet["days"]] == [d.isoformat() for d in programme_days()]
    norwegian, practice = str(measures["norwegian"].pk), str(measures["practice"].pk)
    monday, tuesday = sheet["days"][0], sheet["days"][1]
    assert monday["date"] == "2026-05-04" and monday["planned"] == {norwegian: 3}
    assert tuesday["planned"] == {norwegian: 3, practice: 5}
    [registration] = monday["registrations"]
    assert registration["status"] == "absent" and registration["hours"] == 1.5
    assert registration["registered_by_id"] == users["teacher"].pk
    assert sheet["corrections"] == []


@pytest.mark.parametrize("month", ["2026-13", "2026-5", "may"])
def test_a_bad_month_is_422(api_for, users, first, month):
    participant, _measures = first
    response = api_for(users["consultant"]).get(timesheet_path(participant, month))
    assert response.status_code == 422
    assert not AccessLog.objects.exists()


# --- a participant's registrations ------------------------------------------------------


def test_registrations_in_a_range(api_for, users, klass, first):
    participant, measures = first
    api_for(users["teacher"]).post(REGISTER, {"items": month_items(klass["people"])})
    rows = registrations(api_for(users["consultant"]), participant, "2026-05-11", "2026-05-15")
    assert rows.status_code == 200, rows.content
    rows = rows.json()
    # 14 May is a public holiday.
    assert [r["date"] for r in rows] == ["2026-05-11", "2026-05-12", "2026-05-13", "2026-05-15"]
    assert {r["measure_id"] for r in rows} == {measures["norwegian"].pk}
    assert rows[0]["hours"] == 3 and rows[0]["status"] == "present"
    assert rows[0]["counts_as_invalid"] is False and rows[0]["limit_reason"] == ""


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-05-31", "2026-05-01", "to"),
        ("2026-01-01", "2027-01-02", "to"),  # 367 days
        (None, "2026-05-01", "from"),
        ("2026-05-01", None, "to"),
        ("2026-05-01", "31.05.2026", "to"),
    ],
)
def test_a_bad_range_is_422(api_for, users, first, start, end, field):
    participant, _measures = first
    response = registrations(api_for(users["consultant"]), participant, start, end)
    assert response.status_code == 422
    assert ["query", field] in [d["loc"] for d in response.json()["detail"]]
    assert not AccessLog.objects.exists()


def test_a_whole_leap_year_is_not_too_long(api_for, users, first):
    participant, _measures = first
    response = registrations(api_for(users["consultant"]), participant, "2028-01-01", "2028-12-31")
    assert response.status_code == 200


# --- holidays ---------------------------------------------------------------------------


def test_consultant_registers_a_holiday(api_for, users, first):
    participant, _measures = first
    consultant = api_for(users["consultant"])
    path = f"/participants/{participant.pk}/vacations"
    response = consultant.post(path, {"start_date": "2026-07-06", "end_date": "2026-07-31"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["start_date"] == "2026-07-06" and body["registered_by_id"] == users["consultant"].pk
    assert Vacation.objects.get().pk == body["id"]
    # 20 working days taken; ten more is past the five weeks.
    response = consultant.post(path, {"start_date": "2026-12-21", "end_date": "2026-12-31"})
    assert response.status_code == 422
    assert "25" in errors(response)[("end_date",)]
    response = consultant.post(path, {"start_date": "2026-08-10", "end_date": "2026-08-03"})
    assert loc(response) == [["body", "payload", "end_date"]]
    assert consultant.post(path, {"start_date": "2026-08-10"}).status_code == 422
    assert (
        api_for(users["teacher"])
        .post(path, {"start_date": "2026-08-03", "end_date": "2026-08-07"})
        .status_code
        == 403
    )
    assert Vacation.objects.count() == 1


# --- who may do what --------------------------------------------------------------------

READ = {"consultant": 200, "leader": 200, "teacher": 200, "nav_advisor": 200}
REGISTER_ROLES = {"consultant": 200, "teacher": 200, "leader": 403, "nav_advisor": 403}
SIGN = {"consultant": 200, "teacher": 200, "leader": 403, "nav_advisor": 403}
VACATION = {"consultant": 201, "teacher": 403, "leader": 403, "nav_advisor": 403}


@pytest.mark.parametrize("role", ALL)
def test_permission_matrix(api_for, users, mine, role):
    api = api_for(users[role])
    norwegian = mine.plan.measures.get(kind="norwegian")
    assert registrations(api, mine).status_code == READ.get(role, 404)
    assert api.get(timesheet_path(mine)).status_code == READ.get(role, 404)
    response = api.post(REGISTER, {"items": [item(mine, norwegian, D(2026, 5, 4))]})
    # Users who see nobody are told the participant is unknown to them.
    assert response.status_code == REGISTER_ROLES.get(role, 422)
    response = api.post(f"{timesheet_path(mine)}/actions", {"step": "sign"})
    assert response.status_code == SIGN.get(role, 404)
    response = api.post(
        f"/participants/{mine.pk}/vacations", {"start_date": "2026-08-03", "end_date": "2026-08-07"}
    )
    assert response.status_code == VACATION.get(role, 404)


@pytest.mark.parametrize("role", ALL)
def test_another_municipalitys_participant_is_404_for_every_role(
    api_for, users, world, outsider, role
):
    foreign = world["foreign"]
    measures = enrol(foreign, outsider)
    api = api_for(users[role])
    assert registrations(api, foreign).status_code == 404
    assert api.get(timesheet_path(foreign)).status_code == 404
    assert api.post(f"{timesheet_path(foreign)}/actions", {"step": "sign"}).status_code == 404
    assert (
        api.post(
            f"/participants/{foreign.pk}/vacations",
            {"start_date": "2026-08-03", "end_date": "2026-08-07"},
        ).status_code
        == 404
    )
    response = api.post(REGISTER, {"items": [item(foreign, measures["norwegian"], D(2026, 5, 4))]})
    assert loc(response) == [["body", "payload", "items", 0, "participant_id"]]
    assert not Registration.objects.exists() and not Timesheet.objects.exists()
    assert not Vacation.objects.exists() and not AccessLog.objects.exists()
    # Their own consultant does see it.
    assert api_for(outsider).get(timesheet_path(foreign)).status_code == 200


def test_reads_are_logged(api_for, users, first):
    participant, _measures = first
    registrations(api_for(users["leader"]), participant)
    api_for(users["teacher"]).get(timesheet_path(participant))
    logs = AccessLog.objects.order_by("id")
    assert [(log.user.role, log.channel, log.what, log.participant_id) for log in logs] == [
        ("leader", "api", "api.attendance.list", participant.pk),
        ("teacher", "api", "api.attendance.timesheet", participant.pk),
    ]
    assert logs[1].path == f"/api/v1{timesheet_path(participant)}"


def test_openapi_schema_lists_the_attendance_endpoints(db):
    paths = Client().get("/api/schema").json()["paths"]
    for path in (
        "/api/v1/attendance/registrations",
        "/api/v1/participants/{participant_id}/attendance",
        "/api/v1/participants/{participant_id}/timesheets/{month}",
        "/api/v1/participants/{participant_id}/timesheets/{month}/actions",
        "/api/v1/participants/{participant_id}/vacations",
    ):
        assert path in paths
    parameters = paths["/api/v1/participants/{participant_id}/attendance"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"participant_id", "from", "to"}
