"""Settlement screens: the year's overview (decision, progress, arrivals), an arrival with
its checklist, the forms for arrivals and decisions, and the checklist template editor.

Thin: they check the policy, call the services and selectors, and show the result.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core.forms import submit
from introsak.core.models import AccessLog
from introsak.core.permissions import (
    get_visible_arrival_or_404,
    settlement_colleagues,
    visible_settlement_decisions,
)
from introsak.core.web import int_or_404 as _int_or_404
from introsak.core.web import require as _require
from introsak.core.web import year_from
from introsak.participants.models import Household

from . import selectors, services
from .forms import ArrivalForm, AssignForm, DecisionForm, StatusForm, TemplateItemForm, TickForm
from .models import ArrivalStatus
from .workflow import next_statuses


def _today() -> datetime.date:
    return timezone.localdate()


def _households(request):
    return Household.objects.filter(municipality_id=request.user.municipality_id).order_by("name")


# --- the overview -----------------------------------------------------------------------------


@login_required
def overview(request):
    """One year: the settlement decision, people agreed against settled and expected, and
    the arrivals with their checklist progress."""
    _require(request, "settlement.view")
    today = _today()
    year = year_from(request, today.year)
    data = selectors.overview(request.user, year=year, today=today)
    return render(
        request,
        "settlement/overview.html",
        {
            "o": data,
            "can_manage": request.user.has_perm("settlement.manage"),
            "due_items": selectors.due_checklist_items(request.user, today),
            "today": today,
        },
    )


# --- decisions --------------------------------------------------------------------------------


@login_required
def decision_edit(request, pk: int | None = None):
    _require(request, "settlement.manage")
    decision = None
    initial = {"year": request.GET.get("ar") or _today().year}
    if pk is not None:
        decision = visible_settlement_decisions(request.user).filter(pk=pk).first()
        if decision is None:
            raise Http404
        initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    form = DecisionForm(request.POST or None, initial=initial)

    def save(data):
        if decision is None:
            return services.record_settlement_decision(actor=request.user, data=data)
        return services.update_settlement_decision(actor=request.user, decision=decision, data=data)

    saved = submit(request, form, save, success=_("The settlement decision is saved."))
    if saved is not None:
        return redirect(f"{reverse('settlement:overview')}?ar={saved.year}")
    return render(request, "settlement/decision_form.html", {"form": form, "decision": decision})


# --- arrivals ---------------------------------------------------------------------------------


@login_required
def arrival_edit(request, pk: int | None = None):
    """Register an arrival (its checklist is copied from the template), or change one."""
    _require(request, "settlement.manage")
    arrival = None
    initial: dict = {"persons": 1}
    if pk is not None:
        arrival = get_visible_arrival_or_404(request.user, pk)
        _require(request, "settlement.change_object", arrival)
        initial = {name: getattr(arrival, name) for name in services.ARRIVAL_FIELDS}
        initial["household"] = arrival.household_id
    form = ArrivalForm(request.POST or None, initial=initial, households=_households(request))
    if arrival is None:
        saved = submit(
            request,
            form,
            lambda data: services.register_arrival(actor=request.user, data=data),
            success=_("The arrival is registered with its checklist."),
        )
    else:
        saved = submit(
            request,
            form,
            lambda data: services.update_arrival(actor=request.user, arrival=arrival, data=data),
            success=_("Saved."),
        )
    if saved is not None:
        return redirect("settlement:arrival", saved.pk)
    return render(request, "settlement/arrival_form.html", {"form": form, "arrival": arrival})


@login_required
def arrival_detail(request, pk: int):
    """An arrival and its checklist: tick items off (who and when, with a note), give an
    item to someone, settle or cancel the arrival."""
    _require(request, "settlement.view")
    arrival = get_visible_arrival_or_404(request.user, pk)
    today = _today()
    can_manage = request.user.has_perm("settlement.change_object", arrival)
    statuses = next_statuses(arrival.status)
    households = list(_households(request)) if can_manage else []
    status_form = StatusForm(
        statuses=statuses,
        households=households,
        initial={"on": min(today, arrival.expected_on), "household": arrival.household_id},
        prefix="status",
    )
    items = selectors.checklist(arrival, user=request.user, today=today)
    colleagues = (
        list(settlement_colleagues(request.user).order_by("first_name", "last_name"))
        if can_manage
        else []
    )
    tick_forms = {
        item.pk: TickForm(
            initial={"on": item.done_on or today, "note": item.note}, prefix=f"i{item.pk}"
        )
        for item in items
    }
    assign_forms = {
        item.pk: AssignForm(
            colleagues=colleagues,
            initial={"role": item.role, "responsible": item.responsible_id, "due_on": item.due_on},
            prefix=f"a{item.pk}",
        )
        for item in items
    }
    open_item = None
    if request.method == "POST":
        action = request.POST.get("action")
        by_id = {item.pk: item for item in items}
        if action in ("tick", "untick", "note", "assign"):
            item = by_id.get(_int_or_404(request.POST.get("item")))
            if item is None:
                raise Http404
            open_item = item.pk
            if action == "assign":
                if not can_manage:
                    raise PermissionDenied
                form = assign_forms[item.pk] = AssignForm(
                    request.POST, colleagues=colleagues, prefix=f"a{item.pk}"
                )
                saved = submit(
                    request,
                    form,
                    lambda data: services.assign_checklist_item(
                        actor=request.user, item=item, data=data
                    ),
                    success=_("Saved."),
                )
                if saved is not None:
                    return redirect("settlement:arrival", arrival.pk)
            else:
                if not item.may_tick:
                    raise PermissionDenied
                form = tick_forms[item.pk] = TickForm(request.POST, prefix=f"i{item.pk}")
                saved = submit(
                    request,
                    form,
                    lambda data: services.tick_checklist_item(
                        actor=request.user,
                        item=item,
                        done={"tick": True, "untick": False, "note": item.is_done}[action],
                        on=data["on"] if action == "tick" else item.done_on,
                        note=data["note"],
                    ),
                    success=_("Saved."),
                )
                if saved is not None:
                    return redirect(f"{request.path}#item-{item.pk}")
        elif action == "status":
            if not can_manage:
                raise PermissionDenied
            status_form = StatusForm(
                request.POST, statuses=statuses, households=households, prefix="status"
            )
            saved = submit(
                request,
                status_form,
                lambda data: services.change_arrival_status(
                    actor=request.user,
                    arrival=arrival,
                    to_status=data["to_status"],
                    on=data["on"],
                    household=data["household"],
                    reason=data["reason"],
                ),
                success=_("The status is changed."),
            )
            if saved is not None:
                return redirect("settlement:arrival", arrival.pk)
        else:
            raise Http404
    selectors.log_arrival_reads(
        request.user,
        [arrival],
        what="settlement.arrival",
        channel=AccessLog.Channel.WEB,
        path=request.get_full_path(),
    )
    done = sum(1 for item in items if item.is_done)
    return render(
        request,
        "settlement/arrival_detail.html",
        {
            "arrival": arrival,
            "rows": [(item, tick_forms[item.pk], assign_forms[item.pk]) for item in items],
            "done": done,
            "total": len(items),
            "overdue": sum(1 for item in items if item.overdue),
            "can_manage": can_manage,
            "status_form": status_form,
            "statuses": statuses,
            "open_item": open_item,
            "open_status": request.method == "POST" and request.POST.get("action") == "status",
            "today": today,
            "cancelled": arrival.status == ArrivalStatus.CANCELLED,
        },
    )


# --- the checklist template -------------------------------------------------------------------


@login_required
def template_edit(request):
    """The municipality's checklist for new arrivals: add, change, remove and reorder tasks.
    Arrivals already registered keep the checklist they got. Until the municipality has a
    template the page shows the default tasks it would get; it is made on a POST (create,
    or adding the first task), never by looking."""
    _require(request, "settlement.manage")
    template = selectors.checklist_template(request.user)
    items = selectors.template_items(template)
    forms = {
        item.pk: TemplateItemForm(
            initial={"title": item.title, "role": item.role, "offset_days": item.offset_days},
            prefix=f"t{item.pk}",
        )
        for item in items
    }
    new_form = TemplateItemForm(prefix="new", initial={"role": "consultant", "offset_days": 0})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.checklist_template_for(actor=request.user)
            messages.success(request, _("Saved."))
            return redirect("settlement:template")
        if action == "add":
            new_form = TemplateItemForm(request.POST, prefix="new")
            saved = submit(
                request,
                new_form,
                lambda data: services.add_template_item(actor=request.user, data=data),
                success=_("The task is added."),
            )
            if saved is not None:
                return redirect("settlement:template")
        elif action in ("update", "remove", "up", "down"):
            item = next((i for i in items if i.pk == _int_or_404(request.POST.get("item"))), None)
            if item is None:
                raise Http404
            if action == "update":
                form = forms[item.pk] = TemplateItemForm(request.POST, prefix=f"t{item.pk}")
                saved = submit(
                    request,
                    form,
                    lambda data: services.update_template_item(
                        actor=request.user, item=item, data=data
                    ),
                    success=_("Saved."),
                )
                if saved is not None:
                    return redirect("settlement:template")
            elif action == "remove":
                services.remove_template_item(actor=request.user, item=item)
                messages.success(request, _("The task is removed."))
                return redirect("settlement:template")
            else:
                services.move_template_item(actor=request.user, item=item, up=action == "up")
                return redirect("settlement:template")
        else:
            raise Http404
    return render(
        request,
        "settlement/template.html",
        {
            "rows": [(item, forms[item.pk]) for item in items],
            "new_form": new_form,
            "template": template,
            "defaults": selectors.default_template_items() if template is None else [],
        },
    )
