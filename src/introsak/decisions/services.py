"""Writes for decisions and appeals. One transaction each; each checks the policy, the
workflow table and the law's rules, and writes its own audit event.

A decision is checked when it is saved as a draft (early feedback) and again when it is
approved (the authoritative check: other decisions may have been approved meanwhile).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.models import User
from introsak.core.permissions import require as _require
from introsak.participants.models import Participant, PermitGround
from introsak.participants.rules import age_on

from . import rules, selectors, workflow
from .models import (
    IN_FORCE,
    PENDING,
    Appeal,
    AppealOutcome,
    Decision,
    DecisionType,
    EligibilityOutcome,
    LetterTemplate,
    SuspensionKind,
)
from .workflow import Action

# What each decision type records besides its facts and reasons.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    DecisionType.ELIGIBILITY: ("eligibility_outcome",),
    DecisionType.GRANT: (
        "start_date",
        "end_date",
        "track",
        "final_goal",
        "final_goal_detail",
        "measures_outline",
    ),
    DecisionType.EXTENSION: ("start_date", "end_date"),
    DecisionType.LEAVE: ("leave_type", "start_date", "end_date"),
    DecisionType.SUSPENSION: ("suspension_kind", "start_date", "end_date"),
    DecisionType.END: ("start_date", "end_kind", "main_activity_after"),
    DecisionType.DEDUCTION: ("start_date", "end_date", "amount"),
    DecisionType.RECOVERY: ("amount",),
}
COMMON_FIELDS = ("facts", "reasons")
AUDITED = (
    "decision_type",
    "status",
    "legal_basis",
    "legal_reference",
    "start_date",
    "end_date",
    "eligibility_outcome",
    "track",
    "final_goal",
    "final_goal_detail",
    "measures_outline",
    "leave_type",
    "suspension_kind",
    "end_kind",
    "main_activity_after",
    "amount",
    "facts",
    "reasons",
    "replaces",
    "approved_by",
    "sent_on",
)

# Permits that give right and duty under integreringsloven § 9.
RIGHT_AND_DUTY_PERMITS = {
    PermitGround.REFUGEE,
    PermitGround.RESETTLEMENT,
    PermitGround.HUMANITARIAN,
    PermitGround.COLLECTIVE,
    PermitGround.FAMILY,
}


def _d(day: datetime.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def rule_message(error: rules.RuleError) -> str:
    p = {k: _d(v) if isinstance(v, datetime.date) else v for k, v in error.params.items()}
    messages = {
        "required": _("This field is required."),
        "before_settlement": _(
            "The programme cannot start before the participant settled (%(settlement)s)."
        ),
        "end_before_start": _("The end cannot be before the start."),
        "no_rule": _("No programme length is registered for this track and legal basis."),
        "too_short": _("The programme must last at least %(months)s months (to %(earliest)s)."),
        "too_long": _(
            "The track allows at most %(months)s months before an extension (to %(latest)s)."
        ),
        "no_programme": _("The participant has no granted programme."),
        "programme_ended": _(
            "The programme ends on %(end)s by an end decision. Change that decision first."
        ),
        "after_planned_end": _(
            "The last day cannot be after the planned end (%(end)s). Extend the programme first."
        ),
        "not_later": _("The new end must be after the current planned end (%(current)s)."),
        "beyond_maximum": _(
            "The track allows at most %(months)s months with extension (to %(latest)s)."
        ),
        "outside_programme": _("The period must start within the programme (%(start)s–%(end)s)."),
        "overlap": _("Overlaps another leave or suspension (%(start)s–%(end)s)."),
        "leave_too_long_days": _(
            "This leave may last at most %(max)s days; the period has %(length)s."
        ),
        "leave_too_long_months": _("This leave may last at most %(max)s months."),
        "suspension_too_long": _("A temporary suspension may last at most %(max)s months."),
    }
    p.setdefault("end", p.get("end") or "…")
    return messages.get(error.code, error.code) % p


def _today() -> datetime.date:
    return timezone.localdate()


def _lock_and_refresh(decision: Decision) -> None:
    """Lock the row for this transaction and bring the caller's object up to date, so that
    the caller keeps working with one object that says what is stored."""
    list(Decision.objects.select_for_update().filter(pk=decision.pk).values_list("pk"))
    decision.refresh_from_db()


def _clean_fields(decision_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    allowed = (*TYPE_FIELDS[decision_type], *COMMON_FIELDS)
    cleaned = {}
    for key in allowed:
        if key in data:
            value = data[key]
            cleaned[key] = value.strip() if isinstance(value, str) else value
    return cleaned


def validate(decision: Decision, *, today: datetime.date | None = None) -> None:
    """Check a decision against the law and the participant's other decisions.

    Raises ValidationError({field: message}). Pure rules live in `rules.py`; this gathers
    their inputs (the period from the decisions in force, the dated tables)."""
    today = today or _today()
    participant = decision.participant
    kind = decision.decision_type
    errors: dict[str, str] = {}
    required = {
        DecisionType.ELIGIBILITY: ("eligibility_outcome",),
        DecisionType.GRANT: ("track", "final_goal"),
        DecisionType.LEAVE: ("leave_type",),
        DecisionType.SUSPENSION: ("suspension_kind",),
        DecisionType.END: ("end_kind",),
        DecisionType.DEDUCTION: ("amount",),
        DecisionType.RECOVERY: ("amount",),
    }.get(kind, ())
    for name in (*required, "reasons"):
        if not getattr(decision, name if name != "leave_type" else "leave_type_id"):
            errors[name] = _("This field is required.")
    for name in (
        "eligibility_outcome",
        "track",
        "final_goal",
        "suspension_kind",
        "end_kind",
        "main_activity_after",
    ):
        value = getattr(decision, name)
        if value and value not in dict(Decision._meta.get_field(name).flatchoices):
            errors[name] = _("Choose one of the options.")
    if decision.amount is not None and decision.amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    try:
        _check_by_type(decision, today=today)
    except rules.RuleError as exc:
        errors.setdefault(exc.field, rule_message(exc))
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages[0])
    if (
        kind == DecisionType.GRANT
        and participant.decisions.filter(decision_type=DecisionType.GRANT, status__in=IN_FORCE)
        .exclude(pk=decision.pk)
        .exclude(pk=getattr(decision.replaces, "pk", None))
        .exists()
    ):
        errors.setdefault(
            "start_date",
            _(
                "The participant already has a granted programme. Change it with a new decision "
                "that replaces it."
            ),
        )
    if errors:
        raise ValidationError(errors)


def _check_by_type(decision: Decision, *, today: datetime.date) -> None:
    participant = decision.participant
    kind = decision.decision_type
    exclude = decision.replaces if decision.replaces_id else None
    in_force = [
        d
        for d in selectors.decisions_in_force(participant, exclude=decision)
        if exclude is None or d.pk != exclude.pk
    ]
    params = selectors.Parameters()
    period = selectors.programme_period(decisions=in_force, params=params)
    grant = selectors.grant_of(in_force)

    if kind == DecisionType.ELIGIBILITY:
        if decision.eligibility_outcome == EligibilityOutcome.RIGHT_AND_DUTY:
            on = participant.permit_date or today
            age = age_on(participant.birth_date, on) if participant.permit_date else None
            if not rules.has_right_and_duty(
                age_at_permit=age,
                min_age=params.value("right_and_duty_min_age", on),
                max_age=params.value("right_and_duty_max_age", on),
                permit_gives_right=participant.permit_ground in RIGHT_AND_DUTY_PERMITS,
            ):
                raise ValidationError(
                    {
                        "eligibility_outcome": _(
                            "The participant does not have right and duty: it needs a permit "
                            "ground under integreringsloven § 9 and an age within the limits "
                            "when the permit was granted. Register the permit date and ground, "
                            "or choose «offered by the municipality» or «refused»."
                        )
                    }
                )
    elif kind == DecisionType.GRANT:
        rule = (
            selectors.track_rule(decision.legal_basis, decision.track, decision.start_date)
            if decision.track and decision.start_date
            else None
        )
        rules.check_grant(
            start=decision.start_date,
            planned_end=decision.end_date,
            settlement_date=participant.settlement_date,
            rule=rule,
        )
    elif kind == DecisionType.EXTENSION:
        rule = (
            selectors.track_rule(grant.legal_basis, grant.track, grant.start_date)
            if grant
            else None
        )
        rules.check_extension(new_end=decision.end_date, period=period, rule=rule)
    elif kind in (DecisionType.LEAVE, DecisionType.SUSPENSION):
        permanent = decision.suspension_kind == SuspensionKind.PERMANENT
        others = [
            (d.start_date, None if d.suspension_kind == SuspensionKind.PERMANENT else d.end_date)
            for d in participant.decisions.filter(
                decision_type__in=selectors.PAUSE_TYPES, status__in=(*IN_FORCE, *PENDING)
            )
            .exclude(pk=decision.pk)
            .exclude(pk=getattr(exclude, "pk", None))
            if d.start_date
        ]
        rules.check_pause(
            start=decision.start_date,
            end=decision.end_date,
            period=period,
            others=others,
            open_ended=permanent,
        )
        if kind == DecisionType.LEAVE and decision.leave_type_id:
            leave_type = decision.leave_type
            if leave_type.legal_basis != decision.legal_basis or (
                leave_type.municipality_id not in (None, decision.municipality_id)
            ):
                raise ValidationError(
                    {"leave_type": _("Choose a leave type for this participant's legal basis.")}
                )
            rules.check_leave_length(
                start=decision.start_date,
                end=decision.end_date,
                rule=rules.LeaveRule(leave_type.max_length, leave_type.length_unit),
                is_holiday=selectors.is_public_holiday,
            )
        if kind == DecisionType.SUSPENSION and decision.suspension_kind == (
            SuspensionKind.TEMPORARY
        ):
            rules.check_temporary_suspension(
                start=decision.start_date,
                end=decision.end_date,
                max_months=params.value("temporary_suspension_max_months", decision.start_date),
            )
        if permanent:
            decision.end_date = None
    elif kind == DecisionType.END:
        rules.check_end(last_day=decision.start_date, period=period)
    elif (
        kind == DecisionType.DEDUCTION
        and decision.start_date
        and decision.end_date
        and decision.end_date < decision.start_date
    ):
        raise rules.RuleError("end_date", "end_before_start")


@transaction.atomic
def draft_decision(
    *,
    actor: User,
    participant: Participant,
    decision_type: str,
    data: Mapping[str, Any],
    replaces: Decision | None = None,
) -> Decision:
    """The consultant drafts a decision for the participant; it is checked at once."""
    _require(actor, "decisions.draft_decision", participant)
    if decision_type not in DecisionType.values:
        raise ValidationError({"decision_type": _("Choose a type of decision.")})
    if replaces is not None:
        if replaces.participant_id != participant.pk or replaces.status not in IN_FORCE:
            raise ValidationError({"replaces": _("Only a decision in force can be changed.")})
        decision_type = replaces.decision_type
    today = _today()
    decision = Decision(
        municipality_id=participant.municipality_id,
        participant=participant,
        decision_type=decision_type,
        legal_basis=participant.legal_basis,
        drafted_by=actor,
        replaces=replaces,
        **_clean_fields(decision_type, data),
    )
    decision.legal_reference = selectors.legal_reference(
        decision_type, decision.legal_basis, decision.start_date or today
    )
    validate(decision, today=today)
    decision.save()
    audit.record_event(
        actor=actor,
        action="decision.draft",
        obj=decision,
        participant_id=participant.pk,
        changes=audit.created(audit.snapshot(decision, AUDITED)),
    )
    return decision


@transaction.atomic
def update_draft(*, actor: User, decision: Decision, data: Mapping[str, Any]) -> Decision:
    """Change a draft. A decision that has left the draft state is never changed: the
    workflow returns it to draft, or a new decision replaces it."""
    _require(actor, "decisions.draft_decision", decision.participant)
    _lock_and_refresh(decision)
    if not decision.editable:
        raise ValidationError(
            {
                "__all__": _(
                    "Only a draft can be changed. A decision that has been approved or sent is "
                    "changed by a new decision."
                )
            }
        )
    before = audit.snapshot(decision, AUDITED)
    for key, value in _clean_fields(decision.decision_type, data).items():
        setattr(decision, key, value)
    decision.legal_reference = selectors.legal_reference(
        decision.decision_type, decision.legal_basis, decision.start_date or _today()
    )
    validate(decision)
    changes = audit.diff(before, audit.snapshot(decision, AUDITED))
    if changes:
        decision.save()
        audit.record_event(
            actor=actor,
            action="decision.update",
            obj=decision,
            participant_id=decision.participant_id,
            changes=changes,
        )
    return decision


def _check_step_allowed(actor: User, decision: Decision, action: str) -> None:
    """Refuse a step the actor's role may not take before looking at what was typed."""
    _require(actor, "decisions.view_decision", decision)
    try:
        workflow.check_transition(
            status=decision.status,
            action=action,
            role=actor.role,
            is_drafter=decision.drafted_by_id == actor.pk,
        )
    except workflow.TransitionError as exc:
        if exc.code == "role":
            raise PermissionDenied(TRANSITION_MESSAGES[exc.code]()) from None
        raise ValidationError({"__all__": TRANSITION_MESSAGES[exc.code]()}) from None


TRANSITION_MESSAGES = {
    "not_allowed": lambda: _("This step is not possible from the decision's present state."),
    "role": lambda: _("Your role cannot take this step."),
    "own_decision": lambda: _("You drafted this decision, so another leader must approve it."),
}


@transaction.atomic
def take_action(
    *,
    actor: User,
    decision: Decision,
    action: str,
    comment: str = "",
    today: datetime.date | None = None,
) -> Decision:
    """Move a decision along the workflow table (workflow.TRANSITIONS), audited.

    Approval re-checks the decision against the law and the decisions approved meanwhile;
    sending produces the letter (PDF/A) that is kept with the decision.
    """
    _require(actor, "decisions.view_decision", decision)
    _lock_and_refresh(decision)
    try:
        transition = workflow.check_transition(
            status=decision.status,
            action=action,
            role=actor.role,
            is_drafter=decision.drafted_by_id == actor.pk,
        )
    except workflow.TransitionError as exc:
        if exc.code == "role":
            raise PermissionDenied(TRANSITION_MESSAGES[exc.code]()) from None
        raise ValidationError({"__all__": TRANSITION_MESSAGES[exc.code]()}) from None
    today = today or _today()
    before = decision.status
    if action == Action.APPROVE:
        validate(decision, today=today)
        decision.approved_by = actor
        # A step recorded for an earlier day (registering past cases) is dated that day.
        now = timezone.localtime()
        decision.decided_at = (
            now
            if today == now.date()
            else now.replace(year=today.year, month=today.month, day=today.day)
        )
        decision.return_comment = ""
    elif action == Action.RETURN:
        if not comment.strip():
            raise ValidationError({"comment": _("Say what the drafter should change.")})
        decision.return_comment = comment.strip()
    elif action == Action.SEND:
        decision.sent_on = today
    decision.status = transition.target
    decision.save()
    if action == Action.SEND:
        from .letters import store_letters

        store_letters(decision)
    audit.record_event(
        actor=actor,
        action=f"decision.{action}",
        obj=decision,
        participant_id=decision.participant_id,
        changes={"status": {"old": before, "new": decision.status}},
        reason=comment.strip(),
    )
    if decision.status in IN_FORCE or before in IN_FORCE:
        # The status is what the decisions say now, whatever date the step was taken on.
        refresh_participant_status(participant=decision.participant, actor=actor, today=_today())
    return decision


@transaction.atomic
def refresh_participant_status(
    *, participant: Participant, actor: User | None, today: datetime.date
) -> Participant:
    """Set the participant's status to what the decisions in force say today."""
    decisions = selectors.decisions_in_force(participant)
    period = selectors.programme_period(decisions=decisions)
    status = rules.status_on(
        today,
        period=period,
        pauses=selectors.pauses_of(decisions),
        end_kind=selectors.end_kind_of(decisions),
    )
    if status is None or status == participant.status:
        return participant
    old = participant.status
    Participant.objects.filter(pk=participant.pk).update(status=status)
    participant.status = status
    audit.record_event(
        actor=actor,
        action="participant.status.follow_decisions",
        obj=participant,
        participant_id=participant.pk,
        changes={"status": {"old": old, "new": status}},
        reason=_("The status follows the decisions in force."),
    )
    return participant


@transaction.atomic
def register_appeal(
    *,
    actor: User,
    decision: Decision,
    received_on: datetime.date | None,
    grounds: str,
    today: datetime.date | None = None,
) -> Appeal:
    """Register an appeal against a sent decision (forvaltningsloven §§ 28–29)."""
    today = today or _today()
    _check_step_allowed(actor, decision, Action.APPEAL)
    errors = {}
    if received_on is None:
        errors["received_on"] = _("This field is required.")
    elif received_on > today:
        errors["received_on"] = _("The date cannot be in the future.")
    elif decision.sent_on and received_on < decision.sent_on:
        errors["received_on"] = _("The appeal cannot be received before the letter was sent.")
    if not (grounds or "").strip():
        errors["grounds"] = _("Write what the participant disagrees with.")
    if errors:
        raise ValidationError(errors)
    take_action(actor=actor, decision=decision, action=Action.APPEAL, today=today)
    params = selectors.Parameters()
    deadline = rules.appeal_deadline(decision.sent_on, params.value("appeal_weeks", today))
    appeal = Appeal.objects.create(
        municipality_id=decision.municipality_id,
        decision=decision,
        received_on=received_on,
        grounds=grounds.strip(),
        filed_in_time=received_on <= deadline,
        handling_deadline=rules.add_months(
            received_on, params.value("appeal_handling_months", today)
        ),
        registered_by=actor,
    )
    audit.record_event(
        actor=actor,
        action="appeal.register",
        obj=appeal,
        participant_id=decision.participant_id,
        changes=audit.created(
            audit.snapshot(appeal, ("received_on", "grounds", "filed_in_time", "handling_deadline"))
        ),
    )
    return appeal


APPEAL_STEPS = {
    Action.REVERSE: AppealOutcome.REVERSED_BY_MUNICIPALITY,
    Action.WITHDRAW: AppealOutcome.WITHDRAWN,
    Action.UPHOLD: AppealOutcome.UPHELD,
    Action.OVERTURN: AppealOutcome.REVERSED,
}


@transaction.atomic
def handle_appeal(
    *,
    actor: User,
    appeal: Appeal,
    action: str,
    on: datetime.date | None,
    note: str = "",
    today: datetime.date | None = None,
) -> Appeal:
    """Forward an appeal to Statsforvalteren, or record how it ended."""
    today = today or _today()
    if action != Action.FORWARD and action not in APPEAL_STEPS:
        raise ValidationError({"action": _("This step is not an appeal step.")})
    if not appeal.is_open:
        raise ValidationError({"action": _("The appeal is already closed.")})
    _check_step_allowed(actor, appeal.decision, action)
    if on is None:
        raise ValidationError({"on": _("This field is required.")})
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < appeal.received_on:
        raise ValidationError({"on": _("The date cannot be before the appeal was received.")})
    take_action(actor=actor, decision=appeal.decision, action=action, comment=note, today=today)
    before = audit.snapshot(appeal, ("forwarded_on", "outcome", "outcome_on", "outcome_note"))
    if action == Action.FORWARD:
        appeal.forwarded_on = on
    else:
        appeal.outcome = APPEAL_STEPS[action]
        appeal.outcome_on = on
        appeal.outcome_note = note.strip()
    appeal.save()
    audit.record_event(
        actor=actor,
        action=f"appeal.{action}",
        obj=appeal,
        participant_id=appeal.decision.participant_id,
        changes=audit.diff(
            before,
            audit.snapshot(appeal, ("forwarded_on", "outcome", "outcome_on", "outcome_note")),
        ),
    )
    return appeal


@transaction.atomic
def save_letter_template(*, actor: User, decision_type: str, body: str) -> LetterTemplate:
    """The administrator sets the municipality's own wording of a letter type."""
    _require(actor, "decisions.edit_letter_templates")
    from django.template import Template, TemplateSyntaxError

    if decision_type not in DecisionType.values:
        raise ValidationError({"decision_type": _("Choose a type of decision.")})
    if not (body or "").strip():
        raise ValidationError({"body": _("This field is required.")})
    try:
        Template("{% load i18n l10n %}" + body)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            {"body": _("The template has an error: %(error)s") % {"error": exc}}
        ) from None
    template, created = LetterTemplate.objects.get_or_create(
        municipality_id=actor.municipality_id,
        decision_type=decision_type,
        language="nb",
        defaults={"body": body, "updated_by": actor},
    )
    old = "" if created else template.body
    if not created:
        template.body, template.updated_by = body, actor
        template.save()
    audit.record_event(
        actor=actor,
        action="letter_template.save",
        obj=template,
        changes={"body": {"old": old or None, "new": body}},
    )
    return template


@transaction.atomic
def reset_letter_template(*, actor: User, decision_type: str) -> None:
    """Go back to the shipped wording."""
    _require(actor, "decisions.edit_letter_templates")
    template = LetterTemplate.objects.filter(
        municipality_id=actor.municipality_id, decision_type=decision_type, language="nb"
    ).first()
    if template is None:
        return
    audit.record_event(
        actor=actor,
        action="letter_template.reset",
        obj=template,
        changes={"body": {"old": template.body, "new": None}},
    )
    template.delete()
