"""The progress report of the action plan for the leader meeting, as PDF/A (WeasyPrint), in
bokmål: per area how many actions are planned, under way («iverksatt») and done, with a bar,
the actions that are late, and every action with its status, responsible and notes.

The text is written directly in bokmål in `templates/actionplan/documents/progress.html`,
like the placement documents; the page style and letterhead are shared with them
(core/documents/).
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from introsak.core.pdf import html_to_pdf

from . import selectors
from .models import ActionPlan

LANGUAGE = "nb"
# The statuses as the report names them (the screens use the translation catalogue).
STATUS_NB = {"planned": "Planlagt", "under_way": "Iverksatt", "done": "Gjennomført"}


def progress_html(plan: ActionPlan, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    progress = selectors.plan_progress(plan, today=today)
    for view in progress.areas:
        for action in view.all_actions:
            action.status_nb = STATUS_NB[action.status]
    context = {
        "plan": plan,
        "municipality": plan.municipality,
        "today": today,
        "progress": progress,
    }
    with translation.override(LANGUAGE):
        return render_to_string("actionplan/documents/progress.html", context)


def progress_pdf(plan: ActionPlan, *, today: datetime.date | None = None) -> bytes:
    """«Framdrift i tiltaksplanen»: the progress view as an archivable PDF/A document."""
    return html_to_pdf(progress_html(plan, today=today))
