"""The audit trail in words: what a leader reads instead of column names, codes and ids.

Events store raw values (the evidence); this turns them into labels when shown. One query
per kind of object named on the page (people, households, leave types), whatever the count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from introsak.participants.rules import format_account_number, format_national_id

ACTION_LABELS = {
    "participant.create": gettext_lazy("Registered"),
    "participant.update": gettext_lazy("Changed"),
    "participant.bank_account.change": gettext_lazy("Bank account changed"),
    "participant.language.add": gettext_lazy("Language added"),
    "participant.language.remove": gettext_lazy("Language removed"),
    "participant.login.link": gettext_lazy("Login linked"),
    "participant.status.follow_decisions": gettext_lazy("Status follows the decisions"),
    "household.create": gettext_lazy("Household created"),
    "household.member.add": gettext_lazy("Added to the household"),
    "group.member.add": gettext_lazy("Joined a class"),
    "group.member.remove": gettext_lazy("Left a class"),
    "assessment.create": gettext_lazy("Assessment recorded"),
    "decision.draft": gettext_lazy("Decision drafted"),
    "decision.update": gettext_lazy("Draft changed"),
    "decision.submit": gettext_lazy("Sent for approval"),
    "decision.approve": gettext_lazy("Decision approved"),
    "decision.return": gettext_lazy("Returned to the drafter"),
    "decision.send": gettext_lazy("Letter sent"),
    "decision.discard": gettext_lazy("Draft discarded"),
    "decision.appeal": gettext_lazy("Appealed"),
    "decision.reverse": gettext_lazy("Decision reversed"),
    "decision.forward": gettext_lazy("Forwarded to Statsforvalteren"),
    "decision.withdraw": gettext_lazy("Appeal withdrawn or dismissed"),
    "decision.uphold": gettext_lazy("Upheld by Statsforvalteren"),
    "decision.overturn": gettext_lazy("Reversed by Statsforvalteren"),
    "appeal.register": gettext_lazy("Appeal registered"),
    "appeal.forward": gettext_lazy("Appeal forwarded"),
    "appeal.reverse": gettext_lazy("Appeal: reversed"),
    "appeal.withdraw": gettext_lazy("Appeal: withdrawn or dismissed"),
    "appeal.uphold": gettext_lazy("Appeal: upheld"),
    "appeal.overturn": gettext_lazy("Appeal: reversed by Statsforvalteren"),
    "plan.create": gettext_lazy("Plan made"),
    "plan.revise": gettext_lazy("Plan revised"),
    "plan.conversation": gettext_lazy("IP conversation recorded"),
    "iop.level": gettext_lazy("Norwegian level recorded"),
    "iop.goals": gettext_lazy("Semester goals saved"),
    "iop.main_goal": gettext_lazy("Main goal saved"),
    "iop.review": gettext_lazy("IOP conversation recorded"),
    "iop.test": gettext_lazy("Test result recorded"),
    "attendance.register": gettext_lazy("Attendance registered"),
    "attendance.correct": gettext_lazy("Attendance corrected in a locked month"),
    "attendance.vacation": gettext_lazy("Holiday registered"),
    "timesheet.sign": gettext_lazy("Timesheet signed"),
    "timesheet.reopen": gettext_lazy("Timesheet reopened"),
    "timesheet.approve": gettext_lazy("Timesheet approved and locked"),
    "timesheet.acknowledge": gettext_lazy("Timesheet acknowledged by the participant"),
    "stipend.reduction.register": gettext_lazy("Other benefit or wages registered"),
    "stipend.reduction.remove": gettext_lazy("Other benefit or wages removed"),
    "stipend.pay_codes.change": gettext_lazy("Pay codes changed"),
    "payroll.prepare": gettext_lazy("Payroll run prepared"),
    "payroll.rebuild": gettext_lazy("Payroll run made again"),
    "payroll.check": gettext_lazy("Payroll run checked"),
    "payroll.reopen": gettext_lazy("Payroll run back to draft"),
    "payroll.approve": gettext_lazy("Payroll run approved for payment"),
    "payroll.export": gettext_lazy("Payroll run exported"),
    "payroll.discard": gettext_lazy("Payroll run discarded"),
    "payroll.download": gettext_lazy("Payroll file downloaded"),
    # register (NIR export)
    "register.export": gettext_lazy("Register export made"),
    "register.reexport": gettext_lazy("Register re-export made"),
    "register.download": gettext_lazy("Register export file downloaded"),
    "payroll.view": gettext_lazy("Payroll run read"),
    "employer.create": gettext_lazy("Employer registered"),
    "employer.update": gettext_lazy("Employer changed"),
    "employer.contact.add": gettext_lazy("Contact person added"),
    "employer.contact.remove": gettext_lazy("Contact person removed"),
    "workplace.create": gettext_lazy("Workplace added"),
    "workplace.update": gettext_lazy("Workplace changed"),
    "workplace.stage": gettext_lazy("Workplace moved in the recruitment"),
    "labour_need.create": gettext_lazy("Need for labour recorded"),
    "labour_need.remove": gettext_lazy("Need for labour removed"),
    "mentor.create": gettext_lazy("Mentor registered"),
    "mentor.training": gettext_lazy("Mentor training recorded"),
    "outcome.record": gettext_lazy("Outcome follow-up recorded"),
    "outcome.correct": gettext_lazy("Outcome follow-up corrected"),
    "placement.create": gettext_lazy("Placement agreed"),
    "placement.update": gettext_lazy("Placement changed"),
    "placement.end": gettext_lazy("Placement ended early"),
    "placement.cancel": gettext_lazy("Placement cancelled before it started"),
    "placement.startup_meeting": gettext_lazy("Start-up meeting recorded"),
    "placement.request": gettext_lazy("Request to the workplace saved"),
    "placement.evaluation": gettext_lazy("Mentor's evaluation"),
    "placement.message": gettext_lazy("Message about the placement"),
    "gathering.create": gettext_lazy("Gathering recorded"),
    "gathering.update": gettext_lazy("Gathering changed"),
    "concern.raise": gettext_lazy("Concern raised"),
    "concern.close": gettext_lazy("Concern closed"),
    # actionplan (issue 8)
    "actionplan.create": gettext_lazy("Action plan created"),
    "actionplan.template": gettext_lazy("Action plan created from the Drangedal template"),
    "actionplan.update": gettext_lazy("Action plan changed"),
    "actionplan.area.create": gettext_lazy("Area added to the action plan"),
    "actionplan.area.update": gettext_lazy("Area of the action plan changed"),
    "actionplan.strategy.create": gettext_lazy("Strategy added to the action plan"),
    "actionplan.strategy.update": gettext_lazy("Strategy of the action plan changed"),
    "actionplan.action.create": gettext_lazy("Action added to the action plan"),
    "actionplan.action.update": gettext_lazy("Action in the action plan changed"),
    "actionplan.action.status": gettext_lazy("Status of an action changed"),
    "actionplan.action.notes": gettext_lazy("Notes on an action changed"),
    # meetings (issue 8)
    "meeting.create": gettext_lazy("Meeting called"),
    "meeting.update": gettext_lazy("Meeting changed"),
    "meeting.action.add": gettext_lazy("Action item added"),
    "meeting.action.close": gettext_lazy("Action item closed"),
    "interpreter.create": gettext_lazy("Interpreter registered"),
    "interpreter.update": gettext_lazy("Interpreter changed"),
    "interpreter.booking.create": gettext_lazy("Interpreter booked"),
    "interpreter.booking.confirm": gettext_lazy("Interpreter booking confirmed"),
    "interpreter.booking.cancel": gettext_lazy("Interpreter booking cancelled"),
    # yearplan
    "calendar_event.create": gettext_lazy("Calendar event added"),
    "calendar_event.update": gettext_lazy("Calendar event changed"),
    "calendar_event.delete": gettext_lazy("Calendar event deleted"),
    "calendar_feed.create": gettext_lazy("Calendar feed address made"),
    "calendar_feed.regenerate": gettext_lazy("Calendar feed address replaced"),
    "calendar_feed.revoke": gettext_lazy("Calendar feed address revoked"),
    # surveys (user surveys: that someone answered, never what)
    "survey.create": gettext_lazy("User survey made"),
    "survey.update": gettext_lazy("User survey changed"),
    "survey.answer": gettext_lazy("User survey answered"),
    # settlement
    "settlement_decision.create": gettext_lazy("Settlement decision recorded"),
    "settlement_decision.update": gettext_lazy("Settlement decision changed"),
    "arrival.create": gettext_lazy("Arrival registered"),
    "arrival.update": gettext_lazy("Arrival changed"),
    "arrival.settled": gettext_lazy("Household settled"),
    "arrival.cancelled": gettext_lazy("Arrival cancelled"),
    "arrival.expected": gettext_lazy("Arrival expected again"),
    "checklist.tick": gettext_lazy("Checklist item done"),
    "checklist.untick": gettext_lazy("Checklist item not done after all"),
    "checklist.update": gettext_lazy("Checklist item changed"),
    "checklist_template.create": gettext_lazy("Checklist template made"),
    "checklist_template.add": gettext_lazy("Checklist template item added"),
    "checklist_template.update": gettext_lazy("Checklist template item changed"),
    "checklist_template.remove": gettext_lazy("Checklist template item removed"),
    "checklist_template.move": gettext_lazy("Checklist template reordered"),
    # certificates
    "certificate.make": gettext_lazy("Certificate of participation made"),
    "cv.make": gettext_lazy("CV made"),
}

READ_LABELS = {
    # register
    "register.status": gettext_lazy("Register export status"),
    "register.validation": gettext_lazy("Register export: what is missing"),
    "register.export": gettext_lazy("Register export: participants exported"),
    "api.register.validation": gettext_lazy("Register export: what is missing (API)"),
    "register.file": gettext_lazy("Register export file downloaded"),
    "register.sent": gettext_lazy("Sent to the introduction register (NIR)"),
    # certificates
    "certificate.page": gettext_lazy("Certificate and CV"),
    "certificate.download": gettext_lazy("Certificate of participation (PDF)"),
    "cv.download": gettext_lazy("CV (PDF)"),
    "api.certificate.download": gettext_lazy("Certificate of participation (API)"),
    "api.cv.download": gettext_lazy("CV (API)"),
    "participant.view": gettext_lazy("Participant page"),
    "participant.edit_form": gettext_lazy("Edit form"),
    "participant.bank_account_form": gettext_lazy("Bank account form"),
    "participant.household": gettext_lazy("Household"),
    "participant.audit_trail": gettext_lazy("Audit trail"),
    "participant.own_page": gettext_lazy("My page"),
    "assessment.list": gettext_lazy("Assessments"),
    "assessment.form": gettext_lazy("Assessment form"),
    "decision.list": gettext_lazy("Decisions"),
    "decision.view": gettext_lazy("Decision"),
    "decision.form": gettext_lazy("Decision form"),
    "decision.letter": gettext_lazy("Decision letter"),
    "api.participant.get": gettext_lazy("Participant (API)"),
    "api.assessment.list": gettext_lazy("Assessments (API)"),
    "api.assessment.get": gettext_lazy("Assessment (API)"),
    "api.decision.list": gettext_lazy("Decisions (API)"),
    "api.decision.get": gettext_lazy("Decision (API)"),
    "api.decision.letter": gettext_lazy("Decision letter (API)"),
    "api.decision.period": gettext_lazy("Programme period (API)"),
    "api.appeal.list": gettext_lazy("Appeals (API)"),
    "plan.view": gettext_lazy("Plan"),
    "plan.form": gettext_lazy("Plan form"),
    "plan.revision": gettext_lazy("Plan revision"),
    "plan.compare": gettext_lazy("Plan revisions compared"),
    "plan.pdf": gettext_lazy("Plan (PDF)"),
    "iop.view": gettext_lazy("IOP"),
    "timesheet.view": gettext_lazy("Timesheet"),
    "timesheet.pdf": gettext_lazy("Timesheet (PDF)"),
    "stipend.view": gettext_lazy("Stipend"),
    "outcome.list": gettext_lazy("Outcome follow-up"),
    "api.outcome.list": gettext_lazy("Outcome follow-up (API)"),
    "placement.list": gettext_lazy("Placements"),
    "placement.view": gettext_lazy("Placement"),
    "placement.request_pdf": gettext_lazy("Request to the workplace (PDF)"),
    "placement.mentor_week": gettext_lazy("The mentor's week"),
    "placement.suggestions": gettext_lazy("Suggested workplaces"),
    "api.placement.list": gettext_lazy("Placements (API)"),
    "api.placements.list": gettext_lazy("Placements (API)"),
    "api.placement.messages": gettext_lazy("Messages about a placement (API)"),
    "api.placement.concerns": gettext_lazy("Concerns about placements (API)"),
    "api.placement.get": gettext_lazy("Placement (API)"),
    "stipend.calculator": gettext_lazy("Stipend calculator"),
    "stipend.payslip": gettext_lazy("Payslip"),
    "stipend.payslip_pdf": gettext_lazy("Payslip (PDF)"),
    "api.stipend.payslips": gettext_lazy("Payslips (API)"),
    "api.stipend.reductions": gettext_lazy("Other benefits and wages (API)"),
    "attendance.class_excel": gettext_lazy("Class attendance (Excel)"),
    "api.plan.get": gettext_lazy("Plan (API)"),
    "api.plan.revisions": gettext_lazy("Plan revisions (API)"),
    "api.plan.revision": gettext_lazy("Plan revision (API)"),
    "api.plan.conversations": gettext_lazy("IP conversations (API)"),
    "api.training_plan.get": gettext_lazy("IOP (API)"),
    "api.attendance.list": gettext_lazy("Attendance (API)"),
    "api.attendance.timesheet": gettext_lazy("Timesheet (API)"),
    # meetings (issue 8)
    "meeting.view": gettext_lazy("Meeting"),
    "api.meeting.get": gettext_lazy("Meeting (API)"),
    # settlement (issue 8)
    "settlement.arrival": gettext_lazy("Arrival (settlement)"),
    "api.settlement.arrival": gettext_lazy("Arrival (settlement, API)"),
}

# Values that are lists of rows, or that are not model fields.
EXTRA_LABELS = {
    "education": gettext_lazy("education"),
    "work": gettext_lazy("work experience"),
    "languages": gettext_lazy("languages"),
    "teachers": gettext_lazy("teachers"),
    "participants": gettext_lazy("participants"),
    "group": gettext_lazy("class"),
    "totp_devices": gettext_lazy("authenticator apps"),
    "revision": gettext_lazy("revision"),
    "changes": gettext_lazy("number of changes"),
    "goals": gettext_lazy("semester goals"),
    "registrations": gettext_lazy("registrations"),
}
FORMATTERS = {
    "national_id": format_national_id,
    "bank_account": format_account_number,
}


@dataclass
class ChangeRow:
    label: str
    old: object
    new: object


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def read_label(what: str) -> str:
    return str(READ_LABELS.get(what, what))


def _model_for(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _concrete_field(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if getattr(field, "concrete", False) else None


# Lists of rows stored on an event, and the model each row is a row of.
ROW_MODELS = {
    "education": "participants.AssessmentEducation",
    "work": "participants.AssessmentWork",
    "languages": "participants.AssessmentLanguage",
    "goals": "plans.SemesterGoal",
}


def _registration_text(row: dict) -> str:
    """One attendance change: «04.05.2026: Til stede 3,0 t → Ugyldig fravær 3,0 t»."""
    from introsak.attendance.models import AbsenceType

    def state(values):
        if not values:
            return "–"
        if values.get("status") == "present":
            label = str(_("Present"))
        else:
            label = str(dict(AbsenceType.choices).get(values.get("absence_type"), ""))
        return f"{label} {str(values.get('hours', '')).replace('.', ',')} t"

    day = _as_date(row.get("date"))
    day = day.strftime("%d.%m.%Y") if isinstance(day, datetime.date) else row.get("date")
    return f"{day}: {state(row.get('old'))} → {state(row.get('new'))}"


def _plain(value, row_model=None):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(_row_text(v, row_model) for v in value) or "–"
    return value


def _row_text(value, model=None) -> str:
    """One row of a list (an education, a language) in words: choices by their label, a true
    flag by its name, numbers of years as years."""
    if not isinstance(value, dict):
        return str(value)
    parts = []
    for name, item in value.items():
        if item in (None, "", False):
            continue
        field = _concrete_field(model, name) if model else None
        if field is not None and field.choices:
            parts.append(str(dict(field.flatchoices).get(item, item)))
        elif item is True:
            parts.append(str(field.verbose_name) if field is not None else _("Yes"))
        elif name == "years":
            parts.append(_("%(years)s years") % {"years": item})
        else:
            parts.append(str(item))
    return ", ".join(parts)


def _as_date(value):
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def readable(events) -> None:
    """Give each event `label` and `rows` (label, old, new) in words."""
    fields_of: dict[str, dict[str, models.Field]] = {}
    wanted: dict[type, set] = defaultdict(set)
    for event in events:
        model = _model_for(event.object_type)
        fields = {}
        for name, change in event.changes.items():
            field = _concrete_field(model, name) if model else None
            fields[name] = field
            if field is not None and field.is_relation:
                wanted[field.related_model].update(
                    v for v in (change.get("old"), change.get("new")) if isinstance(v, int)
                )
        fields_of[event.pk] = fields
    names = {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
        if ids
    }
    for event in events:
        event.label = action_label(event.action)
        rows = []
        for name, change in event.changes.items():
            field = fields_of[event.pk].get(name)
            old, new = change.get("old"), change.get("new")
            if field is None:
                label = str(EXTRA_LABELS.get(name, name))
            else:
                label = str(field.verbose_name)
                if field.choices:
                    choices = {str(k): str(v) for k, v in field.flatchoices}
                    old, new = choices.get(str(old), old), choices.get(str(new), new)
                elif field.is_relation:
                    lookup = names.get(field.related_model, {})
                    old, new = lookup.get(old, old), lookup.get(new, new)
                elif field.get_internal_type() == "DateField":
                    old, new = _as_date(old), _as_date(new)
            if name in FORMATTERS:
                old = FORMATTERS[name](old) if old else old
                new = FORMATTERS[name](new) if new else new
            if name == "registrations" and isinstance(new, list):
                rows.append(
                    ChangeRow(
                        label=label, old=None, new="; ".join(_registration_text(r) for r in new)
                    )
                )
                continue
            row_model = _model_for(ROW_MODELS[name]) if name in ROW_MODELS else None
            rows.append(
                ChangeRow(label=label, old=_plain(old, row_model), new=_plain(new, row_model))
            )
        event.rows = rows
