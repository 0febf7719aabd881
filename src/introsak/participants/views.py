"""Screens of the participant registry. Thin: permission, then a selector or a service.

Every view fetches its participant through `get_visible_participant_or_404`, so a
participant the user may not see — another municipality's above all — is a 404.
Every view of a participant's record writes an access-log row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from introsak.core.forms import apply_service_errors
from introsak.core.permissions import (
    get_visible_participant_or_404,
    own_participant,
    visible_groups,
    visible_participants,
)
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require

from . import selectors, services
from .forms import (
    AssessmentForm,
    AssessmentLanguageFormSet,
    BankAccountForm,
    EducationFormSet,
    GroupForm,
    HouseholdForm,
    HouseholdMemberForm,
    LanguageForm,
    NewParticipantForm,
    ParticipantFilterForm,
    ParticipantForm,
    WorkFormSet,
)
from .models import Household
from .services import PROFILE_FIELDS
from .tabs import participant_tabs


def _add_service_errors(request, form, *, instance) -> None:
    """The form could not parse everything; still show what the rules say about the rest."""
    parsed = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    bank_account = parsed.pop("bank_account", "")
    errors = services.check_profile(actor=request.user, data=parsed, instance=instance)
    if bank_account:
        try:
            services.clean_bank_account(bank_account)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    for field, message in errors.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, message)


def _households(request):
    return Household.objects.filter(municipality_id=request.user.municipality_id)


@login_required
def participant_list(request):
    _require(request, "participants.list_participants")
    user = request.user
    form = ParticipantFilterForm(
        request.GET or None, actor=user, years=selectors.settlement_years(user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_participants(
        user,
        q=filters.get("q") or "",
        status=filters.get("status") or "",
        consultant=filters.get("consultant"),
        settlement_year=filters.get("settlement_year"),
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participants/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": user.has_perm("participants.add_participant"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request):
    _require(request, "participants.add_participant")
    form = NewParticipantForm(
        request.POST or None,
        initial={"consultant": request.user},
        actor=request.user,
        households=_households(request),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bank_account = data.pop("bank_account", "")
        try:
            participant = services.register_participant(
                actor=request.user, data=data, bank_account=bank_account
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant})
            return redirect("participants:detail", pk=participant.pk)
    elif request.method == "POST":
        _add_service_errors(request, form, instance=None)
    return render(request, "participants/form.html", {"form": form, "creating": True})


def _participant_context(request, participant, tab: str) -> dict:
    return participant_tabs(request.user, participant, tab)


@login_required
def participant_detail(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.view_participant", participant)
    _log_read(request, participant, "participant.view")
    context = _participant_context(request, participant, "overview")
    context.update(selectors.participant_detail(participant))
    context["language_form"] = LanguageForm()
    if request.user.has_perm("decisions.view_period", participant):
        from introsak.decisions.selectors import timeline

        context["timeline"] = timeline(participant, today=timezone.localdate())
    if request.user.has_perm("meetings.view_meetings"):
        from introsak.meetings.selectors import meetings_for_participant

        context["participant_meetings"] = meetings_for_participant(request.user, participant)
    return render(request, "participants/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.change_participant", participant)
    initial = {name: getattr(participant, name) for name in PROFILE_FIELDS}
    initial["national_id"] = participant.national_id
    form = ParticipantForm(
        request.POST or None, initial=initial, actor=request.user, households=_households(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                actor=request.user, participant=participant, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("participants:detail", pk=participant.pk)
    elif request.method == "POST":
        _add_service_errors(request, form, instance=participant)
    _log_read(request, participant, "participant.edit_form")
    return render(
        request,
        "participants/form.html",
        {"form": form, "creating": False, "participant": participant},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_change(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.change_bank_account", participant)
    form = BankAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_bank_account(
                actor=request.user,
                participant=participant,
                bank_account=form.cleaned_data["bank_account"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The bank account is changed."))
            return redirect("participants:detail", pk=participant.pk)
    _log_read(request, participant, "participant.bank_account_form")
    return render(
        request, "participants/bank_account.html", {"form": form, "participant": participant}
    )


@login_required
@require_http_methods(["POST"])
def language_add(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.change_participant", participant)
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            services.add_language(actor=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("The language is added."))
    return redirect("participants:detail", pk=participant.pk)


@login_required
@require_http_methods(["POST"])
def language_remove(request, pk: int, language_pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.change_participant", participant)
    services.remove_language(actor=request.user, participant=participant, language_id=language_pk)
    messages.success(request, _("The language is removed."))
    return redirect("participants:detail", pk=participant.pk)


@login_required
@require_http_methods(["GET", "POST"])
def household(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.view_participant", participant)
    can_change = request.user.has_perm("participants.change_household", participant)
    household_form = HouseholdForm(
        request.POST if "create_household" in request.POST else None,
        initial={"name": participant.family_name, "address": participant.address},
    )
    member_form = HouseholdMemberForm(
        request.POST if "add_member" in request.POST else None,
        initial={"family_name": participant.family_name},
    )
    if request.method == "POST":
        _require(request, "participants.change_household", participant)
        try:
            if "create_household" in request.POST and household_form.is_valid():
                services.create_household(
                    actor=request.user, participant=participant, **household_form.cleaned_data
                )
                messages.success(request, _("The household is created."))
                return redirect("participants:household", pk=participant.pk)
            if "add_member" in request.POST and member_form.is_valid():
                services.add_household_member(
                    actor=request.user, participant=participant, data=member_form.cleaned_data
                )
                messages.success(request, _("The person is added to the household."))
                return redirect("participants:household", pk=participant.pk)
        except ValidationError as exc:
            apply_service_errors(
                household_form if "create_household" in request.POST else member_form, exc
            )
    _log_read(request, participant, "participant.household")
    context = _participant_context(request, participant, "household")
    context.update(selectors.participant_detail(participant))
    context.update(
        household_form=household_form, member_form=member_form, can_change_household=can_change
    )
    return render(request, "participants/household.html", context)


@login_required
def assessment_list(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.view_assessment", participant)
    _log_read(request, participant, "assessment.list")
    context = _participant_context(request, participant, "assessments")
    context["assessments"] = list(selectors.assessments_for(participant))
    return render(request, "participants/assessment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.add_assessment", participant)
    data = request.POST or None
    form = AssessmentForm(data, initial={"assessed_on": timezone.localdate()})
    education = EducationFormSet(data, prefix="education")
    work = WorkFormSet(data, prefix="work")
    languages = AssessmentLanguageFormSet(data, prefix="languages")
    formsets = {"education": education, "work": work, "languages": languages}
    education.row_title, work.row_title = _("Education"), _("Work experience")
    languages.row_title = _("Language")
    if (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for f in formsets.values())
    ):
        try:
            services.record_assessment(
                actor=request.user,
                participant=participant,
                data=form.cleaned_data,
                **{name: [f.cleaned_data for f in fs] for name, fs in formsets.items()},
            )
        except ValidationError as exc:
            _apply_assessment_errors(form, formsets, exc)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect("participants:assessments", pk=participant.pk)
    _log_read(request, participant, "assessment.form")
    context = _participant_context(request, participant, "assessments")
    context.update(form=form, **formsets)
    return render(request, "participants/assessment_form.html", context)


def _apply_assessment_errors(form, formsets, exc: ValidationError) -> None:
    for key, errors in exc.message_dict.items():
        prefix, _dot, rest = key.partition(".")
        if prefix in formsets and rest:
            index, _dot, field = rest.partition(".")
            rows = [f for f in formsets[prefix].forms if f.has_changed()]
            target = rows[int(index)] if int(index) < len(rows) else formsets[prefix].forms[0]
            for message in errors:
                target.add_error(field if field in target.fields else None, message)
        else:
            for message in errors:
                form.add_error(key if key in form.fields else None, message)


@login_required
def audit_trail(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "participants.view_audit_trail", participant)
    context = _participant_context(request, participant, "audit")
    context.update(selectors.audit_trail(participant))
    # Reading the trail is itself a read of the participant's record.
    _log_read(request, participant, "participant.audit_trail")
    return render(request, "participants/audit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def own_page(request):
    """«Min side»: the participant's own record, plan and timesheets, in plain words."""
    from introsak.attendance import services as attendance
    from introsak.attendance.models import Timesheet, TimesheetStatus
    from introsak.plans.selectors import plan_overview

    participant = own_participant(request.user)
    if participant is None:
        raise Http404
    _require(request, "participants.view_own_record", participant)
    if request.method == "POST":
        sheet = Timesheet.objects.filter(
            participant=participant, pk=request.POST.get("timesheet")
        ).first()
        if sheet is None:
            raise Http404
        try:
            attendance.acknowledge_timesheet(
                actor=request.user, participant=participant, month=sheet.month
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you. You have confirmed the timesheet."))
        return redirect("participants:own")
    _log_read(request, participant, "participant.own_page")
    return render(
        request,
        "participants/own.html",
        {
            "participant": participant,
            "languages": participant.languages.all(),
            "plan": plan_overview(participant, today=timezone.localdate()),
            "timesheets": list(
                Timesheet.objects.filter(participant=participant)
                .exclude(status=TimesheetStatus.OPEN)
                .order_by("-month")[:6]
            ),
            "payslips": own_payslips(participant)[:6],
        },
    )


def own_payslips(participant) -> list:
    from introsak.stipend.views import _payslips

    return _payslips(participant)


@login_required
def group_list(request):
    _require(request, "participants.view_groups")
    groups = (
        visible_groups(request.user).prefetch_related("teachers").order_by("-is_active", "name")
    )
    from django.db.models import Count

    groups = groups.annotate(n=Count("participants", distinct=True))
    return render(
        request,
        "participants/group_list.html",
        {"groups": groups, "can_manage": request.user.has_perm("participants.manage_groups")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, group_pk: int | None = None):
    _require(request, "participants.manage_groups")
    group = None
    initial = {"is_active": True}
    if group_pk is not None:
        group = visible_groups(request.user).filter(pk=group_pk).first()
        if group is None:
            raise Http404
        initial = {
            "name": group.name,
            "description": group.description,
            "is_active": group.is_active,
            "teachers": list(group.teachers.all()),
            "participants": list(group.participants.all()),
        }
    form = GroupForm(
        request.POST or None,
        initial=initial,
        actor=request.user,
        participants=visible_participants(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.save_group(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The class is saved."))
            return redirect("participants:groups")
    return render(request, "participants/group_form.html", {"form": form, "group": group})
