"""Writes to the participant registry. Each function is one transaction, takes the acting
user and writes its own audit event. Views, the API and commands all call these.

Validation that the law or the registry needs (identifiers, age, uniqueness within the
municipality) happens here, so that the UI and the API refuse the same input with the
same message. Errors are raised as `ValidationError({field: message})`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.models import Role, User
from introsak.core.permissions import require as _require

from . import rules
from .models import (
    Assessment,
    AssessmentEducation,
    AssessmentLanguage,
    AssessmentWork,
    Group,
    Household,
    HouseholdMember,
    IdentifierKind,
    Participant,
    ParticipantIdentifier,
    ParticipantLanguage,
    Relation,
)

_PHONE = re.compile(r"\+?[0-9 ()\-]{5,20}")

# Fields a consultant sets when registering or editing a participant.
PROFILE_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "national_id",
    "duf_number",
    "status",
    "legal_basis",
    "permit_ground",
    "permit_date",
    "settlement_date",
    "informed_on",
    "consultant",
    "nav_advisor",
    "household",
    "household_relation",
    "phone",
    "email",
    "address",
    "postcode",
    "city",
    "preferred_language",
    "employee_number",
    "user",
)
# The bank account changes through its own service, with a reason, because payments
# follow it (a known route to fraud).
AUDITED_FIELDS = (*PROFILE_FIELDS, "national_id_kind", "bank_account")

NATIONAL_ID_MESSAGES = {
    "length": lambda: _("A national identity number or D number has 11 digits."),
    "digits": lambda: _("Use digits only."),
    "h_number": lambda: _(
        "This is an H number or a test number, not a national identity number or D number."
    ),
    "date": lambda: _("The first six digits are not a valid date."),
    "checksum": lambda: _("The check digits do not match. Check the number for typing errors."),
}
DUF_MESSAGES = {
    "length": lambda: _("A DUF number has 12 digits."),
    "digits": lambda: _("Use digits only."),
    "year": lambda: _("A DUF number starts with the year of the first application."),
}
ACCOUNT_MESSAGES = {
    "length": lambda: _("A bank account number has 11 digits."),
    "digits": lambda: _("Use digits only."),
    "checksum": lambda: _("The bank account number's check digit is wrong."),
}


def _today() -> datetime.date:
    return timezone.localdate()


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def clean_national_id(value: str) -> tuple[str, str]:
    """(compact number, kind) or ValidationError naming `national_id`."""
    if not value:
        return "", ""
    try:
        parsed = rules.parse_national_id(value)
    except rules.IdentifierError as exc:
        raise ValidationError({"national_id": NATIONAL_ID_MESSAGES[exc.code]()}) from None
    return parsed.value, parsed.kind.value


def clean_duf_number(value: str) -> str:
    if not value:
        return ""
    try:
        return rules.parse_duf_number(value, today=_today())
    except rules.IdentifierError as exc:
        raise ValidationError({"duf_number": DUF_MESSAGES[exc.code]()}) from None


def clean_bank_account(value: str) -> str:
    if not value:
        return ""
    try:
        return rules.parse_account_number(value)
    except rules.IdentifierError as exc:
        raise ValidationError({"bank_account": ACCOUNT_MESSAGES[exc.code]()}) from None


def _clean_profile(
    data: Mapping[str, Any], *, actor: User, instance: Participant | None
) -> dict[str, Any]:
    """Validate every field we can and report all errors at once, by field."""
    cleaned = {key: _strip(value) for key, value in data.items() if key in PROFILE_FIELDS}
    errors: dict[str, str] = {}
    municipality_id = actor.municipality_id
    today = _today()

    for name in ("given_name", "family_name"):
        if name in cleaned and not cleaned[name]:
            errors[name] = _("This field is required.")

    if "birth_date" in cleaned:
        birth_date = cleaned["birth_date"]
        if not birth_date:
            errors["birth_date"] = _("This field is required.")
        else:
            problem = rules.check_birth_date(birth_date, today=today)
            if problem == "future":
                errors["birth_date"] = _("The date of birth cannot be in the future.")
            elif problem == "under_18":
                errors["birth_date"] = _(
                    "The participant must be at least 18 years old: "
                    "the introduction programme is for adults."
                )

    checks = (
        ("national_id", clean_national_id),
        ("duf_number", clean_duf_number),
    )
    for name, check in checks:
        if name not in cleaned:
            continue
        try:
            result = check(cleaned[name] or "")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            continue
        if name == "national_id":
            cleaned["national_id"], cleaned["national_id_kind"] = result
        else:
            cleaned[name] = result

    others = Participant.objects.filter(municipality_id=municipality_id)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if (
        cleaned.get("national_id")
        and "national_id" not in errors
        and others.filter(national_id=cleaned["national_id"]).exists()
    ):
        errors["national_id"] = _(
            "Another participant in this municipality already has this number."
        )
    if (
        cleaned.get("duf_number")
        and "duf_number" not in errors
        and others.filter(duf_number=cleaned["duf_number"]).exists()
    ):
        errors["duf_number"] = _(
            "Another participant in this municipality already has this DUF number."
        )

    if cleaned.get("permit_date") and cleaned["permit_date"] > today:
        errors["permit_date"] = _("The permit date cannot be in the future.")
    if cleaned.get("informed_on") and cleaned["informed_on"] > today:
        errors["informed_on"] = _("Give the day it was done; it cannot be in the future.")

    for name, role in (("consultant", Role.CONSULTANT), ("nav_advisor", Role.NAV_ADVISOR)):
        person = cleaned.get(name)
        if person and (person.municipality_id != municipality_id or person.role != role):
            errors[name] = _("Choose a person with this role in your municipality.")

    login = cleaned.get("user")
    if login and (
        login.municipality_id != municipality_id
        or login.role != Role.PARTICIPANT
        or Participant.objects.filter(user=login).exclude(pk=getattr(instance, "pk", None)).exists()
    ):
        errors["user"] = _("Choose a participant login in your municipality that is not in use.")

    household = cleaned.get("household")
    if household and household.municipality_id != municipality_id:
        errors["household"] = _("Choose a household in your municipality.")
    if household and not cleaned.get(
        "household_relation", getattr(instance, "household_relation", "")
    ):
        errors["household_relation"] = _("Say how the participant is related in the household.")

    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    phone = cleaned.get("phone")
    if phone and not _PHONE.fullmatch(phone):
        errors["phone"] = _("Use digits, spaces and + only, for example +47 912 34 567.")
    settled, permitted = cleaned.get("settlement_date"), cleaned.get("permit_date")
    if instance is not None:
        settled = settled if "settlement_date" in cleaned else instance.settlement_date
        permitted = permitted if "permit_date" in cleaned else instance.permit_date
    if settled and permitted and settled < permitted:
        errors["settlement_date"] = _(
            "Settlement cannot be before the permit was granted (%(date)s)."
        ) % {"date": date_format(permitted, "SHORT_DATE_FORMAT")}
    postcode = cleaned.get("postcode")
    if postcode and not (len(postcode) == 4 and postcode.isdigit()):
        errors["postcode"] = _("A Norwegian postcode has four digits.")

    for name in ("gender", "permit_ground", "household_relation", "preferred_language"):
        if name in cleaned and cleaned[name] is None:
            cleaned[name] = ""

    if errors:
        raise ValidationError(errors)
    return cleaned


def _lock_and_refresh(participant: Participant) -> None:
    """Lock the row for this transaction and bring the caller's object up to date, so the
    audit's old values are the stored ones and the caller keeps working on one object."""
    list(Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk"))
    participant.refresh_from_db()


def check_profile(
    *, actor: User, data: Mapping[str, Any], instance: Participant | None = None
) -> dict[str, str]:
    """The errors the service would report for this input, without saving anything.

    Forms call it when their own parsing already failed, so that a person sees every
    problem at once rather than one round at a time."""
    try:
        _clean_profile(data, actor=actor, instance=instance)
    except ValidationError as exc:
        return {k: v[0] for k, v in exc.message_dict.items()}
    return {}


def _record_identifier_change(
    *, actor: User, participant: Participant, kind: str, old: str, new: str
) -> None:
    now = timezone.now()
    if old:
        ParticipantIdentifier.objects.filter(
            participant=participant, value=old, replaced_at__isnull=True
        ).update(replaced_at=now)
    if new:
        ParticipantIdentifier.objects.create(
            municipality_id=participant.municipality_id,
            participant=participant,
            kind=kind,
            value=new,
            valid_from=now,
            registered_by=actor,
        )


@transaction.atomic
def register_participant(
    *, actor: User, data: Mapping[str, Any], bank_account: str = ""
) -> Participant:
    """Register a new participant in the actor's municipality."""
    _require(actor, "participants.add_participant")
    errors: dict[str, str] = {}
    data = {"given_name": "", "family_name": "", "birth_date": None, **data}
    try:
        cleaned = _clean_profile(data, actor=actor, instance=None)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        cleaned = {}
    try:
        account = clean_bank_account(bank_account)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    participant = Participant(municipality_id=actor.municipality_id, bank_account=account)
    for key, value in cleaned.items():
        setattr(participant, key, value)
    participant.save()
    if participant.duf_number:
        _record_identifier_change(
            actor=actor,
            participant=participant,
            kind=IdentifierKind.DUF,
            old="",
            new=participant.duf_number,
        )
    if participant.national_id:
        _record_identifier_change(
            actor=actor,
            participant=participant,
            kind=participant.national_id_kind,
            old="",
            new=participant.national_id,
        )
    audit.record_event(
        actor=actor,
        action="participant.create",
        obj=participant,
        participant_id=participant.pk,
        changes=audit.created(audit.snapshot(participant, AUDITED_FIELDS)),
    )
    return participant


@transaction.atomic
def update_participant(
    *, actor: User, participant: Participant, data: Mapping[str, Any], reason: str = ""
) -> Participant:
    """Change a participant's profile. Changed identifiers are kept in the history."""
    _require(actor, "participants.change_participant", participant)
    _lock_and_refresh(participant)
    cleaned = _clean_profile(data, actor=actor, instance=participant)
    before = audit.snapshot(participant, AUDITED_FIELDS)
    for key, value in cleaned.items():
        setattr(participant, key, value)
    changes = audit.diff(before, audit.snapshot(participant, AUDITED_FIELDS))
    if not changes:
        return participant
    participant.save()
    if "duf_number" in changes:
        _record_identifier_change(
            actor=actor,
            participant=participant,
            kind=IdentifierKind.DUF,
            old=before["duf_number"],
            new=participant.duf_number,
        )
    if "national_id" in changes:
        _record_identifier_change(
            actor=actor,
            participant=participant,
            kind=participant.national_id_kind,
            old=before["national_id"],
            new=participant.national_id,
        )
    audit.record_event(
        actor=actor,
        action="participant.update",
        obj=participant,
        participant_id=participant.pk,
        changes=changes,
        reason=reason,
    )
    return participant


@transaction.atomic
def change_bank_account(
    *, actor: User, participant: Participant, bank_account: str, reason: str
) -> Participant:
    """Register or change the account the stipend is paid to, with old and new value audited.

    Whoever does this may not approve the payroll run that pays to it (the stipend module
    checks this against the audit trail).
    """
    _require(actor, "participants.change_bank_account", participant)
    errors = {}
    try:
        account = clean_bank_account(bank_account)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        account = ""
    if not (reason or "").strip():
        errors["reason"] = _(
            "Say why the account is changed, for example «new account, letter from the bank»."
        )
    if errors:
        raise ValidationError(errors)
    _lock_and_refresh(participant)
    old = participant.bank_account
    if old == account:
        return participant
    participant.bank_account = account
    participant.save(update_fields=["bank_account", "updated_at"])
    audit.record_event(
        actor=actor,
        action="participant.bank_account.change",
        obj=participant,
        participant_id=participant.pk,
        changes={"bank_account": {"old": old, "new": account}},
        reason=reason.strip(),
    )
    return participant


@transaction.atomic
def add_language(
    *,
    actor: User,
    participant: Participant,
    language: str,
    is_first_language: bool,
    needs_interpreter: bool,
) -> ParticipantLanguage:
    _require(actor, "participants.change_participant", participant)
    if not language:
        raise ValidationError({"language": _("This field is required.")})
    if participant.languages.filter(language=language).exists():
        raise ValidationError({"language": _("This language is already registered.")})
    row = ParticipantLanguage.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        language=language,
        is_first_language=is_first_language,
        needs_interpreter=needs_interpreter,
    )
    audit.record_event(
        actor=actor,
        action="participant.language.add",
        obj=row,
        participant_id=participant.pk,
        changes=audit.created(
            audit.snapshot(row, ("language", "is_first_language", "needs_interpreter"))
        ),
    )
    return row


@transaction.atomic
def remove_language(*, actor: User, participant: Participant, language_id: int) -> None:
    _require(actor, "participants.change_participant", participant)
    row = participant.languages.filter(pk=language_id).first()
    if row is None:
        return
    before = audit.snapshot(row, ("language", "is_first_language", "needs_interpreter"))
    audit.record_event(
        actor=actor,
        action="participant.language.remove",
        obj=row,
        participant_id=participant.pk,
        changes=audit.diff(before, {}),
    )
    row.delete()


@transaction.atomic
def create_household(
    *, actor: User, participant: Participant, name: str, address: str = ""
) -> Household:
    """Start a household with `participant` as its main person."""
    _require(actor, "participants.change_household", participant)
    if not (name or "").strip():
        raise ValidationError({"name": _("This field is required.")})
    household = Household.objects.create(
        municipality_id=participant.municipality_id, name=name.strip(), address=address.strip()
    )
    audit.record_event(
        actor=actor,
        action="household.create",
        obj=household,
        participant_id=participant.pk,
        changes=audit.created({"name": household.name, "address": household.address}),
    )
    update_participant(
        actor=actor,
        participant=participant,
        data={"household": household, "household_relation": Relation.MAIN},
    )
    return household


@transaction.atomic
def add_household_member(
    *, actor: User, participant: Participant, data: Mapping[str, Any]
) -> HouseholdMember:
    """Add a person who is not a participant (often a child) to the participant's household."""
    _require(actor, "participants.change_household", participant)
    if participant.household_id is None:
        raise ValidationError({"__all__": _("The participant has no household yet.")})
    errors = {}
    for name in ("given_name", "family_name", "relation"):
        if not _strip(data.get(name)):
            errors[name] = _("This field is required.")
    birth_date = data.get("birth_date")
    if birth_date and birth_date > _today():
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    member = HouseholdMember.objects.create(
        municipality_id=participant.municipality_id,
        household_id=participant.household_id,
        given_name=data["given_name"].strip(),
        family_name=data["family_name"].strip(),
        birth_date=birth_date,
        relation=data["relation"],
    )
    audit.record_event(
        actor=actor,
        action="household.member.add",
        obj=member,
        participant_id=participant.pk,
        changes=audit.created(
            audit.snapshot(member, ("given_name", "family_name", "birth_date", "relation"))
        ),
    )
    return member


ASSESSMENT_FIELDS = (
    "assessed_on",
    "interpreter_used",
    "interpreter_language",
    "interpreter_mode",
    *Assessment.NORWEGIAN_SKILLS,
    "other_skills",
    "health_needs",
    "wishes_work",
    "wishes_education",
    "summary",
)


def _clean_rows(
    rows: Iterable[Mapping[str, Any]], *, prefix: str, required: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    cleaned, errors = [], {}
    for index, row in enumerate(rows):
        row = {k: _strip(v) for k, v in row.items()}
        if not any(v not in ("", None, False) for v in row.values()):
            continue  # an empty line in the form
        if not row.get(required):
            errors[f"{prefix}.{index}.{required}"] = _("This field is required.")
        if row.get("years") is not None and row["years"] != "" and int(row["years"]) > 70:
            errors[f"{prefix}.{index}.years"] = _("At most 70 years.")
        cleaned.append(row)
    return cleaned, errors


@transaction.atomic
def record_assessment(
    *,
    actor: User,
    participant: Participant,
    data: Mapping[str, Any],
    education: Iterable[Mapping[str, Any]] = (),
    work: Iterable[Mapping[str, Any]] = (),
    languages: Iterable[Mapping[str, Any]] = (),
) -> Assessment:
    """Record an assessment (kartlegging) of the participant's background, skills and wishes.

    Integreringsloven § 12 requires a mapping of the participant's competence (kartlegging)
    before the plan is made; several assessments over time are kept.
    """
    _require(actor, "participants.add_assessment", participant)
    values = {k: _strip(v) for k, v in data.items() if k in ASSESSMENT_FIELDS}
    errors: dict[str, str] = {}
    assessed_on = values.get("assessed_on")
    if not assessed_on:
        errors["assessed_on"] = _("This field is required.")
    elif assessed_on > _today():
        errors["assessed_on"] = _("An assessment cannot be dated in the future.")
    if values.get("interpreter_used") and not values.get("interpreter_language"):
        errors["interpreter_language"] = _("Say which language the interpreter used.")
    education_rows, e1 = _clean_rows(education, prefix="education", required="level")
    work_rows, e2 = _clean_rows(work, prefix="work", required="occupation")
    language_rows, e3 = _clean_rows(languages, prefix="languages", required="language")
    for index, row in enumerate(language_rows):
        if not row.get("proficiency"):
            e3[f"languages.{index}.proficiency"] = _("This field is required.")
    errors.update(e1 | e2 | e3)
    if errors:
        raise ValidationError(errors)
    for key in ("interpreter_language", "interpreter_mode"):
        values[key] = values.get(key) or ""
    if not values.get("interpreter_used"):
        values["interpreter_language"] = values["interpreter_mode"] = ""
    assessment = Assessment.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        assessed_by=actor,
        **values,
    )
    AssessmentEducation.objects.bulk_create(
        AssessmentEducation(assessment=assessment, **_only(row, AssessmentEducation))
        for row in education_rows
    )
    AssessmentWork.objects.bulk_create(
        AssessmentWork(assessment=assessment, **_only(row, AssessmentWork)) for row in work_rows
    )
    AssessmentLanguage.objects.bulk_create(
        AssessmentLanguage(assessment=assessment, **_only(row, AssessmentLanguage))
        for row in language_rows
    )
    changes = audit.created(audit.snapshot(assessment, ASSESSMENT_FIELDS))
    changes["education"] = {"old": None, "new": [_jsonable_row(r) for r in education_rows]}
    changes["work"] = {"old": None, "new": [_jsonable_row(r) for r in work_rows]}
    changes["languages"] = {"old": None, "new": [_jsonable_row(r) for r in language_rows]}
    audit.record_event(
        actor=actor,
        action="assessment.create",
        obj=assessment,
        participant_id=participant.pk,
        changes=changes,
    )
    return assessment


def _only(row: Mapping[str, Any], model) -> dict[str, Any]:
    names = {f.name for f in model._meta.concrete_fields} - {"id", "assessment"}
    result = {k: v for k, v in row.items() if k in names}
    if result.get("years") == "":
        result["years"] = None
    return result


def _jsonable_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: audit._jsonable(v) for k, v in row.items()}


@transaction.atomic
def save_group(
    *,
    actor: User,
    group: Group | None,
    name: str,
    description: str = "",
    is_active: bool = True,
    teachers: Iterable[User] = (),
    participants: Iterable[Participant] = (),
) -> Group:
    """Create or change a class: its name and who teaches and attends it."""
    _require(actor, "participants.manage_groups")
    if group is not None and group.municipality_id != actor.municipality_id:
        raise PermissionDenied
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("This field is required.")
    elif (
        Group.objects.filter(municipality_id=actor.municipality_id, name=name)
        .exclude(pk=getattr(group, "pk", None))
        .exists()
    ):
        errors["name"] = _("A class with this name already exists.")
    teachers, participants = list(teachers), list(participants)
    if any(t.municipality_id != actor.municipality_id or t.role != Role.TEACHER for t in teachers):
        errors["teachers"] = _("Choose teachers in your municipality.")
    if any(p.municipality_id != actor.municipality_id for p in participants):
        errors["participants"] = _("Choose participants in your municipality.")
    if errors:
        raise ValidationError(errors)
    creating = group is None
    before = (
        {}
        if creating
        else {
            "name": group.name,
            "description": group.description,
            "is_active": group.is_active,
            "teachers": sorted(group.teachers.values_list("pk", flat=True)),
            "participants": sorted(group.participants.values_list("pk", flat=True)),
        }
    )
    if creating:
        group = Group(municipality_id=actor.municipality_id)
    group.name, group.description, group.is_active = name, description.strip(), is_active
    group.save()
    group.teachers.set(teachers)
    group.participants.set(participants)
    after = {
        "name": group.name,
        "description": group.description,
        "is_active": group.is_active,
        "teachers": sorted(t.pk for t in teachers),
        "participants": sorted(p.pk for p in participants),
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record_event(
            actor=actor,
            action="group.create" if creating else "group.update",
            obj=group,
            changes=changes,
        )
        # Joining or leaving a class decides which teacher sees the participant: put it
        # on each affected participant's own trail too.
        moved = set(before.get("participants", [])) ^ set(after["participants"])
        for participant_id in sorted(moved):
            joined = participant_id in after["participants"]
            audit.record_event(
                actor=actor,
                action="group.member.add" if joined else "group.member.remove",
                obj=group,
                participant_id=participant_id,
                changes={
                    "group": {
                        "old": None if joined else group.name,
                        "new": group.name if joined else None,
                    }
                },
            )
    return group
