"""Action plan screens: the plans, a plan as areas → strategies → actions with filters, an
action with its history (status and notes), the leader's forms for the plan, its areas,
strategies and actions, and the progress view for the leader meeting (also as PDF).

Thin: they check the policy, call the services and selectors, and show the result. Every
object is fetched within the user's municipality, so another municipality's is a 404; a role
that does not read the plan gets 403 (a mentor 404, NarrowAccessMiddleware).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from introsak.core.forms import apply_service_errors, submit
from introsak.core.permissions import visible_action_plans, visible_plan_actions
from introsak.core.web import require as _require

from . import documents, selectors, services
from .forms import ActionForm, AreaForm, NewPlanForm, NotesForm, PlanForm, StatusForm, StrategyForm
from .models import Action, ActionPlan, ActionStatus, Area, Strategy
from .workflow import next_statuses


def _today() -> datetime.date:
    return timezone.localdate()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _visible_or_404(request, queryset, pk):
    """One plan, area, strategy or action of the user's municipality, else 404."""
    _require(request, "actionplan.view_plans")
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _plan_or_404(request, pk) -> ActionPlan:
    return _visible_or_404(request, visible_action_plans(request.user), pk)


def _area_or_404(request, pk) -> Area:
    plans = visible_action_plans(request.user)
    return _visible_or_404(request, Area.objects.filter(plan__in=plans).select_related("plan"), pk)


def _strategy_or_404(request, pk) -> Strategy:
    plans = visible_action_plans(request.user)
    return _visible_or_404(
        request,
        Strategy.objects.filter(area__plan__in=plans).select_related("area__plan"),
        pk,
    )


def _action_or_404(request, pk) -> Action:
    actions = (
        visible_plan_actions(request.user)
        .select_related("area__plan", "strategy")
        .prefetch_related("responsible_users")
    )
    return _visible_or_404(request, actions, pk)


def _area_anchor(area: Area) -> str:
    """The plan page, scrolled to the area."""
    return reverse("actionplan:detail", args=[area.plan_id]) + f"#area-{area.pk}"


# --- plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request):
    _require(request, "actionplan.view_plans")
    plans = list(selectors.plans(request.user))
    return render(
        request,
        "actionplan/plan_list.html",
        {"plans": plans, "can_add": request.user.has_perm("actionplan.add_plan")},
    )


@login_required
def plan_create(request):
    _require(request, "actionplan.add_plan")
    year = _today().year
    form = NewPlanForm(
        request.POST or None,
        initial={
            "title": _("Plan for the introduction programme %(from)s–%(to)s")
            % {"from": year, "to": year + 3},
            "start_year": year,
            "end_year": year + 3,
            "from_template": True,
        },
    )

    def create(cleaned):
        data = dict(cleaned)
        if data.pop("from_template"):
            return services.create_plan_from_drangedal_template(actor=request.user, data=data)
        return services.create_plan(actor=request.user, data=data)

    plan = submit(request, form, create, success=_("The action plan is created."))
    if plan:
        return redirect("actionplan:detail", plan.pk)
    return render(request, "actionplan/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, pk: int):
    plan = _plan_or_404(request, pk)
    _require(request, "actionplan.manage_plan", plan)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.update_plan(actor=request.user, plan=plan, data=data),
        success=_("The action plan is saved."),
    ):
        return redirect("actionplan:detail", plan.pk)
    return render(request, "actionplan/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request, pk: int):
    """The plan: areas → strategies → actions, with status tags; filters by status and by
    responsible person."""
    plan = _plan_or_404(request, pk)
    today = _today()
    status = request.GET.get("status", "")
    if status not in selectors.STATUS_FILTERS:
        status = ""
    responsible = _int_or_none(request.GET.get("ansvarlig"))
    areas = selectors.plan_tree(plan, today=today, status=status, responsible=responsible)
    people = list(selectors.responsible_choices(request.user))
    return render(
        request,
        "actionplan/plan_detail.html",
        {
            "plan": plan,
            "areas": areas,
            "today": today,
            "status": status,
            "responsible": responsible,
            "filtered": bool(status or responsible),
            "shown": sum(view.shown for view in areas),
            "status_choices": [*ActionStatus.choices, (selectors.LATE, _("Late"))],
            "people": people,
            "can_manage": request.user.has_perm("actionplan.manage_plan", plan),
        },
    )


# --- areas and strategies -------------------------------------------------------------------


def _area_initial(area: Area) -> dict:
    return {name: getattr(area, name) for name in services.AREA_FIELDS}


@login_required
def area_create(request, pk: int):
    plan = _plan_or_404(request, pk)
    _require(request, "actionplan.manage_plan", plan)
    form = AreaForm(request.POST or None)
    area = submit(
        request,
        form,
        lambda data: services.add_area(actor=request.user, plan=plan, data=data),
        success=_("The area is added."),
    )
    if area:
        return redirect(_area_anchor(area))
    return render(request, "actionplan/area_form.html", {"form": form, "plan": plan, "area": None})


@login_required
def area_edit(request, pk: int):
    area = _area_or_404(request, pk)
    _require(request, "actionplan.manage_plan", area)
    form = AreaForm(request.POST or None, initial=_area_initial(area))
    if submit(
        request,
        form,
        lambda data: services.update_area(actor=request.user, area=area, data=data),
        success=_("The area is saved."),
    ):
        return redirect(_area_anchor(area))
    return render(
        request, "actionplan/area_form.html", {"form": form, "plan": area.plan, "area": area}
    )


@login_required
def strategy_create(request, pk: int):
    area = _area_or_404(request, pk)
    _require(request, "actionplan.manage_plan", area)
    form = StrategyForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.add_strategy(actor=request.user, area=area, data=data),
        success=_("The strategy is added."),
    ):
        return redirect(_area_anchor(area))
    return render(
        request,
        "actionplan/strategy_form.html",
        {"form": form, "area": area, "plan": area.plan, "strategy": None},
    )


@login_required
def strategy_edit(request, pk: int):
    strategy = _strategy_or_404(request, pk)
    _require(request, "actionplan.manage_plan", strategy)
    area = strategy.area
    form = StrategyForm(
        request.POST or None, initial={"text": strategy.text, "position": strategy.position}
    )
    if submit(
        request,
        form,
        lambda data: services.update_strategy(actor=request.user, strategy=strategy, data=data),
        success=_("The strategy is saved."),
    ):
        return redirect(_area_anchor(area))
    return render(
        request,
        "actionplan/strategy_form.html",
        {"form": form, "area": area, "plan": area.plan, "strategy": strategy},
    )


# --- actions --------------------------------------------------------------------------------


def _action_form(request, area: Area, data=None, initial=None) -> ActionForm:
    return ActionForm(
        data,
        initial=initial,
        strategies=list(area.strategies.all()),
        people=list(selectors.responsible_choices(request.user)),
    )


def _action_data(cleaned: dict) -> dict:
    data = dict(cleaned)
    data["responsible_users"] = [int(pk) for pk in data["responsible_users"]]
    return data


@login_required
def action_create(request, pk: int):
    area = _area_or_404(request, pk)
    _require(request, "actionplan.manage_plan", area)
    initial = {"start_date": _today(), "strategy": request.GET.get("strategi", "")}
    form = _action_form(request, area, request.POST or None, initial)
    action = submit(
        request,
        form,
        lambda data: services.add_action(actor=request.user, area=area, data=_action_data(data)),
        success=_("The action is added."),
    )
    if action:
        return redirect("actionplan:action", action.pk)
    return render(
        request,
        "actionplan/action_form.html",
        {"form": form, "area": area, "plan": area.plan, "action": None},
    )


@login_required
def action_edit(request, pk: int):
    action = _action_or_404(request, pk)
    _require(request, "actionplan.manage_plan", action)
    area = action.area
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial["strategy"] = str(action.strategy_id or "")
    initial["responsible_users"] = [str(u.pk) for u in action.responsible_users.all()]
    form = _action_form(request, area, request.POST or None, initial)
    if submit(
        request,
        form,
        lambda data: services.update_action(
            actor=request.user, action=action, data=_action_data(data)
        ),
        success=_("The action is saved."),
    ):
        return redirect("actionplan:action", action.pk)
    return render(
        request,
        "actionplan/action_form.html",
        {"form": form, "area": area, "plan": area.plan, "action": action},
    )


@login_required
def action_detail(request, pk: int):
    """An action with its history; the responsible people and the leader change its status
    (with a note) and its notes here."""
    action = _action_or_404(request, pk)
    can_update = request.user.has_perm("actionplan.update_action", action)
    statuses = next_statuses(action.status)
    status_form = StatusForm(statuses=statuses)
    notes_form = NotesForm(initial={"notes": action.notes})
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        if request.POST.get("do") == "notes":
            notes_form = NotesForm(request.POST)
            if notes_form.is_valid():
                services.update_action_notes(
                    actor=request.user, action=action, notes=notes_form.cleaned_data["notes"]
                )
                messages.success(request, _("The notes are saved."))
                return redirect("actionplan:action", action.pk)
        else:
            status_form = StatusForm(request.POST, statuses=statuses)
            if status_form.is_valid():
                try:
                    services.change_action_status(
                        actor=request.user,
                        action=action,
                        to_status=status_form.cleaned_data["to_status"],
                        on=status_form.cleaned_data["on"],
                        note=status_form.cleaned_data["note"],
                    )
                except ValidationError as exc:
                    apply_service_errors(status_form, exc)
                else:
                    messages.success(request, _("The status is changed."))
                    return redirect("actionplan:action", action.pk)
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "action": action,
            "area": action.area,
            "plan": action.area.plan,
            "history": selectors.action_history(action),
            "today": _today(),
            "can_update": can_update,
            "can_manage": request.user.has_perm("actionplan.manage_plan", action),
            "statuses": statuses,
            "status_form": status_form,
            "notes_form": notes_form,
        },
    )


# --- progress -------------------------------------------------------------------------------


@login_required
def progress(request, pk: int):
    """For the leader meeting: per area, how many actions are planned, under way and done,
    which are late, and the notes."""
    plan = _plan_or_404(request, pk)
    today = _today()
    return render(
        request,
        "actionplan/progress.html",
        {"plan": plan, "today": today, "progress": selectors.plan_progress(plan, today=today)},
    )


@login_required
def progress_pdf(request, pk: int):
    plan = _plan_or_404(request, pk)
    pdf = documents.progress_pdf(plan, today=_today())
    name = f"framdrift-{slugify(plan.title) or 'tiltaksplan'}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
