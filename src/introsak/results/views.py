"""Results screens: a participant's follow-ups (record the main activity at the end and 6
and 12 months after) and the leader's dashboards. Thin: the policy, the services and the
selectors do the work; reads of a participant's record are audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from introsak.core.forms import submit
from introsak.core.permissions import get_visible_participant_or_404
from introsak.core.web import log_read as _log_read
from introsak.core.web import require as _require
from introsak.participants.tabs import participant_tabs

from . import documents, selectors, services
from .forms import DashboardFilterForm, OutcomeForm


@login_required
def participant_outcomes(request, pk: int):
    """The participant's follow-up tab: the programme's end, the three follow-ups and what
    was recorded at each; the consultant records one."""
    participant = get_visible_participant_or_404(request.user, pk)
    _require(request, "results.view_outcomes", participant)
    today = timezone.localdate()
    can_record = request.user.has_perm("results.record_outcome", participant)
    period, rows, outcomes = selectors.participant_followups(participant, today)
    form = None
    if can_record:
        if request.method == "POST":
            form = OutcomeForm(request.POST)
            recorded = submit(
                request,
                form,
                lambda data: services.record_outcome(
                    actor=request.user, participant=participant, data=data
                ),
                success=_("The follow-up was recorded."),
            )
            if recorded is not None:
                return redirect("results:participant", pk=participant.pk)
        else:
            # The follow-up asked for, else the one due now, else the next not yet recorded.
            checkpoint = request.GET.get("oppfolging") or next(
                (row.checkpoint for row in rows if row.due),
                next((r.checkpoint for r in rows if r.may_record and not r.outcome), None),
            )
            form = OutcomeForm(initial={"checkpoint": checkpoint} if checkpoint else {})
    elif request.method == "POST":
        _require(request, "results.record_outcome", participant)
    _log_read(request, participant, "outcome.list")
    return render(
        request,
        "results/participant.html",
        {
            **participant_tabs(request.user, participant, "results"),
            "period": period,
            "rows": rows,
            "outcomes": outcomes,
            "form": form,
            "can_record": can_record,
            "today": today,
        },
    )


def dashboard_filters(request):
    """The year and consultant from the address; anything unreadable falls back to all."""
    consultants = list(selectors.consultants(request.user))
    form = DashboardFilterForm(
        request.GET or None,
        consultants=consultants,
        initial={"year": timezone.localdate().year},
    )
    year = consultant_id = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        consultant_id = form.cleaned_data["consultant"]
    return form, year, consultant_id


@login_required
def dashboard(request):
    """The leader's dashboards (the consultant may read them)."""
    _require(request, "results.view_dashboard")
    form, year, consultant_id = dashboard_filters(request)
    today = timezone.localdate()
    figures = selectors.dashboard(request.user, today=today, year=year, consultant_id=consultant_id)
    return render(
        request,
        "results/dashboard.html",
        {
            "form": form,
            "d": figures,
            "today": today,
            "can_report": request.user.has_perm("results.annual_report"),
        },
    )


@login_required
def annual_report(request):
    """The annual report for the leader meeting, as PDF (the leader's)."""
    _require(request, "results.annual_report")
    today = timezone.localdate()
    _form, year, _consultant = dashboard_filters(request)
    year = year or today.year
    pdf = documents.annual_report_pdf(request.user, year=year, today=today)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="arsrapport-{year}.pdf"'
    return response
