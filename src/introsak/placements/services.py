"""Writes for placements: employers, workplaces and their recruitment, the need for labour,
mentors and their training, placements with the start-up meeting and the written request,
the mentor's week (attendance and evaluation), messages, gatherings and concerns.

Each service takes the acting user, checks the one permission policy, is one transaction,
and writes its own audit event. Bad input raises ValidationError naming the field, before
anything is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from introsak.attendance import services as attendance_services
from introsak.attendance.models import AbsenceType, Registration
from introsak.core import audit, cleaning
from introsak.core.models import Role, User
from introsak.core.permissions import require as _require
from introsak.core.permissions import visible_participants
from introsak.decisions import selectors as decision_selectors
from introsak.participants.models import Participant
from introsak.plans.models import MeasureKind

from . import rules
from .models import (
    TAKES_PARTICIPANTS,
    Concern,
    ConcernStatus,
    ContactPerson,
    Employer,
    Evaluation,
    Gathering,
    Industry,
    LabourNeed,
    Mentor,
    MentorTraining,
    Message,
    PipelineStage,
    Placement,
    StageChange,
    StartupMeeting,
    Workplace,
)
from .workflow import CONCERN, PIPELINE

EMPLOYER_FIELDS = ("org_number", "name", "industry", "address", "postal_code", "city", "notes")
WORKPLACE_FIELDS = ("name", "industry", "address", "capacity", "tasks", "notes")
PLACEMENT_FIELDS = (
    "workplace",
    "mentor",
    "measure",
    "start_date",
    "end_date",
    "weekdays",
    "hours_per_week",
    "tasks",
    "language_goals",
)
STARTUP_FIELDS = (
    "date",
    "participant_attended",
    "mentor_attended",
    "employer_contact",
    "teacher",
    "interpreter_language",
    "interpreter_name",
    "notes",
)
EVALUATION_FIELDS = ("week_start", "rating", "text", "language_use")
GATHERING_FIELDS = ("date", "theme", "planned_topics", "language_part", "notes")


def _today() -> datetime.date:
    return timezone.localdate()


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _rule_message(error: rules.RuleError) -> str:
    return _(error.message) % error.params if error.params else _(error.message)


def _check_email(errors: dict, email: str) -> None:
    """An email address, when one is given, must be one."""
    if not email:
        return
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")


# --- employers and workplaces ---------------------------------------------------------------


def _clean_employer(actor: User, data: Mapping[str, Any], *, instance: Employer | None) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: cleaning.text(data, name) for name in ("name", "address", "city", "notes")}
    try:
        cleaned["org_number"] = rules.clean_org_number(data.get("org_number") or "")
    except rules.RuleError as error:
        errors["org_number"] = _rule_message(error)
    else:
        taken = Employer.objects.filter(
            municipality_id=actor.municipality_id, org_number=cleaned["org_number"]
        )
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["org_number"] = _("%(name)s is already registered with this number.") % {
                "name": taken.first().name
            }
    postal_code = cleaning.text(data, "postal_code")
    if postal_code and (not postal_code.isdigit() or len(postal_code) != 4):
        errors["postal_code"] = _("A postal code has 4 digits.")
    cleaned["postal_code"] = postal_code
    cleaned["industry"] = cleaning.choice(errors, data, "industry", Industry)
    cleaning.required(errors, cleaned, ("name",))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def register_employer(*, actor: User, data: Mapping[str, Any]) -> Employer:
    """Register an employer, and its first workplace (the employer itself) in the pipeline
    at «contacted»."""
    _require(actor, "placements.manage_employers")
    cleaned = _clean_employer(actor, data, instance=None)
    employer = Employer.objects.create(municipality_id=actor.municipality_id, **cleaned)
    audit.record_event(
        actor=actor,
        action="employer.create",
        obj=employer,
        object_repr=employer.name,
        changes=audit.created(audit.snapshot(employer, EMPLOYER_FIELDS)),
    )
    workplace = Workplace.objects.create(
        municipality_id=actor.municipality_id,
        stage_changed_on=_today(),
        employer=employer,
        name=employer.name,
        industry=employer.industry,
        address=", ".join(p for p in (employer.address, employer.city) if p),
    )
    StageChange.objects.create(workplace=workplace, to_stage=workplace.stage, on=_today(), by=actor)
    return employer


@transaction.atomic
def update_employer(*, actor: User, employer: Employer, data: Mapping[str, Any]) -> Employer:
    _require(actor, "placements.manage_employers")
    cleaned = _clean_employer(actor, data, instance=employer)
    changes = audit.apply_changes(employer, cleaned, EMPLOYER_FIELDS)
    if changes:
        audit.record_event(
            actor=actor,
            action="employer.update",
            obj=employer,
            object_repr=employer.name,
            changes=changes,
        )
    return employer


@transaction.atomic
def add_contact(*, actor: User, employer: Employer, data: Mapping[str, Any]) -> ContactPerson:
    _require(actor, "placements.manage_employers")
    errors: dict[str, str] = {}
    cleaned = {name: cleaning.text(data, name) for name in ("name", "title", "phone", "email")}
    cleaning.required(errors, cleaned, ("name",))
    if not (cleaned["phone"] or cleaned["email"]):
        errors["phone"] = _("Give a phone number or an email address.")
    _check_email(errors, cleaned["email"])
    if errors:
        raise ValidationError(errors)
    contact = ContactPerson.objects.create(employer=employer, **cleaned)
    audit.record_event(
        actor=actor,
        action="employer.contact.add",
        obj=employer,
        object_repr=employer.name,
        changes=audit.created(cleaned),
    )
    return contact


@transaction.atomic
def remove_contact(*, actor: User, contact: ContactPerson) -> None:
    _require(actor, "placements.manage_employers")
    employer = contact.employer
    audit.record_event(
        actor=actor,
        action="employer.contact.remove",
        obj=employer,
        object_repr=employer.name,
        changes={"contact": {"old": contact.name, "new": None}},
    )
    contact.delete()


def _clean_workplace(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: cleaning.text(data, name) for name in ("name", "address", "tasks", "notes")}
    cleaned["industry"] = cleaning.choice(errors, data, "industry", Industry)
    cleaning.required(errors, cleaned, ("name",))
    try:
        capacity = int(data.get("capacity") if data.get("capacity") not in (None, "") else 1)
        if capacity < 1 or capacity > 50:
            raise ValueError
        cleaned["capacity"] = capacity
    except (TypeError, ValueError):
        errors["capacity"] = _("Give the number of places, from 1 to 50.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_workplace(*, actor: User, employer: Employer, data: Mapping[str, Any]) -> Workplace:
    """Another place of work of an employer, with its own recruitment from «contacted»."""
    _require(actor, "placements.manage_employers")
    cleaned = _clean_workplace(data)
    workplace = Workplace.objects.create(
        municipality_id=employer.municipality_id,
        employer=employer,
        stage_changed_on=_today(),
        **cleaned,
    )
    StageChange.objects.create(workplace=workplace, to_stage=workplace.stage, on=_today(), by=actor)
    audit.record_event(
        actor=actor,
        action="workplace.create",
        obj=workplace,
        object_repr=str(workplace),
        changes=audit.created(audit.snapshot(workplace, WORKPLACE_FIELDS)),
    )
    return workplace


@transaction.atomic
def update_workplace(*, actor: User, workplace: Workplace, data: Mapping[str, Any]) -> Workplace:
    _require(actor, "placements.manage_employers")
    cleaned = _clean_workplace(data)
    changes = audit.apply_changes(workplace, cleaned, WORKPLACE_FIELDS)
    if changes:
        audit.record_event(
            actor=actor,
            action="workplace.update",
            obj=workplace,
            object_repr=str(workplace),
            changes=changes,
        )
    return workplace


@transaction.atomic
def move_workplace(
    *,
    actor: User,
    workplace: Workplace,
    to_stage: str,
    on: datetime.date | None = None,
    note: str = "",
) -> Workplace:
    """Move a workplace one step in the recruitment pipeline (contacted → information
    meeting → agreement → active → paused or ended), as the PIPELINE table allows."""
    _require(actor, "placements.manage_employers")
    on = on or _today()
    workplace = Workplace.objects.select_for_update().get(pk=workplace.pk)
    if to_stage not in PIPELINE.get(workplace.stage, ()):
        raise ValidationError(
            {
                "stage": _("A workplace at «%(from)s» cannot move to «%(to)s».")
                % {
                    "from": PipelineStage(workplace.stage).label,
                    "to": PipelineStage(to_stage).label
                    if to_stage in PipelineStage.values
                    else to_stage,
                }
            }
        )
    if on > _today():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if to_stage == PipelineStage.ENDED and workplace.placements.filter(end_date__gte=on).exists():
        # Planned placements too: a workplace that has said no cannot receive anyone.
        raise ValidationError(
            {
                "stage": _(
                    "The workplace has a placement that is running or planned. End the "
                    "placement first."
                )
            }
        )
    from_stage = workplace.stage
    workplace.stage, workplace.stage_changed_on = to_stage, on
    workplace.save(update_fields=["stage", "stage_changed_on"])
    StageChange.objects.create(
        workplace=workplace,
        from_stage=from_stage,
        to_stage=to_stage,
        on=on,
        note=note.strip()[:300],
        by=actor,
    )
    audit.record_event(
        actor=actor,
        action="workplace.stage",
        obj=workplace,
        object_repr=str(workplace),
        changes={"stage": {"old": from_stage, "new": to_stage}},
        reason=note.strip()[:300],
    )
    return workplace


@transaction.atomic
def record_labour_need(*, actor: User, data: Mapping[str, Any]) -> LabourNeed:
    """Record the municipality's expected need for labour in an occupation."""
    _require(actor, "placements.manage_labour_needs")
    errors: dict[str, str] = {}
    cleaned = {
        "occupation": cleaning.text(data, "occupation"),
        "source": cleaning.text(data, "source", 200),
    }
    cleaned["industry"] = cleaning.choice(errors, data, "industry", Industry)
    cleaning.required(errors, cleaned, ("occupation",))
    for name, low, high in (("year", 2000, 2100), ("positions", 1, 10000)):
        try:
            value = int(data.get(name))
            if not low <= value <= high:
                raise ValueError
            cleaned[name] = value
        except (TypeError, ValueError):
            errors[name] = _("Give a whole number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    if errors:
        raise ValidationError(errors)
    need = LabourNeed.objects.create(municipality_id=actor.municipality_id, **cleaned)
    audit.record_event(
        actor=actor,
        action="labour_need.create",
        obj=need,
        object_repr=need.occupation,
        changes=audit.created(cleaned),
    )
    return need


@transaction.atomic
def remove_labour_need(*, actor: User, need: LabourNeed) -> None:
    _require(actor, "placements.manage_labour_needs")
    audit.record_event(
        actor=actor,
        action="labour_need.remove",
        obj=need,
        object_repr=need.occupation,
        changes={"occupation": {"old": need.occupation, "new": None}},
    )
    need.delete()


# --- mentors --------------------------------------------------------------------------------


@transaction.atomic
def register_mentor(
    *, actor: User, employer: Employer, data: Mapping[str, Any], password: str
) -> Mentor:
    """Give an employer's person a mentor account. The account is a user with the mentor
    role and sees only the placements the person mentors, while they last."""
    _require(actor, "placements.manage_employers")
    errors: dict[str, str] = {}
    cleaned = {
        name: cleaning.text(data, name) for name in ("username", "first_name", "last_name", "email")
    }
    phone = cleaning.text(data, "phone", 30)
    cleaning.required(errors, cleaned, ("username", "first_name", "last_name"))
    if cleaned["username"] and User.objects.filter(username__iexact=cleaned["username"]).exists():
        errors["username"] = _("The username is taken.")
    _check_email(errors, cleaned["email"])
    try:
        validate_password(password, User(**cleaned))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    user = User(municipality_id=actor.municipality_id, role=Role.MENTOR, **cleaned)
    user.set_password(password)
    user.save()
    mentor = Mentor.objects.create(
        municipality_id=actor.municipality_id, user=user, employer=employer, phone=phone
    )
    audit.record_event(
        actor=actor,
        action="mentor.create",
        obj=mentor,
        object_repr=str(mentor),
        changes=audit.created({**cleaned, "employer": employer.pk, "phone": phone}),
    )
    return mentor


@transaction.atomic
def record_mentor_training(
    *, actor: User, mentor: Mentor, data: Mapping[str, Any]
) -> MentorTraining:
    """Record that a mentor completed training (grunnopplæring or a follow-up)."""
    _require(actor, "placements.manage_employers")
    errors: dict[str, str] = {}
    kind = cleaning.choice(errors, data, "kind", MentorTraining.Kind)
    completed_on = data.get("completed_on")
    if not isinstance(completed_on, datetime.date):
        errors["completed_on"] = _("Give the date.")
    elif completed_on > _today():
        errors["completed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    training = MentorTraining.objects.create(
        mentor=mentor, kind=kind, completed_on=completed_on, note=cleaning.text(data, "note", 200)
    )
    audit.record_event(
        actor=actor,
        action="mentor.training",
        obj=mentor,
        object_repr=str(mentor),
        changes=audit.created({"kind": kind, "completed_on": completed_on.isoformat()}),
    )
    return training


# --- placements -----------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _clean_placement(
    actor: User,
    participant: Participant,
    data: Mapping[str, Any],
    *,
    instance: Placement | None,
) -> dict:
    """Check a placement against the workplace, the mentor, the plan's measure, the
    programme period and the participant's other placements. All errors at once."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "tasks": cleaning.text(data, "tasks"),
        "language_goals": cleaning.text(data, "language_goals"),
    }
    workplace = data.get("workplace")
    if isinstance(workplace, Workplace):
        # Read again: the stage decides, and the caller's copy may be older than the database.
        workplace = workplace.pk
    if isinstance(workplace, int | str) and str(workplace).isdigit():
        workplace = (
            Workplace.objects.filter(municipality_id=actor.municipality_id, pk=int(workplace))
            .select_related("employer")
            .first()
        )
    if not isinstance(workplace, Workplace) or workplace.municipality_id != actor.municipality_id:
        errors["workplace"] = _("Choose a workplace.")
        workplace = None
    elif workplace.stage not in TAKES_PARTICIPANTS and (
        instance is None or instance.workplace_id != workplace.pk
    ):
        errors["workplace"] = _(
            "%(workplace)s is at «%(stage)s». A placement needs an agreement with the workplace "
            "first."
        ) % {"workplace": workplace, "stage": PipelineStage(workplace.stage).label}
    cleaned["workplace"] = workplace

    mentor = data.get("mentor")
    if mentor in ("", None):
        mentor = None
    elif not isinstance(mentor, Mentor):
        # An id that names no mentor of the municipality is refused, not read as «no mentor».
        mentor_id = cleaning.pk(mentor, Mentor)
        found = (
            Mentor.objects.filter(municipality_id=actor.municipality_id, pk=mentor_id).first()
            if mentor_id
            else None
        )
        if found is None:
            errors["mentor"] = _("Choose a mentor.")
        mentor = found
    if mentor is not None:
        if mentor.municipality_id != actor.municipality_id:
            errors["mentor"] = _("Choose a mentor.")
            mentor = None
        elif not mentor.user.is_active:
            errors["mentor"] = _("%(mentor)s can no longer log in; choose another mentor.") % {
                "mentor": mentor
            }
        elif workplace is not None and mentor.employer_id != workplace.employer_id:
            errors["mentor"] = _("%(mentor)s is a mentor at another employer.") % {"mentor": mentor}
    cleaned["mentor"] = mentor

    measure = data.get("measure")
    if isinstance(measure, int | str) and str(measure).isdigit():
        from introsak.plans.models import Measure

        measure = (
            Measure.objects.filter(municipality_id=actor.municipality_id, pk=int(measure))
            .select_related("plan")
            .first()
        )
    if (
        measure is None
        or getattr(measure, "plan", None) is None
        or measure.plan.participant_id != participant.pk
        or not measure.is_active
    ):
        errors["measure"] = _("Choose the work-practice measure of the participant's plan.")
        measure = None
    elif measure.kind != MeasureKind.WORK_PRACTICE:
        errors["measure"] = _("The measure must be work practice.")
        measure = None
    cleaned["measure"] = measure

    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, datetime.date):
        errors["start_date"] = _("Give the first day.")
    if not isinstance(end, datetime.date):
        errors["end_date"] = _("Give the last day.")
    elif isinstance(start, datetime.date) and end < start:
        errors["end_date"] = _("The last day is before the first.")
    cleaned["start_date"], cleaned["end_date"] = start, end

    # Monday to Friday only: a placement is not on weekends.
    weekdays = "".join(
        str(d) for d in sorted(rules.weekday_set(str(data.get("weekdays") or "")) - {5, 6})
    )
    if not weekdays:
        errors["weekdays"] = _("Choose at least one weekday.")
    cleaned["weekdays"] = weekdays

    hours = _decimal(data.get("hours_per_week"))
    if hours is None or hours <= 0 or hours > 40:
        errors["hours_per_week"] = _("Give the hours a week, more than 0 and at most 40.")
    cleaned["hours_per_week"] = hours

    dates_ok = "start_date" not in errors and "end_date" not in errors
    if dates_ok:
        period = decision_selectors.programme_period(participant, labels=False)
        if period is None:
            errors["start_date"] = _(
                "%(name)s has no granted programme; a placement lies inside the programme."
            ) % {"name": participant}
        elif start < period.start or end > period.end:
            errors["end_date" if start >= period.start else "start_date"] = _(
                "The placement must lie inside the programme period, %(start)s–%(end)s."
            ) % {"start": _d(period.start), "end": _d(period.end)}
    if dates_ok and measure is not None:
        if start < measure.start_date or end > measure.end_date:
            errors.setdefault(
                "end_date" if start >= measure.start_date else "start_date",
                _("The placement must lie inside the measure «%(measure)s», %(start)s–%(end)s.")
                % {
                    "measure": measure,
                    "start": _d(measure.start_date),
                    "end": _d(measure.end_date),
                },
            )
        if weekdays and not rules.weekday_set(weekdays) <= rules.weekday_set(measure.weekdays):
            errors.setdefault(
                "weekdays",
                _("The plan has work practice on other days. Change the plan's measure first."),
            )
        if hours is not None and hours > measure.hours_per_week:
            errors.setdefault(
                "hours_per_week",
                _("The plan has %(hours)s hours of work practice a week.")
                % {"hours": measure.hours_per_week},
            )
    if dates_ok and weekdays:
        others = Placement.objects.filter(participant=participant).select_related(
            "workplace__employer"
        )
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        for other in others:
            if rules.collides(
                start, end, weekdays, other.start_date, other.end_date, other.weekdays
            ):
                errors.setdefault(
                    "start_date",
                    _("The participant is at %(workplace)s on the same days (%(start)s–%(end)s).")
                    % {
                        "workplace": other.workplace,
                        "start": _d(other.start_date),
                        "end": _d(other.end_date),
                    },
                )
                break
    if dates_ok and workplace is not None and "workplace" not in errors:
        taken = workplace.placements.filter(start_date__lte=end, end_date__gte=start)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.count() >= workplace.capacity:
            errors["workplace"] = ngettext(
                "%(workplace)s has %(count)s place, and it is taken in this period.",
                "%(workplace)s has %(count)s places, and they are taken in this period.",
                workplace.capacity,
            ) % {"workplace": workplace, "count": workplace.capacity}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def make_placement(*, actor: User, participant: Participant, data: Mapping[str, Any]) -> Placement:
    """Agree a placement: the participant, the workplace, the mentor, the period, the days
    and hours, the tasks and the language goals, tied to the plan's work-practice measure.
    A workplace at «agreement» becomes «active» with its first placement."""
    _require(actor, "placements.add_placement", participant)
    if not visible_participants(actor).filter(pk=participant.pk).exists():
        raise PermissionDenied
    # Two placements made at the same moment must not both pass the overlap check.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    cleaned = _clean_placement(actor, participant, data, instance=None)
    placement = Placement.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        created_by=actor,
        **cleaned,
    )
    audit.record_event(
        actor=actor,
        action="placement.create",
        obj=placement,
        participant_id=participant.pk,
        object_repr=str(placement),
        changes=audit.created(audit.snapshot(placement, PLACEMENT_FIELDS)),
    )
    # Locked, so that two first placements at once move the workplace only once.
    workplace = Workplace.objects.select_for_update().get(pk=cleaned["workplace"].pk)
    if workplace.stage == PipelineStage.AGREEMENT:
        move_workplace(
            actor=actor,
            workplace=workplace,
            to_stage=PipelineStage.ACTIVE,
            note=_("First placement: %(name)s") % {"name": participant},
        )
    return placement


@transaction.atomic
def update_placement(*, actor: User, placement: Placement, data: Mapping[str, Any]) -> Placement:
    _require(actor, "placements.change_placement", placement)
    Participant.objects.select_for_update().filter(pk=placement.participant_id).first()
    # The current values as objects and dates (not the audit snapshot's ids and ISO strings),
    # so that a change of one field does not need every other field given again.
    merged = {**{name: getattr(placement, name) for name in PLACEMENT_FIELDS}, **data}
    cleaned = _clean_placement(actor, placement.participant, merged, instance=placement)
    changes = audit.apply_changes(placement, cleaned, PLACEMENT_FIELDS)
    if changes:
        audit.record_event(
            actor=actor,
            action="placement.update",
            obj=placement,
            participant_id=placement.participant_id,
            object_repr=str(placement),
            changes=changes,
        )
    return placement


@transaction.atomic
def end_placement(
    *, actor: User, placement: Placement, last_day: datetime.date, reason: str
) -> Placement:
    """End a placement early. The mentor's access ends with the last day."""
    _require(actor, "placements.change_placement", placement)
    errors = {}
    if not isinstance(last_day, datetime.date):
        errors["last_day"] = _("Give the last day.")
    elif last_day < placement.start_date:
        errors["last_day"] = _(
            "The last day cannot be before the placement starts (%(start)s)."
        ) % {"start": _d(placement.start_date)}
    elif last_day >= placement.end_date:
        errors["last_day"] = _("The placement already ends %(end)s.") % {
            "end": _d(placement.end_date)
        }
    if not (reason or "").strip():
        errors["reason"] = _("Say why the placement ends early.")
    if not errors and placement.mentor_id:
        # The mentor's registrations after the new last day would stay on the timesheet and
        # reach payroll: they are corrected first, in the timesheet.
        later = Registration.objects.filter(
            participant_id=placement.participant_id,
            measure_id=placement.measure_id,
            registered_by_id=placement.mentor.user_id,
            date__gt=last_day,
            date__lte=placement.end_date,
        ).order_by("date")
        first = later.first()
        if first is not None:
            errors["last_day"] = _(
                "The mentor has registered attendance on %(date)s. Correct the timesheet "
                "first, or choose a later last day."
            ) % {"date": _d(first.date)}
    if errors:
        raise ValidationError(errors)
    old = placement.end_date
    placement.end_date = last_day
    placement.ended_early_reason = reason.strip()[:300]
    placement.save(update_fields=["end_date", "ended_early_reason"])
    audit.record_event(
        actor=actor,
        action="placement.end",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes={"end_date": {"old": old.isoformat(), "new": last_day.isoformat()}},
        reason=placement.ended_early_reason,
    )
    return placement


@transaction.atomic
def cancel_placement(*, actor: User, placement: Placement, reason: str) -> None:
    """Cancel a placement that has not started: it is removed, so its days are free for
    another placement. The audit trail keeps what it was and why it was cancelled."""
    _require(actor, "placements.change_placement", placement)
    errors = {}
    if placement.start_date <= _today():
        errors["reason"] = _("The placement has started. End it early instead, with its last day.")
    elif placement.concerns.exists():
        errors["reason"] = _("The placement has concerns; end it instead, so they are kept.")
    if not (reason or "").strip():
        errors.setdefault("reason", _("Say why the placement is cancelled."))
    if errors:
        raise ValidationError(errors)
    audit.record_event(
        actor=actor,
        action="placement.cancel",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes={
            key: {"old": value, "new": None}
            for key, value in audit.snapshot(placement, PLACEMENT_FIELDS).items()
        },
        reason=reason.strip()[:300],
    )
    placement.delete()


@transaction.atomic
def record_startup_meeting(
    *, actor: User, placement: Placement, data: Mapping[str, Any]
) -> StartupMeeting:
    """Record the start-up meeting: who took part (participant, mentor, employer, teacher,
    interpreter), the date and what was agreed."""
    _require(actor, "placements.change_placement", placement)
    errors: dict[str, str] = {}
    day = data.get("date")
    if not isinstance(day, datetime.date):
        errors["date"] = _("Give the date.")
    contact = data.get("employer_contact") or None
    if contact is not None:
        contact = ContactPerson.objects.filter(
            pk=cleaning.pk(contact, ContactPerson), employer_id=placement.workplace.employer_id
        ).first()
        if contact is None:
            errors["employer_contact"] = _("Choose a contact person of the employer.")
    teacher = data.get("teacher") or None
    if teacher is not None:
        teacher = User.objects.filter(
            pk=cleaning.pk(teacher, User), municipality_id=actor.municipality_id, role=Role.TEACHER
        ).first()
        if teacher is None:
            errors["teacher"] = _("Choose a teacher.")
    language = cleaning.text(data, "interpreter_language", 10)
    interpreter = cleaning.text(data, "interpreter_name", 150)
    if interpreter and not language:
        errors["interpreter_language"] = _("Give the interpreter's language.")
    if errors:
        raise ValidationError(errors)
    values = {
        "date": day,
        "participant_attended": bool(data.get("participant_attended")),
        "mentor_attended": bool(data.get("mentor_attended")),
        "employer_contact": contact,
        "teacher": teacher,
        "interpreter_language": language,
        "interpreter_name": interpreter,
        "notes": cleaning.text(data, "notes"),
    }
    earlier = StartupMeeting.objects.filter(placement=placement).first()
    before = audit.snapshot(earlier, STARTUP_FIELDS) if earlier else None
    meeting, _created = StartupMeeting.objects.update_or_create(
        placement=placement, defaults=values
    )
    after = audit.snapshot(meeting, STARTUP_FIELDS)
    audit.record_event(
        actor=actor,
        action="placement.startup_meeting",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes=audit.diff(before, after) if before else audit.created(after),
    )
    return meeting


@transaction.atomic
def save_request(
    *,
    actor: User,
    placement: Placement,
    text: str,
    consent: bool,
    sent_on: datetime.date | None = None,
) -> Placement:
    """The written request to the workplace with the participant's background, languages and
    wishes. Personal data goes to an employer only with the participant's consent."""
    _require(actor, "placements.change_placement", placement)
    errors = {}
    if not (text or "").strip():
        errors["request_text"] = _("Write the request.")
    if sent_on is not None and not consent:
        errors["request_consent"] = _(
            "The request tells the workplace about the participant: it is sent only with "
            "their consent."
        )
    if sent_on is not None and sent_on > _today():
        errors["request_sent_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(placement, ("request_text", "request_consent", "request_sent_on"))
    placement.request_text = text.strip()
    placement.request_consent = bool(consent)
    placement.request_sent_on = sent_on
    placement.save(update_fields=["request_text", "request_consent", "request_sent_on"])
    audit.record_event(
        actor=actor,
        action="placement.request",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes=audit.diff(
            before,
            audit.snapshot(placement, ("request_text", "request_consent", "request_sent_on")),
        ),
    )
    return placement


# --- the mentor's week ----------------------------------------------------------------------


# What a mentor can see and register at work; health-related types (a doctor's note,
# pregnancy, birth) and welfare leave are for the refugee service.
MENTOR_ABSENCE_TYPES = frozenset(
    {
        AbsenceType.OWN_ILLNESS_SELF,
        AbsenceType.SICK_CHILD,
        AbsenceType.APPROVED_LEAVE,
        AbsenceType.INVALID,
    }
)


@transaction.atomic
def register_placement_days(
    *, actor: User, placement: Placement, items: Iterable[Mapping[str, Any]]
) -> attendance_services.BulkResult:
    """The mentor registers attendance for days of their placement. Each item is
    `{date, status, absence_type, hours, note}`; the measure is the placement's. Only the
    placement's own days that have come, while the placement lasts (rules.mentor_may_register);
    the rest is the attendance service's ordinary checks, all or nothing."""
    _require(actor, "placements.mentor_register", placement)
    today = _today()
    errors: dict[str, str] = {}
    prepared = []
    items = list(items)
    dates = [item.get("date") for item in items if isinstance(item.get("date"), datetime.date)]
    # Days the refugee service or a teacher registered are theirs: the mentor neither sees
    # their details (absence can be about health) nor overwrites them.
    by_others = set(
        Registration.objects.filter(
            participant_id=placement.participant_id,
            measure_id=placement.measure_id,
            date__in=dates,
        )
        .exclude(registered_by=actor)
        .values_list("date", flat=True)
    )
    for index, item in enumerate(items):
        day = item.get("date")
        if not isinstance(day, datetime.date):
            errors[f"items.{index}.date"] = _("Give a date.")
            continue
        reason = rules.mentor_may_register(
            day,
            today=today,
            start=placement.start_date,
            end=placement.end_date,
            weekdays=placement.weekdays,
        )
        if reason:
            errors[f"items.{index}.date"] = f"{_d(day)}: {_(reason)}"
            continue
        if day in by_others:
            errors[f"items.{index}.date"] = _(
                "%(date)s is registered by the refugee service; ask them to change it."
            ) % {"date": _d(day)}
            continue
        absence_type = item.get("absence_type") or ""
        if item.get("status") == "absent" and absence_type not in MENTOR_ABSENCE_TYPES:
            errors[f"items.{index}.absence_type"] = _(
                "Register the absence as illness (self-certified), sick child, approved leave or "
                "invalid absence. The refugee service registers the rest."
            )
            continue
        prepared.append(
            {
                **item,
                # A doctor's note is documented with the refugee service, not by the mentor.
                "documented": False,
                "participant_id": placement.participant_id,
                "measure_id": placement.measure_id,
            }
        )
    if errors:
        raise ValidationError(errors)
    return attendance_services.register_bulk(
        actor=actor,
        items=prepared,
        participants=Participant.objects.filter(
            pk=placement.participant_id, municipality_id=placement.municipality_id
        ),
        authorised=True,
    )


@transaction.atomic
def write_evaluation(
    *, actor: User, placement: Placement, week_start: datetime.date, data: Mapping[str, Any]
) -> Evaluation:
    """The mentor's short evaluation of a week; written again, it replaces the week's."""
    _require(actor, "placements.mentor_register", placement)
    errors: dict[str, str] = {}
    if not isinstance(week_start, datetime.date):
        raise ValidationError({"week_start": _("Give the week.")})
    week_start = week_start - datetime.timedelta(days=week_start.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    if week_end < placement.start_date or week_start > placement.end_date:
        errors["week_start"] = _("The week is outside the placement.")
    elif week_start > _today():
        errors["week_start"] = _("The week has not started yet.")
    rating = cleaning.choice(errors, data, "rating", Evaluation.Rating)
    text = cleaning.text(data, "text", 2000)
    if not text:
        errors["text"] = _("Write a few words about the week.")
    if errors:
        raise ValidationError(errors)
    earlier = Evaluation.objects.filter(placement=placement, week_start=week_start).first()
    before = audit.snapshot(earlier, EVALUATION_FIELDS) if earlier else None
    evaluation, _created = Evaluation.objects.update_or_create(
        placement=placement,
        week_start=week_start,
        defaults={
            "rating": rating,
            "text": text,
            "language_use": cleaning.text(data, "language_use", 1000),
            "written_by": actor,
            "written_at": timezone.now(),
        },
    )
    after = audit.snapshot(evaluation, EVALUATION_FIELDS)
    audit.record_event(
        actor=actor,
        action="placement.evaluation",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes=audit.diff(before, after) if before else audit.created(after),
    )
    return evaluation


@transaction.atomic
def send_message(*, actor: User, placement: Placement, text: str) -> Message:
    """A message between the mentor and the participant's teachers, kept with the placement
    (the mentor asks for language guidance; the teacher answers)."""
    _require(actor, "placements.send_message", placement)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("At most 2000 characters.")})
    message = Message.objects.create(placement=placement, sender=actor, text=text)
    audit.record_event(
        actor=actor,
        action="placement.message",
        obj=placement,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes=audit.created({"text": text}),
    )
    return message


# --- gatherings -----------------------------------------------------------------------------


def _save_gathering(actor: User, gathering: Gathering | None, data, participant_ids, mentor_ids):
    errors: dict[str, str] = {}
    day = data.get("date")
    if not isinstance(day, datetime.date):
        errors["date"] = _("Give the date.")
    cleaned = {name: cleaning.text(data, name) for name in GATHERING_FIELDS if name != "date"}
    cleaned["theme"] = cleaned["theme"][:200]
    cleaning.required(errors, cleaned, ("theme",))
    # An id that is not a number is not found, and so refused below (not a ValueError).
    participant_ids = {cleaning.pk(pk, Participant) for pk in participant_ids or ()}
    mentor_ids = {cleaning.pk(pk, Mentor) for pk in mentor_ids or ()}
    # Only participants the actor sees can be marked (a NAV advisor sees those NAV follows).
    participants = list(visible_participants(actor).filter(pk__in=participant_ids))
    mentors = list(Mentor.objects.filter(municipality_id=actor.municipality_id, pk__in=mentor_ids))
    if len(participants) != len(participant_ids):
        errors["participants"] = _("Choose participants you follow.")
    if len(mentors) != len(mentor_ids):
        errors["mentors"] = _("Choose mentors of the municipality.")
    if errors:
        raise ValidationError(errors)
    before = None
    if gathering is None:
        gathering = Gathering(municipality_id=actor.municipality_id, created_by=actor)
    else:
        before = {
            **audit.snapshot(gathering, GATHERING_FIELDS),
            "participants": sorted(p.pk for p in gathering.participants.all()),
            "mentors": sorted(m.pk for m in gathering.mentors.all()),
        }
    gathering.date = day
    for name, value in cleaned.items():
        setattr(gathering, name, value)
    gathering.save()
    # Attendees the actor does not see stay as they were: the actor's list never held them.
    unseen = []
    if before:
        unseen = list(
            gathering.participants.exclude(pk__in=visible_participants(actor).values("pk"))
        )
    gathering.participants.set([*participants, *unseen])
    gathering.mentors.set(mentors)
    after = {
        **audit.snapshot(gathering, GATHERING_FIELDS),
        "participants": sorted(participant_ids | {p.pk for p in unseen}),
        "mentors": sorted(mentor_ids),
    }
    if before == after:
        return gathering
    audit.record_event(
        actor=actor,
        action="gathering.update" if before else "gathering.create",
        obj=gathering,
        object_repr=gathering.theme,
        changes=audit.diff(before, after) if before else audit.created(after),
    )
    return gathering


@transaction.atomic
def record_gathering(
    *,
    actor: User,
    data: Mapping[str, Any],
    participant_ids: Iterable[int] = (),
    mentor_ids: Iterable[int] = (),
) -> Gathering:
    """Record a participant–mentor gathering with who attended."""
    _require(actor, "placements.manage_gatherings")
    return _save_gathering(actor, None, data, participant_ids, mentor_ids)


@transaction.atomic
def update_gathering(
    *,
    actor: User,
    gathering: Gathering,
    data: Mapping[str, Any],
    participant_ids: Iterable[int] = (),
    mentor_ids: Iterable[int] = (),
) -> Gathering:
    _require(actor, "placements.manage_gatherings")
    return _save_gathering(actor, gathering, data, participant_ids, mentor_ids)


# --- concerns -------------------------------------------------------------------------------

# A concern gets a meeting quickly: the plan asks for "quick meetings when problems arise".
MEETING_WITHIN_DAYS = 7


@transaction.atomic
def raise_concern(*, actor: User, placement: Placement, data: Mapping[str, Any]) -> Concern:
    """Raise a concern on a placement. A mentor raises it as the mentor, with the
    participant's consultant as owner; the refugee service registers one from the
    participant or the workplace and names the owner and the meeting deadline."""
    _require(actor, "placements.raise_concern", placement)
    errors: dict[str, str] = {}
    description = cleaning.text(data, "description", 3000)
    if not description:
        errors["description"] = _("Say what the concern is about.")
    today = _today()
    if actor.role == Role.MENTOR:
        raised_by = Concern.RaisedBy.MENTOR
        owner = placement.participant.consultant
        if owner is None:
            owner = placement.created_by
        meeting_by = today + datetime.timedelta(days=MEETING_WITHIN_DAYS)
    else:
        raised_by = cleaning.choice(errors, data, "raised_by", Concern.RaisedBy)
        owner = data.get("owner")
        if owner is not None:
            owner = User.objects.filter(
                pk=cleaning.pk(owner, User),
                municipality_id=actor.municipality_id,
                role__in=(Role.CONSULTANT, Role.NAV_ADVISOR, Role.LEADER),
                is_active=True,
            ).first()
        if owner is None:
            errors["owner"] = _("Choose who owns the concern.")
        meeting_by = data.get("meeting_by")
        if not isinstance(meeting_by, datetime.date):
            errors["meeting_by"] = _("Give the date the meeting is held by.")
        elif meeting_by < today:
            errors["meeting_by"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        municipality_id=placement.municipality_id,
        placement=placement,
        raised_by=raised_by,
        raised_on=today,
        description=description,
        owner=owner,
        meeting_by=meeting_by,
        registered_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="concern.raise",
        obj=concern,
        participant_id=placement.participant_id,
        object_repr=str(placement),
        changes=audit.created(
            {
                "raised_by": raised_by,
                "description": description,
                "owner": owner.pk,
                "meeting_by": meeting_by.isoformat(),
            }
        ),
    )
    return concern


@transaction.atomic
def close_concern(
    *,
    actor: User,
    concern: Concern,
    outcome: str,
    meeting_held_on: datetime.date | None,
) -> Concern:
    """Close a concern with what was done (and when the meeting was held)."""
    _require(actor, "placements.handle_concern", concern.placement)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    errors = {}
    if ConcernStatus.CLOSED not in CONCERN[concern.status]:
        errors["outcome"] = _("The concern is already closed.")
    if not (outcome or "").strip():
        errors["outcome"] = _("Say what was done.")
    if meeting_held_on is not None and meeting_held_on > _today():
        errors["meeting_held_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    concern.status = ConcernStatus.CLOSED
    concern.outcome = outcome.strip()
    concern.meeting_held_on = meeting_held_on
    concern.closed_on = _today()
    concern.save()
    audit.record_event(
        actor=actor,
        action="concern.close",
        obj=concern,
        participant_id=concern.placement.participant_id,
        object_repr=str(concern.placement),
        changes={"status": {"old": ConcernStatus.OPEN, "new": ConcernStatus.CLOSED}},
        reason=concern.outcome,
    )
    return concern
