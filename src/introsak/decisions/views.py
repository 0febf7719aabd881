"""Screens for decisions, appeals, letters and the rule tables. Thin: the policy, then a
service or a selector. Every read of a participant's decisions is in the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from introsak.core.forms import apply_service_errors
from introsak.core.permissions import (
    get_visible_decision_or_404,
    get_visible_participant_or_404,
    visible_decisions,
)
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.tabs import participant_tabs

from . import letters, selectors, services, workflow
from .forms import ActionForm, AppealForm, AppealStepForm, DecisionForm, LetterTemplateForm
from .models import (
    Appeal,
    DecisionLetter,
    DecisionStatus,
    DecisionType,
    LeaveType,
    LegalReference,
    LetterTemplate,
    RuleParameter,
    TrackLength,
)


def _participant_tabs(request, participant) -> dict:
    return participant_tabs(request.user, participant, "decisions")


@login_required
def decision_list(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "decisions.view_decisions", participant)
    _log_read(request, participant, "decision.list")
    context = _participant_tabs(request, participant)
    context["timeline"] = selectors.timeline(participant, today=timezone.localdate())
    context["can_draft"] = request.user.has_perm("decisions.draft_decision", participant)
    context["types"] = DecisionType.choices
    return render(request, "decisions/list.html", context)


def _leave_types(participant):
    return selectors.leave_types_for(participant, timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "decisions.draft_decision", participant)
    decision_type = request.GET.get("type") or request.POST.get("decision_type")
    replaces = None
    if request.GET.get("replaces"):
        replaces = get_visible_decision_or_404(request.user, request.GET["replaces"])
        if replaces.participant_id != participant.pk:
            raise Http404
        decision_type = replaces.decision_type
    if decision_type not in DecisionType.values:
        messages.error(request, _("Choose a type of decision."))
        return redirect("decisions:list", pk=participant.pk)
    initial = {}
    if replaces is not None:
        initial = {
            name: getattr(replaces, name)
            for name in (*services.TYPE_FIELDS[decision_type], *services.COMMON_FIELDS)
        }
    form = DecisionForm(
        request.POST or None,
        initial=initial,
        decision_type=decision_type,
        leave_types=_leave_types(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.draft_decision(
                actor=request.user,
                participant=participant,
                decision_type=decision_type,
                data=form.cleaned_data,
                replaces=replaces,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The draft is saved. Send it for approval when it is ready.")
            )
            return redirect("decisions:detail", decision_pk=decision.pk)
    _log_read(request, participant, "decision.form")
    context = _participant_tabs(request, participant)
    context.update(
        form=form,
        decision_type=decision_type,
        replaces=replaces,
        type_label=DecisionType(decision_type).label,
        period=selectors.timeline(participant, today=timezone.localdate()).period,
    )
    return render(request, "decisions/form.html", context)


def _available_actions(user, decision) -> list[tuple[str, str]]:
    result = []
    for action in workflow.actions_from(decision.status):
        if action in {workflow.Action.APPEAL, *services.APPEAL_STEPS, workflow.Action.FORWARD}:
            continue  # handled on the appeal form, with its dates
        try:
            workflow.check_transition(
                status=decision.status,
                action=action,
                role=user.role,
                is_drafter=decision.drafted_by_id == user.pk,
            )
        except workflow.TransitionError:
            continue
        result.append((action, workflow.Action(action).label))
    return result


def _appeal_steps(user, decision) -> list[tuple[str, str]]:
    steps = []
    for action in (workflow.Action.FORWARD, *services.APPEAL_STEPS):
        try:
            workflow.check_transition(
                status=decision.status, action=action, role=user.role, is_drafter=False
            )
        except workflow.TransitionError:
            continue
        steps.append((action, workflow.Action(action).label))
    return steps


def _detail_context(request, decision, **forms) -> dict:
    participant = decision.participant
    user = request.user
    appeals = list(decision.appeals.all())
    context = _participant_tabs(request, participant)
    context.update(
        decision=decision,
        actions=_available_actions(user, decision),
        appeal_steps=_appeal_steps(user, decision),
        appeals=appeals,
        open_appeal=next((a for a in appeals if a.is_open), None),
        appeal_form=forms.get("appeal_form")
        or AppealForm(initial={"received_on": timezone.localdate()}),
        step_form=forms.get("step_form") or AppealStepForm(initial={"on": timezone.localdate()}),
        can_appeal=(decision.status, workflow.Action.APPEAL) in workflow.TRANSITIONS
        and user.role in workflow.TRANSITIONS[(decision.status, workflow.Action.APPEAL)].roles,
        can_edit=decision.editable and user.has_perm("decisions.draft_decision", participant),
        can_replace=decision.in_force and user.has_perm("decisions.draft_decision", participant),
        letters=list(decision.letters.only("id", "language", "created_at", "sha256")),
    )
    return context


@login_required
def decision_detail(request, decision_pk: int):
    decision = get_visible_decision_or_404(request.user, decision_pk)
    _log_read(request, decision.participant, "decision.view")
    return render(request, "decisions/detail.html", _detail_context(request, decision))


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, decision_pk: int):
    decision = get_visible_decision_or_404(request.user, decision_pk)
    participant = decision.participant
    _require(request, "decisions.draft_decision", participant)
    if not decision.editable:
        messages.error(
            request,
            _(
                "Only a draft can be changed. A decision that has been "
                "approved or sent is changed by a new decision."
            ),
        )
        return redirect("decisions:detail", decision_pk=decision.pk)
    fields = (*services.TYPE_FIELDS[decision.decision_type], *services.COMMON_FIELDS)
    form = DecisionForm(
        request.POST or None,
        initial={name: getattr(decision, name) for name in fields},
        decision_type=decision.decision_type,
        leave_types=_leave_types(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(actor=request.user, decision=decision, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("decisions:detail", decision_pk=decision.pk)
    _log_read(request, participant, "decision.form")
    context = _participant_tabs(request, participant)
    context.update(
        form=form,
        decision=decision,
        decision_type=decision.decision_type,
        type_label=decision.get_decision_type_display(),
        period=selectors.timeline(participant, today=timezone.localdate()).period,
    )
    return render(request, "decisions/form.html", context)


@login_required
@require_http_methods(["POST"])
def decision_action(request, decision_pk: int):
    decision = get_visible_decision_or_404(request.user, decision_pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    try:
        services.take_action(
            actor=request.user,
            decision=decision,
            action=action,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            {
                workflow.Action.SUBMIT: _("The decision is sent to the leader for approval."),
                workflow.Action.APPROVE: _("The decision is approved. Send the letter."),
                workflow.Action.RETURN: _("The decision is returned to the drafter."),
                workflow.Action.SEND: _("The letter is made and kept with the decision."),
                workflow.Action.DISCARD: _("The draft is discarded."),
            }.get(action, _("Done.")),
        )
    return redirect("decisions:detail", decision_pk=decision.pk)


@login_required
def decision_letter(request, decision_pk: int):
    """The letter as sent (frozen PDF), or a preview of a decision not yet sent."""
    decision = get_visible_decision_or_404(request.user, decision_pk)
    _log_read(request, decision.participant, "decision.letter")
    stored = DecisionLetter.objects.filter(decision=decision).order_by("-created_at").first()
    pdf = bytes(stored.pdf) if stored else letters.letter_pdf(decision)
    name = f"vedtak-{decision.pk}{'' if stored else '-utkast'}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_http_methods(["POST"])
def appeal_register(request, decision_pk: int):
    decision = get_visible_decision_or_404(request.user, decision_pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.register_appeal(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        return _detail_with(request, decision, appeal_form=form)
    messages.success(request, _("The appeal is registered."))
    return redirect("decisions:detail", decision_pk=decision.pk)


@login_required
@require_http_methods(["POST"])
def appeal_step(request, appeal_pk: int):
    appeal = (
        Appeal.objects.filter(pk=appeal_pk, decision__in=visible_decisions(request.user))
        .select_related("decision")
        .first()
    )
    if appeal is None:
        raise Http404
    form = AppealStepForm(request.POST)
    if form.is_valid():
        try:
            services.handle_appeal(
                actor=request.user,
                appeal=appeal,
                action=form.cleaned_data["action"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        return _detail_with(request, appeal.decision, step_form=form)
    messages.success(request, _("The appeal is updated."))
    return redirect("decisions:detail", decision_pk=appeal.decision_id)


def _detail_with(request, decision, **forms):
    """The decision page again, with the form that failed showing what was typed."""
    return render(request, "decisions/detail.html", _detail_context(request, decision, **forms))


@login_required
def approval_queue(request):
    """What waits for the leader's approval, oldest first."""
    if request.user.role != "leader":
        raise PermissionDenied
    decisions = (
        visible_decisions(request.user)
        .filter(status=DecisionStatus.AWAITING_APPROVAL)
        .select_related("participant", "drafted_by")
        .order_by("drafted_at")
    )
    return render(request, "decisions/queue.html", {"decisions": decisions})


@login_required
def rule_tables(request):
    """The dated rule tables Introsak applies, for the leader and the administrator."""
    if request.user.role not in ("leader", "administrator", "consultant"):
        raise PermissionDenied
    leave_types = LeaveType.objects.filter(municipality__isnull=True) | LeaveType.objects.filter(
        municipality_id=request.user.municipality_id
    )
    return render(
        request,
        "decisions/rules.html",
        {
            "tracks": TrackLength.objects.all(),
            "leave_types": leave_types.order_by("legal_basis", "-with_stipend", "name"),
            "parameters": RuleParameter.objects.all(),
            "references": LegalReference.objects.all(),
        },
    )


@login_required
def letter_templates(request):
    _require(request, "decisions.edit_letter_templates")
    own = set(
        LetterTemplate.objects.filter(municipality_id=request.user.municipality_id).values_list(
            "decision_type", flat=True
        )
    )
    return render(
        request,
        "decisions/letter_templates.html",
        {"types": [(value, label, value in own) for value, label in DecisionType.choices]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request, decision_type: str):
    _require(request, "decisions.edit_letter_templates")
    if decision_type not in DecisionType.values:
        raise Http404
    own = LetterTemplate.objects.filter(
        municipality_id=request.user.municipality_id, decision_type=decision_type, language="nb"
    ).first()
    form = LetterTemplateForm(
        request.POST or None,
        initial={"body": own.body if own else letters.default_body(decision_type)},
    )
    if request.method == "POST" and "reset" in request.POST:
        services.reset_letter_template(actor=request.user, decision_type=decision_type)
        messages.success(request, _("The letter uses the standard wording again."))
        return redirect("decisions:letter_template", decision_type=decision_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_letter_template(
                actor=request.user, decision_type=decision_type, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The letter template is saved."))
            return redirect("decisions:letter_template", decision_type=decision_type)
    return render(
        request,
        "decisions/letter_template_form.html",
        {
            "form": form,
            "decision_type": decision_type,
            "type_label": DecisionType(decision_type).label,
            "own": own,
            "preview_url": reverse(
                "decisions:letter_template_preview", kwargs={"decision_type": decision_type}
            ),
        },
    )


@login_required
def letter_template_preview(request, decision_type: str):
    """A sample letter with the municipality's current wording, on a made-up participant."""
    _require(request, "decisions.edit_letter_templates")
    if decision_type not in DecisionType.values:
        raise Http404
    from .samples import sample_decision

    decision = sample_decision(request.user, decision_type)
    response = HttpResponse(letters.letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="eksempel-{decision_type}.pdf"'
    return response
