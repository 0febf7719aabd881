"""Writes for settlement: the yearly settlement decision, arrivals and their status, the
checklist of each arrival (tick, note, who is responsible) and the municipality's checklist
template.

Each service takes the acting user, checks the one permission policy, is one transaction,
and writes its own audit event. Bad input raises ValidationError naming the field, before
anything is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import Municipality, User
from introsak.core.permissions import SETTLEMENT_ROLES, settlement_colleagues
from introsak.core.permissions import require as _require
from introsak.participants.models import Household

from . import rules, selectors
from .models import (
    Arrival,
    ArrivalStatus,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SettlementDecision,
)
from .workflow import ARRIVAL

DECISION_FIELDS = (
    "year",
    "persons",
    "unaccompanied_minors",
    "families",
    "council_decision_on",
    "note",
)
ARRIVAL_FIELDS = (
    "name",
    "expected_on",
    "persons",
    "languages",
    "needs_interpreter",
    "household",
    "notes",
)
TEMPLATE_ITEM_FIELDS = ("title", "role", "offset_days")
# Roles a checklist item can be given to: the people who receive a household (and so see
# the arrival; payroll, for one, does not).
CHECKLIST_ROLES = SETTLEMENT_ROLES


def _today() -> datetime.date:
    return timezone.localdate()


def _rule_message(error: rules.RuleError) -> str:
    return _(error.message) % error.params if error.params else _(error.message)


def _number(errors: dict, data, name: str, *, low: int, high: int, required: bool = True):
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors[name] = _("This field is required.")
        return None
    try:
        return rules.check_persons(value, low=low, high=high)
    except rules.RuleError as error:
        errors[name] = _rule_message(error)
        return None


def _household(errors: dict, value, municipality_id: int) -> Household | None:
    """The municipality's household with the id `value`; None (with an error on the field)
    when there is no such household."""
    household = Household.objects.filter(
        pk=cleaning.pk(value, Household), municipality_id=municipality_id
    ).first()
    if household is None:
        errors["household"] = _("Choose a household of the municipality.")
    return household


# --- the settlement decision ------------------------------------------------------------------


def _clean_decision(actor: User, data: Mapping[str, Any], *, instance) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {"note": cleaning.text(data, "note")}
    cleaned["year"] = _number(errors, data, "year", low=2000, high=2100)
    cleaned["persons"] = _number(errors, data, "persons", low=0, high=rules.MAX_PERSONS)
    for name in ("unaccompanied_minors", "families"):
        cleaned[name] = _number(errors, data, name, low=0, high=rules.MAX_PERSONS, required=False)
        if (
            cleaned[name] is not None
            and cleaned["persons"] is not None
            and cleaned[name] > cleaned["persons"]
        ):
            errors[name] = _("Cannot be more than the people agreed.")
    cleaned["council_decision_on"] = cleaning.date(
        errors, data, "council_decision_on", required=False
    )
    if cleaned["year"] is not None and "year" not in errors:
        taken = SettlementDecision.objects.filter(
            municipality_id=actor.municipality_id, year=cleaned["year"]
        )
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["year"] = _("There is already a settlement decision for %(year)s.") % {
                "year": cleaned["year"]
            }
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def record_settlement_decision(*, actor: User, data: Mapping[str, Any]) -> SettlementDecision:
    """Record the municipal council's decision on how many people to settle in a year."""
    _require(actor, "settlement.manage")
    cleaned = _clean_decision(actor, data, instance=None)
    decision = SettlementDecision.objects.create(
        municipality_id=actor.municipality_id, created_by=actor, **cleaned
    )
    audit.record_event(
        actor=actor,
        action="settlement_decision.create",
        obj=decision,
        object_repr=str(decision.year),
        changes=audit.created(audit.snapshot(decision, DECISION_FIELDS)),
    )
    return decision


@transaction.atomic
def update_settlement_decision(
    *, actor: User, decision: SettlementDecision, data: Mapping[str, Any]
) -> SettlementDecision:
    _require(actor, "settlement.change_object", decision)
    cleaned = _clean_decision(actor, data, instance=decision)
    changes = audit.apply_changes(decision, cleaned, DECISION_FIELDS)
    if changes:
        audit.record_event(
            actor=actor,
            action="settlement_decision.update",
            obj=decision,
            object_repr=str(decision.year),
            changes=changes,
        )
    return decision


# --- the checklist template -------------------------------------------------------------------


@transaction.atomic
def checklist_template_for(*, actor: User) -> ChecklistTemplate:
    """The municipality's checklist template, made from rules.DEFAULT_CHECKLIST the first
    time it is needed (the titles in the municipality's language, so they can be edited)."""
    _require(actor, "settlement.manage")
    template = ChecklistTemplate.objects.filter(municipality_id=actor.municipality_id).first()
    if template is not None:
        return template
    municipality = Municipality.objects.select_for_update().get(pk=actor.municipality_id)
    template, made = ChecklistTemplate.objects.get_or_create(municipality=municipality)
    if not made:
        return template
    items = [
        ChecklistTemplateItem(
            template=template,
            position=position,
            title=task.title,
            role=task.role,
            offset_days=task.offset_days,
        )
        for position, task in enumerate(selectors.default_template_items(), start=1)
    ]
    ChecklistTemplateItem.objects.bulk_create(items)
    audit.record_event(
        actor=actor,
        action="checklist_template.create",
        obj=template,
        object_repr=str(municipality),
        changes={"items": {"old": None, "new": [i.title for i in items]}},
    )
    return template


def _clean_template_item(data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {"title": cleaning.text(data, "title", 200)}
    if not cleaned["title"]:
        errors["title"] = _("This field is required.")
    role = data.get("role") or ""
    if role not in CHECKLIST_ROLES:
        errors["role"] = _("Choose one of the options.")
    cleaned["role"] = role
    if data.get("offset_days") in (None, ""):
        errors["offset_days"] = _("This field is required.")
    else:
        try:
            cleaned["offset_days"] = rules.check_offset(data.get("offset_days"))
        except rules.RuleError as error:
            errors["offset_days"] = _rule_message(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _template_item_of(actor: User, item: ChecklistTemplateItem) -> ChecklistTemplateItem:
    if item.template.municipality_id != actor.municipality_id:
        raise PermissionDenied
    return item


@transaction.atomic
def add_template_item(*, actor: User, data: Mapping[str, Any]) -> ChecklistTemplateItem:
    """Add a task at the end of the municipality's checklist template."""
    template = checklist_template_for(actor=actor)
    cleaned = _clean_template_item(data)
    last = template.items.aggregate(last=Max("position"))["last"] or 0
    item = ChecklistTemplateItem.objects.create(template=template, position=last + 1, **cleaned)
    audit.record_event(
        actor=actor,
        action="checklist_template.add",
        obj=template,
        municipality=actor.municipality,
        object_repr=item.title,
        changes=audit.created(cleaned),
    )
    return item


@transaction.atomic
def update_template_item(
    *, actor: User, item: ChecklistTemplateItem, data: Mapping[str, Any]
) -> ChecklistTemplateItem:
    """Change a task of the template. Arrivals already registered keep their checklist."""
    _require(actor, "settlement.manage")
    _template_item_of(actor, item)
    cleaned = _clean_template_item(data)
    changes = audit.apply_changes(item, cleaned, TEMPLATE_ITEM_FIELDS)
    if changes:
        audit.record_event(
            actor=actor,
            action="checklist_template.update",
            obj=item.template,
            municipality=actor.municipality,
            object_repr=item.title,
            changes=changes,
        )
    return item


@transaction.atomic
def remove_template_item(*, actor: User, item: ChecklistTemplateItem) -> None:
    _require(actor, "settlement.manage")
    _template_item_of(actor, item)
    audit.record_event(
        actor=actor,
        action="checklist_template.remove",
        obj=item.template,
        municipality=actor.municipality,
        object_repr=item.title,
        changes={"title": {"old": item.title, "new": None}},
    )
    item.delete()


@transaction.atomic
def move_template_item(*, actor: User, item: ChecklistTemplateItem, up: bool) -> None:
    """Move a task one place up or down in the template (the order of new checklists)."""
    _require(actor, "settlement.manage")
    _template_item_of(actor, item)
    items = list(item.template.items.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    ChecklistTemplateItem.objects.bulk_update(items, ["position"])
    audit.record_event(
        actor=actor,
        action="checklist_template.move",
        obj=item.template,
        municipality=actor.municipality,
        object_repr=item.title,
        changes={"position": {"old": index + 1, "new": other + 1}},
    )


# --- arrivals ---------------------------------------------------------------------------------


def _clean_arrival(actor: User, data: Mapping[str, Any]) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "name": cleaning.text(data, "name", 120),
        "notes": cleaning.text(data, "notes"),
        "needs_interpreter": bool(data.get("needs_interpreter")),
    }
    if not cleaned["name"]:
        errors["name"] = _("This field is required.")
    cleaned["expected_on"] = cleaning.date(
        errors,
        data,
        "expected_on",
        required=True,
        message=_("Give the date the household is expected."),
    )
    cleaned["persons"] = _number(errors, data, "persons", low=1, high=rules.MAX_HOUSEHOLD)
    languages = data.get("languages") or []
    if isinstance(languages, str):
        languages = [code.strip() for code in languages.split(",") if code.strip()]
    unknown = [code for code in languages if code not in LANGUAGE_NAMES]
    if unknown:
        errors["languages"] = _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}
    cleaned["languages"] = list(dict.fromkeys(languages))
    household = data.get("household")
    cleaned["household"] = (
        None if household in (None, "") else _household(errors, household, actor.municipality_id)
    )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def register_arrival(*, actor: User, data: Mapping[str, Any]) -> Arrival:
    """Register a household expected on a date, with its checklist copied from the
    municipality's template (due dates counted from the arrival date)."""
    _require(actor, "settlement.manage")
    cleaned = _clean_arrival(actor, data)
    template = checklist_template_for(actor=actor)
    arrival = Arrival.objects.create(
        municipality_id=actor.municipality_id, created_by=actor, **cleaned
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            arrival=arrival,
            position=position,
            title=item.title,
            role=item.role,
            offset_days=item.offset_days,
            due_on=rules.due_date(arrival.expected_on, item.offset_days),
        )
        for position, item in enumerate(template.items.order_by("position", "id"), start=1)
    )
    audit.record_event(
        actor=actor,
        action="arrival.create",
        obj=arrival,
        object_repr=arrival.name,
        changes=audit.created(audit.snapshot(arrival, ARRIVAL_FIELDS)),
    )
    return arrival


@transaction.atomic
def update_arrival(*, actor: User, arrival: Arrival, data: Mapping[str, Any]) -> Arrival:
    """Change an arrival. A new arrival date moves the due dates of the items not yet done."""
    _require(actor, "settlement.change_object", arrival)
    cleaned = _clean_arrival(actor, data)
    arrival = Arrival.objects.select_for_update().get(pk=arrival.pk)
    changes = audit.apply_changes(arrival, cleaned, ARRIVAL_FIELDS)
    if "expected_on" in changes:
        items = list(arrival.items.filter(done_on__isnull=True))
        for item in items:
            item.due_on = rules.due_date(arrival.expected_on, item.offset_days)
        ChecklistItem.objects.bulk_update(items, ["due_on"])
    if changes:
        audit.record_event(
            actor=actor,
            action="arrival.update",
            obj=arrival,
            object_repr=arrival.name,
            changes=changes,
        )
    return arrival


@transaction.atomic
def change_arrival_status(
    *,
    actor: User,
    arrival: Arrival,
    to_status: str,
    on: datetime.date | None = None,
    household=None,
    reason: str = "",
) -> Arrival:
    """Move an arrival as the ARRIVAL table allows: settled (the household has come, on a
    day that has come; optionally linked to its household in the register), cancelled (with
    a reason), or expected again."""
    _require(actor, "settlement.change_object", arrival)
    arrival = Arrival.objects.select_for_update().get(pk=arrival.pk)
    labels = dict(ArrivalStatus.choices)
    if to_status not in ARRIVAL.get(arrival.status, ()):
        raise ValidationError(
            {
                "status": _("An arrival that is «%(from)s» cannot become «%(to)s».")
                % {"from": labels[arrival.status], "to": labels.get(to_status, to_status)}
            }
        )
    errors: dict[str, str] = {}
    reason = (reason or "").strip()[:300]
    if to_status == ArrivalStatus.SETTLED:
        on = on or _today()
        if on > _today():
            errors["on"] = _("The date cannot be in the future.")
        if household in (None, ""):
            household = arrival.household
        else:
            household = _household(errors, household, arrival.municipality_id)
    elif to_status == ArrivalStatus.CANCELLED and not reason:
        errors["reason"] = _("Say why the arrival is cancelled.")
    if errors:
        raise ValidationError(errors)
    old = arrival.status
    arrival.status = to_status
    if to_status == ArrivalStatus.SETTLED:
        arrival.settled_on = on
        arrival.household = household
    elif to_status == ArrivalStatus.CANCELLED:
        arrival.cancel_reason = reason
    else:
        arrival.cancel_reason = ""
    arrival.save()
    audit.record_event(
        actor=actor,
        action=f"arrival.{to_status}",
        obj=arrival,
        object_repr=arrival.name,
        changes={"status": {"old": old, "new": to_status}},
        reason=reason,
    )
    return arrival


# --- the checklist of an arrival --------------------------------------------------------------


@transaction.atomic
def tick_checklist_item(
    *,
    actor: User,
    item: ChecklistItem,
    done: bool,
    on: datetime.date | None = None,
    note: str | None = None,
) -> ChecklistItem:
    """Mark a checklist item done (by the actor, on a day that has come) or not done after
    all, with an optional note. The refugee service and the leader tick any item; a teacher
    or NAV advisor ticks the items of their role or given to them."""
    _require(actor, "settlement.tick_item", item)
    item = ChecklistItem.objects.select_for_update().select_related("arrival").get(pk=item.pk)
    errors: dict[str, str] = {}
    if item.arrival.status == ArrivalStatus.CANCELLED:
        errors["done"] = _("The arrival is cancelled.")
    on = on or _today()
    if done and on > _today():
        errors["on"] = _("The date cannot be in the future.")
    if note is not None and len(note.strip()) > 1000:
        errors["note"] = _("At most 1000 characters.")
    if errors:
        raise ValidationError(errors)
    # Ticked again: the date and who ticked it are the latest tick's, never a mix.
    values: dict[str, Any] = {"done_on": on if done else None, "done_by": actor if done else None}
    if note is not None:
        values["note"] = note.strip()
    changes = audit.apply_changes(item, values, ("done_on", "done_by", "note"))
    if changes:
        audit.record_event(
            actor=actor,
            action="checklist.tick" if item.is_done else "checklist.untick",
            obj=item.arrival,
            object_repr=f"{item.arrival.name}: {item.title}",
            changes=changes,
        )
    return item


@transaction.atomic
def assign_checklist_item(
    *, actor: User, item: ChecklistItem, data: Mapping[str, Any]
) -> ChecklistItem:
    """Give a checklist item to a role and, if wanted, to a colleague who takes part in
    settlement; move its due date. A due date set by hand keeps its distance from the
    arrival date when the arrival moves."""
    _require(actor, "settlement.change_object", item)
    errors: dict[str, str] = {}
    role = data.get("role") or item.role
    if role not in CHECKLIST_ROLES:
        errors["role"] = _("Choose one of the options.")
    responsible = None
    value = data.get("responsible")
    if value not in (None, ""):
        responsible = settlement_colleagues(actor).filter(pk=cleaning.pk(value, User)).first()
        if responsible is None:
            errors["responsible"] = _("Choose a colleague in the municipality.")
    due_on = cleaning.date(errors, data, "due_on", required=False)
    offset_days = item.offset_days
    if due_on is None:
        due_on = item.due_on
    elif "due_on" not in errors:
        offset_days = (due_on - item.arrival.expected_on).days
        if abs(offset_days) > rules.MAX_OFFSET:
            errors["due_on"] = _("The due date must be within a year of the arrival date.")
    if errors:
        raise ValidationError(errors)
    fields = ("role", "responsible", "due_on", "offset_days")
    before = audit.snapshot(item, fields)
    item.role, item.responsible, item.due_on = role, responsible, due_on
    item.offset_days = offset_days
    item.save(update_fields=list(fields))
    changes = audit.diff(before, audit.snapshot(item, fields))
    if changes:
        audit.record_event(
            actor=actor,
            action="checklist.update",
            obj=item.arrival,
            object_repr=f"{item.arrival.name}: {item.title}",
            changes=changes,
        )
    return item
