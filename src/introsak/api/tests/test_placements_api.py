"""/api/v1 placements: employers and the recruitment pipeline, mentors, placements, the
mentor's week, gatherings and concerns — under the same policy, rules and audit as the
services: 404 for what the user may not see, 403 for what the role may not do, 422 with the
field for what the rules refuse. A mentor's token sees only their current placements: the
rest is 404, never 403.

Today is Tuesday 24 November 2026 (the policy's and the services' date alike). The
participant's programme runs 2025-09-01..2027-08-31 with work practice Tue–Thu, 15 h a week;
the placement runs four weeks back and four weeks ahead, Tue–Thu, 12 h a week."""

import datetime

import pytest
from django.utils import timezone

from introsak.api.tests.test_participants_api import Api
from introsak.attendance.models import Registration
from introsak.attendance.tests.conftest import enrol
from introsak.core.models import AccessLog, AuditEvent, Role
from introsak.core.tests.factories import UserFactory
from introsak.participants.tests.factories import ParticipantFactory
from introsak.placements import services
from introsak.placements.models import Concern, Employer, Evaluation, Message, Placement
from introsak.placements.tests.factories import (
    EmployerFactory,
    MentorFactory,
    WorkplaceFactory,
)

ALL = [r.value for r in Role]
D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 11, 24)  # a Tuesday
VALID_ORG = "974760673"
PASSWORD = "Kaffe-og-kanelbolle-42"


class PlacementsApi(Api):
    def put(self, path, data):
        return self.client.put(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def clock(monkeypatch):
    """The date the policy and the services see; a test may move it (clock["today"])."""
    state = {"today": TODAY}
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return state["today"] if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return state


@pytest.fixture(autouse=True)
def _today(clock):
    return clock


@pytest.fixture
def api_for():
    return PlacementsApi


@pytest.fixture
def mine(users, world):
    """The participant every role relates to (the consultant's, NAV-advised, taught by the
    teacher, the participant user's own), enrolled with a work-practice measure."""
    measures = enrol(world["mine"], users["consultant"])
    return {"participant": world["mine"], **measures}


@pytest.fixture
def employer(municipality):
    return EmployerFactory(municipality=municipality, name="Coop Karasjok")


@pytest.fixture
def workplace(employer):
    """At «agreement»: takes participants."""
    return WorkplaceFactory(employer=employer, name="Coop Extra")


@pytest.fixture
def mentor(users, employer):
    return MentorFactory(employer=employer, user=users["mentor"])


def placement_body(measure, workplace, mentor=None, **changes) -> dict:
    body = {
        "workplace_id": workplace.pk,
        "mentor_id": mentor.pk if mentor else None,
        "measure_id": measure.pk,
        "start_date": (TODAY - 28 * DAY).isoformat(),
        "end_date": (TODAY + 28 * DAY).isoformat(),
        "weekdays": "123",
        "hours_per_week": "12",
        "tasks": "Varepåfylling",
        "language_goals": "Hilse på kunder",
    }
    return {**body, **changes}


def make_placement(actor, participant, measure, workplace, mentor=None, **changes) -> Placement:
    data = {
        "workplace": workplace,
        "mentor": mentor,
        "measure": measure,
        "start_date": TODAY - 28 * DAY,
        "end_date": TODAY + 28 * DAY,
        "weekdays": "123",
        "hours_per_week": "12",
        "tasks": "Varepåfylling",
        **changes,
    }
    return services.make_placement(actor=actor, participant=participant, data=data)


@pytest.fixture
def placement(users, mine, workplace, mentor):
    """The current placement of `mine`, mentored by the mentor user."""
    return make_placement(
        users["consultant"], mine["participant"], mine["practice"], workplace, mentor
    )


@pytest.fixture
def gathering(users, mine, mentor):
    return services.record_gathering(
        actor=users["consultant"],
        data={"date": TODAY - 7 * DAY, "theme": "Kommunikasjon på jobben"},
        participant_ids=[mine["participant"].pk],
        mentor_ids=[mentor.pk],
    )


@pytest.fixture
def concern(users, placement):
    return services.raise_concern(
        actor=users["mentor"], placement=placement, data={"description": "Kommer ofte for sent."}
    )


@pytest.fixture
def abroad(other_municipality, outsider):
    """Another municipality's participant, employer, mentor and placement."""
    participant = ParticipantFactory(municipality=other_municipality, consultant=outsider)
    measures = enrol(participant, outsider)
    employer = EmployerFactory(municipality=other_municipality, name="Rema Drangedal")
    workplace = WorkplaceFactory(employer=employer)
    mentor = MentorFactory(employer=employer)
    placement = make_placement(outsider, participant, measures["practice"], workplace, mentor)
    return {"participant": participant, "employer": employer, "placement": placement}


def loc(response) -> list:
    return [d["loc"] for d in response.json()["detail"]]


def errors(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def day_item(day, status="present", **extra) -> dict:
    return {"date": day.isoformat(), "status": status, **extra}


# --- who may do what ----------------------------------------------------------------------

EMPLOYERS_LIST = {"consultant": 200, "leader": 200, "nav_advisor": 200, "mentor": 404}
EMPLOYER_DETAIL = {"consultant": 200, "leader": 200, "nav_advisor": 200}
EMPLOYER_CREATE = {"consultant": 201, "nav_advisor": 201, "mentor": 404}
EMPLOYER_PATCH = {"consultant": 200, "nav_advisor": 200, "leader": 403}
STAGE_MOVE = {"consultant": 200, "nav_advisor": 200, "leader": 403}


@pytest.mark.parametrize("role", ALL)
def test_employer_permission_matrix(api_for, users, employer, workplace, role):
    api = api_for(users[role])
    assert api.get("/employers").status_code == EMPLOYERS_LIST.get(role, 403)
    assert api.get(f"/employers/{employer.pk}").status_code == EMPLOYER_DETAIL.get(role, 404)
    response = api.post(
        "/employers",
        {"org_number": VALID_ORG, "name": "Karasjok Hotell", "industry": "hospitality"},
    )
    assert response.status_code == EMPLOYER_CREATE.get(role, 403)
    response = api.patch(f"/employers/{employer.pk}", {"notes": "Ringer i januar"})
    assert response.status_code == EMPLOYER_PATCH.get(role, 404)
    response = api.post(f"/workplaces/{workplace.pk}/stage", {"to_stage": "active"})
    assert response.status_code == STAGE_MOVE.get(role, 404)
    response = api.post(
        f"/employers/{employer.pk}/workplaces", {"name": "Coop Prix", "industry": "retail"}
    )
    assert response.status_code == {**EMPLOYER_CREATE, "leader": 403}.get(role, 404)


PLACEMENT_LIST = {
    "consultant": 200,
    "leader": 200,
    "teacher": 200,
    "nav_advisor": 200,
    "mentor": 200,
}
PLACEMENT_DETAIL = PLACEMENT_LIST
PLACEMENT_CREATE = {"consultant": 201, "nav_advisor": 201, "leader": 403, "teacher": 403}
PLACEMENT_CHANGE = {"consultant": 200, "nav_advisor": 200, "leader": 403, "teacher": 403}


@pytest.mark.parametrize("role", ALL)
def test_placement_permission_matrix(api_for, users, mine, workplace, mentor, placement, role):
    api = api_for(users[role])
    response = api.get("/placements")
    assert response.status_code == PLACEMENT_LIST.get(role, 403)
    if response.status_code == 200:
        assert [p["id"] for p in response.json()] == [placement.pk]
    assert api.get(f"/placements/{placement.pk}").status_code == PLACEMENT_DETAIL.get(role, 404)
    later = placement_body(
        mine["practice"],
        workplace,
        mentor,
        start_date=(TODAY + 29 * DAY).isoformat(),
        end_date=(TODAY + 60 * DAY).isoformat(),
    )
    response = api.post(f"/participants/{mine['participant'].pk}/placements", later)
    assert response.status_code == PLACEMENT_CREATE.get(role, 404), response.content
    response = api.patch(f"/placements/{placement.pk}", {"tasks": "Kasse og lager"})
    assert response.status_code == PLACEMENT_CHANGE.get(role, 404), response.content
    response = api.post(
        f"/placements/{placement.pk}/end",
        {"last_day": TODAY.isoformat(), "reason": "Fikk fast jobb"},
    )
    assert response.status_code == PLACEMENT_CHANGE.get(role, 404), response.content


MENTOR_ONLY = {"mentor": 200, "consultant": 403, "leader": 403, "teacher": 403, "nav_advisor": 403}
MESSAGES_READ = PLACEMENT_DETAIL
MESSAGES_SEND = {
    "mentor": 201,
    "teacher": 201,
    "consultant": 403,
    "leader": 403,
    "nav_advisor": 403,
}
CONCERN_RAISE = {
    "mentor": 201,
    "consultant": 201,
    "nav_advisor": 201,
    "leader": 403,
    "teacher": 403,
}


@pytest.mark.parametrize("role", ALL)
def test_the_mentors_week_permission_matrix(api_for, users, placement, role):
    api = api_for(users[role])
    path = f"/placements/{placement.pk}"
    response = api.post(f"{path}/attendance", {"items": [day_item(TODAY - 7 * DAY)]})
    assert response.status_code == MENTOR_ONLY.get(role, 404)
    response = api.post(
        f"{path}/evaluations",
        {"week_start": "2026-11-16", "rating": "good", "text": "Jobber godt og spør mye."},
    )
    assert response.status_code == {**MENTOR_ONLY, "mentor": 201}.get(role, 404)
    assert api.get(f"{path}/messages").status_code == MESSAGES_READ.get(role, 404)
    response = api.post(f"{path}/messages", {"text": "Hvordan kan vi øve på tall?"})
    assert response.status_code == MESSAGES_SEND.get(role, 404)
    response = api.post(
        f"{path}/concerns",
        {
            "description": "Lite å gjøre på ettermiddagen.",
            "raised_by": "workplace",
            "owner_id": users["consultant"].pk,
            "meeting_by": (TODAY + 5 * DAY).isoformat(),
        },
    )
    assert response.status_code == CONCERN_RAISE.get(role, 404), response.content


GATHERINGS_READ = {
    "consultant": 200,
    "leader": 200,
    "teacher": 200,
    "nav_advisor": 200,
    "mentor": 404,
}
GATHERINGS_WRITE = {"consultant": 201, "nav_advisor": 201, "mentor": 404}
CONCERNS_READ = {"consultant": 200, "leader": 200, "nav_advisor": 200, "mentor": 404}
CONCERN_CLOSE = {"consultant": 200, "nav_advisor": 200, "leader": 403}


@pytest.mark.parametrize("role", ALL)
def test_gatherings_and_concerns_permission_matrix(api_for, users, mine, gathering, concern, role):
    api = api_for(users[role])
    assert api.get("/gatherings").status_code == GATHERINGS_READ.get(role, 403)
    detail = GATHERINGS_READ.get(role, 404)
    assert api.get(f"/gatherings/{gathering.pk}").status_code == (404 if detail == 403 else detail)
    body = {"date": TODAY.isoformat(), "theme": "HMS", "participant_ids": [mine["participant"].pk]}
    assert api.post("/gatherings", body).status_code == GATHERINGS_WRITE.get(role, 403)
    response = api.put(f"/gatherings/{gathering.pk}", body)
    expected = {"consultant": 200, "nav_advisor": 200, "leader": 403, "teacher": 403}
    assert response.status_code == expected.get(role, 404)
    assert api.get("/concerns").status_code == CONCERNS_READ.get(role, 403)
    response = api.post(f"/concerns/{concern.pk}/close", {"outcome": "Møte holdt, ny arbeidstid"})
    assert response.status_code == CONCERN_CLOSE.get(role, 404)


# --- another municipality -----------------------------------------------------------------


def test_another_municipalitys_placements_are_404(
    api_for, outsider, mine, employer, workplace, placement, gathering, concern
):
    api = api_for(outsider)
    assert api.get(f"/employers/{employer.pk}").status_code == 404
    assert api.patch(f"/employers/{employer.pk}", {"notes": "x"}).status_code == 404
    assert (
        api.post(f"/employers/{employer.pk}/workplaces", {"name": "X", "industry": "retail"})
    ).status_code == 404
    assert (
        api.post(
            f"/employers/{employer.pk}/mentors",
            {
                "username": "kari",
                "first_name": "Kari",
                "last_name": "Nordmann",
                "password": PASSWORD,
            },
        )
    ).status_code == 404
    assert api.post(f"/workplaces/{workplace.pk}/stage", {"to_stage": "active"}).status_code == 404
    response = api.post(
        f"/participants/{mine['participant'].pk}/placements",
        placement_body(mine["practice"], workplace),
    )
    assert response.status_code == 404
    path = f"/placements/{placement.pk}"
    assert api.get(path).status_code == 404
    assert api.patch(path, {"tasks": "x"}).status_code == 404
    assert (
        api.post(f"{path}/end", {"last_day": TODAY.isoformat(), "reason": "x"}).status_code == 404
    )
    assert api.get(f"{path}/messages").status_code == 404
    assert api.post(f"{path}/messages", {"text": "x"}).status_code == 404
    assert api.post(f"{path}/concerns", {"description": "x"}).status_code == 404
    assert api.get(f"/gatherings/{gathering.pk}").status_code == 404
    assert (
        api.put(f"/gatherings/{gathering.pk}", {"date": "2026-11-24", "theme": "x"}).status_code
        == 404
    )
    assert api.post(f"/concerns/{concern.pk}/close", {"outcome": "x"}).status_code == 404
    # The lists hold none of it.
    assert api.get("/employers").json() == []
    assert api.get("/placements").json() == []
    assert api.get("/gatherings").json() == []
    assert api.get("/concerns").json() == []
    assert not AccessLog.objects.filter(participant_id=mine["participant"].pk).exists()


def test_another_municipalitys_mentor_sees_nothing_of_ours(api_for, placement, abroad):
    foreign_mentor = abroad["placement"].mentor.user
    api = api_for(foreign_mentor)
    assert [p["id"] for p in api.get("/placements").json()] == [abroad["placement"].pk]
    assert api.get(f"/placements/{placement.pk}").status_code == 404
    response = api.post(f"/placements/{placement.pk}/attendance", {"items": [day_item(TODAY)]})
    assert response.status_code == 404


def test_gathering_with_another_municipalitys_people_is_422(api_for, users, abroad):
    response = api_for(users["consultant"]).post(
        "/gatherings",
        {
            "date": TODAY.isoformat(),
            "theme": "HMS",
            "participant_ids": [abroad["participant"].pk],
            "mentor_ids": [abroad["placement"].mentor_id],
        },
    )
    assert response.status_code == 422
    assert sorted(loc(response)) == [
        ["body", "payload", "mentor_ids"],
        ["body", "payload", "participant_ids"],
    ]


def test_placement_with_another_municipalitys_workplace_is_422(api_for, users, mine, abroad):
    workplace = abroad["placement"].workplace
    response = api_for(users["consultant"]).post(
        f"/participants/{mine['participant'].pk}/placements",
        placement_body(mine["practice"], workplace),
    )
    assert response.status_code == 422
    assert ["body", "payload", "workplace_id"] in loc(response)
    assert not Placement.objects.filter(participant=mine["participant"]).exists()


# --- employers, workplaces and mentors ----------------------------------------------------


def test_consultant_registers_an_employer_and_recruits_a_workplace(api_for, users):
    api = api_for(users["consultant"])
    response = api.post(
        "/employers",
        {
            "org_number": "974 760 673",
            "name": "Karasjok Helsesenter",
            "industry": "health",
            "postal_code": "9730",
            "city": "Karasjok",
        },
    )
    assert response.status_code == 201, response.content
    employer = response.json()
    assert employer["org_number"] == VALID_ORG
    [first] = employer["workplaces"]
    assert (first["name"], first["stage"]) == ("Karasjok Helsesenter", "contacted")
    assert first["next_stages"] == ["info_meeting", "ended"]
    assert first["current_placements"] == 0
    assert AuditEvent.objects.filter(action="employer.create").count() == 1

    response = api.post(
        f"/employers/{employer['id']}/workplaces",
        {"name": "Sykehjemmet", "industry": "health", "capacity": 3, "tasks": "Stell"},
    )
    assert response.status_code == 201, response.content
    ward = response.json()
    assert (ward["stage"], ward["capacity"]) == ("contacted", 3)

    stage = f"/workplaces/{ward['id']}/stage"
    response = api.post(stage, {"to_stage": "agreement"})
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "to_stage"]]
    assert api.post(stage, {"to_stage": "info_meeting", "on": "2026-11-20"}).json()["stage"] == (
        "info_meeting"
    )
    moved = api.post(stage, {"to_stage": "agreement", "note": "Signert avtale"}).json()
    assert (moved["stage"], moved["stage_changed_on"]) == ("agreement", TODAY.isoformat())
    assert moved["next_stages"] == ["active", "paused", "ended"]
    response = api.post(stage, {"to_stage": "active", "on": "2026-12-01"})
    assert loc(response) == [["body", "payload", "on"]]
    assert loc(api.post(stage, {"to_stage": "closed"})) == [["body", "payload", "to_stage"]]

    body = api.get(f"/employers/{employer['id']}").json()
    assert [(w["name"], w["stage"]) for w in body["workplaces"]] == [
        ("Karasjok Helsesenter", "contacted"),
        ("Sykehjemmet", "agreement"),
    ]
    listed = api.get("/employers").json()
    assert [e["id"] for e in listed] == [employer["id"]]
    assert len(listed[0]["workplaces"]) == 2

    response = api.patch(f"/employers/{employer['id']}", {"name": "Karasjok Helse", "city": None})
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["city"]) == ("Karasjok Helse", "")
    assert response.json()["org_number"] == VALID_ORG


@pytest.mark.parametrize(
    "org_number",
    ["974760674", "97476067", "ABCDEFGHI", ""],
    ids=["check-digit", "8", "letters", "blank"],
)
def test_an_invalid_org_number_is_422_on_org_number(api_for, users, org_number):
    response = api_for(users["consultant"]).post(
        "/employers", {"org_number": org_number, "name": "Feil AS", "industry": "retail"}
    )
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "org_number"]]
    assert not Employer.objects.exists()


def test_an_org_number_registered_before_is_422(api_for, users, employer):
    api = api_for(users["consultant"])
    response = api.post(
        "/employers", {"org_number": employer.org_number, "name": "Dobbel", "industry": "retail"}
    )
    assert loc(response) == [["body", "payload", "org_number"]]
    assert "Coop Karasjok" in errors(response)[("org_number",)]
    other = api.post(
        "/employers", {"org_number": VALID_ORG, "name": "Annen", "industry": "retail"}
    ).json()
    response = api.patch(f"/employers/{other['id']}", {"org_number": employer.org_number})
    assert loc(response) == [["body", "payload", "org_number"]]


def test_bad_employer_fields_are_422_each(api_for, users):
    response = api_for(users["consultant"]).post(
        "/employers",
        {"org_number": VALID_ORG, "name": "  ", "industry": "retail", "postal_code": "97a0"},
    )
    assert sorted(loc(response)) == [
        ["body", "payload", "name"],
        ["body", "payload", "postal_code"],
    ]
    response = api_for(users["consultant"]).post(
        "/employers", {"org_number": VALID_ORG, "name": "X", "industry": "fishing"}
    )
    assert loc(response)[0][:3] == ["body", "payload", "industry"]


def test_a_workplace_with_no_places_is_422(api_for, users, employer):
    response = api_for(users["consultant"]).post(
        f"/employers/{employer.pk}/workplaces",
        {"name": "Lager", "industry": "retail", "capacity": 0},
    )
    assert loc(response) == [["body", "payload", "capacity"]]


def test_a_mentor_account_is_made_for_the_employer(api_for, users, employer):
    api = api_for(users["consultant"])
    body = {
        "username": "kari.mentor",
        "first_name": "Kari",
        "last_name": "Nordmann",
        "email": "kari@coop.no",
        "phone": "+47 911 22 333",
        "password": PASSWORD,
    }
    response = api.post(f"/employers/{employer.pk}/mentors", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["name"], created["username"], created["employer_id"]) == (
        "Kari Nordmann",
        "kari.mentor",
        employer.pk,
    )
    assert created["basic_training_on"] is None
    user = employer.mentors.get().user
    assert user.role == Role.MENTOR and user.check_password(PASSWORD)
    assert "password" not in created
    services.record_mentor_training(
        actor=users["consultant"],
        mentor=employer.mentors.get(),
        data={"kind": "basic", "completed_on": D(2026, 11, 2)},
    )
    [listed] = api.get(f"/employers/{employer.pk}").json()["mentors"]
    assert (listed["id"], listed["basic_training_on"]) == (created["id"], "2026-11-02")
    # The new mentor has nothing to see yet.
    assert api_for(user).get("/placements").json() == []

    response = api.post(f"/employers/{employer.pk}/mentors", {**body, "password": "kort"})
    assert sorted(loc(response)) == [
        ["body", "payload", "password"],
        ["body", "payload", "username"],
    ]
    response = api.post(
        f"/employers/{employer.pk}/mentors",
        {**body, "username": "ola", "email": "ikke-epost", "password": PASSWORD},
    )
    assert loc(response) == [["body", "payload", "email"]]


# --- placements ---------------------------------------------------------------------------


def test_consultant_agrees_a_placement(api_for, users, mine, employer, workplace, mentor):
    api = api_for(users["consultant"])
    participant = mine["participant"]
    response = api.post(
        f"/participants/{participant.pk}/placements",
        placement_body(mine["practice"], workplace, mentor),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["participant_id"] == participant.pk
    assert body["participant"] == participant.full_name
    assert (body["workplace_id"], body["employer_id"], body["mentor_id"]) == (
        workplace.pk,
        employer.pk,
        mentor.pk,
    )
    assert body["mentor"] == str(mentor)
    assert (body["start_date"], body["end_date"]) == ("2026-10-27", "2026-12-22")
    assert (body["weekdays"], body["hours_per_week"], body["state"]) == ("123", "12.0", "active")
    assert body["startup_meeting"] is None and body["evaluations"] == []
    # The workplace became active with its first placement.
    [wp] = api.get(f"/employers/{employer.pk}").json()["workplaces"]
    assert (wp["stage"], wp["current_placements"]) == ("active", 1)

    listed = api.get("/placements", participant_id=participant.pk).json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert api.get("/placements", participant_id=participant.pk + 999).json() == []
    assert [p["id"] for p in api.get("/placements", current="true").json()] == [body["id"]]
    assert api.get("/placements", current="false").json() == []

    detail = api.get(f"/placements/{body['id']}")
    assert detail.status_code == 200
    logged = AccessLog.objects.filter(participant_id=participant.pk, what="api.placement.get")
    assert logged.get().channel == AccessLog.Channel.API


def test_a_placement_on_the_same_days_as_another_is_422(
    api_for, users, mine, workplace, mentor, placement
):
    api = api_for(users["consultant"])
    # Another workplace of the same employer, on Wednesdays, in the same weeks.
    other = WorkplaceFactory(employer=workplace.employer, name="Coop Prix")
    response = api.post(
        f"/participants/{mine['participant'].pk}/placements",
        placement_body(
            mine["practice"],
            other,
            start_date=(TODAY + 7 * DAY).isoformat(),
            end_date=(TODAY + 60 * DAY).isoformat(),
            weekdays="2",
            hours_per_week="5",
        ),
    )
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "start_date"]]
    assert "Coop Extra" in errors(response)[("start_date",)]
    assert Placement.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"weekdays": "56"}, "weekdays"),
        ({"weekdays": "04"}, "weekdays"),
        ({"hours_per_week": "20"}, "hours_per_week"),
        ({"hours_per_week": "0"}, "hours_per_week"),
        ({"start_date": "2025-08-01"}, "start_date"),
        ({"end_date": "2026-10-01"}, "end_date"),
        ({"end_date": "2027-09-30"}, "end_date"),
    ],
)
def test_a_placement_outside_the_plan_is_422_on_the_field(
    api_for, users, mine, workplace, mentor, changes, field
):
    response = api_for(users["consultant"]).post(
        f"/participants/{mine['participant'].pk}/placements",
        placement_body(mine["practice"], workplace, mentor, **changes),
    )
    assert response.status_code == 422
    assert ["body", "payload", field] in [d[:3] for d in loc(response)]
    assert not Placement.objects.exists()


def test_a_placement_needs_the_work_practice_measure_an_agreed_workplace_and_its_mentor(
    api_for, users, mine, employer, workplace
):
    api = api_for(users["consultant"])
    path = f"/participants/{mine['participant'].pk}/placements"
    response = api.post(path, placement_body(mine["norwegian"], workplace))
    assert loc(response) == [["body", "payload", "measure_id"]]
    contacted = WorkplaceFactory(employer=employer, contacted=True)
    response = api.post(path, placement_body(mine["practice"], contacted))
    assert loc(response) == [["body", "payload", "workplace_id"]]
    stranger = MentorFactory(employer=EmployerFactory(municipality=employer.municipality))
    response = api.post(path, placement_body(mine["practice"], workplace, stranger))
    assert loc(response) == [["body", "payload", "mentor_id"]]
    assert "another employer" in errors(response)[("mentor_id",)]


@pytest.mark.parametrize("mentor_id", [10**20, 999_999, "abc"])
def test_a_mentor_id_that_names_no_mentor_is_refused(api_for, users, mine, workplace, mentor_id):
    api = api_for(users["consultant"])
    path = f"/participants/{mine['participant'].pk}/placements"
    response = api.post(path, placement_body(mine["practice"], workplace, mentor_id=mentor_id))
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "mentor_id"]]
    assert not Placement.objects.exists()


def test_a_placement_is_changed_and_checked_again(api_for, users, mine, placement):
    api = api_for(users["consultant"])
    path = f"/placements/{placement.pk}"
    response = api.patch(path, {"tasks": "Kasse", "language_goals": None})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["tasks"], body["language_goals"], body["hours_per_week"]) == ("Kasse", "", "12.0")
    assert body["start_date"] == placement.start_date.isoformat()
    response = api.patch(path, {"hours_per_week": 15, "weekdays": "12"})
    assert response.status_code == 200, response.content
    assert (response.json()["hours_per_week"], response.json()["weekdays"]) == ("15.0", "12")
    response = api.patch(path, {"hours_per_week": 16})
    assert loc(response) == [["body", "payload", "hours_per_week"]]
    response = api.patch(path, {"end_date": "2026-10-01"})
    assert loc(response) == [["body", "payload", "end_date"]]
    response = api.patch(path, {"mentor_id": None})
    assert response.json()["mentor_id"] is None
    placement.refresh_from_db()
    assert (placement.hours_per_week, placement.mentor_id) == (15, None)


def test_a_placement_ends_early_and_the_mentor_loses_it(api_for, users, placement):
    consultant, mentor = api_for(users["consultant"]), api_for(users["mentor"])
    path = f"/placements/{placement.pk}"
    assert mentor.get(path).status_code == 200
    response = consultant.post(f"{path}/end", {"last_day": "2026-12-30", "reason": "Fast jobb"})
    assert loc(response) == [["body", "payload", "last_day"]]
    response = consultant.post(f"{path}/end", {"last_day": "2026-11-23", "reason": " "})
    assert loc(response) == [["body", "payload", "reason"]]
    response = consultant.post(f"{path}/end", {"last_day": "2026-11-23", "reason": "Fast jobb"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["end_date"], body["state"], body["ended_early_reason"]) == (
        "2026-11-23",
        "ended",
        "Fast jobb",
    )
    # Ended yesterday: the mentor no longer finds it, whatever they ask.
    assert mentor.get("/placements").json() == []
    assert mentor.get(path).status_code == 404
    assert mentor.get(f"{path}/messages").status_code == 404
    assert mentor.post(f"{path}/messages", {"text": "Hei"}).status_code == 404
    items = {"items": [day_item(D(2026, 11, 19))]}
    assert mentor.post(f"{path}/attendance", items).status_code == 404
    assert mentor.post(f"{path}/concerns", {"description": "Hei"}).status_code == 404
    # The refugee service still sees it.
    assert consultant.get(path).json()["state"] == "ended"


def test_the_mentor_loses_the_placement_the_day_after_it_ends(api_for, users, clock, placement):
    mentor = api_for(users["mentor"])
    clock["today"] = placement.end_date
    assert mentor.get(f"/placements/{placement.pk}").status_code == 200
    clock["today"] = placement.end_date + DAY
    assert mentor.get(f"/placements/{placement.pk}").status_code == 404
    assert mentor.get("/placements").json() == []


# --- the mentor sees only their current placement -----------------------------------------


def test_the_mentor_sees_only_their_current_placement(
    api_for, users, world, municipality, mine, employer, workplace, mentor, placement, gathering
):
    consultant = users["consultant"]
    other = world["other"]
    other_measures = enrol(other, consultant)
    colleague = MentorFactory(employer=employer)
    # The same workplace, another participant and another mentor.
    theirs = make_placement(consultant, other, other_measures["practice"], workplace, colleague)
    # The mentor's own placement that has not started yet.
    planned = make_placement(
        consultant,
        other,
        other_measures["practice"],
        workplace,
        mentor,
        start_date=TODAY + 60 * DAY,
        end_date=TODAY + 90 * DAY,
    )
    api = api_for(users["mentor"])
    listed = api.get("/placements").json()
    assert [p["id"] for p in listed] == [placement.pk]
    assert api.get("/placements", participant_id=other.pk).json() == []
    assert api.get(f"/placements/{placement.pk}").status_code == 200
    for hidden in (theirs, planned):
        assert api.get(f"/placements/{hidden.pk}").status_code == 404
        assert api.get(f"/placements/{hidden.pk}/messages").status_code == 404
        assert api.patch(f"/placements/{hidden.pk}", {"tasks": "x"}).status_code == 404
    # Not even their own placement may be changed: a 404, as everything outside the mentor's
    # week.
    assert api.patch(f"/placements/{placement.pk}", {"tasks": "x"}).status_code == 404
    participant = mine["participant"].pk
    assert api.get(f"/participants/{participant}").status_code == 404
    assert api.get("/participants").status_code == 404
    assert api.get(f"/participants/{participant}/plan").status_code == 404
    assert (
        api.get(
            f"/participants/{participant}/attendance", **{"from": "2026-11-01", "to": "2026-11-30"}
        ).status_code
        == 404
    )
    assert api.get("/employers").status_code == 404
    assert api.get(f"/employers/{employer.pk}").status_code == 404
    assert api.get("/gatherings").status_code == 404
    assert api.get(f"/gatherings/{gathering.pk}").status_code == 404
    assert api.get("/concerns").status_code == 404
    assert api.get("/payroll-runs").status_code == 404
    response = api.post("/employers", {"org_number": VALID_ORG, "name": "X", "industry": "retail"})
    assert response.status_code == 404
    assert api.get("/me").json()["role"] == "mentor"


# --- the mentor's week --------------------------------------------------------------------


def test_the_mentor_registers_the_week(api_for, users, mine, placement):
    api = api_for(users["mentor"])
    path = f"/placements/{placement.pk}/attendance"
    items = [
        day_item(D(2026, 11, 17)),
        day_item(D(2026, 11, 18), "absent", absence_type="own_illness_self"),
        day_item(D(2026, 11, 19), "absent", absence_type="invalid", hours="2.5"),
        day_item(TODAY, note="Første dag i kassa"),
    ]
    response = api.post(path, {"items": items})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "corrections": 0,
        "over_limit": [],
    }
    rows = Registration.objects.filter(participant=mine["participant"]).order_by("date")
    assert {r.measure_id for r in rows} == {mine["practice"].pk}
    assert [(r.date, r.status, r.hours) for r in rows] == [
        (D(2026, 11, 17), "present", 5),
        (D(2026, 11, 18), "absent", 5),
        (D(2026, 11, 19), "absent", 2.5),
        (TODAY, "present", 5),
    ]
    assert {r.registered_by_id for r in rows} == {users["mentor"].pk}
    # The consultant reads them as any other registrations.
    consultant = api_for(users["consultant"])
    registered = consultant.get(
        f"/participants/{mine['participant'].pk}/attendance",
        **{"from": "2026-11-17", "to": "2026-11-24"},
    ).json()
    assert len(registered) == 4


@pytest.mark.parametrize("hours", [-1, "-0.5"])
def test_negative_hours_in_the_mentors_week_are_422(api_for, users, placement, hours):
    response = api_for(users["mentor"]).post(
        f"/placements/{placement.pk}/attendance",
        {
            "items": [
                day_item(D(2026, 11, 17)),
                day_item(D(2026, 11, 18), "absent", absence_type="invalid", hours=hours),
            ]
        },
    )
    assert response.status_code == 422
    assert ["body", "payload", "items", 1, "hours"] in loc(response)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "day, words",
    [
        (D(2026, 11, 25), "not ahead"),  # tomorrow
        (D(2026, 11, 23), "weekday"),  # a Monday
        (D(2026, 10, 22), "outside"),  # before the placement
    ],
    ids=["tomorrow", "monday", "before-start"],
)
def test_a_day_the_mentor_may_not_register_refuses_the_whole_request(
    api_for, users, placement, day, words
):
    response = api_for(users["mentor"]).post(
        f"/placements/{placement.pk}/attendance",
        {"items": [day_item(D(2026, 11, 17)), day_item(day)]},
    )
    assert response.status_code == 422
    assert loc(response) == [["body", "payload", "items", 1, "date"]]
    assert words in errors(response)[("items", 1, "date")]
    assert not Registration.objects.exists()


def test_the_same_day_twice_and_a_bad_status_are_422_on_the_item(api_for, users, placement):
    api = api_for(users["mentor"])
    path = f"/placements/{placement.pk}/attendance"
    response = api.post(
        path, {"items": [day_item(TODAY), day_item(TODAY, "absent", absence_type="invalid")]}
    )
    assert loc(response) == [["body", "payload", "items", 1, "date"]]
    response = api.post(path, {"items": [day_item(TODAY, "late")]})
    assert [d[:5] for d in loc(response)] == [["body", "payload", "items", 0, "status"]]
    response = api.post(path, {"items": [day_item(TODAY, "absent")]})
    assert loc(response) == [["body", "payload", "items", 0, "absence_type"]]
    assert not Registration.objects.exists()


def test_the_mentor_writes_the_weeks_evaluation(api_for, users, placement):
    api = api_for(users["mentor"])
    path = f"/placements/{placement.pk}/evaluations"
    response = api.post(
        path,
        {
            "week_start": "2026-11-18",
            "rating": "mixed",
            "text": "Blir bedre i kassa.",
            "language_use": "Forstår kundene, svarer kort.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["week_start"], body["rating"], body["written_by_id"]) == (
        "2026-11-16",
        "mixed",
        users["mentor"].pk,
    )
    # Written again, it replaces the week's.
    api.post(path, {"week_start": "2026-11-16", "rating": "good", "text": "Mye bedre."})
    [evaluation] = api.get(f"/placements/{placement.pk}").json()["evaluations"]
    assert (evaluation["rating"], evaluation["text"]) == ("good", "Mye bedre.")
    assert Evaluation.objects.count() == 1
    response = api.post(path, {"week_start": "2026-11-30", "rating": "good", "text": "x"})
    assert loc(response) == [["body", "payload", "week_start"]]
    response = api.post(path, {"week_start": "2026-11-16", "rating": "great", "text": "x"})
    assert loc(response)[0][:3] == ["body", "payload", "rating"]
    response = api.post(path, {"week_start": "2026-11-16", "rating": "good", "text": " "})
    assert loc(response) == [["body", "payload", "text"]]


def test_the_mentor_and_the_teacher_exchange_messages(api_for, users, mine, placement):
    mentor, teacher = api_for(users["mentor"]), api_for(users["teacher"])
    path = f"/placements/{placement.pk}/messages"
    response = mentor.post(path, {"text": "Hvilke ord bør hun øve på til kassa?"})
    assert response.status_code == 201, response.content
    assert response.json()["sender_role"] == "mentor"
    assert teacher.post(path, {"text": "Tall og priser: vi tar det i timen."}).status_code == 201
    messages = mentor.get(path).json()
    assert [(m["sender_id"], m["sender_role"]) for m in messages] == [
        (users["mentor"].pk, "mentor"),
        (users["teacher"].pk, "teacher"),
    ]
    assert messages[1]["sender"] == users["teacher"].get_full_name()
    assert (
        AccessLog.objects.filter(
            participant_id=mine["participant"].pk,
            what="api.placement.messages",
            channel=AccessLog.Channel.API,
        ).count()
        == 1
    )
    assert loc(mentor.post(path, {"text": "  "})) == [["body", "payload", "text"]]
    assert Message.objects.count() == 2


# --- gatherings ---------------------------------------------------------------------------


def test_a_gathering_is_recorded_listed_by_year_and_saved_again(
    api_for, users, world, mine, mentor
):
    api = api_for(users["consultant"])
    response = api.post(
        "/gatherings",
        {
            "date": "2026-11-12",
            "theme": "Kommunikasjon på jobben",
            "planned_topics": "Å ringe og melde fravær",
            "language_part": "Rollespill",
            "participant_ids": [mine["participant"].pk],
            "mentor_ids": [mentor.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["participant_ids"], body["mentor_ids"]) == ([mine["participant"].pk], [mentor.pk])
    assert body["created_by_id"] == users["consultant"].pk
    assert [g["id"] for g in api.get("/gatherings", year=2026).json()] == [body["id"]]
    assert api.get("/gatherings", year=2025).json() == []
    assert api.get("/gatherings", year=1800).status_code == 422

    both = sorted([mine["participant"].pk, world["other"].pk])
    response = api.put(
        f"/gatherings/{body['id']}",
        {"date": "2026-11-12", "theme": "Kommunikasjon", "participant_ids": both},
    )
    assert response.status_code == 200, response.content
    saved = response.json()
    assert (saved["theme"], saved["participant_ids"], saved["mentor_ids"]) == (
        "Kommunikasjon",
        both,
        [],
    )
    assert saved["planned_topics"] == ""
    assert api_for(users["teacher"]).get(f"/gatherings/{body['id']}").json() == saved
    response = api.put(f"/gatherings/{body['id']}", {"date": "2026-11-12", "theme": " "})
    assert loc(response) == [["body", "payload", "theme"]]


# --- concerns -----------------------------------------------------------------------------


def test_a_mentors_concern_goes_to_the_consultant_and_is_closed(api_for, users, mine, placement):
    mentor, consultant = api_for(users["mentor"]), api_for(users["consultant"])
    response = mentor.post(
        f"/placements/{placement.pk}/concerns",
        {"description": "Kommer ofte for sent.", "raised_by": "workplace", "owner_id": 1},
    )
    assert response.status_code == 201, response.content
    concern = response.json()
    # The mentor's concern is the mentor's, owned by the participant's consultant, with a
    # meeting within a week.
    assert (concern["raised_by"], concern["owner_id"], concern["meeting_by"]) == (
        "mentor",
        users["consultant"].pk,
        "2026-12-01",
    )
    assert (concern["status"], concern["overdue"], concern["participant_id"]) == (
        "open",
        False,
        mine["participant"].pk,
    )

    listed = consultant.get("/concerns", status="open").json()
    assert [c["id"] for c in listed] == [concern["id"]]
    assert consultant.get("/concerns", status="closed").json() == []
    assert consultant.get("/concerns", status="pending").status_code == 422
    assert AccessLog.objects.filter(what="api.placement.concerns").count() == 1

    close = f"/concerns/{concern['id']}/close"
    response = consultant.post(close, {"outcome": "Møte", "meeting_held_on": "2026-11-30"})
    assert loc(response) == [["body", "payload", "meeting_held_on"]]
    response = consultant.post(close, {"outcome": "Ny arbeidstid", "meeting_held_on": "2026-11-24"})
    assert response.status_code == 200, response.content
    closed = response.json()
    assert (closed["status"], closed["closed_on"], closed["outcome"]) == (
        "closed",
        "2026-11-24",
        "Ny arbeidstid",
    )
    assert loc(consultant.post(close, {"outcome": "Igjen"})) == [["body", "payload", "outcome"]]
    assert consultant.get("/concerns", status="open").json() == []
    assert Concern.objects.get().status == "closed"


def test_the_refugee_service_names_owner_deadline_and_who_raised_it(api_for, users, placement):
    api = api_for(users["consultant"])
    path = f"/placements/{placement.pk}/concerns"
    response = api.post(path, {"description": "Deltakeren trives ikke."})
    assert response.status_code == 422
    assert sorted(loc(response)) == [
        ["body", "payload", "meeting_by"],
        ["body", "payload", "owner_id"],
        ["body", "payload", "raised_by"],
    ]
    teacher = UserFactory(municipality=users["consultant"].municipality, role=Role.TEACHER)
    response = api.post(
        path,
        {
            "description": "Deltakeren trives ikke.",
            "raised_by": "participant",
            "owner_id": teacher.pk,
            "meeting_by": "2026-11-20",
        },
    )
    assert sorted(loc(response)) == [
        ["body", "payload", "meeting_by"],
        ["body", "payload", "owner_id"],
    ]
    response = api.post(
        path,
        {
            "description": "Deltakeren trives ikke.",
            "raised_by": "participant",
            "owner_id": users["nav_advisor"].pk,
            "meeting_by": "2026-11-20",
        },
    )
    assert loc(response) == [["body", "payload", "meeting_by"]]
    response = api.post(
        path,
        {
            "description": "Deltakeren trives ikke.",
            "raised_by": "participant",
            "owner_id": users["nav_advisor"].pk,
            "meeting_by": "2026-11-27",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["raised_by"], response.json()["owner"]) == (
        "participant",
        users["nav_advisor"].get_full_name(),
    )


def test_a_concern_past_its_deadline_is_overdue(api_for, users, clock, concern):
    api = api_for(users["consultant"])
    clock["today"] = concern.meeting_by + DAY
    [listed] = api.get("/concerns").json()
    assert listed["overdue"] is True


# --- the OpenAPI schema -------------------------------------------------------------------


def test_the_schema_documents_the_placements_endpoints(client):
    paths = client.get("/api/schema").json()["paths"]
    for path in (
        "/api/v1/employers",
        "/api/v1/employers/{employer_id}/mentors",
        "/api/v1/workplaces/{workplace_id}/stage",
        "/api/v1/participants/{participant_id}/placements",
        "/api/v1/placements/{placement_id}/attendance",
        "/api/v1/gatherings/{gathering_id}",
        "/api/v1/concerns/{concern_id}/close",
    ):
        assert path in paths


def test_a_teacher_or_nav_advisor_who_does_not_follow_the_participant_gets_404(
    api_for, users, municipality, mine, workplace, placement
):
    for role in (Role.TEACHER, Role.NAV_ADVISOR):
        api = api_for(UserFactory(municipality=municipality, role=role))
        assert api.get("/placements").json() == []
        assert api.get(f"/placements/{placement.pk}").status_code == 404
        assert api.get(f"/placements/{placement.pk}/messages").status_code == 404
        assert api.patch(f"/placements/{placement.pk}", {"tasks": "x"}).status_code == 404
    # The NAV advisor who does not advise the participant cannot place them either.
    response = api.post(
        f"/participants/{mine['participant'].pk}/placements",
        placement_body(mine["practice"], workplace),
    )
    assert response.status_code == 404


def test_a_change_to_a_placement_is_audited(api_for, users, placement):
    api_for(users["nav_advisor"]).patch(f"/placements/{placement.pk}", {"tasks": "Lager"})
    event = AuditEvent.objects.get(action="placement.update")
    assert event.actor_id == users["nav_advisor"].pk
    assert event.changes["tasks"] == {"old": "Varepåfylling", "new": "Lager"}
