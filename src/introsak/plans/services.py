"""Writes for plans and IOPs. One transaction each, checked against the rules, audited.

The consultant saves the whole plan at once (goals, sub-goals, measures); every save that
changes something becomes a revision with the plan's full snapshot and the difference from
the revision before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.models import User
from introsak.core.permissions import require as _require
from introsak.decisions import selectors as decision_selectors
from introsak.participants.models import Participant

from . import display, rules
from .models import (
    IPConversation,
    LevelRecord,
    Measure,
    MeasureKind,
    Plan,
    PlanRevision,
    SemesterGoal,
    SubGoal,
    SubGoalStatus,
    TargetLevel,
    TestKind,
    TestResult,
    TrainingPlan,
    TrainingReview,
)

PLAN_FIELDS = ("final_goal", "final_goal_field", "norwegian_target", "heavy_self_study")
SUB_GOAL_FIELDS = ("description", "target_date", "status")
MEASURE_FIELDS = (
    "kind",
    "title",
    "provider",
    "responsible",
    "start_date",
    "end_date",
    "hours_per_week",
)
ADULT_AGE = 18


def _today() -> datetime.date:
    return timezone.localdate()


def _d(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, datetime.date) else value


def rule_message(error: rules.RuleError) -> str:
    p = {k: _d(v) for k, v in error.params.items()}
    messages = {
        "required": _("This field is required."),
        "hours_range": _("Hours a week must be more than 0 and at most %(max)s."),
        "end_before_start": _("The end cannot be before the start."),
        "before_programme": _("The measure cannot start before the programme (%(start)s)."),
        "after_programme": _("It cannot end after the programme ends (%(end)s)."),
        "interpreter_child": _(
            "A person under 18 can never be the interpreter (this person is %(age)s)."
        ),
        "no_level": _("Give the level for at least one skill."),
        "level_range": _("The level must be from A1 to C1."),
    }
    return messages.get(error.code, error.code) % p


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _is_blank(row: Mapping[str, Any]) -> bool:
    return not any(v not in (None, "", False) for k, v in row.items() if k != "id")


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(plan: Plan) -> dict[str, Any]:
    """The whole plan as plain data, as a revision keeps it."""
    return {
        "plan": {name: _json(getattr(plan, name)) for name in PLAN_FIELDS},
        "sub_goals": [
            {"id": g.pk, **{n: _json(getattr(g, n)) for n in SUB_GOAL_FIELDS}}
            for g in plan.sub_goals.order_by("target_date", "id")
        ],
        "measures": [
            {
                "id": m.pk,
                **{
                    n: _json(getattr(m, n if n != "responsible" else "responsible_id"))
                    for n in MEASURE_FIELDS
                },
            }
            for m in plan.measures.filter(is_active=True).order_by("start_date", "kind", "id")
        ],
    }


def _programme_bounds(
    participant: Participant,
) -> tuple[datetime.date | None, datetime.date | None]:
    period = decision_selectors.programme_period(participant)
    if period is None:
        return None, None
    return period.start, period.end


@transaction.atomic
def save_plan(
    *,
    actor: User,
    participant: Participant,
    data: Mapping[str, Any],
    sub_goals: Iterable[Mapping[str, Any]] = (),
    measures: Iterable[Mapping[str, Any]] = (),
    note: str = "",
) -> Plan:
    """Save the consultant's plan (integreringsloven § 15): final goal, Norwegian target,
    sub-goals and measures, as one revision.

    Rows with an `id` change that row; rows without one are new; rows left out are removed
    (a measure is kept inactive, since attendance will refer to it).
    """
    _require(actor, "plans.change_plan", participant)
    errors: dict[str, str] = {}
    values = {k: _strip(data.get(k)) for k in PLAN_FIELDS if k in data}
    from introsak.decisions.models import FinalGoal

    if values.get("final_goal") not in FinalGoal.values:
        errors["final_goal"] = _("Choose a final goal.")
    if values.get("norwegian_target") not in TargetLevel.values:
        errors["norwegian_target"] = _("Choose a level from A1 to C1.")
    period_start, period_end = _programme_bounds(participant)

    goal_rows = [{k: _strip(v) for k, v in row.items()} for row in sub_goals]
    goal_rows = [row for row in goal_rows if not _is_blank(row)]
    for index, row in enumerate(goal_rows):
        if not row.get("description"):
            errors[f"sub_goals.{index}.description"] = _("This field is required.")
        if row.get("status") and row["status"] not in SubGoalStatus.values:
            errors[f"sub_goals.{index}.status"] = _("Choose a status.")
        try:
            rules.check_sub_goal(target_date=row.get("target_date"), period_end=period_end)
        except rules.RuleError as exc:
            errors[f"sub_goals.{index}.{exc.field}"] = rule_message(exc)

    measure_rows = [{k: _strip(v) for k, v in row.items()} for row in measures]
    measure_rows = [row for row in measure_rows if not _is_blank(row)]
    existing = Plan.objects.filter(participant=participant).first()
    known = {
        "sub_goals": set(existing.sub_goals.values_list("pk", flat=True)) if existing else set(),
        "measures": set(existing.measures.filter(is_active=True).values_list("pk", flat=True))
        if existing
        else set(),
    }
    for section, section_rows in (("sub_goals", goal_rows), ("measures", measure_rows)):
        for index, row in enumerate(section_rows):
            if row.get("id") and row["id"] not in known[section]:
                # A stale or foreign id must not quietly become a new row.
                errors[f"{section}.{index}.id"] = _("This row is not part of the plan.")
    for index, row in enumerate(measure_rows):
        if row.get("kind") not in MeasureKind.values:
            errors[f"measures.{index}.kind"] = _("Choose a kind of measure.")
        if not row.get("provider"):
            errors[f"measures.{index}.provider"] = _("This field is required.")
        hours = row.get("hours_per_week")
        if hours not in (None, "") and not isinstance(hours, Decimal):
            try:
                row["hours_per_week"] = Decimal(str(hours))
            except InvalidOperation:
                errors[f"measures.{index}.hours_per_week"] = _("Write a number of hours.")
                continue
        responsible = row.get("responsible")
        if responsible and responsible.municipality_id != participant.municipality_id:
            errors[f"measures.{index}.responsible"] = _("Choose a person in your municipality.")
        try:
            rules.check_measure(
                start=row.get("start_date"),
                end=row.get("end_date"),
                hours=row.get("hours_per_week"),
                period_start=period_start,
                period_end=period_end,
            )
        except rules.RuleError as exc:
            errors[f"measures.{index}.{exc.field}"] = rule_message(exc)
    if errors:
        raise ValidationError(errors)

    plan = Plan.objects.select_for_update().filter(participant=participant).first()
    creating = plan is None
    if creating:
        plan = Plan(municipality_id=participant.municipality_id, participant=participant)
    before = None if creating else snapshot(plan)
    for key, value in values.items():
        setattr(plan, key, value)
    plan.save()

    _sync_rows(plan.sub_goals.all(), SubGoal, goal_rows, SUB_GOAL_FIELDS, plan=plan, extra={})
    _sync_rows(
        plan.measures.filter(is_active=True),
        Measure,
        measure_rows,
        MEASURE_FIELDS,
        plan=plan,
        extra={"municipality_id": plan.municipality_id},
        soft_delete=True,
    )

    after = snapshot(plan)
    changes = rules.diff_snapshots(before, after)
    if not changes:
        return plan
    last = plan.revisions.order_by("-number").first()
    revision = PlanRevision.objects.create(
        plan=plan,
        number=(last.number + 1) if last else 1,
        created_by=actor,
        note=(note or "").strip()[:300],
        snapshot=after,
        changes=changes,
    )
    audit.record_event(
        actor=actor,
        action="plan.create" if creating else "plan.revise",
        obj=plan,
        participant_id=participant.pk,
        changes={
            "revision": {"old": last.number if last else None, "new": revision.number},
            "changes": {
                "old": None,
                "new": display.as_sentences(
                    display.readable_changes(changes, old=before, new=after)
                ),
            },
        },
        reason=revision.note,
    )
    return plan


def _sync_rows(queryset, model, rows, fields, *, plan, extra, soft_delete=False):
    """Make the plan's rows what the form sent: change, add, and remove the rest."""
    existing = {obj.pk: obj for obj in queryset}
    kept = set()
    for row in rows:
        obj = existing.get(row.get("id")) or model(plan=plan, **extra)
        for name in fields:
            if name in row:
                value = row[name]
                # An empty text field is "", never NULL.
                if value is None and model._meta.get_field(name).get_internal_type() in (
                    "CharField",
                    "TextField",
                ):
                    value = ""
                setattr(obj, name, value)
        if model is SubGoal and not obj.status:
            obj.status = SubGoalStatus.PLANNED
        obj.save()
        kept.add(obj.pk)
    for pk, obj in existing.items():
        if pk in kept:
            continue
        if soft_delete:
            obj.is_active = False
            obj.save(update_fields=["is_active"])
        else:
            obj.delete()


@transaction.atomic
def record_conversation(
    *, actor: User, participant: Participant, data: Mapping[str, Any]
) -> IPConversation:
    """Record an IP conversation. With an interpreter, the language, the way they took part,
    whether they are qualified, and that they are an adult are recorded."""
    _require(actor, "plans.change_plan", participant)
    plan = Plan.objects.select_for_update().filter(participant=participant).first()
    if plan is None:
        raise ValidationError({"__all__": _("Make the plan before recording a conversation.")})
    values = {k: _strip(v) for k, v in data.items()}
    errors: dict[str, str] = {}
    held_on, next_review = values.get("held_on"), values.get("next_review_on")
    today = _today()
    for name in ("held_on", "attendees", "summary", "next_review_on"):
        if not values.get(name):
            errors[name] = _("This field is required.")
    if held_on and held_on > today:
        errors["held_on"] = _("The conversation cannot be dated in the future.")
    if held_on and next_review and next_review <= held_on:
        errors["next_review_on"] = _("The next review must come after this conversation.")
    if values.get("interpreter_used"):
        if not values.get("interpreter_language"):
            errors["interpreter_language"] = _("Say which language the interpreter used.")
        if not values.get("interpreter_mode"):
            errors["interpreter_mode"] = _("Say whether the interpreter was present or remote.")
        if not values.get("interpreter_name"):
            errors["interpreter_name"] = _("This field is required.")
        if held_on:
            try:
                rules.check_interpreter(
                    birth_date=values.get("interpreter_birth_date"), on=held_on, adult_age=ADULT_AGE
                )
            except rules.RuleError as exc:
                errors[exc.field] = rule_message(exc)
    if errors:
        raise ValidationError(errors)
    if not values.get("interpreter_used"):
        for name in ("interpreter_language", "interpreter_name", "interpreter_mode"):
            values[name] = ""
        values["interpreter_birth_date"] = None
        values["interpreter_qualified"] = False
    fields = {f.name for f in IPConversation._meta.concrete_fields}
    conversation = IPConversation.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        recorded_by=actor,
        **{k: v for k, v in values.items() if k in fields and k not in ("id", "plan")},
    )
    plan.next_review_on = conversation.next_review_on
    plan.save(update_fields=["next_review_on", "updated_at"])
    if conversation.acknowledged:
        latest = plan.revisions.order_by("-number").first()
        if latest and latest.acknowledged_on is None:
            latest.acknowledged_on = conversation.held_on
            latest.acknowledged_at_conversation = conversation
            latest.save(update_fields=["acknowledged_on", "acknowledged_at_conversation"])
    audit.record_event(
        actor=actor,
        action="plan.conversation",
        obj=conversation,
        participant_id=participant.pk,
        changes=audit.created(
            audit.snapshot(
                conversation,
                (
                    "held_on",
                    "attendees",
                    "interpreter_used",
                    "interpreter_language",
                    "interpreter_name",
                    "interpreter_qualified",
                    "interpreter_mode",
                    "next_review_on",
                    "acknowledged",
                ),
            )
        ),
    )
    return conversation


# --- the IOP ----------------------------------------------------------------------------


def _training_plan(actor: User, participant: Participant) -> TrainingPlan:
    _require(actor, "plans.change_training_plan", participant)
    plan, _created = TrainingPlan.objects.get_or_create(
        participant=participant, defaults={"municipality_id": participant.municipality_id}
    )
    return plan


@transaction.atomic
def record_level(*, actor: User, participant: Participant, data: Mapping[str, Any]) -> LevelRecord:
    """The teacher's judgement of the Norwegian level per skill."""
    iop = _training_plan(actor, participant)
    errors = {}
    if not data.get("recorded_on"):
        errors["recorded_on"] = _("This field is required.")
    elif data["recorded_on"] > _today():
        errors["recorded_on"] = _("The date cannot be in the future.")
    from introsak.participants.models import CefrLevel

    for skill in ("listening", "reading", "writing", "oral"):
        if not data.get(skill):
            errors[skill] = _("This field is required.")
        elif data[skill] not in CefrLevel.values:
            errors[skill] = _("Choose one of the levels.")
    if errors:
        raise ValidationError(errors)
    record = LevelRecord.objects.create(
        training_plan=iop,
        recorded_by=actor,
        **{k: data[k] for k in ("recorded_on", "listening", "reading", "writing", "oral")},
    )
    audit.record_event(
        actor=actor,
        action="iop.level",
        obj=record,
        participant_id=participant.pk,
        object_repr=str(participant),
        changes=audit.created(
            audit.snapshot(record, ("recorded_on", "listening", "reading", "writing", "oral"))
        ),
    )
    return record


@transaction.atomic
def set_main_goal(
    *, actor: User, participant: Participant, data: Mapping[str, Any]
) -> TrainingPlan:
    """The IOP's main goal for the Norwegian training and when it should be reached; the
    teacher adjusts it in the IOP conversation when needed (Karasjok's plan)."""
    iop = _training_plan(actor, participant)
    errors: dict[str, str] = {}
    goal = cleaning.text(data, "main_goal")
    cleaning.required(errors, data, ["main_goal"])
    by = cleaning.date(errors, data, "main_goal_by")
    if by and by < _today():
        errors["main_goal_by"] = _("The date has passed. Give a date ahead, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    changes = audit.apply_changes(
        iop, {"main_goal": goal, "main_goal_by": by or None}, ("main_goal", "main_goal_by")
    )
    if changes:
        audit.record_event(
            actor=actor,
            action="iop.main_goal",
            obj=iop,
            participant_id=participant.pk,
            object_repr=str(participant),
            changes=changes,
        )
    return iop


@transaction.atomic
def save_semester_goals(
    *, actor: User, participant: Participant, goals: Iterable[Mapping[str, Any]]
) -> TrainingPlan:
    iop = _training_plan(actor, participant)
    rows = [{k: _strip(v) for k, v in g.items()} for g in goals]
    rows = [r for r in rows if not _is_blank(r)]
    errors = {}
    for index, row in enumerate(rows):
        if not row.get("description"):
            errors[f"goals.{index}.description"] = _("This field is required.")
        semester = row.get("semester") or ""
        if len(semester) != 5 or semester[0] not in "VH" or not semester[1:].isdigit():
            errors[f"goals.{index}.semester"] = _("Write the semester as V2027 or H2026.")
        if row.get("status") and row["status"] not in SubGoalStatus.values:
            errors[f"goals.{index}.status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    before = [
        {"semester": g.semester, "description": g.description, "status": g.status}
        for g in iop.goals.all()
    ]
    existing = {g.pk: g for g in iop.goals.all()}
    kept = set()
    for row in rows:
        goal = existing.get(row.get("id")) or SemesterGoal(training_plan=iop)
        goal.semester, goal.description = row["semester"], row["description"]
        goal.status = row.get("status") or goal.status or SubGoalStatus.PLANNED
        goal.save()
        kept.add(goal.pk)
    iop.goals.exclude(pk__in=kept).delete()
    after = [
        {"semester": g.semester, "description": g.description, "status": g.status}
        for g in iop.goals.all()
    ]
    if before != after:
        audit.record_event(
            actor=actor,
            action="iop.goals",
            obj=iop,
            participant_id=participant.pk,
            changes={"goals": {"old": before, "new": after}},
        )
    return iop


@transaction.atomic
def record_training_review(
    *, actor: User, participant: Participant, data: Mapping[str, Any]
) -> TrainingReview:
    """The IOP conversation: at least once a semester (the cooperation plan)."""
    iop = _training_plan(actor, participant)
    errors = {}
    if not data.get("held_on"):
        errors["held_on"] = _("This field is required.")
    elif data["held_on"] > _today():
        errors["held_on"] = _("The date cannot be in the future.")
    if not _strip(data.get("summary")):
        errors["summary"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    review = TrainingReview.objects.create(
        training_plan=iop,
        reviewed_by=actor,
        held_on=data["held_on"],
        summary=data["summary"].strip(),
    )
    audit.record_event(
        actor=actor,
        action="iop.review",
        obj=review,
        participant_id=participant.pk,
        object_repr=str(participant),
        changes=audit.created({"held_on": review.held_on.isoformat(), "summary": review.summary}),
    )
    return review


@transaction.atomic
def record_test_result(
    *, actor: User, participant: Participant, data: Mapping[str, Any]
) -> TestResult:
    """A Norwegian test (level A1–C1 per skill) or the social studies test (passed or not)."""
    iop = _training_plan(actor, participant)
    errors = {}
    kind = data.get("kind")
    if kind not in TestKind.values:
        errors["kind"] = _("Choose the test.")
    if not data.get("taken_on"):
        errors["taken_on"] = _("This field is required.")
    elif data["taken_on"] > _today():
        errors["taken_on"] = _("The date cannot be in the future.")
    levels = {s: data.get(s) or "" for s in ("listening", "reading", "writing", "oral")}
    if kind == TestKind.NORWEGIAN:
        try:
            rules.check_test_levels(levels, TargetLevel.values)
        except rules.RuleError as exc:
            errors[exc.field] = rule_message(exc)
    elif kind == TestKind.SOCIAL_STUDIES and data.get("passed") is None:
        errors["passed"] = _("Say whether the test was passed.")
    if kind == TestKind.NORWEGIAN and data.get("passed") is not None:
        errors["passed"] = _("The Norwegian test gives levels, not passed or failed.")
    if kind == TestKind.SOCIAL_STUDIES and any(data.get(s) for s in levels):
        errors["listening"] = _("The social studies test has no levels.")
    if errors:
        raise ValidationError(errors)
    result = TestResult.objects.create(
        training_plan=iop,
        recorded_by=actor,
        kind=kind,
        taken_on=data["taken_on"],
        passed=data.get("passed") if kind == TestKind.SOCIAL_STUDIES else None,
        **(levels if kind == TestKind.NORWEGIAN else {}),
    )
    audit.record_event(
        actor=actor,
        action="iop.test",
        obj=result,
        participant_id=participant.pk,
        object_repr=str(participant),
        changes=audit.created(
            audit.snapshot(
                result, ("kind", "taken_on", "listening", "reading", "writing", "oral", "passed")
            )
        ),
    )
    return result
