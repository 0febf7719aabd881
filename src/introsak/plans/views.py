"""Screens of the plan and the IOP. Thin: the policy, then a service or a selector; every
read of a participant's plan goes into the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from introsak.core.forms import apply_service_errors
from introsak.core.models import Role
from introsak.core.permissions import get_visible_participant_or_404
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.tabs import participant_tabs

from . import display, selectors, services
from .forms import (
    ConversationForm,
    LevelForm,
    MainGoalForm,
    MeasureFormSet,
    PlanForm,
    ReviewForm,
    SemesterGoalFormSet,
    SubGoalFormSet,
    TestResultForm,
)
from .models import Plan, PlanRevision


def _participant(request, pk: int, perm: str = "plans.view_plan"):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, perm, participant)
    return participant


def _context(request, participant, tab: str) -> dict:
    context = participant_tabs(request.user, participant, tab)
    context["can_change_plan"] = request.user.has_perm("plans.change_plan", participant)
    context["can_change_iop"] = request.user.has_perm("plans.change_training_plan", participant)
    return context


@login_required
def plan_detail(request, pk: int):
    participant = _participant(request, pk)
    _log_read(request, participant, "plan.view")
    context = _context(request, participant, "plan")
    context["overview"] = selectors.plan_overview(participant, today=timezone.localdate())
    return render(request, "plans/detail.html", context)


def _rows(formset) -> list[dict]:
    """The rows the formset sends, without the ones marked for deletion."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        data = dict(form.cleaned_data)
        if data.pop("DELETE", False):
            continue
        rows.append(data)
    return rows


def _apply_row_errors(formsets: dict, form, exc: ValidationError) -> None:
    for key, errors in exc.message_dict.items():
        section, _dot, rest = key.partition(".")
        if section in formsets and rest:
            index, _dot, name = rest.partition(".")
            kept = [
                f
                for f in formsets[section].forms
                if (f.has_changed() or f.cleaned_data.get("id"))
                and not f.cleaned_data.get("DELETE")
            ]
            target = kept[int(index)] if int(index) < len(kept) else formsets[section].forms[0]
            for message in errors:
                target.add_error(name if name in target.fields else None, message)
        else:
            for message in errors:
                form.add_error(key if key in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    participant = _participant(request, pk, "plans.change_plan")
    plan = Plan.objects.filter(participant=participant).first()
    responsible = participant.municipality.users.filter(is_active=True).exclude(
        role__in=(Role.PARTICIPANT, Role.PAYROLL, Role.ADMINISTRATOR)
    )
    data = request.POST or None
    initial = {n: getattr(plan, n) for n in services.PLAN_FIELDS} if plan else {}
    goal_initial = (
        [
            {"id": g.pk, **{n: getattr(g, n) for n in services.SUB_GOAL_FIELDS}}
            for g in plan.sub_goals.all()
        ]
        if plan
        else []
    )
    measure_initial = (
        [
            {"id": m.pk, **{n: getattr(m, n) for n in services.MEASURE_FIELDS}}
            for m in plan.measures.filter(is_active=True)
        ]
        if plan
        else []
    )
    form = PlanForm(data, initial=initial)
    sub_goals = SubGoalFormSet(data, initial=goal_initial, prefix="sub_goals")
    measures = MeasureFormSet(
        data, initial=measure_initial, prefix="measures", form_kwargs={"responsible": responsible}
    )
    sub_goals.row_title, measures.row_title = _("Sub-goal"), _("Measure")
    formsets = {"sub_goals": sub_goals, "measures": measures}
    if (
        request.method == "POST"
        and form.is_valid()
        and sub_goals.is_valid()
        and measures.is_valid()
    ):
        plan_data = dict(form.cleaned_data)
        note = plan_data.pop("note", "")
        revisions = PlanRevision.objects.filter(plan__participant=participant).count()
        try:
            services.save_plan(
                actor=request.user,
                participant=participant,
                data=plan_data,
                sub_goals=_rows(sub_goals),
                measures=_rows(measures),
                note=note,
            )
        except ValidationError as exc:
            _apply_row_errors(formsets, form, exc)
        else:
            if PlanRevision.objects.filter(plan__participant=participant).count() > revisions:
                messages.success(request, _("The plan is saved as a new revision."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("plans:detail", pk=participant.pk)
    _log_read(request, participant, "plan.form")
    context = _context(request, participant, "plan")
    context.update(
        form=form,
        sub_goals=sub_goals,
        measures=measures,
        plan=plan,
        period=selectors.decision_selectors.programme_period(participant),
    )
    return render(request, "plans/form.html", context)


@login_required
def revision_detail(request, pk: int, number: int):
    participant = _participant(request, pk)
    revision = PlanRevision.objects.filter(plan__participant=participant, number=number).first()
    if revision is None:
        raise Http404
    _log_read(request, participant, "plan.revision")
    context = _context(request, participant, "plan")
    previous = (
        PlanRevision.objects.filter(plan=revision.plan, number__lt=revision.number)
        .order_by("-number")
        .first()
    )
    context.update(
        revision=revision,
        rows=display.readable_changes(
            revision.changes, old=previous.snapshot if previous else None, new=revision.snapshot
        ),
    )
    return render(request, "plans/revision.html", context)


@login_required
def revision_compare(request, pk: int):
    participant = _participant(request, pk)
    revisions = PlanRevision.objects.filter(plan__participant=participant)
    try:
        old = revisions.get(number=int(request.GET.get("fra", "")))
        new = revisions.get(number=int(request.GET.get("til", "")))
    except (ValueError, PlanRevision.DoesNotExist):
        raise Http404 from None
    _log_read(request, participant, "plan.compare")
    compared = selectors.compare(old, new)
    context = _context(request, participant, "plan")
    context.update(
        old=old,
        new=new,
        sides=[
            (old, display.side(old.snapshot, compared, "old")),
            (new, display.side(new.snapshot, compared, "new")),
        ],
        rows=display.readable_changes(compared["changes"], old=old.snapshot, new=new.snapshot),
    )
    return render(request, "plans/compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request, pk: int):
    participant = _participant(request, pk, "plans.change_plan")
    form = ConversationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_conversation(
                actor=request.user, participant=participant, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The IP conversation is recorded."))
            return redirect("plans:detail", pk=participant.pk)
    context = _context(request, participant, "plan")
    context["form"] = form
    return render(request, "plans/conversation_form.html", context)


@login_required
def plan_pdf(request, pk: int):
    """The plan to print or give the participant: bokmål, with a summary in the
    participant's language where one exists."""
    participant = _participant(request, pk)
    overview = selectors.plan_overview(participant, today=timezone.localdate())
    if overview.plan is None:
        raise Http404
    _log_read(request, participant, "plan.pdf")
    import weasyprint

    context = {
        "participant": participant,
        "overview": overview,
        "municipality": participant.municipality,
        "today": timezone.localdate(),
    }
    with translation.override("nb"):
        html = render_to_string("plans/print.html", context)
    language = participant.preferred_language
    summary = ""
    if language and language != "nb" and language in {"en"}:
        with translation.override(language):
            summary = render_to_string("plans/print_summary.html", context)
    html = html.replace("<!--summary-->", summary)
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="integreringsplan-{participant.pk}.pdf"'
    return response


# --- IOP ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def training_plan(request, pk: int):
    participant = _participant(request, pk)
    today = timezone.localdate()
    overview = selectors.training_overview(participant, today=today)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    iop = overview["iop"]
    forms = {
        "main": MainGoalForm(
            data if which == "main" else None,
            initial={"main_goal": iop.main_goal, "main_goal_by": iop.main_goal_by} if iop else {},
            prefix="main",
        ),
        "level": LevelForm(
            data if which == "level" else None, initial={"recorded_on": today}, prefix="level"
        ),
        "review": ReviewForm(
            data if which == "review" else None, initial={"held_on": today}, prefix="review"
        ),
        "test": TestResultForm(
            data if which == "test" else None, initial={"taken_on": today}, prefix="test"
        ),
        "goals": SemesterGoalFormSet(
            data if which == "goals" else None,
            prefix="goals",
            initial=[
                {
                    "id": g.pk,
                    "semester": g.semester,
                    "description": g.description,
                    "status": g.status,
                }
                for g in overview["goals"]
            ]
            or [{"semester": overview["semester"]}],
        ),
    }
    forms["goals"].row_title = _("Goal")
    if which in forms:
        _require(request, "plans.change_training_plan", participant)
        form = forms[which]
        if form.is_valid():
            try:
                if which == "main":
                    services.set_main_goal(
                        actor=request.user, participant=participant, data=form.cleaned_data
                    )
                elif which == "level":
                    services.record_level(
                        actor=request.user, participant=participant, data=form.cleaned_data
                    )
                elif which == "review":
                    services.record_training_review(
                        actor=request.user, participant=participant, data=form.cleaned_data
                    )
                elif which == "test":
                    services.record_test_result(
                        actor=request.user, participant=participant, data=form.cleaned_data
                    )
                else:
                    services.save_semester_goals(
                        actor=request.user, participant=participant, goals=_rows(form)
                    )
            except ValidationError as exc:
                if which == "goals":
                    _apply_row_errors({"goals": form}, form.forms[0], exc)
                else:
                    apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:training", pk=participant.pk)
    _log_read(request, participant, "iop.view")
    context = _context(request, participant, "iop")
    context.update(overview=overview, **{f"{k}_form": v for k, v in forms.items()})
    return render(request, "plans/training.html", context)
