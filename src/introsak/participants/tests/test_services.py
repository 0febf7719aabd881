"""Registering and changing participants: what is refused, what is saved, what is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from introsak.core.models import AuditEvent, Role
from introsak.participants import services
from introsak.participants.models import IdentifierKind, Participant, Relation
from introsak.participants.tests.factories import ParticipantFactory, make_national_id

BORN = datetime.date(1990, 5, 17)


@pytest.fixture(autouse=True)
def _english():
    # The wording is checked in English (the msgids); the screens' tests check the bokmål.
    with translation.override("en"):
        yield


def valid_data(**overrides):
    data = {
        "given_name": "Selam",
        "family_name": "Tesfay",
        "birth_date": BORN,
        "national_id": make_national_id(BORN, d_number=True),
        "duf_number": "201812345678",
        "settlement_date": datetime.date(2026, 9, 1),
    }
    data.update(overrides)
    return data


def errors_of(excinfo) -> dict:
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_consultant_registers_participant_with_d_number(users):
    participant = services.register_participant(actor=users["consultant"], data=valid_data())
    assert participant.national_id_kind == "dnr"
    assert participant.municipality == users["consultant"].municipality
    kinds = list(participant.identifiers.values_list("kind", flat=True))
    assert sorted(kinds) == ["dnr", "duf"]


def test_registration_is_audited_with_the_new_values(users):
    participant = services.register_participant(
        actor=users["consultant"], data=valid_data(), bank_account="86011117947"
    )
    event = AuditEvent.objects.get(action="participant.create")
    assert event.actor == users["consultant"]
    assert event.participant_id == participant.pk
    assert event.municipality_id == participant.municipality_id
    assert event.changes["given_name"] == {"old": None, "new": "Selam"}
    assert event.changes["national_id"]["new"] == participant.national_id
    assert event.changes["bank_account"] == {"old": None, "new": "86011117947"}
    assert event.changes["birth_date"] == {"old": None, "new": "1990-05-17"}


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("national_id", "15108695077", "check digits"),
        ("national_id", "1234", "11 digits"),
        ("duf_number", "2015-1234", "12 digits"),
        ("birth_date", datetime.date(2099, 1, 1), "future"),
        ("birth_date", datetime.date.today() - datetime.timedelta(days=17 * 365), "18"),
        ("given_name", "  ", "required"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    users, field, value, message_part
):
    with pytest.raises(ValidationError) as excinfo:
        services.register_participant(actor=users["consultant"], data=valid_data(**{field: value}))
    assert message_part in errors_of(excinfo)[field]
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(action="participant.create").exists()


def test_wrong_bank_account_check_digit_is_refused(users):
    with pytest.raises(ValidationError) as excinfo:
        services.register_participant(
            actor=users["consultant"], data=valid_data(), bank_account="86011117948"
        )
    assert "check digit" in errors_of(excinfo)["bank_account"]
    assert not Participant.objects.exists()


def test_all_errors_are_reported_at_once(users):
    with pytest.raises(ValidationError) as excinfo:
        services.register_participant(
            actor=users["consultant"],
            data=valid_data(national_id="15108695077", duf_number="1"),
            bank_account="1",
        )
    assert set(errors_of(excinfo)) == {"national_id", "duf_number", "bank_account"}


def test_identifier_already_in_the_municipality_is_refused(users, municipality):
    existing = ParticipantFactory(municipality=municipality)
    with pytest.raises(ValidationError) as excinfo:
        services.register_participant(
            actor=users["consultant"],
            data=valid_data(national_id=existing.national_id, duf_number=existing.duf_number),
        )
    errors = errors_of(excinfo)
    assert "already has this number" in errors["national_id"]
    assert "already has this DUF" in errors["duf_number"]


def test_same_identifier_in_another_municipality_is_allowed(users, other_municipality):
    # Each municipality keeps its own registry; a person may move.
    foreign = ParticipantFactory(municipality=other_municipality)
    participant = services.register_participant(
        actor=users["consultant"], data=valid_data(national_id=foreign.national_id)
    )
    assert participant.national_id == foreign.national_id


@pytest.mark.parametrize("role", [r for r in Role if r != Role.CONSULTANT])
def test_only_a_consultant_registers_participants(users, role):
    with pytest.raises(PermissionDenied):
        services.register_participant(actor=users[role], data=valid_data())


def test_changing_identifier_keeps_the_history(users, municipality):
    participant = services.register_participant(actor=users["consultant"], data=valid_data())
    dnr = participant.national_id
    fnr = make_national_id(BORN)
    services.update_participant(
        actor=users["consultant"],
        participant=participant,
        data={"national_id": fnr},
        reason="Fødselsnummer fra Folkeregisteret",
    )
    history = list(participant.identifiers.order_by("valid_from", "id"))
    assert [(i.kind, i.value) for i in history] == [
        (IdentifierKind.DUF, "201812345678"),
        (IdentifierKind.D_NUMMER, dnr),
        (IdentifierKind.FODSELSNUMMER, fnr),
    ]
    assert history[1].replaced_at is not None and history[2].replaced_at is None
    event = AuditEvent.objects.get(action="participant.update")
    assert event.changes["national_id"] == {"old": dnr, "new": fnr}
    assert event.changes["national_id_kind"] == {"old": "dnr", "new": "fnr"}
    assert event.reason == "Fødselsnummer fra Folkeregisteret"


def test_update_with_no_change_writes_no_event(users, municipality):
    participant = ParticipantFactory(municipality=municipality)
    services.update_participant(
        actor=users["consultant"],
        participant=participant,
        data={"given_name": participant.given_name},
    )
    assert not AuditEvent.objects.filter(action="participant.update").exists()


def test_bank_account_change_records_old_new_and_reason(users, municipality):
    participant = ParticipantFactory(municipality=municipality, bank_account="86011117947")
    services.change_bank_account(
        actor=users["consultant"],
        participant=participant,
        bank_account="1234.56.78903",
        reason="Ny konto, brev fra banken 3. mars",
    )
    participant.refresh_from_db()
    assert participant.bank_account == "12345678903"
    event = AuditEvent.objects.get(action="participant.bank_account.change")
    assert event.changes == {"bank_account": {"old": "86011117947", "new": "12345678903"}}
    assert event.reason == "Ny konto, brev fra banken 3. mars"
    assert event.actor == users["consultant"]


def test_bank_account_change_needs_a_reason(users, municipality):
    participant = ParticipantFactory(municipality=municipality, bank_account="86011117947")
    with pytest.raises(ValidationError) as excinfo:
        services.change_bank_account(
            actor=users["consultant"],
            participant=participant,
            bank_account="12345678903",
            reason=" ",
        )
    assert "reason" in errors_of(excinfo)
    participant.refresh_from_db()
    assert participant.bank_account == "86011117947"


def test_consultant_cannot_change_another_municipalitys_participant(users, other_municipality):
    foreign = ParticipantFactory(municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        services.update_participant(
            actor=users["consultant"], participant=foreign, data={"given_name": "X"}
        )


def test_household_with_children_who_are_not_participants(users, municipality):
    participant = ParticipantFactory(municipality=municipality)
    household = services.create_household(
        actor=users["consultant"], participant=participant, name="Haddad"
    )
    services.add_household_member(
        actor=users["consultant"],
        participant=participant,
        data={
            "given_name": "Lina",
            "family_name": "Haddad",
            "birth_date": datetime.date(2014, 6, 1),
            "relation": Relation.CHILD,
        },
    )
    participant.refresh_from_db()
    assert participant.household == household
    assert participant.household_relation == Relation.MAIN
    assert [m.given_name for m in household.members.all()] == ["Lina"]
    actions = set(
        AuditEvent.objects.filter(participant_id=participant.pk).values_list("action", flat=True)
    )
    assert {"household.create", "household.member.add", "participant.update"} <= actions


def test_assessment_with_education_work_and_languages(users, municipality):
    participant = ParticipantFactory(municipality=municipality)
    assessment = services.record_assessment(
        actor=users["consultant"],
        participant=participant,
        data={
            "assessed_on": datetime.date(2026, 10, 1),
            "interpreter_used": True,
            "interpreter_language": "ti",
            "interpreter_mode": "remote",
            "norwegian_listening": "a1",
            "norwegian_reading": "pre_a1",
            "norwegian_speaking": "a1",
            "norwegian_writing": "none",
            "wishes_work": "Kokk",
        },
        education=[
            {"level": "upper_secondary", "country": "Eritrea", "years": 12, "completed": True},
            {"level": "", "field": "", "years": None},
        ],
        work=[{"occupation": "Kokk", "country": "Eritrea", "years": 6}],
        languages=[{"language": "ti", "proficiency": "first", "reads_and_writes": True}],
    )
    assert assessment.education.count() == 1
    assert assessment.work.get().occupation == "Kokk"
    assert assessment.languages.get().language == "ti"
    event = AuditEvent.objects.get(action="assessment.create")
    assert event.participant_id == participant.pk
    assert event.changes["interpreter_language"] == {"old": None, "new": "ti"}
    assert event.changes["work"]["new"][0]["occupation"] == "Kokk"


def test_assessment_in_the_future_or_interpreter_without_language_is_refused(users, municipality):
    participant = ParticipantFactory(municipality=municipality)
    with pytest.raises(ValidationError) as excinfo:
        services.record_assessment(
            actor=users["consultant"],
            participant=participant,
            data={
                "assessed_on": timezone.localdate() + datetime.timedelta(days=1),
                "interpreter_used": True,
            },
            work=[{"occupation": "", "country": "Syria"}],
        )
    assert set(errors_of(excinfo)) == {"assessed_on", "interpreter_language", "work.0.occupation"}
    assert not participant.assessments.exists()
