"""Placement screens: the employer register and recruitment pipeline, placements with their
start-up meeting, request, evaluations, messages and concerns, the participant's placement
tab with suggested workplaces, gatherings, material, and the mentor's own pages.

Thin: they check the policy, call the services and selectors, and show the result. Reads of
a participant's placement are audited like every other read of the record.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core.forms import apply_service_errors, submit
from introsak.core.models import Role
from introsak.core.permissions import (
    get_visible_participant_or_404,
    get_visible_placement_or_404,
    municipality_users,
    visible_employers,
    visible_gatherings,
    visible_participants,
    visible_workplaces,
)
from introsak.core.web import int_or_404 as _int_or_404
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.tabs import participant_tabs
from introsak.plans.models import Measure, MeasureKind

from . import documents, selectors, services
from .forms import (
    OWNER_ROLES,
    CancelPlacementForm,
    CloseConcernForm,
    ConcernForm,
    ContactForm,
    EmployerForm,
    EndPlacementForm,
    EvaluationForm,
    GatheringForm,
    LabourNeedForm,
    MentorConcernForm,
    MentorForm,
    MessageForm,
    PlacementForm,
    RequestForm,
    StageForm,
    StartupMeetingForm,
    TrainingForm,
    WorkplaceForm,
)
from .models import (
    Concern,
    ContactPerson,
    Industry,
    LabourNeed,
    Mentor,
    PipelineStage,
)
from .workflow import next_stages


def _today() -> datetime.date:
    return timezone.localdate()


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


# --- employers and the pipeline -------------------------------------------------------------


@login_required
def pipeline(request):
    """Workplaces by recruitment stage, and the municipality's need for labour."""
    _require(request, "placements.view_employers")
    stage = request.GET.get("stage", "")
    industry = request.GET.get("industry", "")
    query = request.GET.get("q", "").strip()
    data = selectors.pipeline(
        request.user, stage=stage, industry=industry, query=query, today=_today()
    )
    can_needs = request.user.has_perm("placements.manage_labour_needs")
    need_form = LabourNeedForm(initial={"year": _today().year + 1})
    if request.method == "POST":
        if not can_needs:
            raise PermissionDenied
        if "remove_need" in request.POST:
            need = get_object_or_404(
                LabourNeed,
                pk=_int_or_404(request.POST["remove_need"]),
                municipality_id=request.user.municipality_id,
            )
            services.remove_labour_need(actor=request.user, need=need)
            return redirect("placements:pipeline")
        need_form = LabourNeedForm(request.POST)
        if submit(
            request,
            need_form,
            lambda data: services.record_labour_need(actor=request.user, data=data),
            success=_("The need for labour is recorded."),
        ):
            return redirect("placements:pipeline")
    return render(
        request,
        "placements/pipeline.html",
        {
            **data,
            "stage": stage,
            "industry": industry,
            "query": query,
            "stages": PipelineStage.choices,
            "industries": Industry.choices,
            "needs": list(selectors.labour_needs(request.user)),
            "need_form": need_form,
            "can_manage": request.user.has_perm("placements.manage_employers"),
            "can_needs": can_needs,
        },
    )


@login_required
def employer_create(request):
    _require(request, "placements.manage_employers")
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.register_employer(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": employer.name})
            return redirect("placements:employer", employer.pk)
    return render(request, "placements/employer_form.html", {"form": form, "employer": None})


def _employer_or_404(request, pk):
    try:
        return visible_employers(request.user).get(pk=pk)
    except (ValueError, TypeError, visible_employers(request.user).model.DoesNotExist):
        raise Http404 from None


@login_required
def employer_edit(request, pk: int):
    employer = _employer_or_404(request, pk)
    _require(request, "placements.manage_employers")
    initial = {f: getattr(employer, f) for f in services.EMPLOYER_FIELDS}
    form = EmployerForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.update_employer(actor=request.user, employer=employer, data=data),
        success=_("Saved."),
    ):
        return redirect("placements:employer", employer.pk)
    return render(request, "placements/employer_form.html", {"form": form, "employer": employer})


@login_required
def employer_detail(request, pk: int):
    """An employer: its workplaces in the pipeline, contact people and mentors."""
    employer = _employer_or_404(request, pk)
    can_manage = request.user.has_perm("placements.manage_employers")
    forms = {
        "contact": ContactForm(prefix="contact"),
        "workplace": WorkplaceForm(prefix="workplace", initial={"industry": employer.industry}),
        "mentor": MentorForm(prefix="mentor"),
        "training": TrainingForm(prefix="training"),
    }
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "contact":
                forms["contact"] = form = ContactForm(request.POST, prefix="contact")
                if form.is_valid():
                    services.add_contact(
                        actor=request.user, employer=employer, data=form.cleaned_data
                    )
                    messages.success(request, _("The contact person is added."))
                    return redirect("placements:employer", employer.pk)
            elif action == "remove_contact":
                contact = get_object_or_404(
                    ContactPerson, pk=_int_or_404(request.POST.get("contact")), employer=employer
                )
                services.remove_contact(actor=request.user, contact=contact)
                return redirect("placements:employer", employer.pk)
            elif action == "workplace":
                forms["workplace"] = form = WorkplaceForm(request.POST, prefix="workplace")
                if form.is_valid():
                    services.add_workplace(
                        actor=request.user, employer=employer, data=form.cleaned_data
                    )
                    messages.success(request, _("The workplace is added."))
                    return redirect("placements:employer", employer.pk)
            elif action == "mentor":
                forms["mentor"] = form = MentorForm(request.POST, prefix="mentor")
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    password = data.pop("password")
                    mentor = services.register_mentor(
                        actor=request.user, employer=employer, data=data, password=password
                    )
                    messages.success(
                        request,
                        _("%(name)s can now log in as mentor with the username %(username)s.")
                        % {"name": mentor, "username": mentor.user.username},
                    )
                    return redirect("placements:employer", employer.pk)
            elif action == "training":
                forms["training"] = form = TrainingForm(request.POST, prefix="training")
                mentor = get_object_or_404(
                    Mentor, pk=_int_or_404(request.POST.get("mentor")), employer=employer
                )
                if form.is_valid():
                    services.record_mentor_training(
                        actor=request.user, mentor=mentor, data=form.cleaned_data
                    )
                    messages.success(request, _("The training is recorded."))
                    return redirect("placements:employer", employer.pk)
            else:
                raise Http404
        except ValidationError as exc:
            apply_service_errors(form, exc)
    workplaces = list(employer.workplaces.order_by("name"))
    mentors = list(employer.mentors.select_related("user").prefetch_related("trainings"))
    return render(
        request,
        "placements/employer_detail.html",
        {
            "employer": employer,
            "workplaces": workplaces,
            "contacts": list(employer.contacts.all()),
            "mentors": mentors,
            "forms": forms,
            "can_manage": can_manage,
            "open_action": request.POST.get("action") if request.method == "POST" else "",
        },
    )


@login_required
def workplace_detail(request, pk: int):
    """A workplace's recruitment: the stage, its history, its placements; move it on."""
    try:
        workplace = visible_workplaces(request.user).select_related("employer").get(pk=pk)
    except (ValueError, TypeError, visible_workplaces(request.user).model.DoesNotExist):
        raise Http404 from None
    can_manage = request.user.has_perm("placements.manage_employers")
    stages = next_stages(workplace.stage)
    stage_form = StageForm(stages=stages, initial={"on": _today()})
    edit_form = WorkplaceForm(
        initial={f: getattr(workplace, f) for f in services.WORKPLACE_FIELDS}, prefix="edit"
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if request.POST.get("action") == "edit":
            edit_form = WorkplaceForm(request.POST, prefix="edit")
            saved = submit(
                request,
                edit_form,
                lambda data: services.update_workplace(
                    actor=request.user, workplace=workplace, data=data
                ),
                success=_("Saved."),
            )
        else:
            stage_form = StageForm(request.POST, stages=stages)
            saved = submit(
                request,
                stage_form,
                lambda data: services.move_workplace(
                    actor=request.user,
                    workplace=workplace,
                    to_stage=data["to_stage"],
                    on=data["on"],
                    note=data["note"],
                ),
                success=_("The workplace is moved."),
            )
        if saved:
            return redirect("placements:workplace", workplace.pk)
    placements = list(
        workplace.placements.filter(participant__in=visible_participants(request.user))
        .select_related("participant", "mentor__user")
        .order_by("-start_date")
    )
    return render(
        request,
        "placements/workplace_detail.html",
        {
            "workplace": workplace,
            "history": list(workplace.history.select_related("by")),
            "placements": placements,
            "stage_form": stage_form,
            "edit_form": edit_form,
            "can_manage": can_manage,
            "stages": stages,
            "today": _today(),
        },
    )


# --- placements -----------------------------------------------------------------------------


@login_required
def placement_list(request):
    _require(request, "placements.view_placements")
    state = request.GET.get("vis", "current")
    if state not in ("current", "ended", "all"):
        state = "current"
    rows = selectors.placement_rows(request.user, today=_today(), state=state)
    return render(
        request,
        "placements/placement_list.html",
        {
            "rows": rows,
            "state": state,
            "open_concerns": selectors.open_concerns(request.user),
            "today": _today(),
        },
    )


@login_required
def participant_placements(request, pk: int):
    """The participant's placement tab: placements, suggested workplaces, gatherings."""
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "placements.view_participant_placements", participant)
    today = _today()
    can_add = request.user.has_perm("placements.add_placement", participant)
    context = {
        **participant_tabs(request.user, participant, "placements"),
        "rows": selectors.placement_rows(
            request.user, today=today, state="all", participant=participant
        ),
        "gatherings": selectors.participant_gatherings(participant),
        "can_add": can_add,
        "today": today,
    }
    if can_add:
        context["match"] = selectors.suggestions(request.user, participant, today=today)
    _log_read(request, participant, "placement.list")
    return render(request, "placements/participant.html", context)


def _placement_form(request, participant, data=None, initial=None):
    measures = Measure.objects.filter(
        plan__participant=participant, kind=MeasureKind.WORK_PRACTICE, is_active=True
    )
    workplaces = (
        visible_workplaces(request.user)
        .exclude(stage__in=(PipelineStage.ENDED, PipelineStage.CONTACTED))
        .select_related("employer")
        .order_by("employer__name", "name")
    )
    mentors = Mentor.objects.filter(
        municipality_id=request.user.municipality_id, user__is_active=True
    ).select_related("user", "employer")
    return PlacementForm(
        data, initial=initial, workplaces=workplaces, mentors=mentors, measures=measures
    )


@login_required
def placement_create(request, pk: int):
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "placements.add_placement", participant)
    initial = {}
    measure = Measure.objects.filter(
        plan__participant=participant, kind=MeasureKind.WORK_PRACTICE, is_active=True
    ).first()
    if measure is not None:
        initial = {
            "measure": measure.pk,
            "start_date": max(measure.start_date, _today()),
            "end_date": measure.end_date,
            "weekdays": list(measure.weekdays),
            "hours_per_week": measure.hours_per_week,
        }
    if request.GET.get("arbeidsplass"):
        initial["workplace"] = request.GET["arbeidsplass"]
    form = _placement_form(request, participant, request.POST or None, initial)
    placement = submit(
        request,
        form,
        lambda data: services.make_placement(
            actor=request.user, participant=participant, data=form.service_data()
        ),
        success=_("The placement is agreed."),
    )
    if placement:
        return redirect("placements:detail", placement.pk)
    _log_read(request, participant, "placement.view")
    return render(
        request,
        "placements/placement_form.html",
        {
            **participant_tabs(request.user, participant, "placements"),
            "form": form,
            "placement": None,
            "has_measure": measure is not None,
        },
    )


@login_required
def placement_edit(request, pk: int):
    placement = get_visible_placement_or_404(request.user, pk)
    _require(request, "placements.change_placement", placement)
    participant = placement.participant
    initial = {
        "workplace": placement.workplace_id,
        "mentor": placement.mentor_id,
        "measure": placement.measure_id,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "weekdays": list(placement.weekdays),
        "hours_per_week": placement.hours_per_week,
        "tasks": placement.tasks,
        "language_goals": placement.language_goals,
    }
    form = _placement_form(request, participant, request.POST or None, initial)
    if submit(
        request,
        form,
        lambda data: services.update_placement(
            actor=request.user, placement=placement, data=form.service_data()
        ),
        success=_("Saved."),
    ):
        return redirect("placements:detail", placement.pk)
    _log_read(request, participant, "placement.view")
    return render(
        request,
        "placements/placement_form.html",
        {
            **participant_tabs(request.user, participant, "placements"),
            "form": form,
            "placement": placement,
            "has_measure": True,
        },
    )


@login_required
def placement_detail(request, pk: int):
    """One placement: the agreement, the start-up meeting, the request, the mentor's
    evaluations, messages with the teacher, and concerns."""
    user = request.user
    placement = get_visible_placement_or_404(user, pk)
    if user.role == Role.MENTOR:
        return redirect("placements:mentor_week", placement.pk)
    _require(request, "placements.view_placement", placement)
    participant = placement.participant
    can_change = user.has_perm("placements.change_placement", placement)
    can_message = user.has_perm("placements.send_message", placement)
    can_concern = user.has_perm("placements.raise_concern", placement)
    can_handle = user.has_perm("placements.handle_concern", placement)
    can_see_concerns = user.has_perm("placements.view_concerns", placement)
    detail = selectors.placement_detail(placement, with_concerns=can_see_concerns)
    startup = detail["startup"]
    contacts = detail["contacts"]
    teachers = municipality_users(user).filter(role=Role.TEACHER, is_active=True)
    owners = municipality_users(user).filter(role__in=OWNER_ROLES, is_active=True)
    forms = {
        "startup": StartupMeetingForm(
            prefix="startup",
            contacts=contacts,
            teachers=teachers,
            initial={
                "date": startup.date,
                "participant_attended": startup.participant_attended,
                "mentor_attended": startup.mentor_attended,
                "employer_contact": startup.employer_contact_id,
                "teacher": startup.teacher_id,
                "interpreter_language": startup.interpreter_language,
                "interpreter_name": startup.interpreter_name,
                "notes": startup.notes,
            }
            if startup
            else {"participant_attended": True, "mentor_attended": True},
        ),
        "request": RequestForm(
            prefix="request",
            initial={
                # The draft is read from the assessment only for those who may send it.
                "request_text": placement.request_text
                or (_default_request(placement) if can_change else ""),
                "request_consent": placement.request_consent,
                "request_sent_on": placement.request_sent_on,
            },
        ),
        "message": MessageForm(prefix="message"),
        "concern": ConcernForm(
            prefix="concern",
            owners=owners,
            initial={
                "owner": participant.consultant_id or user.pk,
                "meeting_by": _today() + datetime.timedelta(days=services.MEETING_WITHIN_DAYS),
            },
        ),
        "close": CloseConcernForm(prefix="close", initial={"meeting_held_on": _today()}),
        "end": EndPlacementForm(prefix="end", initial={"last_day": _today()}),
        "cancel": CancelPlacementForm(prefix="cancel"),
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action:
        form = None
        try:
            if action == "startup" and can_change:
                forms["startup"] = form = StartupMeetingForm(
                    request.POST, prefix="startup", contacts=contacts, teachers=teachers
                )
                if form.is_valid():
                    services.record_startup_meeting(
                        actor=user, placement=placement, data=form.cleaned_data
                    )
                    messages.success(request, _("The start-up meeting is recorded."))
                    return redirect("placements:detail", placement.pk)
            elif action == "request" and can_change:
                forms["request"] = form = RequestForm(request.POST, prefix="request")
                if form.is_valid():
                    services.save_request(
                        actor=user,
                        placement=placement,
                        text=form.cleaned_data["request_text"],
                        consent=form.cleaned_data["request_consent"],
                        sent_on=form.cleaned_data["request_sent_on"],
                    )
                    messages.success(request, _("The request is saved."))
                    return redirect("placements:detail", placement.pk)
            elif action == "message" and can_message:
                forms["message"] = form = MessageForm(request.POST, prefix="message")
                if form.is_valid():
                    services.send_message(
                        actor=user, placement=placement, text=form.cleaned_data["text"]
                    )
                    messages.success(request, _("The message is sent."))
                    return redirect(reverse("placements:detail", args=[placement.pk]) + "#messages")
            elif action == "concern" and can_concern:
                forms["concern"] = form = ConcernForm(request.POST, prefix="concern", owners=owners)
                if form.is_valid():
                    services.raise_concern(actor=user, placement=placement, data=form.cleaned_data)
                    messages.success(request, _("The concern is registered."))
                    return redirect(reverse("placements:detail", args=[placement.pk]) + "#concerns")
            elif action == "close" and can_handle:
                concern = get_object_or_404(
                    Concern, pk=_int_or_404(request.POST.get("concern")), placement=placement
                )
                forms["close"] = form = CloseConcernForm(request.POST, prefix="close")
                if form.is_valid():
                    services.close_concern(
                        actor=user,
                        concern=concern,
                        outcome=form.cleaned_data["outcome"],
                        meeting_held_on=form.cleaned_data["meeting_held_on"],
                    )
                    messages.success(request, _("The concern is closed."))
                    return redirect(reverse("placements:detail", args=[placement.pk]) + "#concerns")
            elif action == "cancel" and can_change:
                forms["cancel"] = form = CancelPlacementForm(request.POST, prefix="cancel")
                if form.is_valid():
                    services.cancel_placement(
                        actor=user, placement=placement, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The placement is cancelled."))
                    return redirect("placements:participant", participant.pk)
            elif action == "end" and can_change:
                forms["end"] = form = EndPlacementForm(request.POST, prefix="end")
                if form.is_valid():
                    services.end_placement(
                        actor=user,
                        placement=placement,
                        last_day=form.cleaned_data["last_day"],
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The placement is ended."))
                    return redirect("placements:detail", placement.pk)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            apply_service_errors(form, exc)
    _log_read(request, participant, "placement.view")
    today = _today()
    return render(
        request,
        "placements/placement_detail.html",
        {
            **participant_tabs(user, participant, "placements"),
            "placement": placement,
            **detail,
            "forms": forms,
            "action": action,
            "state": placement.state(today),
            "today": today,
            "can_change": can_change,
            "can_message": can_message,
            "can_concern": can_concern,
            "can_handle": can_handle,
            "can_see_concerns": can_see_concerns,
        },
    )


def _default_request(placement) -> str:
    """A first draft of the request from the latest assessment: the consultant edits it and
    reads it with the participant before it is sent."""
    from introsak.participants.models import Assessment

    assessment = (
        Assessment.objects.filter(participant=placement.participant)
        .prefetch_related("work", "languages")
        .order_by("-assessed_on", "-id")
        .first()
    )
    parts = []
    if assessment is not None:
        work = [
            w.occupation + (f" ({w.years} år)" if w.years else "") for w in assessment.work.all()
        ]
        if work:
            parts.append("Arbeidserfaring: " + ", ".join(work) + ".")
        languages = [str(lang) for lang in assessment.languages.all()]
        if languages:
            parts.append("Språk: " + ", ".join(languages) + ".")
        if assessment.wishes_work:
            parts.append("Ønsker: " + assessment.wishes_work.strip())
    return "\n\n".join(parts)


@login_required
def request_pdf(request, pk: int):
    placement = get_visible_placement_or_404(request.user, pk)
    _require(request, "placements.change_placement", placement)
    if not placement.request_consent:
        messages.error(
            request,
            _("The request is made only when the participant has agreed that it is shared."),
        )
        return redirect(reverse("placements:detail", args=[placement.pk]) + "#request")
    pdf = documents.request_pdf(placement)
    _log_read(request, placement.participant, "placement.request_pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="foresporsel-praksis-{placement.pk}.pdf"'
    return response


# --- gatherings -----------------------------------------------------------------------------


@login_required
def gathering_list(request):
    _require(request, "placements.view_gatherings")
    try:
        year = int(request.GET.get("ar") or _today().year)
    except ValueError:
        year = _today().year
    years = sorted(set(selectors.gathering_years(request.user)) | {_today().year}, reverse=True)
    return render(
        request,
        "placements/gathering_list.html",
        {
            "gatherings": selectors.gatherings(request.user, year=year),
            "year": year,
            "years": years,
            "can_manage": request.user.has_perm("placements.manage_gatherings"),
            "today": _today(),
        },
    )


def _gathering_form(request, data=None, initial=None):
    today = _today()
    # Those in placement this past year, and whoever the gathering already has.
    chosen = (initial or {}).get("participants") or []
    participants = (
        visible_participants(request.user)
        .filter(
            Q(placements__end_date__gte=today - datetime.timedelta(days=365)) | Q(pk__in=chosen)
        )
        .distinct()
        .order_by("given_name", "family_name")
    )
    mentors = Mentor.objects.filter(municipality_id=request.user.municipality_id).select_related(
        "user", "employer"
    )
    return GatheringForm(data, initial=initial, participants=participants, mentors=mentors)


@login_required
def gathering_edit(request, pk: int | None = None):
    _require(request, "placements.manage_gatherings")
    gathering = None
    initial = {"date": _today()}
    if pk is not None:
        gathering = get_object_or_404(visible_gatherings(request.user), pk=pk)
        initial = {
            **{f: getattr(gathering, f) for f in services.GATHERING_FIELDS},
            "participants": [p.pk for p in gathering.participants.all()],
            "mentors": [m.pk for m in gathering.mentors.all()],
        }
    form = _gathering_form(request, request.POST or None, initial)

    def save(cleaned_data):
        data = dict(cleaned_data)
        ids = {"participant_ids": data.pop("participants"), "mentor_ids": data.pop("mentors")}
        if gathering is None:
            return services.record_gathering(actor=request.user, data=data, **ids)
        return services.update_gathering(actor=request.user, gathering=gathering, data=data, **ids)

    saved = submit(request, form, save, success=_("The gathering is saved."))
    if saved:
        return redirect(reverse("placements:gatherings") + f"?ar={saved.date.year}")
    return render(request, "placements/gathering_form.html", {"form": form, "gathering": gathering})


# --- material -------------------------------------------------------------------------------


@login_required
def material(request, kind: str):
    _require(request, "placements.material")
    municipality = request.user.municipality
    if kind == "brosjyre":
        pdf, name = documents.brochure_pdf(municipality), "informasjon-til-arbeidsplasser.pdf"
    elif kind == "veilederhefte":
        pdf, name = documents.mentor_booklet_pdf(municipality), "veilederhefte.pdf"
    else:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- the mentor -----------------------------------------------------------------------------


@login_required
def mentor_home(request):
    """The mentor's start: their current placements and nothing else."""
    if request.user.role != Role.MENTOR:
        raise Http404
    placements = selectors.mentor_placements(request.user)
    return render(request, "placements/mentor_home.html", {"placements": placements})


@login_required
def mentor_week(request, pk: int):
    """The mentor registers the week's attendance and a short evaluation, and can write to
    the participant's teacher or raise a concern."""
    user = request.user
    placement = get_visible_placement_or_404(user, pk)
    _require(request, "placements.mentor_register", placement)
    today = _today()
    week_start = selectors.monday(_parse_date(request.GET.get("uke")) or today)
    week_start = min(
        max(week_start, selectors.monday(placement.start_date)), selectors.monday(today)
    )
    week = selectors.mentor_week(placement, user=user, week_start=week_start, today=today)
    evaluation = week.evaluation
    eval_form = EvaluationForm(
        prefix="eval",
        initial={
            "rating": evaluation.rating,
            "text": evaluation.text,
            "language_use": evaluation.language_use,
        }
        if evaluation
        else None,
    )
    message_form = MessageForm(prefix="message")
    concern_form = MentorConcernForm(prefix="concern")
    errors: dict = {}
    posted: dict = {}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    here = reverse("placements:mentor_week", args=[placement.pk]) + f"?uke={week_start.isoformat()}"
    if action == "attendance":
        items = []
        for day in week.days:
            if not day.may_register:
                continue
            key = day.date.isoformat()
            status = request.POST.get(f"status-{key}", "")
            posted[key] = {
                "status": status,
                "hours": request.POST.get(f"hours-{key}", ""),
                "absence_type": request.POST.get(f"absence-{key}", ""),
                "note": request.POST.get(f"note-{key}", ""),
            }
            if not status:
                continue
            items.append({"date": day.date, **posted[key]})
        try:
            result = services.register_placement_days(actor=user, placement=placement, items=items)
        except ValidationError as exc:
            errors = {
                _day_key(field, items): " ".join(msgs) for field, msgs in exc.message_dict.items()
            }
        else:
            messages.success(
                request,
                _("The week is registered (%(count)s days).")
                % {"count": result.created + result.updated + result.unchanged},
            )
            return redirect(here)
    elif action == "evaluation":
        eval_form = EvaluationForm(request.POST, prefix="eval")
        if submit(
            request,
            eval_form,
            lambda data: services.write_evaluation(
                actor=user, placement=placement, week_start=week_start, data=data
            ),
            success=_("The evaluation is saved."),
        ):
            return redirect(here)
    elif action == "message":
        message_form = MessageForm(request.POST, prefix="message")
        if submit(
            request,
            message_form,
            lambda data: services.send_message(actor=user, placement=placement, text=data["text"]),
            success=_("The message is sent to the teacher."),
        ):
            return redirect(here + "#messages")
    elif action == "concern":
        concern_form = MentorConcernForm(request.POST, prefix="concern")
        if submit(
            request,
            concern_form,
            lambda data: services.raise_concern(actor=user, placement=placement, data=data),
            success=_("The concern is sent. The refugee service contacts you for a meeting."),
        ):
            return redirect(here)
    elif action:
        raise PermissionDenied
    _log_read(request, placement.participant, "placement.mentor_week")
    from introsak.attendance.models import AbsenceType

    return render(
        request,
        "placements/mentor_week.html",
        {
            "placement": placement,
            "week": week,
            "days": [
                (day, _day_values(day, posted), errors.get(day.date.isoformat()))
                for day in week.days
            ],
            "errors": errors,
            "general_errors": [v for k, v in errors.items() if k == "__all__"],
            "eval_form": eval_form,
            "message_form": message_form,
            "concern_form": concern_form,
            "thread": list(placement.messages.select_related("sender")),
            "my_concerns": list(
                placement.concerns.filter(registered_by=user).order_by("-raised_on")
            ),
            "day_names": selectors.weekday_names(placement.weekdays),
            "previous_week": week_start - datetime.timedelta(days=7)
            if week_start > selectors.monday(placement.start_date)
            else None,
            "next_week": week_start + datetime.timedelta(days=7)
            if week_start < selectors.monday(today)
            else None,
            "absence_types": [
                (value, label)
                for value, label in AbsenceType.choices
                if value in services.MENTOR_ABSENCE_TYPES
            ],
        },
    )


def _day_values(day, posted: dict) -> dict:
    """What a day's row shows: what was just typed, else what is registered."""
    typed = posted.get(day.date.isoformat())
    if typed is not None:
        return typed
    reg = day.registration
    if reg is None:
        return {"status": "", "absence_type": "", "hours": "", "note": ""}
    return {
        "status": reg.status,
        "absence_type": reg.absence_type,
        "hours": f"{reg.hours.normalize():f}",
        "note": reg.note,
    }


def _day_key(field: str, items: list[dict]) -> str:
    """`items.2.hours` → the ISO date of item 2, so the error shows on its row."""
    parts = field.split(".")
    if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
        index = int(parts[1])
        if index < len(items):
            return items[index]["date"].isoformat()
    return "__all__"
