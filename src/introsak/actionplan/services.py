"""Writes for the action plan: the plan itself (also from the Drangedal template), its areas
and strategies, and its actions with their status and notes.

Each service takes the acting user, checks the one permission policy, is one transaction,
and writes its own audit event. Bad input raises ValidationError naming the field, before
anything is saved. The status of an action moves only as the table in workflow.py allows, and
every move is kept as a StatusChange row with its date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.models import Role, User
from introsak.core.permissions import require as _require

from . import rules, seed
from .models import Action, ActionPlan, ActionStatus, Area, StatusChange, Strategy
from .workflow import TRANSITIONS

PLAN_FIELDS = ("title", "start_year", "end_year", "adopted_on", "description")
AREA_FIELDS = ("title", "description", "position")
STRATEGY_FIELDS = ("text", "position")
ACTION_FIELDS = (
    "text",
    "strategy",
    "start_date",
    "due_on",
    "responsible_unit",
    "notes",
    "position",
)
# Those who read the plan may be responsible for an action in it.
RESPONSIBLE_ROLES = (Role.LEADER, Role.CONSULTANT, Role.NAV_ADVISOR, Role.TEACHER)
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_PLAN_YEARS = 10
NOTE_LENGTH = 500


def _today() -> datetime.date:
    return timezone.localdate()


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _position(errors: dict, data: Mapping[str, Any]) -> int | None:
    position = cleaning.integer(errors, data, "position")
    if position is not None and not 1 <= position <= 999:
        errors["position"] = _("Give a number from 1 to 999.")
    return position


# --- the plan -------------------------------------------------------------------------------


def _clean_plan(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "title": cleaning.text(data, "title", 200),
        "description": cleaning.text(data, "description"),
        "start_year": cleaning.integer(errors, data, "start_year"),
        "end_year": cleaning.integer(errors, data, "end_year"),
        "adopted_on": cleaning.date(errors, data, "adopted_on"),
    }
    if not cleaned["title"]:
        errors["title"] = _("Give the plan a title.")
    for name in ("start_year", "end_year"):
        year = cleaned[name]
        if year is None:
            errors.setdefault(name, _("This field is required."))
        elif not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = _("Give a year from %(first)s to %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    start, end = cleaned["start_year"], cleaned["end_year"]
    if "start_year" not in errors and "end_year" not in errors:
        if end < start:
            errors["end_year"] = _("The period cannot end before it starts.")
        elif end - start + 1 > MAX_PLAN_YEARS:
            errors["end_year"] = _("A plan covers at most %(years)s years.") % {
                "years": MAX_PLAN_YEARS
            }
    adopted = cleaned["adopted_on"]
    if adopted is not None and adopted > _today():
        errors["adopted_on"] = _("The plan cannot be adopted on a date that has not come yet.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _make_plan(actor: User, cleaned: dict) -> ActionPlan:
    return ActionPlan.objects.create(
        municipality_id=actor.municipality_id, created_by=actor, **cleaned
    )


@transaction.atomic
def create_plan(*, actor: User, data: Mapping[str, Any]) -> ActionPlan:
    """Start an empty action plan for the municipality and a period of years."""
    _require(actor, "actionplan.add_plan")
    plan = _make_plan(actor, _clean_plan(data))
    audit.record_event(
        actor=actor,
        action="actionplan.create",
        obj=plan,
        changes=audit.created(audit.snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def update_plan(*, actor: User, plan: ActionPlan, data: Mapping[str, Any]) -> ActionPlan:
    _require(actor, "actionplan.manage_plan", plan)
    cleaned = _clean_plan(data)
    changes = audit.apply_changes(plan, cleaned, PLAN_FIELDS)
    if changes:
        audit.record_event(actor=actor, action="actionplan.update", obj=plan, changes=changes)
    return plan


def template_start(start_year: int, today: datetime.date) -> datetime.date:
    """Where the template's months count from: 1 January of the plan's first year, or the
    first of this month when the plan starts in a year that has begun."""
    first = datetime.date(start_year, 1, 1)
    this_month = today.replace(day=1)
    return max(first, this_month) if today.year == start_year else first


@transaction.atomic
def create_plan_from_drangedal_template(
    *,
    actor: User,
    data: Mapping[str, Any],
    starts_on: datetime.date | None = None,
) -> ActionPlan:
    """Start an action plan with the areas, strategies and actions of the Drangedal plan
    (seed.py). The actions start the same number of months after `starts_on` as they did in
    Drangedal (by default from the plan's first year, see `template_start`); the responsible
    unit is the one the Drangedal plan names, and the leader assigns people afterwards. Every
    action starts as planned."""
    _require(actor, "actionplan.add_plan")
    cleaned = _clean_plan(data)
    starts_on = starts_on or template_start(cleaned["start_year"], _today())
    plan = _make_plan(actor, cleaned)
    municipality_id = actor.municipality_id
    actions = 0
    for area_position, area_data in enumerate(seed.AREAS, start=1):
        area = Area.objects.create(
            municipality_id=municipality_id,
            plan=plan,
            position=area_position,
            title=area_data["title"],
            description=area_data.get("description", ""),
        )
        strategies = [
            Strategy.objects.create(
                municipality_id=municipality_id, area=area, position=position, text=text
            )
            for position, text in enumerate(area_data["strategies"], start=1)
        ]
        for position, item in enumerate(area_data["actions"], start=1):
            start = rules.add_months(starts_on, item["start"])
            due = rules.add_months(starts_on, item["due"]) if item.get("due") else None
            index = item.get("strategy")
            action = Action.objects.create(
                municipality_id=municipality_id,
                area=area,
                strategy=strategies[index] if index is not None else None,
                position=position,
                text=item["text"],
                start_date=start,
                due_on=due,
                responsible_unit=item.get("unit", ""),
                notes=item.get("notes", ""),
                status_changed_on=_today(),
            )
            StatusChange.objects.create(
                action=action, to_status=action.status, on=_today(), by=actor
            )
            actions += 1
    audit.record_event(
        actor=actor,
        action="actionplan.template",
        obj=plan,
        changes={
            **audit.created(audit.snapshot(plan, PLAN_FIELDS)),
            "template": {"old": None, "new": seed.TEMPLATE_NAME},
            "actions": {"old": None, "new": actions},
        },
    )
    return plan


# --- areas and strategies -------------------------------------------------------------------


def _clean_area(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "title": cleaning.text(data, "title", 200),
        "description": cleaning.text(data, "description"),
        "position": _position(errors, data),
    }
    if not cleaned["title"]:
        errors["title"] = _("Give the area a name.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_area(*, actor: User, plan: ActionPlan, data: Mapping[str, Any]) -> Area:
    """Add an area to the plan; without a position it comes last."""
    _require(actor, "actionplan.manage_plan", plan)
    cleaned = _clean_area(data)
    if cleaned["position"] is None:
        last = plan.areas.aggregate(last=Max("position"))["last"] or 0
        cleaned["position"] = last + 1
    area = Area.objects.create(municipality_id=plan.municipality_id, plan=plan, **cleaned)
    audit.record_event(
        actor=actor,
        action="actionplan.area.create",
        obj=area,
        changes=audit.created(audit.snapshot(area, AREA_FIELDS)),
    )
    return area


@transaction.atomic
def update_area(*, actor: User, area: Area, data: Mapping[str, Any]) -> Area:
    _require(actor, "actionplan.manage_plan", area)
    cleaned = _clean_area(data)
    if cleaned["position"] is None:
        cleaned["position"] = area.position
    changes = audit.apply_changes(area, cleaned, AREA_FIELDS)
    if changes:
        audit.record_event(actor=actor, action="actionplan.area.update", obj=area, changes=changes)
    return area


def _clean_strategy(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned = {"text": cleaning.text(data, "text"), "position": _position(errors, data)}
    if not cleaned["text"]:
        errors["text"] = _("Write the strategy.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_strategy(*, actor: User, area: Area, data: Mapping[str, Any]) -> Strategy:
    _require(actor, "actionplan.manage_plan", area)
    cleaned = _clean_strategy(data)
    if cleaned["position"] is None:
        last = area.strategies.aggregate(last=Max("position"))["last"] or 0
        cleaned["position"] = last + 1
    strategy = Strategy.objects.create(municipality_id=area.municipality_id, area=area, **cleaned)
    audit.record_event(
        actor=actor,
        action="actionplan.strategy.create",
        obj=strategy,
        changes=audit.created(audit.snapshot(strategy, STRATEGY_FIELDS)),
    )
    return strategy


@transaction.atomic
def update_strategy(*, actor: User, strategy: Strategy, data: Mapping[str, Any]) -> Strategy:
    _require(actor, "actionplan.manage_plan", strategy)
    cleaned = _clean_strategy(data)
    if cleaned["position"] is None:
        cleaned["position"] = strategy.position
    changes = audit.apply_changes(strategy, cleaned, STRATEGY_FIELDS)
    if changes:
        audit.record_event(
            actor=actor, action="actionplan.strategy.update", obj=strategy, changes=changes
        )
    return strategy


# --- actions --------------------------------------------------------------------------------


def _responsible_users(errors: dict, area: Area, values: Iterable[Any] | None) -> list[User] | None:
    """The responsible people: active users of the plan's municipality in a role that reads
    the plan. Anyone else (another municipality, payroll, a mentor) is refused."""
    values = list(values or [])
    ids = {cleaning.pk(v, User) for v in values}
    if None in ids:
        errors["responsible_users"] = _("Choose people from the list.")
        return None
    found = list(
        User.objects.filter(
            pk__in=ids,
            municipality_id=area.municipality_id,
            role__in=RESPONSIBLE_ROLES,
            is_active=True,
        )
    )
    if len(found) != len(ids):
        errors["responsible_users"] = _(
            "Only the municipality's leaders, consultants, NAV advisors and teachers can be "
            "responsible for an action."
        )
        return None
    return found


def _clean_action(area: Area, data: Mapping[str, Any]) -> tuple[dict, list[User]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "text": cleaning.text(data, "text"),
        "responsible_unit": cleaning.text(data, "responsible_unit", 120),
        "notes": cleaning.text(data, "notes"),
        "start_date": cleaning.date(errors, data, "start_date"),
        "due_on": cleaning.date(errors, data, "due_on"),
        "position": _position(errors, data),
        "strategy": None,
    }
    if not cleaned["text"]:
        errors["text"] = _("Write what the action is.")
    if cleaned["start_date"] is None:
        errors.setdefault("start_date", _("Give the date the action starts."))
    else:
        plan_end = datetime.date(area.plan.end_year, 12, 31)
        if cleaned["start_date"] > plan_end:
            errors["start_date"] = _("The plan ends %(date)s: the action must start before.") % {
                "date": _d(plan_end)
            }
        if cleaned["due_on"] is not None and cleaned["due_on"] < cleaned["start_date"]:
            errors["due_on"] = _("The action cannot be evaluated before it starts.")
    strategy = data.get("strategy")
    if strategy not in (None, ""):
        pk = cleaning.pk(strategy, Strategy)
        found = area.strategies.filter(pk=pk).first() if pk is not None else None
        if found is None:
            errors["strategy"] = _("Choose one of the area's strategies.")
        cleaned["strategy"] = found
    users = _responsible_users(errors, area, data.get("responsible_users"))
    if not errors and not users and not cleaned["responsible_unit"]:
        errors["responsible_users"] = _(
            "Give who is responsible: one or more people, or a unit such as VO or NAV."
        )
    if errors:
        raise ValidationError(errors)
    return cleaned, users or []


def _action_snapshot(action: Action) -> dict:
    values = audit.snapshot(action, ACTION_FIELDS)
    values["responsible_users"] = sorted(action.responsible_users.values_list("pk", flat=True))
    return values


@transaction.atomic
def add_action(*, actor: User, area: Area, data: Mapping[str, Any]) -> Action:
    """Add an action to an area (and one of its strategies, if given). It starts as planned;
    without a position it comes last in the area."""
    _require(actor, "actionplan.manage_plan", area)
    cleaned, users = _clean_action(area, data)
    if cleaned["position"] is None:
        last = area.actions.aggregate(last=Max("position"))["last"] or 0
        cleaned["position"] = last + 1
    action = Action.objects.create(
        municipality_id=area.municipality_id,
        area=area,
        status=ActionStatus.PLANNED,
        status_changed_on=_today(),
        **cleaned,
    )
    action.responsible_users.set(users)
    StatusChange.objects.create(action=action, to_status=action.status, on=_today(), by=actor)
    audit.record_event(
        actor=actor,
        action="actionplan.action.create",
        obj=action,
        changes=audit.created(_action_snapshot(action)),
    )
    return action


@transaction.atomic
def update_action(*, actor: User, action: Action, data: Mapping[str, Any]) -> Action:
    """Change what an action is, when it starts and who is responsible. The status moves
    only through `change_action_status`."""
    _require(actor, "actionplan.manage_plan", action)
    cleaned, users = _clean_action(action.area, data)
    if cleaned["position"] is None:
        cleaned["position"] = action.position
    before = _action_snapshot(action)
    for name, value in cleaned.items():
        setattr(action, name, value)
    action.save()
    action.responsible_users.set(users)
    changes = audit.diff(before, _action_snapshot(action))
    if changes:
        audit.record_event(
            actor=actor, action="actionplan.action.update", obj=action, changes=changes
        )
    return action


@transaction.atomic
def change_action_status(
    *,
    actor: User,
    action: Action,
    to_status: str,
    on: datetime.date | str | None = None,
    note: str = "",
) -> Action:
    """Move an action one step (workflow.TRANSITIONS): set it going, mark it done, or put it
    back to planned. The date is when it happened (today by default): not in the future, and
    not before the previous move. The move is kept in the action's history with the note."""
    _require(actor, "actionplan.update_action", action)
    errors: dict[str, str] = {}
    if to_status not in ActionStatus.values:
        errors["to_status"] = _("Choose one of the options.")
    elif to_status not in TRANSITIONS[action.status]:
        errors["to_status"] = _("An action that is «%(from)s» cannot become «%(to)s».") % {
            "from": ActionStatus(action.status).label,
            "to": ActionStatus(to_status).label,
        }
    day = cleaning.date(errors, {"on": on}, "on") or (None if "on" in errors else _today())
    # The first move may be dated before the action was entered (a plan is often written
    # down after the work began); later moves keep the history in order.
    moved = action.history.exclude(from_status="").exists()
    if day is not None:
        if day > _today():
            errors["on"] = _("The date cannot be in the future.")
        elif moved and day < action.status_changed_on:
            errors["on"] = _("The action last changed %(date)s: give that date or later.") % {
                "date": _d(action.status_changed_on)
            }
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        errors["note"] = _("Keep the note to %(count)s characters.") % {"count": NOTE_LENGTH}
    if errors:
        raise ValidationError(errors)
    from_status = action.status
    action.status = to_status
    action.status_changed_on = day
    action.save(update_fields=["status", "status_changed_on"])
    StatusChange.objects.create(
        action=action, from_status=from_status, to_status=to_status, on=day, note=note, by=actor
    )
    audit.record_event(
        actor=actor,
        action="actionplan.action.status",
        obj=action,
        changes={
            "status": {"old": from_status, "new": to_status},
            "status_changed_on": {"old": None, "new": day.isoformat()},
        },
        reason=note,
    )
    return action


@transaction.atomic
def update_action_notes(*, actor: User, action: Action, notes: str) -> Action:
    """The responsible people (and the leader) keep the action's notes up to date."""
    _require(actor, "actionplan.update_action", action)
    notes = (notes or "").strip()
    if notes == action.notes:
        return action
    before = action.notes
    action.notes = notes
    action.save(update_fields=["notes"])
    audit.record_event(
        actor=actor,
        action="actionplan.action.notes",
        obj=action,
        changes={"notes": {"old": before, "new": notes}},
    )
    return action
