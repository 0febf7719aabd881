"""/api/v1: decisions (vedtak), their letters, appeals, and the programme period.

Mounted at /v1 because the endpoints hang off three roots:

- /participants/{id}/decisions and /participants/{id}/programme-period;
- /decisions/{id} with its /actions, /letter and /appeals;
- /appeals/{id}/actions.

The views are thin: they fetch through the policy (another municipality's decision, or one
the user may not read, is a 404), resolve the *_id fields of the input, and call the
decisions services and selectors, which check the role, the workflow table and the law.
Appeal steps (appeal, forward, reverse, withdraw, uphold, overturn) go through the appeal
endpoints, which keep the Appeal row in step with the decision; /decisions/{id}/actions
takes the other steps.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.permissions import get_visible_participant_or_404, visible_decisions
from introsak.core.web import log_api_read as _log_read
from introsak.decisions import letters, selectors, services, workflow
from introsak.decisions.models import (
    Appeal,
    Decision,
    DecisionLetter,
    DecisionStatus,
    DecisionType,
    EligibilityOutcome,
    EndKind,
    FinalGoal,
    MainActivity,
    SuspensionKind,
    Track,
)
from introsak.decisions.workflow import Action

router = Router(tags=["decisions"])


def _choice_or_blank(choices):
    """One Literal of the choices and "", so a bad value is a 422 on the field alone (a union
    would answer on the field and each member of the union)."""
    return Literal[("", *choices.values)]  # type: ignore[valid-type]


EligibilityOutcomeIn = _choice_or_blank(EligibilityOutcome)
TrackIn = _choice_or_blank(Track)
FinalGoalIn = _choice_or_blank(FinalGoal)
SuspensionKindIn = _choice_or_blank(SuspensionKind)
EndKindIn = _choice_or_blank(EndKind)
MainActivityIn = _choice_or_blank(MainActivity)

# The steps /decisions/{id}/actions takes; the appeal steps go through /appeals.
DECISION_ACTIONS = (Action.SUBMIT, Action.RETURN, Action.APPROVE, Action.SEND, Action.DISCARD)
APPEAL_ACTIONS = (Action.FORWARD, Action.REVERSE, Action.WITHDRAW, Action.UPHOLD, Action.OVERTURN)
DecisionAction = Literal[tuple(a.value for a in DECISION_ACTIONS)]  # type: ignore[valid-type]
AppealAction = Literal[tuple(a.value for a in APPEAL_ACTIONS)]  # type: ignore[valid-type]

# Text fields of a decision that cannot be null in the database: a JSON null means "empty".
TEXT_FIELDS = (
    "eligibility_outcome",
    "track",
    "final_goal",
    "final_goal_detail",
    "measures_outline",
    "suspension_kind",
    "end_kind",
    "main_activity_after",
    "facts",
    "reasons",
)


# --- schemas --------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    participant_id: int
    decision_type: str
    status: str
    legal_basis: str
    legal_reference: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    eligibility_outcome: str
    track: str
    final_goal: str
    final_goal_detail: str
    measures_outline: str
    leave_type_id: int | None
    leave_type_name: str | None
    suspension_kind: str
    end_kind: str
    main_activity_after: str
    amount: str | None = Field(None, description='NOK as a decimal string, e.g. "1250.00"')
    facts: str
    reasons: str
    replaces_id: int | None
    drafted_by_id: int
    approved_by_id: int | None
    decided_at: datetime.datetime | None
    sent_on: datetime.date | None
    return_comment: str
    has_letter: bool = Field(..., description="A letter has been sent and is kept (frozen)")
    allowed_actions: list[str] = Field(
        ...,
        description=(
            "The steps the requesting user may take now. appeal is taken with POST "
            "/decisions/{id}/appeals; forward, reverse, withdraw, uphold and overturn with "
            "POST /appeals/{id}/actions; the others with POST /decisions/{id}/actions."
        ),
    )

    @staticmethod
    def resolve_leave_type_name(obj):
        return obj.leave_type.name if obj.leave_type_id else None

    @staticmethod
    def resolve_amount(obj):
        return None if obj.amount is None else str(obj.amount)

    @staticmethod
    def resolve_has_letter(obj):
        stored = getattr(obj, "letter_stored", None)
        return obj.letters.exists() if stored is None else stored

    @staticmethod
    def resolve_allowed_actions(obj, context):
        return allowed_actions(context["request"].auth, obj)


class _DecisionFields(Schema):
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    eligibility_outcome: EligibilityOutcomeIn = ""
    track: TrackIn = ""
    final_goal: FinalGoalIn = ""
    final_goal_detail: str = Field("", max_length=200)
    measures_outline: str = ""
    leave_type_id: int | None = None
    suspension_kind: SuspensionKindIn = ""
    end_kind: EndKindIn = ""
    main_activity_after: MainActivityIn = ""
    amount: Decimal | None = Field(None, max_digits=10, decimal_places=2, description="NOK")
    facts: str = ""
    reasons: str = ""


class DecisionIn(_DecisionFields):
    decision_type: DecisionType
    replaces_id: int | None = Field(
        None, description="A decision in force that this one changes (takes its type)"
    )


class DecisionPatch(Schema):
    """Only the fields sent are changed; fields that do not belong to the type are ignored."""

    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    eligibility_outcome: EligibilityOutcomeIn | None = None
    track: TrackIn | None = None
    final_goal: FinalGoalIn | None = None
    final_goal_detail: str | None = Field(None, max_length=200)
    measures_outline: str | None = None
    leave_type_id: int | None = None
    suspension_kind: SuspensionKindIn | None = None
    end_kind: EndKindIn | None = None
    main_activity_after: MainActivityIn | None = None
    amount: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    facts: str | None = None
    reasons: str | None = None


class ActionIn(Schema):
    action: DecisionAction
    comment: str = Field("", description="Required when returning a decision to the drafter")


class SegmentOut(Schema):
    kind: str = Field(..., description="programme, extension, pause, stop or end")
    start: datetime.date | None
    end: datetime.date | None
    label: str


class PeriodOut(Schema):
    start: datetime.date | None
    planned_end: datetime.date | None
    actual_end: datetime.date | None
    end: datetime.date | None
    days_left: int | None
    pause_days: int | None
    extended: bool | None
    segments: list[SegmentOut]


class AppealIn(Schema):
    received_on: datetime.date | None = None
    grounds: str = ""


class AppealOut(Schema):
    id: int
    decision_id: int
    received_on: datetime.date
    grounds: str
    filed_in_time: bool
    handling_deadline: datetime.date
    forwarded_on: datetime.date | None
    outcome: str
    outcome_on: datetime.date | None
    outcome_note: str


class AppealActionIn(Schema):
    action: AppealAction
    on: datetime.date | None = Field(None, description="When it was forwarded or decided")
    note: str = ""


# --- helpers --------------------------------------------------------------------------


def allowed_actions(user, decision: Decision) -> list[str]:
    """The workflow steps `user` may take on `decision` now."""
    result = []
    for action in workflow.actions_from(decision.status):
        try:
            workflow.check_transition(
                status=decision.status,
                action=action,
                role=user.role,
                is_drafter=decision.drafted_by_id == user.pk,
            )
        except workflow.TransitionError:
            continue
        result.append(str(action))
    return result


def _with_letter_flag(queryset):
    return queryset.annotate(
        letter_stored=Exists(DecisionLetter.objects.filter(decision=OuterRef("pk")))
    )


def _decision_or_404(request, decision_id: int) -> Decision:
    user = request.auth
    decision = (
        _with_letter_flag(visible_decisions(user))
        .select_related("participant", "leave_type")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None or not user.has_perm("decisions.view_decision", decision):
        raise Http404
    return decision


def _appeal_or_404(request, appeal_id: int) -> Appeal:
    user = request.auth
    appeal = (
        Appeal.objects.filter(decision__in=visible_decisions(user))
        .select_related("decision", "decision__participant")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None or not user.has_perm("decisions.view_decision", appeal.decision):
        raise Http404
    return appeal


def _participant_with(request, participant_id: int, perm: str):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm(perm, participant):
        raise PermissionDenied
    return participant


def _resolve_references(
    participant, data: dict, *, start_date: datetime.date | None = None
) -> dict:
    """leave_type_id and replaces_id to objects of this participant, or a 422 on the field."""
    data = dict(data)
    errors = {}
    if "leave_type_id" in data:
        pk = data.pop("leave_type_id")
        leave_type = None
        if pk is not None:
            on = data.get("start_date") or start_date or timezone.localdate()
            leave_type = selectors.leave_types_for(participant, on).filter(pk=pk).first()
            if leave_type is None:
                errors["leave_type_id"] = _("No such leave type for this participant.")
        data["leave_type"] = leave_type
    if "replaces_id" in data:
        pk = data.pop("replaces_id")
        replaces = None
        if pk is not None:
            replaces = participant.decisions.filter(pk=pk).first()
            if replaces is None:
                errors["replaces_id"] = _("No such decision for this participant.")
        data["replaces"] = replaces
    if errors:
        raise ValidationError(errors)
    return data


def _output(decision: Decision) -> Decision:
    """The decision as stored, with the letter flag, after a service has changed it."""
    return _with_letter_flag(Decision.objects.select_related("leave_type")).get(pk=decision.pk)


# --- decisions ------------------------------------------------------------------------


@router.get(
    "/participants/{int:participant_id}/decisions",
    response=list[DecisionOut],
    summary="A participant's decisions, newest first",
)
def list_decisions(request, participant_id: int):
    participant = _participant_with(request, participant_id, "decisions.view_decisions")
    decisions = list(
        _with_letter_flag(participant.decisions.exclude(status=DecisionStatus.DISCARDED))
        .select_related("leave_type")
        .order_by("-drafted_at", "-id")
    )
    _log_read(request, participant, "api.decision.list")
    return decisions


@router.post(
    "/participants/{int:participant_id}/decisions",
    response={201: DecisionOut},
    summary="Draft a decision",
)
def draft_decision(request, participant_id: int, payload: DecisionIn):
    participant = _participant_with(request, participant_id, "decisions.draft_decision")
    data = _resolve_references(participant, payload.dict())
    decision_type = data.pop("decision_type")
    replaces = data.pop("replaces")
    decision = services.draft_decision(
        actor=request.auth,
        participant=participant,
        decision_type=decision_type,
        data=data,
        replaces=replaces,
    )
    return HttpStatus(201, _output(decision))


@router.get("/decisions/{int:decision_id}", response=DecisionOut, summary="One decision")
def get_decision(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    _log_read(request, decision.participant, "api.decision.get")
    return decision


@router.patch(
    "/decisions/{int:decision_id}", response=DecisionOut, summary="Change a draft decision"
)
def update_decision(request, decision_id: int, payload: DecisionPatch):
    decision = _decision_or_404(request, decision_id)
    if not request.auth.has_perm("decisions.draft_decision", decision.participant):
        raise PermissionDenied
    data = payload.dict(exclude_unset=True)
    data = {k: "" if v is None and k in TEXT_FIELDS else v for k, v in data.items()}
    data = _resolve_references(decision.participant, data, start_date=decision.start_date)
    decision = services.update_draft(actor=request.auth, decision=decision, data=data)
    return _output(decision)


@router.post(
    "/decisions/{int:decision_id}/actions",
    response=DecisionOut,
    summary="Take a workflow step: submit, return, approve, send or discard",
)
def take_decision_action(request, decision_id: int, payload: ActionIn):
    decision = _decision_or_404(request, decision_id)
    decision = services.take_action(
        actor=request.auth, decision=decision, action=payload.action, comment=payload.comment
    )
    return _output(decision)


@router.get(
    "/decisions/{int:decision_id}/letter",
    summary="The letter as PDF: as sent, or a preview before it is sent",
    openapi_extra={
        "responses": {
            200: {
                "description": "The letter (PDF/A)",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_letter(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    stored = decision.letters.order_by("-created_at", "-id").first()
    if stored is not None:
        pdf, filename = bytes(stored.pdf), f"vedtak-{decision.pk}.pdf"
    else:
        pdf, filename = letters.letter_pdf(decision), f"vedtak-{decision.pk}-utkast.pdf"
    _log_read(request, decision.participant, "api.decision.letter")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@router.get(
    "/participants/{int:participant_id}/programme-period",
    response=PeriodOut,
    summary="The programme period that follows from the decisions in force",
)
def get_programme_period(request, participant_id: int):
    participant = _participant_with(request, participant_id, "decisions.view_period")
    timeline = selectors.timeline(participant, today=timezone.localdate())
    _log_read(request, participant, "api.decision.period")
    period = timeline.period
    if period is None:
        return {
            "start": None,
            "planned_end": None,
            "actual_end": None,
            "end": None,
            "days_left": None,
            "pause_days": None,
            "extended": None,
            "segments": [],
        }
    return {
        "start": period.start,
        "planned_end": period.planned_end,
        "actual_end": period.actual_end,
        "end": period.end,
        "days_left": timeline.days_left,
        "pause_days": period.pause_days,
        "extended": period.extended,
        "segments": [
            {"kind": kind, "start": start, "end": end, "label": label}
            for kind, start, end, label in period.segments
        ],
    }


# --- appeals --------------------------------------------------------------------------


@router.post(
    "/decisions/{int:decision_id}/appeals",
    response={201: AppealOut},
    summary="Register an appeal against a sent decision",
)
def register_appeal(request, decision_id: int, payload: AppealIn):
    decision = _decision_or_404(request, decision_id)
    appeal = services.register_appeal(
        actor=request.auth,
        decision=decision,
        received_on=payload.received_on,
        grounds=payload.grounds,
    )
    return HttpStatus(201, appeal)


@router.get(
    "/decisions/{int:decision_id}/appeals",
    response=list[AppealOut],
    summary="The appeals against a decision, newest first",
)
def list_appeals(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    appeals = list(decision.appeals.all())
    _log_read(request, decision.participant, "api.appeal.list")
    return appeals


@router.post(
    "/appeals/{int:appeal_id}/actions",
    response=AppealOut,
    summary="Forward an appeal to Statsforvalteren, or record how it ended",
)
def handle_appeal(request, appeal_id: int, payload: AppealActionIn):
    appeal = _appeal_or_404(request, appeal_id)
    return services.handle_appeal(
        actor=request.auth,
        appeal=appeal,
        action=payload.action,
        on=payload.on,
        note=payload.note,
    )
