"""The Introsak API: /api/v1/, token auth, OpenAPI at /api/schema.

It calls the same permission policy, services and selectors as the web screens, so a
request the UI refuses is refused here too — with 422 and the field for bad input, 404 for
what the user may not see (another municipality's data above all), 403 for an action the
user's role does not allow (except for a mentor, to whom everything outside their current
placements is a 404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from introsak.core.models import Role
from introsak.core.services import authenticate_api_token

from .actionplan import router as actionplan_router
from .attendance import router as attendance_router
from .certificates import router as certificates_router
from .decisions import router as decisions_router
from .meetings import router as meetings_router
from .participants import router as participants_router
from .placements import router as placements_router
from .plans import router as plans_router
from .register import router as register_router
from .results import router as results_router
from .settlement import router as settlement_router
from .stipend import router as stipend_router
from .surveys import router as surveys_router
from .yearplan import router as yearplan_router

# Service errors speak of model fields; the API's inputs name foreign keys with _id.
FIELD_ALIASES = {
    "consultant": "consultant_id",
    "nav_advisor": "nav_advisor_id",
    "household": "household_id",
    "leave_type": "leave_type_id",
    "replaces": "replaces_id",
    "workplace": "workplace_id",
    "mentor": "mentor_id",
    "measure": "measure_id",
    "owner": "owner_id",
    "participants": "participant_ids",
    "mentors": "mentor_ids",
    # A workplace's move in the recruitment pipeline is asked for with to_stage.
    "stage": "to_stage",
}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens come from `introsak create-token USERNAME`."""

    def authenticate(self, request, token: str):
        user = authenticate_api_token(token)
        if user is None:
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Introsak API",
    version="1",
    description=(
        "Case management for the introduction programme. Authenticate with "
        "`Authorization: Bearer <token>`; a token is made with `introsak create-token USERNAME`."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    openapi_url="/schema",
    docs_url="/docs",
)


def _loc(field: str) -> list:
    # Row numbers as numbers, as pydantic gives them: ["measures", 0, "hours_per_week"].
    return [int(part) if part.isdigit() else part for part in field.split(".")]


@api.exception_handler(ValidationError)
def service_validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        detail = [
            {
                "type": "value_error",
                "loc": ["body", "payload", *_loc(FIELD_ALIASES.get(field, field))],
                "msg": message,
            }
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [
            {"type": "value_error", "loc": ["body", "payload"], "msg": m} for m in exc.messages
        ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    # A mentor's token sees the mentor's current placements and nothing else: whatever lies
    # outside them is not found (404), as in the screens, so the answer tells them nothing.
    if getattr(request.auth, "role", None) == Role.MENTOR:
        return api.create_response(request, {"detail": "Not Found"}, status=404)
    return api.create_response(request, {"detail": "Your role does not allow this."}, status=403)


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    municipality_number: str | None


@api.get("/v1/me", response=MeOut, tags=["account"], summary="Who the token belongs to")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "municipality_number": user.municipality.number if user.municipality else None,
    }


api.add_router("/v1/participants", participants_router)
# Decisions hang off /participants/{id}, /decisions/{id} and /appeals/{id}.
api.add_router("/v1", decisions_router)
# Plans hang off /participants/{id}/plan and /participants/{id}/training-plan.
api.add_router("/v1", plans_router)
# Attendance: /attendance/registrations, and /participants/{id}/attendance, /timesheets, /vacations.
api.add_router("/v1", attendance_router)
# The stipend: /stipend/calculate, /payroll-runs, and /participants/{id}/payslips and
# /stipend-reductions.
api.add_router("/v1", stipend_router)
# Placements: /employers, /workplaces/{id}/stage, /placements (and /participants/{id}/placements)
# with the mentor's /attendance, /evaluations and /messages, /gatherings and /concerns.
api.add_router("/v1", placements_router)
# The annual calendar (årshjul): /calendar/events with their dates in a range.
api.add_router("/v1", yearplan_router)
# The action plan (tiltaksplan): /action-plans, /action-plans/{id}, /action-plans/actions/{id}
# and its /status.
api.add_router("/v1", actionplan_router)
# Settlement: /settlement/decisions, /settlement/arrivals (with checklists and /status),
# /settlement/checklist-items/{id}/tick and /due, /settlement/checklist-template.
api.add_router("/v1", settlement_router)
# Meetings and interpreters: /meetings (with /action-items and /interpreter-bookings under a
# meeting), /action-items, /interpreters and /interpreter-bookings.
api.add_router("/v1", meetings_router)
# Results: /participants/{id}/outcomes, /results/followups-due and /results/dashboard.
api.add_router("/v1", results_router)
# Certificates: /participants/{id}/certificate?language=nb|nn and /participants/{id}/cv (PDF/A).
api.add_router("/v1", certificates_router)
api.add_router("/v1", register_router)
# User surveys: /surveys, /surveys/{id}, /surveys/{id}/answers and /surveys/{id}/results.
api.add_router("/v1", surveys_router)
