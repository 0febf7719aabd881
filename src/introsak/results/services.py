"""Writes for results: recording a participant's main activity at a follow-up.

Each service takes the acting user, checks the policy, is one transaction, and writes its
own audit event. Bad input raises ValidationError naming the field, before anything is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit, cleaning
from introsak.core.models import User
from introsak.core.permissions import require as _require
from introsak.decisions import selectors as decision_selectors
from introsak.participants.models import Participant

from . import rules
from .models import Activity, Checkpoint, Outcome

OUTCOME_FIELDS = ("checkpoint", "activity", "employer_or_school", "note", "due_on")


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    participant: Participant,
    data: Mapping[str, Any],
    today: datetime.date | None = None,
) -> Outcome:
    """Record (or correct) what the participant mainly does at a follow-up: at the end of
    the programme, 6 or 12 months after. The follow-up must be due (the one at the end from
    30 days before the last day)."""
    _require(actor, "results.record_outcome", participant)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    checkpoint = cleaning.choice(errors, data, "checkpoint", Checkpoint)
    activity = cleaning.choice(errors, data, "activity", Activity)
    period = decision_selectors.programme_period(participant, labels=False)
    followup = None
    if period is None:
        errors.setdefault("checkpoint", _("The participant has no programme period."))
    elif "checkpoint" not in errors:
        followup = next(f for f in rules.followups_for(period.end) if f.checkpoint == checkpoint)
        if not rules.may_record(followup, today):
            errors["checkpoint"] = _("This follow-up is not due until %(date)s.") % {
                "date": date_format(followup.due_on, "SHORT_DATE_FORMAT")
            }
    employer = cleaning.text(data, "employer_or_school")
    if len(employer) > 200:
        errors["employer_or_school"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)
    values = {
        "activity": activity,
        "employer_or_school": employer,
        "note": cleaning.text(data, "note"),
        "due_on": followup.due_on,
        "programme_end": period.end,
        "recorded_on": today,
        "recorded_by": actor,
        "recorded_at": timezone.now(),
    }
    outcome = (
        Outcome.objects.select_for_update()
        .filter(participant=participant, checkpoint=checkpoint)
        .first()
    )
    if outcome is None:
        outcome = Outcome.objects.create(
            municipality_id=participant.municipality_id,
            participant=participant,
            checkpoint=checkpoint,
            **values,
        )
        audit.record_event(
            actor=actor,
            action="outcome.record",
            obj=outcome,
            participant_id=participant.pk,
            object_repr=str(outcome),
            changes=audit.created(audit.snapshot(outcome, OUTCOME_FIELDS)),
        )
        return outcome
    changes = audit.apply_changes(outcome, values, OUTCOME_FIELDS)
    audit.record_event(
        actor=actor,
        action="outcome.correct",
        obj=outcome,
        participant_id=participant.pk,
        object_repr=str(outcome),
        changes=changes,
    )
    return outcome
