"""Writes for attendance: bulk registration (all or nothing), holidays, and the timesheet's
sign-off, acknowledgement, approval and corrections. Each is one transaction and audited.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.models import User
from introsak.core.permissions import visible_participants
from introsak.decisions.models import DecisionType
from introsak.participants.models import Participant

from . import rules, selectors
from .models import (
    NEEDS_DOCUMENTATION,
    AbsenceType,
    Correction,
    Registration,
    Timesheet,
    TimesheetStatus,
    Vacation,
)

Status = Registration.Status
FIELDS = ("status", "absence_type", "hours", "documented", "note")


def _today() -> datetime.date:
    return timezone.localdate()


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corrections: int = 0
    over_limit: list[Registration] = field(default_factory=list)


def _can_register(actor: User, participant: Participant) -> bool:
    return actor.has_perm("attendance.register", participant)


def _parse_hours(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(-1)


@transaction.atomic
def register_bulk(
    *,
    actor: User,
    items: Iterable[Mapping[str, Any]],
    correction_reason: str = "",
    participants=None,
    authorised: bool = False,
) -> BulkResult:
    """Register attendance for many participants, measures and days in one go.

    Every item is checked before anything is saved; one bad item refuses the whole request
    (the errors name the item by its position). An item is
    `{participant_id, measure_id, date, status, absence_type, hours, documented, note}`;
    empty hours mean all the measure's hours that day. A locked month changes only as a
    correction, by the consultant, with a reason; the correction is kept for payroll.

    `participants` narrows where participants are looked up; by default it is those the
    actor may see. The mentor's path (placements.services) passes the placement's
    participant, because a mentor sees no participant records, and `authorised=True`, because
    it has checked the mentor's right to the placement (placements.mentor_register) itself.
    """
    items = list(items)
    if not items:
        return BulkResult()
    participant_ids = {item.get("participant_id") for item in items}
    scope = visible_participants(actor) if participants is None else participants
    participants = selectors.participants_for_data(scope.filter(pk__in=participant_ids))
    found = {p.pk: p for p in participants}
    dates = [item.get("date") for item in items if isinstance(item.get("date"), datetime.date)]
    if not dates:
        raise ValidationError({"items.0.date": _("Give a date.")})
    start, end = min(dates), max(dates)
    data = selectors.CalendarData(
        participants,
        start=start,
        end=end,
        history_from=start - rules.YEAR,
        history_until=end + rules.YEAR,
    )
    calendars = {pk: data.calendar(pk) for pk in found}
    existing = {
        (r.participant_id, r.measure_id, r.date): r
        for regs in data.registrations.values()
        for r in regs
    }
    errors: dict[str, str] = {}
    cleaned = []
    # One permission check per participant, not per item: a month is hundreds of items.
    allowed = {
        pk: authorised or _can_register(actor, participant) for pk, participant in found.items()
    }
    seen: set[tuple] = set()
    for index, item in enumerate(items):
        key = f"items.{index}"
        participant = found.get(item.get("participant_id"))
        if participant is None:
            errors[f"{key}.participant_id"] = _("No such participant for you.")
            continue
        if not allowed[participant.pk]:
            raise PermissionDenied(
                _("You cannot register attendance for %(name)s.") % {"name": participant}
            )
        day, calendar = item.get("date"), calendars[participant.pk]
        if calendar.period is None:
            errors[f"{key}.participant_id"] = _(
                "%(name)s has no granted programme, so there are no programme days."
            ) % {"name": participant}
            continue
        place = (participant.pk, item.get("measure_id"), day)
        if place in seen:
            errors[f"{key}.date"] = _("The same day and measure come twice in the request.")
            continue
        seen.add(place)
        measure = calendar.measures.get(item.get("measure_id"))
        if measure is None:
            errors[f"{key}.measure_id"] = _("The measure is not in the participant's plan.")
            continue
        planned = calendar.days.get(day, {}).get(measure.pk) if day else None
        if not planned:
            errors[f"{key}.date"] = _("%(date)s is not a programme day for %(measure)s.") % {
                "date": _d(day) if day else "?",
                "measure": measure,
            }
            continue
        status = item.get("status")
        if status not in Status.values:
            errors[f"{key}.status"] = _("Choose present or absent.")
            continue
        absence_type = item.get("absence_type") or ""
        if status == Status.ABSENT and absence_type not in AbsenceType.values:
            errors[f"{key}.absence_type"] = _("Choose the kind of absence.")
            continue
        if status == Status.PRESENT:
            absence_type = ""
        hours = _parse_hours(item.get("hours"))
        if hours is None:
            hours = planned
        if hours < 0:
            errors[f"{key}.hours"] = _("Hours cannot be negative.")
            continue
        if hours > planned:
            errors[f"{key}.hours"] = _("%(measure)s has %(planned)s hours on %(date)s.") % {
                "measure": measure,
                "planned": planned,
                "date": _d(day),
            }
            continue
        documented = bool(item.get("documented"))
        if absence_type in NEEDS_DOCUMENTATION and not documented:
            errors[f"{key}.documented"] = _(
                "Absence with a doctor's note needs the note: tick that it is documented."
            )
            continue
        locked = (participant.pk, selectors.month_start(day)) in data.locked_months
        if locked and not (
            correction_reason.strip()
            and actor.has_perm("attendance.correct_locked_month", participant)
        ):
            errors[f"{key}.date"] = _(
                "%(month)s is approved and locked. The consultant changes it as a correction, "
                "with a reason."
            ) % {"month": date_format(day, "YEAR_MONTH_FORMAT")}
            continue
        cleaned.append(
            {
                "participant": participant,
                "measure": measure,
                "date": day,
                "status": status,
                "absence_type": absence_type,
                "hours": hours,
                "documented": documented,
                "note": (item.get("note") or "")[:300],
                "locked": locked,
            }
        )
    if errors:
        raise ValidationError(errors)

    result = BulkResult()
    to_create, to_update, changes = [], [], defaultdict(list)
    corrections = []
    for row in cleaned:
        participant, measure, day = row["participant"], row["measure"], row["date"]
        reg = existing.get((participant.pk, measure.pk, day))
        new_values = {f: row[f] for f in FIELDS}
        if reg is None:
            reg = Registration(
                municipality_id=participant.municipality_id,
                participant=participant,
                measure=measure,
                date=day,
                registered_by=actor,
                **new_values,
            )
            to_create.append(reg)
            data.registrations[participant.pk].append(reg)
            old = None
        else:
            old = {f: _plain(getattr(reg, f)) for f in FIELDS}
            if old == {f: _plain(v) for f, v in new_values.items()}:
                result.unchanged += 1
                continue
            for name, value in new_values.items():
                setattr(reg, name, value)
            reg.registered_by, reg.registered_at = actor, timezone.now()
            to_update.append(reg)
        new = {f: _plain(v) for f, v in new_values.items()}
        changes[participant.pk].append(
            {"date": day.isoformat(), "measure": measure.pk, "old": old, "new": new}
        )
        if row["locked"]:
            corrections.append(
                Correction(
                    municipality_id=participant.municipality_id,
                    participant=participant,
                    timesheet=data.locked_sheets[(participant.pk, selectors.month_start(day))],
                    date=day,
                    measure=measure,
                    old=old,
                    new=new,
                    reason=correction_reason.strip(),
                    created_by=actor,
                )
            )
    # The limits are worked out on the rows in memory, so new and changed rows are written
    # once with their flags; rows the request did not touch are updated only if a flag moved.
    touched = {id(reg) for reg in (*to_create, *to_update)}
    flag_changes: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for participant_id in changes:
        newly, moved = _apply_limits(data, participant_id, calendars[participant_id])
        result.over_limit += newly
        for reg in moved:
            if id(reg) not in touched:
                flag_changes[(reg.counts_as_invalid, reg.limit_reason)].append(reg.pk)
    # Changed rows are replaced: on SQLite and PostgreSQL alike one DELETE and one INSERT are
    # far cheaper than Django's row-by-row CASE update for hundreds of rows.
    Registration.objects.filter(pk__in=[reg.pk for reg in to_update]).delete()
    for reg in to_update:
        reg.pk = None
    Registration.objects.bulk_create([*to_create, *to_update])
    for (flagged, reason), pks in flag_changes.items():
        Registration.objects.filter(pk__in=pks).update(
            counts_as_invalid=flagged, limit_reason=reason
        )
    Correction.objects.bulk_create(corrections)
    result.created, result.updated = len(to_create), len(to_update)
    result.corrections = len(corrections)

    for participant_id in changes:
        participant = found[participant_id]
        audit.record_event(
            actor=actor,
            action="attendance.correct"
            if any(c.participant_id == participant_id for c in corrections)
            else "attendance.register",
            obj=participant,
            participant_id=participant_id,
            object_repr=str(participant),
            changes={"registrations": {"old": None, "new": changes[participant_id]}},
            reason=correction_reason.strip(),
        )
    return result


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))
    return value


def _apply_limits(
    data: selectors.CalendarData, participant_id: int, calendar: selectors.ParticipantCalendar
) -> tuple[list[Registration], list[Registration]]:
    """Set on the rows in memory which absences count as invalid by the limits. Returns the
    rows newly over a limit, and every row whose flag moved (to be written)."""
    registrations = data.registrations[participant_id]
    covered = _leave_decision_days(data, participant_id)
    absences = {
        (reg.date, reg.absence_type): rules.AbsenceDay(
            reg.date, reg.absence_type, covered_by_decision=reg.date in covered
        )
        for reg in registrations
        if reg.status == Status.ABSENT and reg.absence_type
    }
    latest = max((r.date for r in registrations), default=data.end)
    over = rules.apply_limits(
        absences.values(),
        programme_start=calendar.period.start if calendar.period else None,
        limits=data.limits(participant_id, latest),
        is_working_day=selectors.is_working_day,
    )
    newly, moved = [], []
    for reg in registrations:
        reason = over.get((reg.date, reg.absence_type), "") if reg.status == Status.ABSENT else ""
        if reg.counts_as_invalid != bool(reason) or reg.limit_reason != reason:
            if reason and not reg.counts_as_invalid:
                newly.append(reg)
            reg.counts_as_invalid, reg.limit_reason = bool(reason), reason
            moved.append(reg)
    return newly, moved


def _leave_decision_days(data: selectors.CalendarData, participant_id: int) -> set:
    days = set()
    for decision in data.decisions.get(participant_id, []):
        if decision.decision_type == DecisionType.LEAVE and decision.start_date:
            day = decision.start_date
            while day <= (decision.end_date or decision.start_date):
                days.add(day)
                day += datetime.timedelta(days=1)
    return days


# --- holidays ---------------------------------------------------------------------------


@transaction.atomic
def register_vacation(
    *, actor: User, participant: Participant, start: datetime.date | None, end: datetime.date | None
) -> Vacation:
    """The participant's holiday: 5 weeks a year (the programme is «helårig»)."""
    if not actor.has_perm("attendance.manage_vacation", participant):
        raise PermissionDenied
    errors = {}
    if start is None:
        errors["start_date"] = _("This field is required.")
    if end is None:
        errors["end_date"] = _("This field is required.")
    if start and end and end < start:
        errors["end_date"] = _("The end cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    if start.year != end.year:
        raise ValidationError({"end_date": _("Register a holiday within one calendar year.")})
    allowed = selectors.decision_selectors.Parameters().value("vacation_days_per_year", start)
    taken = sum(
        _working_days(v.start_date, v.end_date)
        for v in participant.vacations.filter(start_date__year=start.year)
    )
    asked = _working_days(start, end)
    if taken + asked > allowed:
        raise ValidationError(
            {
                "end_date": _(
                    "That is %(asked)s working days; %(taken)s of %(allowed)s are already "
                    "used this year."
                )
                % {"asked": asked, "taken": taken, "allowed": allowed}
            }
        )
    if participant.vacations.filter(start_date__lte=end, end_date__gte=start).exists():
        raise ValidationError({"start_date": _("Overlaps a holiday already registered.")})
    if Timesheet.objects.filter(
        participant=participant,
        status=TimesheetStatus.APPROVED,
        month__gte=selectors.month_start(start),
        month__lte=end,
    ).exists():
        raise ValidationError({"start_date": _("The period is in an approved month.")})
    if Registration.objects.filter(
        participant=participant, date__gte=start, date__lte=end
    ).exists():
        raise ValidationError(
            {
                "start_date": _(
                    "Attendance is already registered on some of these days. A holiday is planned "
                    "before the days are registered."
                )
            }
        )
    vacation = Vacation.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        start_date=start,
        end_date=end,
        registered_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="attendance.vacation",
        obj=vacation,
        participant_id=participant.pk,
        changes=audit.created({"start_date": start.isoformat(), "end_date": end.isoformat()}),
    )
    return vacation


def _working_days(start: datetime.date, end: datetime.date) -> int:
    return rules.working_days(start, end, selectors.is_working_day)


# --- the timesheet ----------------------------------------------------------------------

# open -> signed (teacher or consultant) -> approved (consultant). The participant's
# acknowledgement is recorded alongside, before approval.
TRANSITIONS = {
    (TimesheetStatus.OPEN, "sign"): (TimesheetStatus.SIGNED, "attendance.sign_timesheet"),
    (TimesheetStatus.SIGNED, "reopen"): (TimesheetStatus.OPEN, "attendance.approve_timesheet"),
    (TimesheetStatus.SIGNED, "approve"): (TimesheetStatus.APPROVED, "attendance.approve_timesheet"),
}


@transaction.atomic
def timesheet_step(
    *, actor: User, participant: Participant, month: datetime.date, step: str
) -> Timesheet:
    """Sign, reopen or approve a participant's month (the workflow table above)."""
    month = selectors.month_start(month)
    # The role first: a step one may never take is refused as such, whatever the state.
    perms = {perm for (_status, name), (_target, perm) in TRANSITIONS.items() if name == step}
    if not perms or not any(actor.has_perm(perm, participant) for perm in perms):
        raise PermissionDenied
    sheet, _created = Timesheet.objects.select_for_update().get_or_create(
        participant=participant,
        month=month,
        defaults={"municipality_id": participant.municipality_id},
    )
    transition = TRANSITIONS.get((sheet.status, step))
    if transition is None:
        raise ValidationError({"__all__": _("This step is not possible now.")})
    target, _perm = transition
    if step == "approve" and not sheet.acknowledged_on:
        raise ValidationError(
            {
                "__all__": _(
                    "The participant acknowledges the month before it is approved. Record the "
                    "acknowledgement first."
                )
            }
        )
    if month > selectors.month_start(_today()):
        raise ValidationError({"__all__": _("A month is signed off when it has begun.")})
    before = sheet.status
    now = timezone.now()
    if step == "sign":
        sheet.signed_by, sheet.signed_at = actor, now
    elif step == "approve":
        sheet.approved_by, sheet.approved_at = actor, now
    elif step == "reopen":
        # A reopened month is signed and acknowledged again when it is ready.
        sheet.signed_by, sheet.signed_at = None, None
        sheet.acknowledged_on, sheet.acknowledged_by = None, None
    sheet.status = target
    sheet.save()
    audit.record_event(
        actor=actor,
        action=f"timesheet.{step}",
        obj=sheet,
        participant_id=participant.pk,
        changes={"status": {"old": before, "new": sheet.status}},
    )
    return sheet


@transaction.atomic
def acknowledge_timesheet(
    *, actor: User, participant: Participant, month: datetime.date, on: datetime.date | None = None
) -> Timesheet:
    """The participant acknowledges the month: themselves on «Min side», or the consultant
    records that they did on paper."""
    if not (
        actor.has_perm("participants.view_own_record", participant)
        or actor.has_perm("attendance.approve_timesheet", participant)
    ):
        raise PermissionDenied
    month = selectors.month_start(month)
    sheet, _created = Timesheet.objects.select_for_update().get_or_create(
        participant=participant,
        month=month,
        defaults={"municipality_id": participant.municipality_id},
    )
    if sheet.status == TimesheetStatus.OPEN:
        raise ValidationError({"__all__": _("The teacher signs the month first.")})
    if sheet.acknowledged_on:
        return sheet
    if on is not None and on > _today():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    sheet.acknowledged_on, sheet.acknowledged_by = on or _today(), actor
    sheet.save(update_fields=["acknowledged_on", "acknowledged_by"])
    audit.record_event(
        actor=actor,
        action="timesheet.acknowledge",
        obj=sheet,
        participant_id=participant.pk,
        changes={"acknowledged_on": {"old": None, "new": sheet.acknowledged_on.isoformat()}},
    )
    return sheet
