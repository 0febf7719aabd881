"""/api/v1: practice placements (praksisplass) — employers and their workplaces in the
recruitment pipeline, mentors, placements, the mentor's week (attendance, evaluations,
messages), participant–mentor gatherings and concerns.

Mounted at /v1:

- /employers (GET, POST), /employers/{id} (GET, PATCH), /employers/{id}/workplaces (POST),
  /employers/{id}/mentors (POST: a mentor account), /workplaces/{id}/stage (POST: one step in
  the pipeline, as the table in placements/workflow.py allows);
- /placements?participant_id=&current= (GET), /participants/{id}/placements (POST),
  /placements/{id} (GET, PATCH), /placements/{id}/end (POST);
- the mentor's week: /placements/{id}/attendance (POST, all or nothing: one bad item refuses
  the request and the error names it, as ["body", "payload", "items", 0, "date"]),
  /placements/{id}/evaluations (POST), /placements/{id}/messages (GET, POST);
- /gatherings?year= (GET, POST), /gatherings/{id} (GET, PUT);
- /concerns?status= (GET), /placements/{id}/concerns (POST), /concerns/{id}/close (POST).

The views are thin, like the screens: objects are fetched through the policy (another
municipality's, or one the user may not see, is a 404), the placements services check the role
(403) and the rules (422 with the field). A mentor's token sees their current placements and
nothing else: everything outside them is a 404, never a 403 (api.py answers a mentor's
PermissionDenied with 404), and a placement that has ended is not found any more.

Dates are YYYY-MM-DD; hours are strings with one decimal ("15.0") in answers, and a number or
a string in requests.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core import audit
from introsak.core.models import AccessLog
from introsak.core.permissions import (
    get_visible_participant_or_404,
    get_visible_placement_or_404,
    is_mentor,
    visible_employers,
    visible_gatherings,
    visible_placements,
    visible_workplaces,
)
from introsak.core.web import log_api_read as _log_read
from introsak.core.web import require_api as _require
from introsak.placements import services
from introsak.placements.models import (
    Concern,
    ConcernStatus,
    Employer,
    Evaluation,
    Gathering,
    Industry,
    Mentor,
    MentorTraining,
    PipelineStage,
    Placement,
    Workplace,
)
from introsak.placements.selectors import sees_concerns
from introsak.placements.workflow import next_stages

from .attendance import AbsenceTypeIn, BulkOut, HoursIn, StatusIn

router = Router(tags=["placements"])

IndustryIn = Literal[tuple(Industry.values)]  # type: ignore[valid-type]
StageIn = Literal[tuple(PipelineStage.values)]  # type: ignore[valid-type]
RatingIn = Literal[tuple(Evaluation.Rating.values)]  # type: ignore[valid-type]
RaisedByIn = Literal[tuple(Concern.RaisedBy.values)]  # type: ignore[valid-type]
ConcernStatusIn = Literal[tuple(ConcernStatus.values)]  # type: ignore[valid-type]

WEEKDAYS_PATTERN = r"^[0-4]{1,5}$"
WEEKDAYS_HELP = "Weekdays as digits, 0 = Monday … 4 = Friday: «123» is Tuesday to Thursday"
MAX_DAYS = 400


# --- employers, workplaces and mentors: schemas -------------------------------------------


class WorkplaceOut(Schema):
    id: int
    employer_id: int
    name: str
    industry: str
    address: str
    stage: str = Field(
        ..., description="contacted, info_meeting, agreement, active, paused or ended"
    )
    stage_changed_on: datetime.date
    next_stages: list[str] = Field(..., description="The stages the workplace may move to")
    capacity: int = Field(..., description="How many participants the workplace takes at once")
    current_placements: int = Field(..., description="Placements that last today")
    tasks: str
    notes: str

    @staticmethod
    def resolve_next_stages(obj):
        return list(next_stages(obj.stage))

    @staticmethod
    def resolve_current_placements(obj):
        return getattr(obj, "current_count", 0)


class ContactOut(Schema):
    id: int
    name: str
    title: str
    phone: str
    email: str


class MentorOut(Schema):
    id: int
    employer_id: int
    user_id: int
    username: str
    name: str
    email: str
    phone: str
    basic_training_on: datetime.date | None = Field(
        ..., description="When the mentor completed the basic training; null if not yet"
    )

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_name(obj):
        return str(obj)

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_basic_training_on(obj):
        basic = [t.completed_on for t in obj.trainings.all() if t.kind == MentorTraining.Kind.BASIC]
        return min(basic) if basic else None


class EmployerOut(Schema):
    id: int
    org_number: str = Field(..., description="Organisasjonsnummer, 9 digits")
    name: str
    industry: str
    address: str
    postal_code: str
    city: str
    notes: str
    created_at: datetime.datetime
    workplaces: list[WorkplaceOut]
    mentors: list[MentorOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_workplaces(obj):
        return list(obj.workplaces.all())

    @staticmethod
    def resolve_mentors(obj):
        return list(obj.mentors.all())

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())


class EmployerIn(Schema):
    org_number: str = Field(
        ..., max_length=20, description="9 digits with a valid check digit; spaces allowed"
    )
    name: str = Field(..., max_length=150)
    industry: IndustryIn
    address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=4)
    city: str = Field("", max_length=80)
    notes: str = ""


class EmployerPatch(Schema):
    org_number: str | None = Field(None, max_length=20)
    name: str | None = Field(None, max_length=150)
    industry: IndustryIn | None = None
    address: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=4)
    city: str | None = Field(None, max_length=80)
    notes: str | None = None


class WorkplaceIn(Schema):
    name: str = Field(..., max_length=150)
    industry: IndustryIn
    address: str = Field("", max_length=200)
    capacity: int = Field(1, description="Places, 1 to 50")
    tasks: str = ""
    notes: str = ""


class StageMoveIn(Schema):
    to_stage: StageIn = Field(
        ...,
        description=(
            "contacted → info_meeting → agreement → active → paused or ended; ended from any "
            "stage, and contacted again after ended"
        ),
    )
    on: datetime.date | None = Field(None, description="When; today if left out")
    note: str = Field("", max_length=300)


class MentorIn(Schema):
    username: str = Field(..., max_length=150)
    first_name: str = Field(..., max_length=150)
    last_name: str = Field(..., max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    password: str = Field(..., description="The mentor's first password (the password rules apply)")


# --- placements: schemas ------------------------------------------------------------------


class PlacementOut(Schema):
    id: int
    participant_id: int
    participant: str = Field(..., description="The participant's name")
    workplace_id: int
    workplace: str
    employer_id: int
    mentor_id: int | None
    mentor: str | None = Field(..., description="The mentor's name")
    measure_id: int = Field(..., description="The plan's work-practice measure")
    start_date: datetime.date
    end_date: datetime.date
    weekdays: str = Field(..., description=WEEKDAYS_HELP)
    hours_per_week: str
    tasks: str
    language_goals: str
    state: str = Field(..., description="planned, active or ended (today)")
    ended_early_reason: str
    created_by_id: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_participant(obj):
        return obj.participant.full_name

    @staticmethod
    def resolve_workplace(obj):
        return str(obj.workplace)

    @staticmethod
    def resolve_employer_id(obj):
        return obj.workplace.employer_id

    @staticmethod
    def resolve_mentor(obj):
        return str(obj.mentor) if obj.mentor_id else None

    @staticmethod
    def resolve_hours_per_week(obj):
        return str(obj.hours_per_week)

    @staticmethod
    def resolve_state(obj):
        return obj.state(timezone.localdate())


class StartupMeetingOut(Schema):
    date: datetime.date
    participant_attended: bool
    mentor_attended: bool
    employer_contact_id: int | None
    teacher_id: int | None
    interpreter_language: str
    interpreter_name: str
    notes: str


class EvaluationOut(Schema):
    id: int
    placement_id: int
    week_start: datetime.date = Field(..., description="The Monday of the week")
    rating: str = Field(..., description="good, mixed or poor")
    text: str
    language_use: str
    written_by_id: int
    written_at: datetime.datetime


class PlacementDetailOut(PlacementOut):
    startup_meeting: StartupMeetingOut | None
    evaluations: list[EvaluationOut] = Field(..., description="Newest week first")

    # A mentor reads the placement, not the refugee service's notes from the start-up meeting
    # nor evaluations written by someone else (`narrowed_for` set by _placement_detail).

    @staticmethod
    def resolve_startup_meeting(obj):
        if getattr(obj, "narrowed_for", None):
            return None
        return getattr(obj, "startup_meeting", None)

    @staticmethod
    def resolve_evaluations(obj):
        mentor_user = getattr(obj, "narrowed_for", None)
        return [
            e for e in obj.evaluations.all() if not mentor_user or e.written_by_id == mentor_user
        ]


class PlacementFilters(Schema):
    participant_id: int | None = None
    current: bool | None = Field(
        None, description="true: the placements that last today; false: the others"
    )


class PlacementIn(Schema):
    workplace_id: int = Field(..., description="A workplace at «agreement» or «active»")
    mentor_id: int | None = Field(None, description="A mentor of the workplace's employer")
    measure_id: int = Field(..., description="The work-practice measure of the participant's plan")
    start_date: datetime.date
    end_date: datetime.date
    weekdays: str = Field(..., pattern=WEEKDAYS_PATTERN, description=WEEKDAYS_HELP)
    hours_per_week: Decimal = Field(
        ..., max_digits=3, decimal_places=1, description="More than 0, at most the measure's"
    )
    tasks: str = ""
    language_goals: str = ""


class PlacementPatch(Schema):
    workplace_id: int | None = None
    mentor_id: int | None = Field(None, description="null removes the mentor")
    measure_id: int | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    weekdays: str | None = Field(None, pattern=WEEKDAYS_PATTERN, description=WEEKDAYS_HELP)
    hours_per_week: Decimal | None = Field(None, max_digits=3, decimal_places=1)
    tasks: str | None = None
    language_goals: str | None = None


class EndIn(Schema):
    last_day: datetime.date = Field(..., description="Before the agreed end, not before the start")
    reason: str = Field(..., max_length=300)


# --- the mentor's week: schemas -----------------------------------------------------------


class PlacementDayIn(Schema):
    date: datetime.date = Field(
        ..., description="A day of the placement, on its weekdays, that has come"
    )
    status: StatusIn
    absence_type: AbsenceTypeIn | None = Field(None, description="Needed when absent")
    hours: HoursIn = None
    documented: bool = Field(
        False, description="The absence is documented (needed for own_illness_doctor)"
    )
    note: str = Field("", max_length=300)


class PlacementDaysIn(Schema):
    items: list[PlacementDayIn] = Field(..., max_length=MAX_DAYS)


class EvaluationIn(Schema):
    week_start: datetime.date = Field(..., description="A day of the week (read as its Monday)")
    rating: RatingIn
    text: str = Field(..., max_length=2000)
    language_use: str = Field("", max_length=1000)


class MessageIn(Schema):
    text: str = Field(..., max_length=2000)


class MessageOut(Schema):
    id: int
    placement_id: int
    sender_id: int
    sender: str
    sender_role: str
    text: str
    sent_at: datetime.datetime

    @staticmethod
    def resolve_sender(obj):
        return obj.sender.get_full_name() or obj.sender.username

    @staticmethod
    def resolve_sender_role(obj):
        return obj.sender.role


# --- gatherings: schemas ------------------------------------------------------------------


class GatheringIn(Schema):
    date: datetime.date
    theme: str = Field(..., max_length=200)
    planned_topics: str = ""
    language_part: str = Field("", description="The language-training part")
    notes: str = ""
    participant_ids: list[int] = Field([], description="Participants who attended")
    mentor_ids: list[int] = Field([], description="Mentors who attended")


class GatheringOut(Schema):
    id: int
    date: datetime.date
    theme: str
    planned_topics: str
    language_part: str
    notes: str
    participant_ids: list[int]
    mentor_ids: list[int]
    created_by_id: int

    @staticmethod
    def resolve_participant_ids(obj):
        return sorted(p.pk for p in obj.participants.all())

    @staticmethod
    def resolve_mentor_ids(obj):
        return sorted(m.pk for m in obj.mentors.all())


class GatheringFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


# --- concerns: schemas --------------------------------------------------------------------


class ConcernIn(Schema):
    description: str = Field(..., max_length=3000)
    raised_by: RaisedByIn | None = Field(
        None,
        description=(
            "participant, mentor or workplace; needed from the refugee service (a mentor's "
            "concern is the mentor's)"
        ),
    )
    owner_id: int | None = Field(
        None,
        description=(
            "A consultant, NAV advisor or leader who owns it; needed from the refugee service "
            "(a mentor's concern goes to the participant's consultant)"
        ),
    )
    meeting_by: datetime.date | None = Field(
        None, description="The meeting is held by; needed from the refugee service (mentor: 7 days)"
    )


class ConcernOut(Schema):
    id: int
    placement_id: int
    participant_id: int
    participant: str
    workplace: str
    raised_by: str
    raised_on: datetime.date
    description: str
    owner_id: int
    owner: str
    meeting_by: datetime.date
    meeting_held_on: datetime.date | None
    status: str = Field(..., description="open or closed")
    overdue: bool = Field(..., description="Open, and the meeting deadline has passed")
    outcome: str
    closed_on: datetime.date | None
    registered_by_id: int

    @staticmethod
    def resolve_participant_id(obj):
        return obj.placement.participant_id

    @staticmethod
    def resolve_participant(obj):
        return obj.placement.participant.full_name

    @staticmethod
    def resolve_workplace(obj):
        return str(obj.placement.workplace)

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.get_full_name() or obj.owner.username

    @staticmethod
    def resolve_overdue(obj):
        return (
            obj.status == ConcernStatus.OPEN
            and obj.meeting_held_on is None
            and obj.meeting_by < timezone.localdate()
        )


class ConcernFilters(Schema):
    status: ConcernStatusIn | None = None


class CloseConcernIn(Schema):
    outcome: str = Field(..., description="What was done")
    meeting_held_on: datetime.date | None = None


# --- helpers ------------------------------------------------------------------------------


def _workplaces(user):
    today = timezone.localdate()
    return (
        visible_workplaces(user)
        .select_related("employer")
        .annotate(
            current_count=Count(
                "placements",
                filter=Q(placements__start_date__lte=today, placements__end_date__gte=today),
            )
        )
        .order_by("name", "id")
    )


def _employers(user):
    return visible_employers(user).prefetch_related(
        Prefetch("workplaces", queryset=_workplaces(user)),
        Prefetch(
            "mentors", queryset=Mentor.objects.select_related("user").prefetch_related("trainings")
        ),
        "contacts",
    )


def _employer_or_404(request, employer_id: int) -> Employer:
    employer = _employers(request.auth).filter(pk=employer_id).first()
    if employer is None:
        raise Http404
    return employer


def _workplace_or_404(request, workplace_id: int) -> Workplace:
    workplace = _workplaces(request.auth).filter(pk=workplace_id).first()
    if workplace is None:
        raise Http404
    return workplace


def _placements(user):
    return visible_placements(user).select_related(
        "participant", "workplace__employer", "mentor__user", "measure"
    )


def _placement_detail(request, placement_id: int) -> Placement:
    placement = (
        _placements(request.auth)
        .select_related("startup_meeting")
        .prefetch_related("evaluations")
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        raise Http404
    if is_mentor(request.auth):
        placement.narrowed_for = request.auth.pk
    return placement


def _gatherings(user):
    return visible_gatherings(user).prefetch_related("participants", "mentors")


def _gathering_or_404(request, gathering_id: int) -> Gathering:
    gathering = _gatherings(request.auth).filter(pk=gathering_id).first()
    if gathering is None:
        raise Http404
    return gathering


def _concerns(user):
    # A concern may be about the mentor: mentors and teachers do not list them.
    if not sees_concerns(user):
        return Concern.objects.none()
    return Concern.objects.filter(
        municipality_id=user.municipality_id, placement__in=visible_placements(user)
    ).select_related("placement__participant", "placement__workplace__employer", "owner")


def _concern_output(concern_id: int) -> Concern:
    return Concern.objects.select_related(
        "placement__participant", "placement__workplace__employer", "owner"
    ).get(pk=concern_id)


# --- employers ----------------------------------------------------------------------------


@router.get(
    "/employers",
    response=list[EmployerOut],
    summary="The municipality's employers with their workplaces, stages and mentors",
)
def list_employers(request):
    _require(request, "placements.view_employers")
    return list(_employers(request.auth))


@router.post("/employers", response={201: EmployerOut}, summary="Register an employer")
def create_employer(request, payload: EmployerIn):
    employer = services.register_employer(actor=request.auth, data=payload.dict())
    return HttpStatus(201, _employer_or_404(request, employer.pk))


@router.get("/employers/{int:employer_id}", response=EmployerOut, summary="One employer")
def get_employer(request, employer_id: int):
    employer = _employer_or_404(request, employer_id)
    _require(request, "placements.view_employers")
    return employer


@router.patch("/employers/{int:employer_id}", response=EmployerOut, summary="Change an employer")
def patch_employer(request, employer_id: int, payload: EmployerPatch):
    employer = _employer_or_404(request, employer_id)
    data = {name: getattr(employer, name) for name in services.EMPLOYER_FIELDS}
    data.update({k: "" if v is None else v for k, v in payload.dict(exclude_unset=True).items()})
    services.update_employer(actor=request.auth, employer=employer, data=data)
    return _employer_or_404(request, employer_id)


@router.post(
    "/employers/{int:employer_id}/workplaces",
    response={201: WorkplaceOut},
    summary="Add a workplace of the employer (its recruitment starts at «contacted»)",
)
def add_workplace(request, employer_id: int, payload: WorkplaceIn):
    employer = _employer_or_404(request, employer_id)
    workplace = services.add_workplace(actor=request.auth, employer=employer, data=payload.dict())
    return HttpStatus(201, _workplace_or_404(request, workplace.pk))


@router.post(
    "/workplaces/{int:workplace_id}/stage",
    response=WorkplaceOut,
    summary="Move a workplace one step in the recruitment pipeline",
)
def move_workplace(request, workplace_id: int, payload: StageMoveIn):
    workplace = _workplace_or_404(request, workplace_id)
    services.move_workplace(
        actor=request.auth,
        workplace=workplace,
        to_stage=payload.to_stage,
        on=payload.on,
        note=payload.note,
    )
    return _workplace_or_404(request, workplace_id)


@router.post(
    "/employers/{int:employer_id}/mentors",
    response={201: MentorOut},
    summary="Give one of the employer's people a mentor account",
)
def register_mentor(request, employer_id: int, payload: MentorIn):
    employer = _employer_or_404(request, employer_id)
    data = payload.dict()
    password = data.pop("password")
    mentor = services.register_mentor(
        actor=request.auth, employer=employer, data=data, password=password
    )
    return HttpStatus(201, mentor)


# --- placements ---------------------------------------------------------------------------


@router.get(
    "/placements",
    response=list[PlacementOut],
    summary="Placements the user may see, newest first (a mentor: their current ones)",
)
def list_placements(request, filters: Query[PlacementFilters]):
    user = request.auth
    if not (user.has_perm("placements.view_placements") or is_mentor(user)):
        raise PermissionDenied
    placements = _placements(user)
    if filters.participant_id is not None:
        placements = placements.filter(participant_id=filters.participant_id)
    if filters.current is not None:
        today = timezone.localdate()
        current = Q(start_date__lte=today, end_date__gte=today)
        placements = placements.filter(current if filters.current else ~current)
    placements = list(placements)
    if filters.participant_id is not None and placements:
        _log_read(request, placements[0].participant, "api.placements.list")
    return placements


@router.post(
    "/participants/{int:participant_id}/placements",
    response={201: PlacementDetailOut},
    summary="Agree a placement for the participant, tied to the plan's work-practice measure",
)
def create_placement(request, participant_id: int, payload: PlacementIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    data = payload.dict()
    data["workplace"] = data.pop("workplace_id")
    data["mentor"] = data.pop("mentor_id")
    data["measure"] = data.pop("measure_id")
    placement = services.make_placement(actor=request.auth, participant=participant, data=data)
    return HttpStatus(201, _placement_detail(request, placement.pk))


@router.get(
    "/placements/{int:placement_id}",
    response=PlacementDetailOut,
    summary="One placement with its start-up meeting and the mentor's evaluations",
)
def get_placement(request, placement_id: int):
    placement = _placement_detail(request, placement_id)
    _require(request, "placements.view_placement", placement)
    _log_read(request, placement.participant, "api.placement.get")
    return placement


@router.patch(
    "/placements/{int:placement_id}",
    response=PlacementDetailOut,
    summary="Change a placement (checked again against the plan and other placements)",
)
def patch_placement(request, placement_id: int, payload: PlacementPatch):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    # The service checks the whole placement again, with what is sent on top of what it was.
    data = {}
    for key, value in payload.dict(exclude_unset=True).items():
        name = key.removesuffix("_id")
        data[name] = "" if value is None and name in ("tasks", "language_goals") else value
    services.update_placement(actor=request.auth, placement=placement, data=data)
    return _placement_detail(request, placement_id)


@router.post(
    "/placements/{int:placement_id}/end",
    response=PlacementDetailOut,
    summary="End a placement early (the mentor's access ends with the last day)",
)
def end_placement(request, placement_id: int, payload: EndIn):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    services.end_placement(
        actor=request.auth, placement=placement, last_day=payload.last_day, reason=payload.reason
    )
    return _placement_detail(request, placement_id)


# --- the mentor's week --------------------------------------------------------------------


@router.post(
    "/placements/{int:placement_id}/attendance",
    response=BulkOut,
    summary="The mentor registers attendance for days of the placement (all or nothing)",
)
def register_placement_days(request, placement_id: int, payload: PlacementDaysIn):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    result = services.register_placement_days(
        actor=request.auth, placement=placement, items=payload.dict()["items"]
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "corrections": result.corrections,
        "over_limit": result.over_limit,
    }


@router.post(
    "/placements/{int:placement_id}/evaluations",
    response={201: EvaluationOut},
    summary="The mentor's evaluation of a week (written again, it replaces the week's)",
)
def write_evaluation(request, placement_id: int, payload: EvaluationIn):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    data = payload.dict()
    evaluation = services.write_evaluation(
        actor=request.auth, placement=placement, week_start=data.pop("week_start"), data=data
    )
    return HttpStatus(201, evaluation)


@router.get(
    "/placements/{int:placement_id}/messages",
    response=list[MessageOut],
    summary="Messages between the mentor and the participant's teachers, oldest first",
)
def list_messages(request, placement_id: int):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    _require(request, "placements.view_placement", placement)
    messages = list(placement.messages.select_related("sender"))
    _log_read(request, placement.participant, "api.placement.messages")
    return messages


@router.post(
    "/placements/{int:placement_id}/messages",
    response={201: MessageOut},
    summary="Send a message (the mentor asks, the participant's teacher answers)",
)
def send_message(request, placement_id: int, payload: MessageIn):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    message = services.send_message(actor=request.auth, placement=placement, text=payload.text)
    return HttpStatus(201, message)


# --- gatherings ---------------------------------------------------------------------------


@router.get(
    "/gatherings",
    response=list[GatheringOut],
    summary="Participant–mentor gatherings, newest first",
)
def list_gatherings(request, filters: Query[GatheringFilters]):
    _require(request, "placements.view_gatherings")
    gatherings = _gatherings(request.auth)
    if filters.year is not None:
        gatherings = gatherings.filter(date__year=filters.year)
    return list(gatherings)


@router.post(
    "/gatherings",
    response={201: GatheringOut},
    summary="Record a gathering with who attended",
)
def create_gathering(request, payload: GatheringIn):
    data = payload.dict()
    participant_ids, mentor_ids = data.pop("participant_ids"), data.pop("mentor_ids")
    gathering = services.record_gathering(
        actor=request.auth, data=data, participant_ids=participant_ids, mentor_ids=mentor_ids
    )
    return HttpStatus(201, _gathering_or_404(request, gathering.pk))


@router.get("/gatherings/{int:gathering_id}", response=GatheringOut, summary="One gathering")
def get_gathering(request, gathering_id: int):
    gathering = _gathering_or_404(request, gathering_id)
    _require(request, "placements.view_gatherings")
    return gathering


@router.put(
    "/gatherings/{int:gathering_id}",
    response=GatheringOut,
    summary="Save the whole gathering (who attended is replaced by the lists sent)",
)
def update_gathering(request, gathering_id: int, payload: GatheringIn):
    gathering = _gathering_or_404(request, gathering_id)
    data = payload.dict()
    participant_ids, mentor_ids = data.pop("participant_ids"), data.pop("mentor_ids")
    services.update_gathering(
        actor=request.auth,
        gathering=gathering,
        data=data,
        participant_ids=participant_ids,
        mentor_ids=mentor_ids,
    )
    return _gathering_or_404(request, gathering_id)


# --- concerns -----------------------------------------------------------------------------


@router.get(
    "/concerns",
    response=list[ConcernOut],
    summary="Concerns on the placements the user follows, open first, by meeting deadline",
)
def list_concerns(request, filters: Query[ConcernFilters]):
    if not sees_concerns(request.auth):
        raise PermissionDenied
    concerns = _concerns(request.auth)
    if filters.status is not None:
        concerns = concerns.filter(status=filters.status)
    concerns = list(concerns)
    # What a concern is about is the participant's business: each one read is kept.
    audit.record_accesses(
        user=request.auth,
        participant_ids=[concern.placement.participant_id for concern in concerns],
        what="api.placement.concerns",
        channel=AccessLog.Channel.API,
        path=request.get_full_path(),
    )
    return concerns


@router.post(
    "/placements/{int:placement_id}/concerns",
    response={201: ConcernOut},
    summary="Raise a concern on a placement (it gets an owner and a meeting deadline)",
)
def raise_concern(request, placement_id: int, payload: ConcernIn):
    placement = get_visible_placement_or_404(request.auth, placement_id)
    data = payload.dict()
    data["owner"] = data.pop("owner_id")
    concern = services.raise_concern(actor=request.auth, placement=placement, data=data)
    return HttpStatus(201, _concern_output(concern.pk))


@router.post(
    "/concerns/{int:concern_id}/close",
    response=ConcernOut,
    summary="Close a concern with what was done",
)
def close_concern(request, concern_id: int, payload: CloseConcernIn):
    concern = _concerns(request.auth).filter(pk=concern_id).first()
    if concern is None:
        raise Http404
    services.close_concern(
        actor=request.auth,
        concern=concern,
        outcome=payload.outcome,
        meeting_held_on=payload.meeting_held_on,
    )
    return _concern_output(concern_id)
