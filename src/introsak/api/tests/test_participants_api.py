"""/api/v1/participants: token auth, the same policy, validation and audit as the UI."""

import datetime

import pytest
from django.test import Client

from introsak.core.models import AccessLog, ApiToken, AuditEvent, Role
from introsak.core.services import create_api_token
from introsak.participants.models import Participant
from introsak.participants.tests.factories import (
    AssessmentFactory,
    ParticipantFactory,
    make_national_id,
)

ALL = [r.value for r in Role]


class Api:
    def __init__(self, user, language="en"):
        self.token = create_api_token(actor=None, user=user)
        # Messages follow Accept-Language (bokmål by default); these tests read English.
        self.client = Client(
            HTTP_AUTHORIZATION=f"Bearer {self.token}", HTTP_ACCEPT_LANGUAGE=language
        )

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, data):
        return self.client.post(f"/api/v1{path}", data, content_type="application/json")

    def patch(self, path, data):
        return self.client.patch(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def api_for():
    return Api


def fields_in_error(response) -> dict:
    return {tuple(d["loc"][2:]): d["msg"] for d in response.json()["detail"]}


def test_request_without_token_is_refused(db):
    assert Client().get("/api/v1/participants").status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer isk_not-a-token")
    assert bad.get("/api/v1/participants").status_code == 401


def test_revoked_token_is_refused(users):
    api = Api(users["consultant"])
    ApiToken.objects.update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert api.get("/participants").status_code == 401


def test_only_the_hash_of_a_token_is_stored(users):
    api = Api(users["consultant"])
    stored = ApiToken.objects.get()
    assert api.token not in (stored.key_hash, stored.key_prefix)
    assert stored.key_hash == ApiToken.hash_key(api.token)


# A mentor's token sees only the mentor's current placements: the rest is 404, never 403.
LIST = {"consultant": 200, "leader": 200, "teacher": 200, "nav_advisor": 200, "mentor": 404}
DETAIL = {"consultant": 200, "leader": 200, "teacher": 200, "nav_advisor": 200}
CREATE = {"consultant": 201, "mentor": 404}
PATCH = {"consultant": 200, "leader": 403, "teacher": 403, "nav_advisor": 403}


@pytest.mark.parametrize("role", ALL)
def test_permission_matrix(api_for, users, world, role):
    api = api_for(users[role])
    mine = world["mine"].pk
    assert api.get("/participants").status_code == LIST.get(role, 403)
    assert api.get(f"/participants/{mine}").status_code == DETAIL.get(role, 404)
    assert api.get(f"/participants/{mine}/assessments").status_code == DETAIL.get(role, 404)
    assert api.patch(f"/participants/{mine}", {"phone": "+47 99 99 99 99"}).status_code == (
        PATCH.get(role, 404)
    )
    response = api.post(
        "/participants", {"given_name": "Ali", "family_name": "Hakimi", "birth_date": "1990-01-01"}
    )
    assert response.status_code == CREATE.get(role, 403)


@pytest.mark.parametrize("role", ALL)
def test_another_municipalitys_participant_is_404_for_every_role(api_for, users, world, role):
    api = api_for(users[role])
    foreign = world["foreign"].pk
    assert api.get(f"/participants/{foreign}").status_code == 404
    assert api.get(f"/participants/{foreign}/assessments").status_code == 404
    assert api.patch(f"/participants/{foreign}", {"given_name": "X"}).status_code == 404
    assert (
        api.post(f"/participants/{foreign}/assessments", {"assessed_on": "2026-01-01"}).status_code
        == 404
    )


def test_outsider_lists_only_own_municipality(api_for, outsider, world):
    body = api_for(outsider).get("/participants").json()
    assert [p["id"] for p in body["items"]] == [world["foreign"].pk]


def test_list_is_paged_and_searchable(api_for, users, municipality):
    ParticipantFactory.create_batch(30, municipality=municipality)
    target = ParticipantFactory(
        municipality=municipality, given_name="Parwana", family_name="Hakimi"
    )
    api = api_for(users["consultant"])
    body = api.get("/participants", page=2, page_size=10).json()
    assert body["count"] == 31 and len(body["items"]) == 10
    body = api.get("/participants", q="parwana hakimi").json()
    assert [p["id"] for p in body["items"]] == [target.pk]
    body = api.get("/participants", q=target.duf_number).json()
    assert [p["id"] for p in body["items"]] == [target.pk]


def test_consultant_registers_participant_with_d_number(api_for, users):
    born = datetime.date(1993, 7, 2)
    dnr = make_national_id(born, d_number=True)
    response = api_for(users["consultant"]).post(
        "/participants",
        {
            "given_name": "Hamid",
            "family_name": "Ahmadi",
            "birth_date": "1993-07-02",
            "national_id": dnr,
            "duf_number": "2025 00001234",
            "legal_basis": "il",
            "bank_account": "8601 11 17947",
            "consultant_id": users["consultant"].pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["national_id"] == dnr and body["national_id_kind"] == "dnr"
    assert body["duf_number"] == "202500001234"
    assert body["bank_account"] == "86011117947"
    assert body["consultant_id"] == users["consultant"].pk
    assert {i["kind"] for i in body["identifiers"]} == {"dnr", "duf"}
    event = AuditEvent.objects.get(action="participant.create")
    assert event.participant_id == body["id"] and event.actor == users["consultant"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"national_id": "15108695077"}, "national_id", "check digits"),
        ({"national_id": "123"}, "national_id", "11 digits"),
        ({"duf_number": "20251234"}, "duf_number", "12 digits"),
        ({"bank_account": "86011117948"}, "bank_account", "check digit"),
        ({"birth_date": "2099-01-01"}, "birth_date", "future"),
        (
            {"birth_date": (datetime.date.today() - datetime.timedelta(days=3650)).isoformat()},
            "birth_date",
            "18 years",
        ),
        ({"consultant_id": 999999}, "consultant_id", "No such id"),
        ({"status": "flying"}, "status", "Input should be"),
    ],
)
def test_bad_input_is_422_with_the_field_and_nothing_is_saved(
    api_for, users, payload, field, message
):
    data = {"given_name": "Hamid", "family_name": "Ahmadi", "birth_date": "1993-07-02"}
    data.update(payload)
    response = api_for(users["consultant"]).post("/participants", data)
    assert response.status_code == 422
    errors = fields_in_error(response)
    assert message in errors[(field,)]
    assert not Participant.objects.exists()


def test_messages_are_in_bokmaal_unless_the_client_asks_for_english(users):
    api = Api(users["consultant"], language="nb")
    response = api.post(
        "/participants",
        {
            "given_name": "A",
            "family_name": "B",
            "birth_date": "1990-01-01",
            "national_id": "15108695077",
        },
    )
    assert "Kontrollsifrene stemmer ikke" in fields_in_error(response)[("national_id",)]


def test_existing_identifier_is_422(api_for, users, municipality):
    existing = ParticipantFactory(municipality=municipality)
    response = api_for(users["consultant"]).post(
        "/participants",
        {
            "given_name": "A",
            "family_name": "B",
            "birth_date": "1990-01-01",
            "national_id": existing.national_id,
        },
    )
    assert response.status_code == 422
    assert "already has this number" in fields_in_error(response)[("national_id",)]


def test_patch_changes_only_what_is_sent_and_audits_it(api_for, users, world):
    mine = world["mine"]
    old_phone = mine.phone
    response = api_for(users["consultant"]).patch(
        f"/participants/{mine.pk}", {"phone": "+47 911 22 333"}
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.phone == "+47 911 22 333" and mine.given_name == response.json()["given_name"]
    event = AuditEvent.objects.get(action="participant.update")
    assert event.changes == {"phone": {"old": old_phone, "new": "+47 911 22 333"}}


def test_patch_bank_account_needs_a_reason(api_for, users, world):
    api = api_for(users["consultant"])
    response = api.patch(f"/participants/{world['mine'].pk}", {"bank_account": "86011117947"})
    assert response.status_code == 422
    assert ("bank_account_reason",) in fields_in_error(response)
    response = api.patch(
        f"/participants/{world['mine'].pk}",
        {"bank_account": "86011117947", "bank_account_reason": "Ny konto"},
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="participant.bank_account.change")
    assert event.changes["bank_account"]["new"] == "86011117947"
    assert event.reason == "Ny konto"


def test_reading_a_record_through_the_api_is_logged(api_for, users, world):
    api_for(users["nav_advisor"]).get(f"/participants/{world['mine'].pk}")
    log = AccessLog.objects.get()
    assert (log.user, log.channel, log.what, log.participant_id) == (
        users["nav_advisor"],
        "api",
        "api.participant.get",
        world["mine"].pk,
    )


def test_assessment_round_trip(api_for, users, world):
    api = api_for(users["teacher"])
    response = api.post(
        f"/participants/{world['mine'].pk}/assessments",
        {
            "assessed_on": "2026-10-12",
            "norwegian_listening": "a2",
            "norwegian_reading": "a1",
            "education": [
                {"level": "upper_secondary", "country": "Syria", "years": 12, "completed": True}
            ],
            "work": [{"occupation": "Elektriker", "years": 8}],
            "languages": [{"language": "ar", "proficiency": "first", "reads_and_writes": True}],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["assessed_by_id"] == users["teacher"].pk
    assert created["work"][0]["occupation"] == "Elektriker"
    listed = api.get(f"/participants/{world['mine'].pk}/assessments").json()
    assert [a["id"] for a in listed] == [created["id"]]
    one = api.get(f"/participants/{world['mine'].pk}/assessments/{created['id']}")
    assert one.json()["education"][0]["level"] == "upper_secondary"


def test_assessment_with_a_future_date_is_422(api_for, users, world):
    response = api_for(users["consultant"]).post(
        f"/participants/{world['mine'].pk}/assessments",
        {"assessed_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 422
    assert ("assessed_on",) in fields_in_error(response)


def test_nav_advisor_cannot_record_assessment(api_for, users, world):
    response = api_for(users["nav_advisor"]).post(
        f"/participants/{world['mine'].pk}/assessments", {"assessed_on": "2026-01-01"}
    )
    assert response.status_code == 403


def test_assessment_of_another_participant_is_404(api_for, users, world):
    other_assessment = AssessmentFactory(
        participant=world["other"], assessed_by=users["consultant"]
    )
    response = api_for(users["consultant"]).get(
        f"/participants/{world['mine'].pk}/assessments/{other_assessment.pk}"
    )
    assert response.status_code == 404


def test_openapi_schema_is_served(db):
    response = Client().get("/api/schema")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/participants" in paths
    assert "patch" in paths["/api/v1/participants/{participant_id}"]


def test_me_tells_who_the_token_belongs_to(api_for, users):
    body = api_for(users["leader"]).get("/me").json()
    assert body["username"] == users["leader"].username and body["role"] == "leader"
