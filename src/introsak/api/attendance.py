"""/api/v1: attendance — registrations in bulk, a participant's registrations, the month's
timesheet with its sign-off, and the participant's holiday.

Mounted at /v1:

- POST /attendance/registrations: many participants, measures and days in one request, all
  or nothing (one bad item refuses the request; the error names the item, as
  ["body", "payload", "items", 3, "date"]). A locked (approved) month changes only as a
  correction: by the consultant, with `correction_reason`.
- /participants/{id}/attendance?from=&to= (GET): the registrations in a range;
- /participants/{id}/timesheets/{YYYY-MM} (GET) and .../actions (POST: sign, reopen,
  approve, acknowledge);
- /participants/{id}/vacations (POST).

The views are thin: they fetch the participant through the policy (one the user may not see
is a 404) and call the attendance services and selectors, which check the role (403), the
programme calendar, the limits and the lock (422 with the field). In the bulk registration a
participant the user may not see is a 422 on the item's participant_id, like any unknown id.

Hours are numbers with one decimal (2.5). In a request they may be a number or a string.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import BeforeValidator, field_validator

from introsak.attendance import selectors, services
from introsak.attendance.models import AbsenceType, Registration, TimesheetStatus
from introsak.core.permissions import get_visible_participant_or_404
from introsak.core.web import log_api_read as _log_read

router = Router(tags=["attendance"])

Hours = float
StatusIn = Literal[tuple(Registration.Status.values)]  # type: ignore[valid-type]
AbsenceTypeIn = Literal[("", *AbsenceType.values)]  # type: ignore[valid-type]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
MAX_RANGE_DAYS = 366
MAX_ITEMS = 5000


def _blank_is_none(value):
    return None if isinstance(value, str) and not value.strip() else value


HoursIn = Annotated[
    Annotated[Decimal, Field(ge=0, max_digits=4, decimal_places=1)] | None,
    BeforeValidator(_blank_is_none),
    Field(
        description=(
            "Hours present, or hours absent; a number or a string, one decimal. Left out: "
            "all the measure's hours that day"
        ),
    ),
]


# --- schemas ----------------------------------------------------------------------------


class RegistrationIn(Schema):
    participant_id: int
    measure_id: int = Field(..., description="A measure in the participant's plan")
    date: datetime.date = Field(..., description="A programme day for the measure")
    status: StatusIn
    absence_type: AbsenceTypeIn | None = Field(None, description="Needed when absent")
    hours: HoursIn = None
    documented: bool = Field(
        False, description="The absence is documented (needed for own_illness_doctor)"
    )
    note: str = Field("", max_length=300)


class BulkIn(Schema):
    items: list[RegistrationIn] = Field(..., max_length=MAX_ITEMS)
    correction_reason: str = Field(
        "",
        max_length=300,
        description="Why a locked month is changed (the consultant only); kept with the correction",
    )


class OverLimitOut(Schema):
    participant_id: int
    date: datetime.date
    measure_id: int
    limit_reason: str = Field(
        ...,
        description=(
            "The rule the absence went past: self_cert_before_weeks, self_cert_days_per_spell, "
            "self_cert_spells_per_year, approved_leave_without_decision or <type>_limit"
        ),
    )


class BulkOut(Schema):
    created: int
    updated: int
    unchanged: int
    corrections: int = Field(..., description="Changes to locked months, kept for payroll")
    over_limit: list[OverLimitOut] = Field(
        ..., description="Absences that now count as invalid because they went past a limit"
    )


class RegistrationOut(Schema):
    id: int
    measure_id: int
    date: datetime.date
    status: str
    absence_type: str
    hours: Hours
    documented: bool
    note: str
    counts_as_invalid: bool = Field(
        ..., description="A valid absence type that went past its limit, so counts as invalid"
    )
    limit_reason: str
    registered_by_id: int
    registered_at: datetime.datetime


class RangeQuery(Schema):
    start: datetime.date = Field(..., alias="from", description="First day, YYYY-MM-DD")
    to: datetime.date = Field(
        ..., description=f"Last day, YYYY-MM-DD; at most {MAX_RANGE_DAYS} days in all"
    )

    @field_validator("to")
    @classmethod
    def _within_range(cls, value, info):
        start = info.data.get("start")
        if start is not None:
            if value < start:
                raise ValueError(_("The end cannot be before the start."))
            if (value - start).days + 1 > MAX_RANGE_DAYS:
                raise ValueError(
                    _("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}
                )
        return value


class TotalsOut(Schema):
    planned: Hours
    present: Hours
    invalid: Hours = Field(..., description="Invalid absence, and absence past a limit")
    unregistered: Hours = Field(..., description="Planned hours with nothing registered")
    absent_by_type: dict[str, Hours]


class DayOut(Schema):
    date: datetime.date
    planned: dict[int, Hours] = Field(..., description="Planned hours by measure id")
    registrations: list[RegistrationOut]


class CorrectionOut(Schema):
    id: int
    date: datetime.date
    measure_id: int
    old: dict[str, Any] | None = Field(..., description="The registration before; null if none")
    new: dict[str, Any]
    reason: str
    created_by_id: int
    created_at: datetime.datetime
    settled_in_run_id: int | None = Field(
        ..., description="The payroll run that took the change into account"
    )


class TimesheetOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    status: str = Field(..., description="open, signed or approved (locked)")
    signed_by_id: int | None
    signed_at: datetime.datetime | None
    acknowledged_on: datetime.date | None
    approved_by_id: int | None
    approved_at: datetime.datetime | None
    totals: TotalsOut
    days: list[DayOut] = Field(..., description="The month's programme days")
    corrections: list[CorrectionOut] = Field(
        ..., description="Changes after approval, newest first"
    )


class StepIn(Schema):
    step: Literal["sign", "reopen", "approve", "acknowledge"] = Field(
        ...,
        description=(
            "sign (teacher or consultant), reopen a signed month or approve and lock it "
            "(consultant), acknowledge: the participant acknowledged the month (recorded by "
            "the consultant)"
        ),
    )


class VacationIn(Schema):
    start_date: datetime.date
    end_date: datetime.date


class VacationOut(Schema):
    id: int
    start_date: datetime.date
    end_date: datetime.date
    registered_by_id: int


# --- helpers ----------------------------------------------------------------------------


def _participant_with(request, participant_id: int, perm: str):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm(perm, participant):
        raise PermissionDenied
    return participant


def _month(value: str) -> datetime.date:
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


def _refuse_repeats(items: list[dict]) -> None:
    """One registration per participant, measure and day: the same one twice in a request is
    a 422 on the later item's date."""
    first: dict[tuple, int] = {}
    errors = {}
    for index, item in enumerate(items):
        key = (item["participant_id"], item["measure_id"], item["date"])
        if key in first:
            errors[f"items.{index}.date"] = _(
                "Item %(first)s registers the same participant, measure and day."
            ) % {"first": first[key]}
        else:
            first[key] = index
    if errors:
        raise ValidationError(errors)


def _timesheet_output(participant, month: datetime.date) -> dict:
    data = selectors.timesheet(participant, month)
    sheet, totals = data["sheet"], data["totals"]
    return {
        "month": f"{data['month']:%Y-%m}",
        "status": sheet.status if sheet else TimesheetStatus.OPEN,
        "signed_by_id": sheet.signed_by_id if sheet else None,
        "signed_at": sheet.signed_at if sheet else None,
        "acknowledged_on": sheet.acknowledged_on if sheet else None,
        "approved_by_id": sheet.approved_by_id if sheet else None,
        "approved_at": sheet.approved_at if sheet else None,
        "totals": {
            "planned": totals.planned,
            "present": totals.present,
            "invalid": totals.invalid,
            "unregistered": totals.unregistered,
            "absent_by_type": totals.absent_by_type,
        },
        "days": data["days"],
        "corrections": data["corrections"],
    }


# --- registrations ----------------------------------------------------------------------


@router.post(
    "/attendance/registrations",
    response=BulkOut,
    summary="Register attendance for many participants, measures and days (all or nothing)",
)
def register_attendance(request, payload: BulkIn):
    data = payload.dict()
    items = data["items"]
    _refuse_repeats(items)
    result = services.register_bulk(
        actor=request.auth, items=items, correction_reason=data["correction_reason"]
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "corrections": result.corrections,
        "over_limit": result.over_limit,
    }


@router.get(
    "/participants/{int:participant_id}/attendance",
    response=list[RegistrationOut],
    summary="The participant's registrations from one day to another (at most 366 days)",
)
def list_attendance(request, participant_id: int, period: Query[RangeQuery]):
    participant = _participant_with(request, participant_id, "attendance.view")
    registrations = list(
        participant.registrations.filter(date__gte=period.start, date__lte=period.to).order_by(
            "date", "measure_id"
        )
    )
    _log_read(request, participant, "api.attendance.list")
    return registrations


# --- the timesheet ----------------------------------------------------------------------


@router.get(
    "/participants/{int:participant_id}/timesheets/{month}",
    response=TimesheetOut,
    summary="The month's timesheet: status, totals, the days with their registrations",
)
def get_timesheet(
    request,
    participant_id: int,
    month: str = Path(..., pattern=MONTH_PATTERN, description="YYYY-MM"),
):
    participant = _participant_with(request, participant_id, "attendance.view")
    output = _timesheet_output(participant, _month(month))
    _log_read(request, participant, "api.attendance.timesheet")
    return output


@router.post(
    "/participants/{int:participant_id}/timesheets/{month}/actions",
    response=TimesheetOut,
    summary="Sign, reopen, approve (and lock) or acknowledge the month",
)
def take_timesheet_step(
    request,
    participant_id: int,
    payload: StepIn,
    month: str = Path(..., pattern=MONTH_PATTERN, description="YYYY-MM"),
):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    first = _month(month)
    if payload.step == "acknowledge":
        services.acknowledge_timesheet(actor=request.auth, participant=participant, month=first)
    else:
        services.timesheet_step(
            actor=request.auth, participant=participant, month=first, step=payload.step
        )
    return _timesheet_output(participant, first)


# --- holidays ---------------------------------------------------------------------------


@router.post(
    "/participants/{int:participant_id}/vacations",
    response={201: VacationOut},
    summary="Register the participant's holiday (at most 5 weeks a year)",
)
def register_vacation(request, participant_id: int, payload: VacationIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    vacation = services.register_vacation(
        actor=request.auth,
        participant=participant,
        start=payload.start_date,
        end=payload.end_date,
    )
    return HttpStatus(201, vacation)
