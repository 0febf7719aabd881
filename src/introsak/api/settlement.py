"""/api/v1: settlement (bosetting) — the yearly settlement decision, the households expected
and settled against it, and each arrival's checklist.

Mounted at /v1:

- /settlement/decisions (GET, POST), /settlement/decisions/{id} (GET, PATCH);
- /settlement/arrivals?year=&status= (GET, POST: the checklist is copied from the
  municipality's template), /settlement/arrivals/{id} (GET, PATCH),
  /settlement/arrivals/{id}/status (POST: expected → settled or cancelled, cancelled →
  expected, as the table in settlement/workflow.py allows);
- /settlement/checklist-items/{id}/tick (POST: done or not, on a day, with a note),
  /settlement/checklist-items/due (GET: the caller's items overdue or due within 14 days),
  /settlement/checklist-template (GET).

The refugee service and the leader manage settlement and see every arrival; teachers and NAV
advisors see the arrivals with a checklist item for them (given to their role with nobody
named, or to them by name) and tick those items (403 otherwise); other roles get 403.
Reading an arrival linked to a household logs a read of each participant in it.
Another municipality's decision, arrival or item is a 404. Dates are YYYY-MM-DD.
"""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import AccessLog
from introsak.core.permissions import (
    visible_arrivals,
    visible_checklist_items,
    visible_settlement_decisions,
)
from introsak.core.web import require_api as _require
from introsak.settlement import selectors, services
from introsak.settlement.models import (
    Arrival,
    ArrivalStatus,
    ChecklistItem,
    SettlementDecision,
)
from introsak.settlement.workflow import next_statuses

router = Router(tags=["settlement"])

StatusIn = Literal[tuple(ArrivalStatus.values)]  # type: ignore[valid-type]
LanguageIn = Literal[tuple(LANGUAGE_NAMES)]  # type: ignore[valid-type]


# --- schemas ----------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    year: int
    persons: int = Field(..., description="People the municipality agreed to settle that year")
    unaccompanied_minors: int | None
    families: int | None
    council_decision_on: datetime.date | None
    note: str
    settled: int = Field(..., description="People settled that year (arrivals settled)")
    expected: int = Field(..., description="People still expected that year")

    @staticmethod
    def resolve_settled(obj):
        return getattr(obj, "counts", {}).get("settled", 0)

    @staticmethod
    def resolve_expected(obj):
        return getattr(obj, "counts", {}).get("expected", 0)


class DecisionIn(Schema):
    year: int = Field(..., description="2000 to 2100; one decision per year")
    persons: int = Field(..., description="0 or more")
    unaccompanied_minors: int | None = Field(None, description="At most `persons`")
    families: int | None = Field(None, description="At most `persons`")
    council_decision_on: datetime.date | None = None
    note: str = ""


class DecisionPatch(Schema):
    year: int | None = None
    persons: int | None = None
    unaccompanied_minors: int | None = None
    families: int | None = None
    council_decision_on: datetime.date | None = None
    note: str | None = None


class ChecklistItemOut(Schema):
    id: int
    arrival_id: int
    position: int
    title: str
    role: str = Field(..., description="The responsible role (core Role value)")
    responsible_id: int | None = Field(..., description="The responsible person, if one is named")
    offset_days: int = Field(..., description="Days from the arrival (negative: before)")
    due_on: datetime.date
    done: bool
    done_on: datetime.date | None
    done_by_id: int | None
    overdue: bool = Field(..., description="Not done, the due day has passed")
    note: str

    @staticmethod
    def resolve_done(obj):
        return obj.is_done

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class ArrivalOut(Schema):
    id: int
    name: str
    expected_on: datetime.date
    persons: int
    languages: list[str] = Field(..., description="ISO 639 codes")
    needs_interpreter: bool
    household_id: int | None
    status: str = Field(..., description="expected, settled or cancelled")
    next_statuses: list[str]
    settled_on: datetime.date | None
    cancel_reason: str
    notes: str
    checklist: list[ChecklistItemOut]

    @staticmethod
    def resolve_next_statuses(obj):
        return list(next_statuses(obj.status))

    @staticmethod
    def resolve_checklist(obj):
        return list(obj.items.all())


class ArrivalIn(Schema):
    name: str = Field(..., max_length=120)
    expected_on: datetime.date
    persons: int = Field(..., description="1 to 30")
    languages: list[LanguageIn] = []
    needs_interpreter: bool = False
    household_id: int | None = Field(None, description="The household in the register")
    notes: str = ""


class ArrivalPatch(Schema):
    name: str | None = Field(None, max_length=120)
    expected_on: datetime.date | None = Field(
        None, description="Moves the due dates of the items not done"
    )
    persons: int | None = None
    languages: list[LanguageIn] | None = None
    needs_interpreter: bool | None = None
    household_id: int | None = None
    notes: str | None = None


class StatusChangeIn(Schema):
    status: StatusIn
    on: datetime.date | None = Field(None, description="Settled on (today if left out)")
    household_id: int | None = Field(None, description="When settled: the household")
    reason: str = Field("", max_length=300, description="Needed when cancelled")


class TickIn(Schema):
    done: bool = True
    on: datetime.date | None = Field(None, description="Done on; today if left out")
    note: str | None = Field(None, max_length=1000, description="Left as it is if left out")


class TemplateItemOut(Schema):
    id: int
    position: int
    title: str
    role: str
    offset_days: int


class YearFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: StatusIn | None = None


# --- helpers ----------------------------------------------------------------------------------


def _arrivals(user):
    return visible_arrivals(user).prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("position", "id"))
    )


def _arrival_or_404(request, arrival_id: int) -> Arrival:
    arrival = _arrivals(request.auth).filter(pk=arrival_id).first()
    if arrival is None:
        raise Http404
    return arrival


def _decision_or_404(request, decision_id: int) -> SettlementDecision:
    decision = visible_settlement_decisions(request.auth).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


def _with_counts(user, decisions: list[SettlementDecision]) -> list[SettlementDecision]:
    counts = selectors.persons_per_year(user, [d.year for d in decisions])
    for decision in decisions:
        decision.counts = counts.get(decision.year, {})
    return decisions


def _log_reads(request, arrivals: list[Arrival]) -> list[Arrival]:
    """Log a read of each participant of the households the arrivals are linked to."""
    selectors.log_arrival_reads(
        request.auth,
        arrivals,
        what="api.settlement.arrival",
        channel=AccessLog.Channel.API,
        path=request.get_full_path(),
    )
    return arrivals


def _arrival_data(arrival: Arrival) -> dict:
    data = {name: getattr(arrival, name) for name in services.ARRIVAL_FIELDS}
    data["household"] = arrival.household_id
    return data


# --- decisions --------------------------------------------------------------------------------


@router.get(
    "/settlement/decisions",
    response=list[DecisionOut],
    summary="The municipality's settlement decisions, with people settled and expected",
)
def list_decisions(request):
    _require(request, "settlement.view")
    return _with_counts(request.auth, selectors.decisions(request.auth))


@router.post(
    "/settlement/decisions", response={201: DecisionOut}, summary="Record a settlement decision"
)
def create_decision(request, payload: DecisionIn):
    decision = services.record_settlement_decision(actor=request.auth, data=payload.dict())
    return HttpStatus(201, _with_counts(request.auth, [decision])[0])


@router.get("/settlement/decisions/{int:decision_id}", response=DecisionOut, summary="One decision")
def get_decision(request, decision_id: int):
    _require(request, "settlement.view")
    return _with_counts(request.auth, [_decision_or_404(request, decision_id)])[0]


@router.patch(
    "/settlement/decisions/{int:decision_id}",
    response=DecisionOut,
    summary="Change a settlement decision",
)
def patch_decision(request, decision_id: int, payload: DecisionPatch):
    decision = _decision_or_404(request, decision_id)
    data = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    data.update(payload.dict(exclude_unset=True))
    services.update_settlement_decision(actor=request.auth, decision=decision, data=data)
    return _with_counts(request.auth, [_decision_or_404(request, decision_id)])[0]


# --- arrivals ---------------------------------------------------------------------------------


@router.get(
    "/settlement/arrivals",
    response=list[ArrivalOut],
    summary="Arrivals with their checklists (filter by the year they count against, status)",
)
def list_arrivals(request, filters: Query[YearFilter]):
    _require(request, "settlement.view")
    arrivals = _arrivals(request.auth)
    if filters.year:
        arrivals = arrivals.filter(selectors._year_filter(filters.year))
    if filters.status:
        arrivals = arrivals.filter(status=filters.status)
    return _log_reads(request, list(arrivals.order_by("expected_on", "id")))


@router.post(
    "/settlement/arrivals",
    response={201: ArrivalOut},
    summary="Register an expected household (its checklist comes from the template)",
)
def create_arrival(request, payload: ArrivalIn):
    data = payload.dict()
    data["household"] = data.pop("household_id")
    arrival = services.register_arrival(actor=request.auth, data=data)
    return HttpStatus(201, _arrival_or_404(request, arrival.pk))


@router.get(
    "/settlement/arrivals/{int:arrival_id}",
    response=ArrivalOut,
    summary="One arrival with its checklist",
)
def get_arrival(request, arrival_id: int):
    _require(request, "settlement.view")
    return _log_reads(request, [_arrival_or_404(request, arrival_id)])[0]


@router.patch(
    "/settlement/arrivals/{int:arrival_id}", response=ArrivalOut, summary="Change an arrival"
)
def patch_arrival(request, arrival_id: int, payload: ArrivalPatch):
    arrival = _arrival_or_404(request, arrival_id)
    data = _arrival_data(arrival)
    changes = payload.dict(exclude_unset=True)
    if "household_id" in changes:
        changes["household"] = changes.pop("household_id")
    data.update(changes)
    services.update_arrival(actor=request.auth, arrival=arrival, data=data)
    return _arrival_or_404(request, arrival_id)


@router.post(
    "/settlement/arrivals/{int:arrival_id}/status",
    response=ArrivalOut,
    summary="Settle, cancel or expect again an arrival",
)
def change_status(request, arrival_id: int, payload: StatusChangeIn):
    arrival = _arrival_or_404(request, arrival_id)
    services.change_arrival_status(
        actor=request.auth,
        arrival=arrival,
        to_status=payload.status,
        on=payload.on,
        household=payload.household_id,
        reason=payload.reason,
    )
    return _arrival_or_404(request, arrival_id)


# --- the checklist ----------------------------------------------------------------------------


@router.post(
    "/settlement/checklist-items/{int:item_id}/tick",
    response=ChecklistItemOut,
    summary="Mark a checklist item done (or not done after all), with a note",
)
def tick_item(request, item_id: int, payload: TickIn):
    item = visible_checklist_items(request.auth).select_related("arrival").filter(pk=item_id)
    item = item.first()
    if item is None:
        raise Http404
    return services.tick_checklist_item(
        actor=request.auth, item=item, done=payload.done, on=payload.on, note=payload.note
    )


@router.get(
    "/settlement/checklist-items/due",
    response=list[ChecklistItemOut],
    summary="The caller's checklist items overdue or due within 14 days",
)
def due_items(request):
    _require(request, "settlement.view")
    return selectors.due_checklist_items(request.auth, timezone.localdate())


@router.get(
    "/settlement/checklist-template",
    response=list[TemplateItemOut],
    summary="The municipality's checklist template (what new arrivals get)",
)
def checklist_template(request):
    _require(request, "settlement.view")
    template = selectors.checklist_template(request.auth)
    if template is None and request.auth.has_perm("settlement.manage"):
        template = services.checklist_template_for(actor=request.auth)
    return selectors.template_items(template)
