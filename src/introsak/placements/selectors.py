"""Reads for placements: the employer register with the pipeline, the placement list with
its flags, the mentor's week, matching, gatherings and open concerns. Each list costs a
fixed number of queries, whatever its length."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from introsak.attendance.models import Registration
from introsak.core.models import User
from introsak.core.permissions import (
    is_active_member,
    is_nav_advisor,
    sees_every_participant,
    visible_gatherings,
    visible_placements,
    visible_workplaces,
)
from introsak.participants.models import Assessment, Participant

from . import rules
from .models import (
    TAKES_PARTICIPANTS,
    Concern,
    ConcernStatus,
    Gathering,
    LabourNeed,
    PipelineStage,
    Placement,
    Workplace,
)


def weekday_names(weekdays: str) -> str:
    """«012» → «man, tir, ons» (Django's translated short weekday names)."""
    return ", ".join(str(WEEKDAYS_ABBR[d]) for d in sorted(rules.weekday_set(weekdays)))


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# --- employers and the pipeline -------------------------------------------------------------


def pipeline(
    user: User, *, today: datetime.date, stage: str = "", industry: str = "", query: str = ""
) -> dict:
    """Workplaces by stage, with their employer and how many placements run now."""
    workplaces = visible_workplaces(user).select_related("employer")
    if stage:
        workplaces = workplaces.filter(stage=stage)
    if industry:
        workplaces = workplaces.filter(industry=industry)
    if query:
        workplaces = workplaces.filter(
            Q(name__icontains=query)
            | Q(employer__name__icontains=query)
            | Q(employer__org_number__startswith=query.replace(" ", ""))
        )
    workplaces = workplaces.annotate(
        running=Count(
            "placements",
            filter=Q(placements__start_date__lte=today, placements__end_date__gte=today),
        )
    )
    by_stage: dict[str, list[Workplace]] = {value: [] for value in PipelineStage.values}
    for workplace in workplaces:
        by_stage[workplace.stage].append(workplace)
    return {
        "columns": [(PipelineStage(value), items) for value, items in by_stage.items()],
        "count": sum(len(items) for items in by_stage.values()),
    }


def labour_needs(user: User) -> QuerySet[LabourNeed]:
    return LabourNeed.objects.filter(municipality_id=user.municipality_id)


# --- placements -----------------------------------------------------------------------------


@dataclass
class PlacementRow:
    placement: Placement
    state: str
    flags: list[str] = field(default_factory=list)


def placement_rows(
    user: User, *, today: datetime.date, state: str = "current", participant=None
) -> list[PlacementRow]:
    """Placements the user sees, with what needs doing: no mentor, no start-up meeting,
    open concerns."""
    qs = visible_placements(user).select_related(
        "participant", "workplace__employer", "mentor__user", "startup_meeting"
    )
    with_concerns = sees_concerns(user)
    if with_concerns:
        qs = qs.annotate(
            open_concerns=Count("concerns", filter=Q(concerns__status=ConcernStatus.OPEN))
        )
    if participant is not None:
        qs = qs.filter(participant=participant)
    if state == "current":
        qs = qs.filter(end_date__gte=today)
    elif state == "ended":
        qs = qs.filter(end_date__lt=today)
    rows = []
    for placement in qs.order_by("start_date", "id"):
        row = PlacementRow(placement, placement.state(today))
        if placement.mentor_id is None and row.state != "ended":
            row.flags.append(_("No mentor"))
        if not hasattr_startup(placement) and row.state != "ended":
            row.flags.append(_("No start-up meeting"))
        if with_concerns and placement.open_concerns:
            row.flags.append(_("Open concern"))
        rows.append(row)
    return rows


def hasattr_startup(placement: Placement) -> bool:
    try:
        placement.startup_meeting  # noqa: B018
    except Placement.startup_meeting.RelatedObjectDoesNotExist:
        return False
    return True


def placement_detail(placement: Placement, *, with_concerns: bool = True) -> dict:
    """What the placement page shows besides the placement itself."""
    return {
        "startup": placement.startup_meeting if hasattr_startup(placement) else None,
        "evaluations": list(placement.evaluations.select_related("written_by")),
        "thread": list(placement.messages.select_related("sender")),
        "concerns": list(
            placement.concerns.select_related("owner", "registered_by").order_by(
                "status", "-raised_on"
            )
        )
        if with_concerns
        else [],
        "contacts": list(placement.workplace.employer.contacts.all()),
        "days": weekday_names(placement.weekdays),
    }


# --- the mentor's week ----------------------------------------------------------------------


@dataclass
class MentorDay:
    date: datetime.date
    registration: Registration | None
    may_register: bool
    reason: str | None
    # Registered by someone else (the refugee service, a teacher): the mentor sees only that
    # the day is registered, not how (absence can be about health), and cannot change it.
    by_others: bool = False


@dataclass
class MentorWeek:
    placement: Placement
    week_start: datetime.date
    days: list[MentorDay]
    evaluation: object | None
    planned_hours: object


def mentor_week(
    placement: Placement, *, user: User, week_start: datetime.date, today: datetime.date
):
    """The placement's days in one week, with what is registered and whether the mentor may
    register each day (rules.mentor_may_register)."""
    week_start = monday(week_start)
    week = [week_start + datetime.timedelta(days=i) for i in range(5)]
    registered = {
        r.date: r
        for r in Registration.objects.filter(
            participant_id=placement.participant_id,
            measure_id=placement.measure_id,
            date__range=(week[0], week[-1]),
        )
    }
    days = []
    for day in week:
        if day.weekday() not in rules.weekday_set(placement.weekdays):
            continue
        if not placement.start_date <= day <= placement.end_date:
            continue
        reason = rules.mentor_may_register(
            day,
            today=today,
            start=placement.start_date,
            end=placement.end_date,
            weekdays=placement.weekdays,
        )
        registration = registered.get(day)
        by_others = registration is not None and registration.registered_by_id != user.pk
        days.append(
            MentorDay(
                day,
                None if by_others else registration,
                reason is None and not by_others,
                reason,
                by_others,
            )
        )
    evaluation = placement.evaluations.filter(week_start=week_start, written_by=user).first()
    per_day = placement.hours_per_week / max(1, len(rules.weekday_set(placement.weekdays)))
    return MentorWeek(
        placement, week_start, days, evaluation, per_day.quantize(per_day.__class__("0.1"))
    )


# --- matching -------------------------------------------------------------------------------


@dataclass
class Suggestion:
    workplace: Workplace
    score: int
    reasons: list[str]


def suggestions(user: User, participant: Participant, *, today: datetime.date) -> dict:
    """Workplaces that fit the participant's wishes and work experience from the latest
    assessment, ranked by rules.rank_workplaces, with the reasons in words."""
    assessment = (
        Assessment.objects.filter(participant=participant)
        .prefetch_related("work")
        .order_by("-assessed_on", "-id")
        .first()
    )
    wishes = ""
    experience: list[str] = []
    if assessment is not None:
        wishes = " ".join(filter(None, (assessment.wishes_work, assessment.wishes_education)))
        experience = [w.occupation for w in assessment.work.all()]
    plan = getattr(participant, "plan", None)
    if plan is not None and plan.final_goal_field:
        wishes = f"{wishes} {plan.final_goal_field}"
    workplaces = list(
        visible_workplaces(user)
        .exclude(stage=PipelineStage.ENDED)
        .select_related("employer")
        .annotate(
            running=Count(
                "placements",
                filter=Q(placements__start_date__lte=today, placements__end_date__gte=today),
            )
        )
        .order_by("employer__name", "name")
    )
    needs = Counter()
    for need in labour_needs(user).filter(year__gte=today.year):
        needs[need.industry] += need.positions
    candidates = [
        rules.Candidate(
            id=w.pk,
            industry=w.industry,
            takes_participants=w.stage in TAKES_PARTICIPANTS,
            free_places=max(0, w.capacity - w.running),
            labour_need=needs.get(w.industry, 0),
        )
        for w in workplaces
    ]
    by_id = {w.pk: w for w in workplaces}
    ranked = rules.rank_workplaces(wishes=wishes, experience=experience, candidates=candidates)
    return {
        "assessment": assessment,
        "wishes": wishes.strip(),
        "experience": experience,
        "suggestions": [
            Suggestion(
                by_id[m.id],
                m.score,
                [_(text) % params if params else _(text) for text, params in m.reasons],
            )
            for m in ranked
        ],
    }


# --- gatherings and concerns ----------------------------------------------------------------


def gatherings(user: User, *, year: int) -> list[Gathering]:
    return list(
        visible_gatherings(user)
        .filter(date__year=year)
        .annotate(
            participant_count=Count("participants", distinct=True),
            mentor_count=Count("mentors", distinct=True),
        )
        .order_by("date")
    )


def gathering_years(user: User) -> list[int]:
    return sorted({d.year for d in visible_gatherings(user).dates("date", "year")}, reverse=True)


def participant_gatherings(participant: Participant) -> list[Gathering]:
    return list(participant.gatherings.order_by("-date"))


def sees_concerns(user: User) -> bool:
    """Concerns may be about the mentor or the workplace: the refugee service and NAV read
    them (placements.view_concerns), teachers and mentors do not."""
    return is_active_member(user) and (sees_every_participant(user) or is_nav_advisor(user))


def open_concerns(user: User) -> list[Concern]:
    """Open concerns on placements the user sees, the nearest meeting deadline first."""
    if not sees_concerns(user):
        return []
    return list(
        Concern.objects.filter(status=ConcernStatus.OPEN, placement__in=visible_placements(user))
        .select_related("placement__participant", "placement__workplace__employer", "owner")
        .order_by("meeting_by", "id")
    )


def mentor_placements(user: User) -> list[Placement]:
    """The mentor's current placements (visible_placements keeps a mentor to those)."""
    return list(
        visible_placements(user)
        .select_related("participant", "workplace__employer")
        .order_by("start_date")
    )


def messages_from_mentors(user: User, *, today: datetime.date, days: int = 30) -> list:
    """The latest message on each of the teacher's participants' placements where a mentor
    wrote last, in the past `days` days: what waits for the teacher's answer."""
    from .models import Message

    recent = (
        Message.objects.filter(
            placement__in=visible_placements(user),
            sent_at__date__gte=today - datetime.timedelta(days=days),
        )
        .select_related("sender", "placement__participant", "placement__workplace__employer")
        .order_by("placement_id", "-sent_at", "-id")
    )
    latest: dict[int, object] = {}
    for message in recent:
        latest.setdefault(message.placement_id, message)
    return sorted(
        (m for m in latest.values() if m.sender.role == "mentor"),
        key=lambda m: m.sent_at,
        reverse=True,
    )
