"""Login, the second factor, the start page, the coordination overview, the user's own account
and user administration."""

from __future__ import annotations

import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import permissions, services
from .forms import (
    MunicipalityForm,
    NewUserForm,
    PasswordForm,
    SecondFactorForm,
    UserForm,
    apply_service_errors,
)
from .models import Role, User
from .web import require as _require


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockout_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


@require_http_methods(["POST"])
def logout_view(request):
    auth_views.auth_logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("core:login")


def _safe_next(request, default: str) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Confirm a TOTP code, or enrol an authenticator app the first time."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request, reverse("core:home")))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = services.start_totp_enrolment(actor=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if enrolling:
            ok = services.confirm_totp_enrolment(actor=user, device=device, token=token)
        else:
            ok = device.verify_token(token.replace(" ", ""))
        if ok:
            otp_login(request, device)
            return redirect(_safe_next(request, reverse("core:home")))
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request, "")}
    if enrolling:
        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr.svg_inline(scale=5, dark="#000", light="#fff")
        context["secret"] = _base32(device.bin_key)
    return render(request, "core/second_factor.html", context)


def _base32(key: bytes) -> str:
    import base64

    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def home(request):
    """The start page: what this user should look at first, by role."""
    from introsak.attendance import selectors as attendance_selectors
    from introsak.decisions import selectors as decision_selectors
    from introsak.meetings import selectors as meeting_selectors
    from introsak.participants import selectors
    from introsak.placements import selectors as placement_selectors
    from introsak.plans import selectors as plan_selectors
    from introsak.results import selectors as results_selectors
    from introsak.settlement import selectors as settlement_selectors

    user = request.user
    context: dict = {"role": user.role}
    if user.role == Role.PARTICIPANT:
        return redirect("participants:own")
    if user.role == Role.MENTOR:
        return redirect("placements:mentor_home")
    today = timezone.localdate()
    context["today"] = today
    # Coordination (issue 8): what waits for this person whatever the role.
    context["my_actions"] = (
        meeting_selectors.my_action_items(user, today)
        if user.has_perm("meetings.view_meetings")
        else None
    )
    context["settlement_due"] = settlement_selectors.due_checklist_items(user, today)
    context["due_followups"] = results_selectors.due_followups(user, today)
    if user.role == Role.CONSULTANT:
        mine = selectors.search_participants(user, consultant=user).filter(
            status__in=selectors.ACTIVE_STATUSES
        )
        context["my_participants"] = list(mine)
        context["attention"] = selectors.needs_attention(user, today=today)
        context["deadlines"] = decision_selectors.deadlines(user, today=today)
        context["reviews_due"] = plan_selectors.reviews_due(user, today=today)
        context["weekly_absence"] = attendance_selectors.weekly_report(user, today=today)
        context["unregistered"] = attendance_selectors.unregistered_this_week(user, today=today)
        context["reporting_week"] = attendance_selectors.reporting_week(today)
        context["tests_missing"] = results_selectors.ending_without_norwegian_test(
            permissions.visible_participants(user).filter(
                Q(consultant=user) | Q(consultant__isnull=True)
            ),
            today=today,
        )
        context["open_concerns"] = placement_selectors.open_concerns(user)
    elif user.role == Role.LEADER:
        context["status_counts"] = selectors.status_counts(user)
        context["awaiting_approval"] = list(
            permissions.visible_decisions(user)
            .filter(status="awaiting_approval")
            .select_related("participant", "drafted_by")
            .order_by("drafted_at")
        )
    elif user.role in (Role.TEACHER,):
        context["mentor_messages"] = placement_selectors.messages_from_mentors(user, today=today)
        context["missing_reviews"] = plan_selectors.missing_training_reviews(user, today=today)
        context["semester_end"] = plan_selectors.rules.semester_end(today)
        context["tests_missing"] = results_selectors.ending_without_norwegian_test(
            permissions.visible_participants(user), today=today
        )
        context["groups"] = list(
            permissions.visible_groups(user).filter(is_active=True).prefetch_related("participants")
        )
    elif user.role == Role.NAV_ADVISOR:
        context["my_participants"] = list(selectors.search_participants(user))
    return render(request, "core/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(actor=user, user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed."))
            return redirect("core:account")
    has_totp = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(
        request,
        "core/account.html",
        {"form": form, "has_totp": has_totp, "tokens": user.api_tokens.active()},
    )


def _get_colleague_or_404(request, pk) -> User:
    user = permissions.municipality_users(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@login_required
def user_list(request):
    _require(request, "core.manage_users")
    users = permissions.municipality_users(request.user).order_by("role", "first_name")
    return render(request, "core/user_list.html", {"users": users})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require(request, "core.manage_users")
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        try:
            user = services.create_user(actor=request.user, data=data, password=password)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The user %(name)s is created.") % {"name": user})
            return redirect("core:user_list")
    return render(request, "core/user_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    _require(request, "core.manage_users")
    target = _get_colleague_or_404(request, pk)
    initial = {f: getattr(target, f) for f in UserForm.base_fields}
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=target, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("core:user_list")
    return _user_edit_page(request, target, form=form)


def _user_edit_page(request, target, *, form=None, password_form=None):
    if form is None:
        form = UserForm(initial={f: getattr(target, f) for f in UserForm.base_fields})
    return render(
        request,
        "core/user_form.html",
        {
            "form": form,
            "creating": False,
            "target": target,
            "has_totp": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
            "password_form": password_form or PasswordForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def user_set_password(request, pk: int):
    _require(request, "core.manage_users")
    target = _get_colleague_or_404(request, pk)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_password(
                actor=request.user, user=target, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        return _user_edit_page(request, target, password_form=form)
    messages.success(request, _("The password of %(name)s is set.") % {"name": target})
    return redirect("core:user_edit", pk=target.pk)


@login_required
@require_http_methods(["POST"])
def user_reset_second_factor(request, pk: int):
    _require(request, "core.manage_users")
    target = _get_colleague_or_404(request, pk)
    services.reset_second_factor(actor=request.user, user=target)
    messages.success(
        request,
        _("The second factor of %(name)s is removed. They enrol again at next login.")
        % {"name": target},
    )
    return redirect("core:user_edit", pk=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def municipality_settings(request):
    _require(request, "core.manage_users")
    municipality = request.user.municipality
    form = MunicipalityForm(
        request.POST or None,
        initial={
            "name": municipality.name,
            "in_sami_area": municipality.in_sami_area,
            "participant_rules": municipality.participant_rules,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_municipality(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("core:municipality")
    return render(
        request,
        "core/municipality.html",
        {
            "form": form,
            "number": municipality.number,
            "settings_2fa": settings.REQUIRE_SECOND_FACTOR,
        },
    )


@login_required
def coordination(request):
    """Samarbeid: settlement, meetings, the annual calendar, the action plan and interpreters
    at a glance, each part shown to the roles the policy lets read it (issue 8)."""
    from introsak.actionplan import selectors as actionplan_selectors
    from introsak.meetings import selectors as meeting_selectors
    from introsak.settlement import selectors as settlement_selectors
    from introsak.yearplan import selectors as yearplan_selectors

    user = request.user
    parts = (
        "settlement.view",
        "meetings.view_meetings",
        "yearplan.view_calendar",
        "actionplan.view_plans",
    )
    if not any(user.has_perm(perm) for perm in parts):
        raise PermissionDenied
    today = timezone.localdate()
    context: dict = {"today": today}
    if user.has_perm("settlement.view"):
        overview = settlement_selectors.overview(user, year=today.year, today=today)
        context["settlement"] = overview
        context["next_arrivals"] = [
            a for a in overview.arrivals if a.status == "expected" and a.expected_on >= today
        ][:3]
    if user.has_perm("meetings.view_meetings"):
        context["meetings"] = meeting_selectors.meeting_rows(user, when="upcoming")[:4]
        context["can_call_meeting"] = user.has_perm("meetings.add_meeting")
    if user.has_perm("yearplan.view_calendar"):
        events = permissions.visible_calendar_events(user)
        context["coming_events"] = yearplan_selectors.occurrences(
            list(events), today, today + datetime.timedelta(days=45)
        )[:6]
    if user.has_perm("actionplan.view_plans"):
        plan = actionplan_selectors.plans(user).first()
        if plan is not None:
            context["action_plan"] = plan
            context["plan_progress"] = actionplan_selectors.plan_progress(plan, today=today)
    context["sees_interpreters"] = user.has_perm("meetings.view_interpreters")
    return render(request, "core/coordination.html", context)
