"""/api/v1: results — outcome follow-ups (the participant's main activity at the end of the
programme and 6 and 12 months after it) and the leader's dashboard figures.

Mounted at /v1:

- /participants/{id}/outcomes (GET: the programme's end, the three follow-ups and what was
  recorded; POST: record or correct one — the consultant's);
- /results/followups-due (GET: whose follow-up is due, for the user);
- /results/dashboard?year=&consultant_id= (GET: the dashboard's figures, leader and
  consultant).

A participant the user may not see is a 404; a role that may not act is a 403; bad input is a
422 naming the field. Dates are YYYY-MM-DD; percentages are strings with one decimal or null.
"""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.permissions import get_visible_participant_or_404
from introsak.core.web import log_api_read as _log_read
from introsak.results import selectors, services
from introsak.results.models import Activity, Checkpoint

router = Router(tags=["results"])

CheckpointIn = Literal[tuple(Checkpoint.values)]  # type: ignore[valid-type]
ActivityIn = Literal[tuple(Activity.values)]  # type: ignore[valid-type]


class OutcomeIn(Schema):
    checkpoint: CheckpointIn
    activity: ActivityIn
    employer_or_school: str = ""
    note: str = ""


class OutcomeOut(Schema):
    id: int
    participant_id: int
    checkpoint: str
    due_on: datetime.date
    programme_end: datetime.date
    activity: str
    employer_or_school: str
    note: str
    recorded_on: datetime.date
    recorded_by: str

    @staticmethod
    def resolve_recorded_by(obj):
        return obj.recorded_by.get_full_name() or obj.recorded_by.username


class FollowUpOut(Schema):
    checkpoint: str
    due_on: datetime.date
    due: bool
    outcome: OutcomeOut | None


class ParticipantOutcomesOut(Schema):
    participant_id: int
    programme_end: datetime.date | None
    programme_ended: bool
    followups: list[FollowUpOut]


class DueOut(Schema):
    participant_id: int
    name: str
    checkpoint: str
    due_on: datetime.date
    programme_end: datetime.date


class DashboardFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    consultant_id: int | None = None


def _outcomes(participant) -> dict:
    today = timezone.localdate()
    period, rows, _all = selectors.participant_followups(participant, today)
    return {
        "participant_id": participant.pk,
        "programme_end": period.end if period else None,
        "programme_ended": bool(period and period.end <= today),
        "followups": [
            {"checkpoint": r.checkpoint, "due_on": r.due_on, "due": r.due, "outcome": r.outcome}
            for r in rows
        ],
    }


@router.get(
    "/participants/{int:participant_id}/outcomes",
    response=ParticipantOutcomesOut,
    summary="The participant's follow-ups: the end of the programme, 6 and 12 months after",
)
def participant_outcomes(request, participant_id: int):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    if not request.auth.has_perm("results.view_outcomes", participant):
        raise PermissionDenied
    body = _outcomes(participant)
    _log_read(request, participant, "api.outcome.list")
    return body


@router.post(
    "/participants/{int:participant_id}/outcomes",
    response={201: OutcomeOut},
    summary="Record (or correct) the participant's main activity at a follow-up",
)
def record_outcome(request, participant_id: int, payload: OutcomeIn):
    participant = get_visible_participant_or_404(request.auth, participant_id)
    outcome = services.record_outcome(
        actor=request.auth, participant=participant, data=payload.dict()
    )
    return HttpStatus(201, outcome)


@router.get(
    "/results/followups-due",
    response=list[DueOut],
    summary="Follow-ups due and not recorded, for the user's participants",
)
def followups_due(request):
    user = request.auth
    if not user.has_perm("results.view_dashboard"):
        raise PermissionDenied
    return [
        {
            "participant_id": d.participant.pk,
            "name": d.participant.full_name,
            "checkpoint": d.checkpoint,
            "due_on": d.due_on,
            "programme_end": d.programme_end,
        }
        for d in selectors.due_followups(user, timezone.localdate())
    ]


def _pct(value):
    return None if value is None else str(value)


@router.get("/results/dashboard", summary="The dashboard's figures for a year and consultant")
def dashboard(request, filters: Query[DashboardFilters]):
    user = request.auth
    if not user.has_perm("results.view_dashboard"):
        raise PermissionDenied
    d = selectors.dashboard(
        user, today=timezone.localdate(), year=filters.year, consultant_id=filters.consultant_id
    )
    return {
        "year": d["year"],
        "consultant_id": d["consultant_id"],
        "goal_percent": d["goal"],
        "active": {
            "total": d["total_active"],
            "by_status": {k: n for k, _l, n in d["by_status"]},
            "by_legal_basis": {k: n for k, _l, n in d["by_basis"]},
            "by_track": {(k or "unknown"): n for k, _l, n in d["by_track"]},
        },
        "ending": [
            {
                "participant_id": r["participant"].pk,
                "end": r["end"].isoformat(),
                "end_decided": r["decided"],
                "norwegian_test_missing": list(r["test_missing"].missing),
            }
            for r in d["ending"]
        ],
        "absence": [
            {
                "month": r["month"],
                "rate": _pct(r["rate"]),
                "by_measure_kind": {
                    kind: (
                        {
                            "hours": str(c["hours"]),
                            "invalid_hours": str(c["invalid"]),
                            "rate": _pct(c["rate"]),
                        }
                        if c
                        else None
                    )
                    for (kind, _l), c in zip(d["absence_kinds"], r["cells"], strict=True)
                },
            }
            for r in d["absence"]
        ],
        "norwegian_tests": {
            "taken": d["tests_taken"],
            "by_level": {
                r["level"]: dict(zip(selectors.SKILLS, r["counts"], strict=True))
                for r in d["tests"]
            },
        },
        "placements": {
            "active": d["placements_total"],
            "by_industry": {k: n for k, _l, n in d["placements"]},
        },
        "outcomes": [
            {
                "checkpoint": o["checkpoint"],
                "recorded": o["recorded"],
                "in_work_or_education": o["in_goal"],
                "share": _pct(o["share"]),
                "meets_goal": o["meets_goal"],
            }
            for o in d["outcomes"]
        ],
    }
