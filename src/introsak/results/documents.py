"""The annual report for the leader meeting, as PDF/A (WeasyPrint), in bokmål: key figures,
results against the 70 % goal, the action plan's status and the user survey's results.

The figures are the dashboard's (selectors.dashboard); the action plan is the municipality's
plan that covers the year (actionplan.selectors.plan_progress); the survey results come from
introsak.surveys.selectors.results, for the surveys that close in the year (groups under 5 are
suppressed there, and nothing is shown before a survey has closed).
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from introsak.actionplan.models import ActionPlan
from introsak.actionplan.selectors import plan_progress
from introsak.core.models import User
from introsak.core.pdf import html_to_pdf
from introsak.surveys.models import Survey
from introsak.surveys.selectors import results as survey_results

from . import selectors

LANGUAGE = "nb"


def _action_plan(user: User, year: int, today: datetime.date):
    plan = (
        ActionPlan.objects.filter(
            municipality_id=user.municipality_id, start_year__lte=year, end_year__gte=year
        )
        .order_by("-start_year", "-id")
        .first()
    )
    if plan is None:
        return None, None
    return plan, plan_progress(plan, today=today)


def _surveys(user: User, year: int, today: datetime.date) -> list[dict]:
    """The results of the surveys that closed in the year (one still open says so)."""
    surveys = Survey.objects.filter(
        municipality_id=user.municipality_id, closes_on__year=year
    ).order_by("closes_on", "id")
    return [survey_results(survey, today=today) for survey in surveys]


def annual_report_context(user: User, *, year: int, today: datetime.date) -> dict:
    plan, progress = _action_plan(user, year, today)
    return {
        "municipality": user.municipality,
        "year": year,
        "today": today,
        "d": selectors.dashboard(user, today=today, year=year),
        "action_plan": plan,
        "progress": progress,
        "surveys": _surveys(user, year, today),
    }


def annual_report_html(user: User, *, year: int, today: datetime.date) -> str:
    with translation.override(LANGUAGE):
        return render_to_string(
            "results/documents/annual_report.html",
            annual_report_context(user, year=year, today=today),
        )


def annual_report_pdf(user: User, *, year: int, today: datetime.date) -> bytes:
    return html_to_pdf(annual_report_html(user, year=year, today=today))
