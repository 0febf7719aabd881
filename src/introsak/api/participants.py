"""/api/v1/participants: the registry and its assessments."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as HttpStatus

from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.permissions import (
    get_visible_participant_or_404,
    municipality_users,
)
from introsak.core.web import log_api_read as _log_read
from introsak.participants import selectors, services
from introsak.participants.models import (
    CefrLevel,
    EducationLevel,
    Gender,
    Household,
    InterpreterMode,
    LanguageProficiency,
    LegalBasis,
    PermitGround,
    Relation,
    Status,
)

router = Router(tags=["participants"])

Blank = Literal[""]
LanguageCode = Literal[tuple(LANGUAGE_NAMES)]  # type: ignore[valid-type]


class LanguageOut(Schema):
    id: int
    language: str
    is_first_language: bool
    needs_interpreter: bool


class IdentifierOut(Schema):
    kind: str
    value: str
    valid_from: datetime.datetime
    replaced_at: datetime.datetime | None


class ParticipantSummary(Schema):
    id: int
    given_name: str
    family_name: str
    birth_date: datetime.date
    national_id: str
    duf_number: str
    status: str
    settlement_date: datetime.date | None
    consultant_id: int | None


class ParticipantOut(ParticipantSummary):
    gender: str
    national_id_kind: str
    legal_basis: str
    permit_ground: str
    permit_date: datetime.date | None
    informed_on: datetime.date | None
    nav_advisor_id: int | None
    household_id: int | None
    household_relation: str
    phone: str
    email: str
    address: str
    postcode: str
    city: str
    bank_account: str
    preferred_language: str
    languages: list[LanguageOut]
    identifiers: list[IdentifierOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_languages(obj):
        return list(obj.languages.all())

    @staticmethod
    def resolve_identifiers(obj):
        return list(obj.identifiers.all())


class _ParticipantFields(Schema):
    gender: Gender | Blank = ""
    national_id: str = Field("", description="Fødselsnummer or D-nummer, 11 digits")
    duf_number: str = Field("", description="DUF-nummer, 12 digits")
    status: Status = Status.SETTLED
    legal_basis: LegalBasis = LegalBasis.IL
    permit_ground: PermitGround | Blank = ""
    permit_date: datetime.date | None = None
    settlement_date: datetime.date | None = None
    informed_on: datetime.date | None = Field(
        None, description="The day the participant was told the rights and duties"
    )
    consultant_id: int | None = None
    nav_advisor_id: int | None = None
    household_id: int | None = None
    household_relation: Relation | Blank = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    preferred_language: LanguageCode | Blank = ""


class ParticipantIn(_ParticipantFields):
    given_name: str = Field(..., min_length=1, max_length=100)
    family_name: str = Field(..., min_length=1, max_length=100)
    birth_date: datetime.date
    bank_account: str = Field("", description="Kontonummer, 11 digits")


class ParticipantPatch(Schema):
    given_name: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    birth_date: datetime.date | None = None
    gender: Gender | Blank | None = None
    national_id: str | None = None
    duf_number: str | None = None
    status: Status | None = None
    legal_basis: LegalBasis | None = None
    permit_ground: PermitGround | Blank | None = None
    permit_date: datetime.date | None = None
    settlement_date: datetime.date | None = None
    informed_on: datetime.date | None = Field(
        None, description="The day the participant was told the rights and duties"
    )
    consultant_id: int | None = None
    nav_advisor_id: int | None = None
    household_id: int | None = None
    household_relation: Relation | Blank | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    preferred_language: LanguageCode | Blank | None = None
    bank_account: str | None = Field(None, description="Changing it needs bank_account_reason")
    bank_account_reason: str | None = None


class ParticipantFilters(Schema):
    q: str = Field("", description="Name, fødselsnummer, D-nummer or DUF-nummer")
    status: Status | Blank = ""
    consultant_id: int | None = None
    settlement_year: int | None = None


def _resolve_references(request, payload: dict) -> dict:
    """Turn *_id fields into objects of the user's own municipality, or a 422 on the field."""
    data = dict(payload)
    errors = {}
    colleagues = municipality_users(request.auth)
    lookups = (
        ("consultant_id", "consultant", colleagues),
        ("nav_advisor_id", "nav_advisor", colleagues),
        (
            "household_id",
            "household",
            Household.objects.filter(municipality_id=request.auth.municipality_id),
        ),
    )
    for key, name, queryset in lookups:
        if key not in data:
            continue
        pk = data.pop(key)
        if pk is None:
            data[name] = None
            continue
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            errors[key] = "No such id in your municipality."
        data[name] = obj
    if errors:
        raise ValidationError(errors)
    return data


def _participant_for_output(request, pk: int):
    participant = get_visible_participant_or_404(request.auth, pk)
    if not request.auth.has_perm("participants.view_participant", participant):
        raise PermissionDenied
    if not request.auth.has_perm("participants.view_bank_account", participant):
        participant.bank_account = ""
    return participant


@router.get("", response=list[ParticipantSummary], summary="List and search participants")
@paginate(PageNumberPagination, page_size=25)
def list_participants(request, filters: Query[ParticipantFilters]):
    if not request.auth.has_perm("participants.list_participants"):
        raise PermissionDenied
    consultant = None
    if filters.consultant_id is not None:
        consultant = municipality_users(request.auth).filter(pk=filters.consultant_id).first()
        if consultant is None:
            raise ValidationError({"consultant_id": "No such id in your municipality."})
    return selectors.search_participants(
        request.auth,
        q=filters.q,
        status=filters.status,
        consultant=consultant,
        settlement_year=filters.settlement_year,
    )


@router.post("", response={201: ParticipantOut}, summary="Register a participant")
def create_participant(request, payload: ParticipantIn):
    data = _resolve_references(request, payload.dict())
    bank_account = data.pop("bank_account", "")
    participant = services.register_participant(
        actor=request.auth, data=data, bank_account=bank_account
    )
    return HttpStatus(201, participant)


@router.get("/{int:participant_id}", response=ParticipantOut, summary="One participant")
def get_participant(request, participant_id: int):
    participant = _participant_for_output(request, participant_id)
    _log_read(request, participant, "api.participant.get")
    return participant


@router.patch("/{int:participant_id}", response=ParticipantOut, summary="Change a participant")
def patch_participant(request, participant_id: int, payload: ParticipantPatch):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    data = payload.dict(exclude_unset=True)
    bank_account = data.pop("bank_account", None)
    reason = data.pop("bank_account_reason", None) or ""
    data = _resolve_references(request, data)
    if data:
        participant = services.update_participant(
            actor=request.auth, participant=participant, data=data
        )
    if bank_account is not None:
        try:
            participant = services.change_bank_account(
                actor=request.auth,
                participant=participant,
                bank_account=bank_account,
                reason=reason,
            )
        except ValidationError as exc:
            errors = exc.message_dict
            if "reason" in errors:
                errors["bank_account_reason"] = errors.pop("reason")
            raise ValidationError(errors) from None
    if (
        not data
        and bank_account is None
        and not request.auth.has_perm("participants.change_participant", participant)
    ):
        raise PermissionDenied
    return participant


# --- assessments ------------------------------------------------------------------------


class EducationRow(Schema):
    level: EducationLevel
    field: str = ""
    country: str = ""
    years: int | None = Field(None, ge=0, le=70)
    completed: bool = False


class WorkRow(Schema):
    occupation: str = Field(..., min_length=1)
    country: str = ""
    years: int | None = Field(None, ge=0, le=70)
    description: str = ""


class LanguageRow(Schema):
    language: LanguageCode
    proficiency: LanguageProficiency
    reads_and_writes: bool = False


class AssessmentIn(Schema):
    assessed_on: datetime.date
    interpreter_used: bool = False
    interpreter_language: LanguageCode | Blank = ""
    interpreter_mode: InterpreterMode | Blank = ""
    norwegian_listening: CefrLevel = CefrLevel.NONE
    norwegian_reading: CefrLevel = CefrLevel.NONE
    norwegian_speaking: CefrLevel = CefrLevel.NONE
    norwegian_writing: CefrLevel = CefrLevel.NONE
    other_skills: str = ""
    health_needs: str = ""
    wishes_work: str = ""
    wishes_education: str = ""
    summary: str = ""
    education: list[EducationRow] = []
    work: list[WorkRow] = []
    languages: list[LanguageRow] = []


class AssessmentOut(Schema):
    id: int
    participant_id: int
    assessed_on: datetime.date
    assessed_by_id: int
    interpreter_used: bool
    interpreter_language: str
    interpreter_mode: str
    norwegian_listening: str
    norwegian_reading: str
    norwegian_speaking: str
    norwegian_writing: str
    other_skills: str
    health_needs: str
    wishes_work: str
    wishes_education: str
    summary: str
    education: list[EducationRow]
    work: list[WorkRow]
    languages: list[LanguageRow]
    created_at: datetime.datetime

    @staticmethod
    def resolve_education(obj):
        return list(obj.education.all())

    @staticmethod
    def resolve_work(obj):
        return list(obj.work.all())

    @staticmethod
    def resolve_languages(obj):
        return list(obj.languages.all())


def _participant_for_assessments(request, participant_id: int):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm("participants.view_assessment", participant):
        raise PermissionDenied
    return participant


@router.get(
    "/{int:participant_id}/assessments",
    response=list[AssessmentOut],
    summary="A participant's assessments, newest first",
)
def list_assessments(request, participant_id: int):
    participant = _participant_for_assessments(request, participant_id)
    _log_read(request, participant, "api.assessment.list")
    return list(selectors.assessments_for(participant))


@router.post(
    "/{int:participant_id}/assessments",
    response={201: AssessmentOut},
    summary="Record an assessment (kartlegging)",
)
def create_assessment(request, participant_id: int, payload: AssessmentIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    data = payload.dict()
    rows = {name: data.pop(name) for name in ("education", "work", "languages")}
    assessment = services.record_assessment(
        actor=request.auth, participant=participant, data=data, **rows
    )
    return HttpStatus(201, assessment)


@router.get(
    "/{int:participant_id}/assessments/{int:assessment_id}",
    response=AssessmentOut,
    summary="One assessment",
)
def get_assessment(request, participant_id: int, assessment_id: int):
    participant = _participant_for_assessments(request, participant_id)
    assessment = get_object_or_404(selectors.assessments_for(participant), pk=assessment_id)
    _log_read(request, participant, "api.assessment.get")
    return assessment
