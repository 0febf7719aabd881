"""The one permission policy of Introsak.

It answers both questions every screen, endpoint and export asks:
- "may this user do this to this object?" — django-rules permissions below
  (`user.has_perm("participants.change_participant", participant)`);
- "which participants may this user see?" — `visible_participants(user)`.

The two must never disagree (a list may not show what the detail page refuses); the test
`test_policy_queryset_and_predicate_agree` checks this for every role.

Tenancy: a user works within one municipality. Anything of another municipality is never
found — callers use `get_visible_participant_or_404`, so outsiders get 404, not 403.
"""

from __future__ import annotations

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from introsak.core.models import Role, User
from introsak.participants.models import Group, Participant

# --- predicates -----------------------------------------------------------------------


@rules.predicate
def is_active_member(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "municipality_id", None)
    )


def _role_predicate(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def has_role(user) -> bool:
        return is_active_member(user) and user.role == role

    return has_role


is_consultant = _role_predicate(Role.CONSULTANT)
is_leader = _role_predicate(Role.LEADER)
is_payroll = _role_predicate(Role.PAYROLL)
is_teacher = _role_predicate(Role.TEACHER)
is_nav_advisor = _role_predicate(Role.NAV_ADVISOR)
is_mentor = _role_predicate(Role.MENTOR)
is_participant_user = _role_predicate(Role.PARTICIPANT)
is_administrator = _role_predicate(Role.ADMINISTRATOR)


@rules.predicate
def in_users_municipality(user, obj) -> bool:
    return obj is not None and getattr(obj, "municipality_id", None) == user.municipality_id


@rules.predicate
def teaches(user, participant) -> bool:
    return Group.objects.filter(
        municipality_id=user.municipality_id,
        is_active=True,
        teachers=user,
        participants=participant,
    ).exists()


@rules.predicate
def advises(user, participant) -> bool:
    return participant.nav_advisor_id == user.pk


@rules.predicate
def is_the_participant(user, participant) -> bool:
    return participant.user_id is not None and participant.user_id == user.pk


# The refugee service owns every case; the leader oversees them all.
sees_every_participant = is_consultant | is_leader

can_view_participant = in_users_municipality & (
    sees_every_participant | (is_teacher & teaches) | (is_nav_advisor & advises)
)

# --- permissions ----------------------------------------------------------------------

rules.add_perm(
    "participants.list_participants", is_consultant | is_leader | is_teacher | is_nav_advisor
)
rules.add_perm("participants.view_participant", can_view_participant)
rules.add_perm("participants.add_participant", is_consultant)
rules.add_perm("participants.change_participant", in_users_municipality & is_consultant)
rules.add_perm("participants.change_bank_account", in_users_municipality & is_consultant)
# The account the stipend goes to is for the refugee service, not for teachers or NAV.
rules.add_perm("participants.view_bank_account", in_users_municipality & sees_every_participant)
rules.add_perm("participants.change_household", in_users_municipality & is_consultant)
rules.add_perm("participants.view_assessment", can_view_participant)
rules.add_perm(
    "participants.add_assessment",
    in_users_municipality & (is_consultant | (is_teacher & teaches)),
)
rules.add_perm("participants.view_audit_trail", in_users_municipality & is_leader)
rules.add_perm("participants.view_own_record", in_users_municipality & is_the_participant)
rules.add_perm("participants.view_groups", is_consultant | is_leader | is_teacher)
rules.add_perm("participants.manage_groups", is_consultant | is_leader)
rules.add_perm("core.manage_users", is_administrator)


@rules.predicate
def decision_in_users_municipality(user, decision) -> bool:
    return decision is not None and decision.municipality_id == user.municipality_id


# Decisions: the consultant drafts, the leader approves (the workflow table says who takes
# which step); both read them. Teachers and NAV see the programme period, not the letters.
rules.add_perm("decisions.draft_decision", in_users_municipality & is_consultant)
rules.add_perm("decisions.view_decisions", in_users_municipality & sees_every_participant)
rules.add_perm("decisions.view_decision", decision_in_users_municipality & sees_every_participant)
rules.add_perm("decisions.view_period", can_view_participant)
rules.add_perm("decisions.edit_letter_templates", is_administrator)

# Plans: everyone who follows the participant reads the plan; the consultant writes the
# plan; the participant's teachers write the IOP (the training plan), and only that.
rules.add_perm("plans.view_plan", can_view_participant)
rules.add_perm("plans.change_plan", in_users_municipality & is_consultant)
rules.add_perm("plans.change_training_plan", in_users_municipality & is_teacher & teaches)


# Attendance: teachers register for their classes, the consultant for anyone. The mentor
# registers through the placement (placements.services.register_placement_days, under
# placements.mentor_register), which keeps it to the placement's measure and days.
# The teacher signs the month; the consultant approves it.
rules.add_perm("attendance.view", can_view_participant)
rules.add_perm(
    "attendance.register", in_users_municipality & (is_consultant | (is_teacher & teaches))
)
rules.add_perm("attendance.manage_vacation", in_users_municipality & is_consultant)
# The holiday plan lists the participants each of these roles already sees.
rules.add_perm("attendance.view_holiday_plan", is_consultant | is_leader | is_teacher)
rules.add_perm(
    "attendance.sign_timesheet", in_users_municipality & (is_consultant | (is_teacher & teaches))
)
rules.add_perm("attendance.approve_timesheet", in_users_municipality & is_consultant)
# A locked month feeds payroll, so only the consultant who approves months may correct one.
rules.add_perm("attendance.correct_locked_month", in_users_municipality & is_consultant)
rules.add_perm("attendance.register_class", is_consultant | is_teacher)

# Stipend: payroll prepares and exports the run, the consultant (or a second payroll officer)
# checks it, and the leader or payroll approves it; the four-eyes rules on top of these are in
# the stipend services, because they depend on who did what.
handles_stipend = is_consultant | is_leader | is_payroll
rules.add_perm("stipend.calculate", handles_stipend)
rules.add_perm("stipend.view_runs", handles_stipend)
rules.add_perm("stipend.view_run", in_users_municipality & handles_stipend)
rules.add_perm("stipend.prepare_run", in_users_municipality & is_payroll)
rules.add_perm("stipend.check_run", in_users_municipality & (is_consultant | is_payroll))
rules.add_perm("stipend.approve_run", in_users_municipality & (is_leader | is_payroll))
rules.add_perm("stipend.export_run", in_users_municipality & is_payroll)
rules.add_perm("stipend.manage_pay_codes", is_payroll | is_leader)
rules.add_perm("stipend.manage_reductions", in_users_municipality & is_consultant)
# Payroll sees payments inside runs, not participants' records.
rules.add_perm(
    "stipend.view_payslip", in_users_municipality & (sees_every_participant | is_the_participant)
)
rules.add_perm("core.view_user", is_administrator & in_users_municipality)


@rules.predicate
def placement_in_users_municipality(user, placement) -> bool:
    return placement is not None and placement.municipality_id == user.municipality_id


@rules.predicate
def is_current_mentor(user, placement) -> bool:
    return (
        placement.mentor_id is not None
        and placement.mentor.user_id == user.pk
        and placement.is_current(timezone.localdate())
    )


@rules.predicate
def follows_placed_participant(user, placement) -> bool:
    """Teacher or NAV advisor of the placement's participant."""
    return (is_teacher(user) and teaches(user, placement.participant)) or (
        is_nav_advisor(user) and advises(user, placement.participant)
    )


@rules.predicate
def nav_advises_participant(user, participant) -> bool:
    return is_nav_advisor(user) and advises(user, participant)


# Placements: the consultant recruits workplaces and makes placements; the NAV advisor does
# the same for the participants NAV follows (DOMAIN: roles). Teachers read their
# participants' placements and answer the mentor. The mentor sees their current placements
# and nothing else: what lies outside is not found (404), see NarrowAccessMiddleware.
works_with_employers = is_consultant | is_nav_advisor
rules.add_perm("placements.view_employers", works_with_employers | is_leader)
rules.add_perm("placements.manage_employers", works_with_employers)
rules.add_perm("placements.view_placements", works_with_employers | is_leader | is_teacher)
rules.add_perm(
    "placements.view_placement",
    placement_in_users_municipality
    & (sees_every_participant | follows_placed_participant | (is_mentor & is_current_mentor)),
)
rules.add_perm(
    "placements.add_placement",
    in_users_municipality & (is_consultant | nav_advises_participant),
)
rules.add_perm(
    "placements.change_placement",
    placement_in_users_municipality
    & (is_consultant | (is_nav_advisor & follows_placed_participant)),
)
rules.add_perm(
    "placements.view_participant_placements",
    in_users_municipality
    & (sees_every_participant | (is_teacher & teaches) | (is_nav_advisor & advises)),
)
rules.add_perm("placements.mentor_register", is_mentor & is_current_mentor)
rules.add_perm(
    "placements.send_message",
    placement_in_users_municipality
    & ((is_mentor & is_current_mentor) | (is_teacher & follows_placed_participant)),
)
rules.add_perm(
    "placements.raise_concern",
    placement_in_users_municipality
    & (
        is_consultant
        | (is_nav_advisor & follows_placed_participant)
        | (is_mentor & is_current_mentor)
    ),
)
# A concern may be about the mentor or the workplace: the refugee service and NAV read them.
rules.add_perm(
    "placements.view_concerns",
    placement_in_users_municipality
    & (sees_every_participant | (is_nav_advisor & follows_placed_participant)),
)
rules.add_perm(
    "placements.handle_concern",
    placement_in_users_municipality
    & (is_consultant | (is_nav_advisor & follows_placed_participant)),
)
rules.add_perm("placements.view_gatherings", works_with_employers | is_leader | is_teacher)
rules.add_perm("placements.manage_gatherings", works_with_employers)
rules.add_perm("placements.manage_labour_needs", is_consultant | is_leader)
rules.add_perm("placements.material", works_with_employers | is_leader)


def require(user, perm: str, obj=None) -> None:
    """Refuse unless the policy allows `perm` on `obj`: what every service checks first."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- querysets ------------------------------------------------------------------------


def visible_participants(user: User) -> QuerySet[Participant]:
    """The participants `user` may see in lists, searches, the API and exports."""
    if not is_active_member(user):
        return Participant.objects.none()
    qs = Participant.objects.filter(municipality_id=user.municipality_id)
    if sees_every_participant(user):
        return qs
    if is_teacher(user):
        taught = Group.participants.through.objects.filter(
            group__teachers=user,
            group__is_active=True,
            group__municipality_id=user.municipality_id,
        ).values("participant_id")
        return qs.filter(pk__in=taught)
    if is_nav_advisor(user):
        return qs.filter(nav_advisor=user)
    # Payroll sees no case data; mentors see participants through placements (later);
    # participants see only their own record, on their own page.
    return qs.none()


def get_visible_participant_or_404(user: User, pk) -> Participant:
    try:
        return (
            visible_participants(user)
            .select_related("consultant", "nav_advisor", "household")
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def own_participant(user: User) -> Participant | None:
    """The participant record a participant-role user may see as «my page»."""
    if not is_participant_user(user):
        return None
    return (
        Participant.objects.filter(municipality_id=user.municipality_id, user=user)
        .select_related("consultant", "household", "municipality")
        .first()
    )


def visible_groups(user: User) -> QuerySet[Group]:
    if not is_active_member(user):
        return Group.objects.none()
    qs = Group.objects.filter(municipality_id=user.municipality_id)
    if sees_every_participant(user):
        return qs
    if is_teacher(user):
        return qs.filter(teachers=user)
    return qs.none()


def municipality_users(user: User) -> QuerySet[User]:
    """Colleagues in the user's own municipality (for pickers and user administration)."""
    if not is_active_member(user):
        return User.objects.none()
    return User.objects.filter(municipality_id=user.municipality_id)


def visible_decisions(user: User):
    """Decisions the user may read: those of participants they see, for roles that read
    decisions (consultant and leader)."""
    from introsak.decisions.models import Decision

    if not sees_every_participant(user):
        return Decision.objects.none()
    return Decision.objects.filter(
        municipality_id=user.municipality_id, participant__in=visible_participants(user)
    )


def visible_runs(user: User):
    """Payroll runs of the user's municipality, for the roles that handle the stipend."""
    from introsak.stipend.models import PayrollRun

    if not (is_active_member(user) and handles_stipend(user)):
        return PayrollRun.objects.none()
    return PayrollRun.objects.filter(municipality_id=user.municipality_id)


def get_visible_run_or_404(user: User, pk):
    try:
        return (
            visible_runs(user)
            .select_related("prepared_by", "checked_by", "approved_by", "exported_by")
            .get(pk=pk)
        )
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


def get_visible_decision_or_404(user: User, pk):
    from introsak.decisions.models import Decision

    try:
        return (
            visible_decisions(user)
            .select_related("participant", "leave_type", "drafted_by", "approved_by", "replaces")
            .get(pk=pk)
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_placements(user: User):
    """Placements the user may see: all of the municipality for the refugee service, their
    participants' for teachers and NAV, the current ones they mentor for a mentor."""
    from introsak.placements.models import Placement

    if not is_active_member(user):
        return Placement.objects.none()
    qs = Placement.objects.filter(municipality_id=user.municipality_id)
    if sees_every_participant(user):
        return qs
    if is_teacher(user) or is_nav_advisor(user):
        return qs.filter(participant__in=visible_participants(user))
    if is_mentor(user):
        today = timezone.localdate()
        return qs.filter(mentor__user=user, start_date__lte=today, end_date__gte=today)
    return qs.none()


def get_visible_placement_or_404(user: User, pk):
    try:
        return (
            visible_placements(user)
            .select_related(
                "participant", "workplace__employer", "mentor__user", "mentor__employer", "measure"
            )
            .get(pk=pk)
        )
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


def visible_employers(user: User):
    from introsak.placements.models import Employer

    if not (is_active_member(user) and (works_with_employers(user) or is_leader(user))):
        return Employer.objects.none()
    return Employer.objects.filter(municipality_id=user.municipality_id)


def visible_workplaces(user: User):
    from introsak.placements.models import Workplace

    if not (is_active_member(user) and (works_with_employers(user) or is_leader(user))):
        return Workplace.objects.none()
    return Workplace.objects.filter(municipality_id=user.municipality_id)


def visible_gatherings(user: User):
    from introsak.placements.models import Gathering

    if not (is_active_member(user) and rules.has_perm("placements.view_gatherings", user)):
        return Gathering.objects.none()
    return Gathering.objects.filter(municipality_id=user.municipality_id)


# --- settlement (issue #8): settlement decisions, arrivals and their checklists ------------
# The refugee service (consultant) and the leader manage settlement and see every arrival.
# Teachers and NAV advisors take part in receiving a household: they see the arrivals with a
# checklist item for them (given to their role with nobody named, or to them by name) and
# tick those items. Other roles have no part in it.

# The roles that take part in settlement: a checklist item is given to one of them.
SETTLEMENT_ROLES = (Role.CONSULTANT, Role.LEADER, Role.TEACHER, Role.NAV_ADVISOR)


@rules.predicate
def settlement_object_in_users_municipality(user, obj) -> bool:
    """A settlement decision, arrival or checklist item (through its arrival) of the user's
    municipality."""
    if obj is None:
        return False
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is None and hasattr(obj, "arrival"):
        municipality_id = obj.arrival.municipality_id
    return municipality_id is not None and municipality_id == user.municipality_id


@rules.predicate
def checklist_item_is_for_user(user, item) -> bool:
    """Given to the user by name, or to the user's role with nobody named (as the start
    page lists them)."""
    return item.responsible_id == user.pk or (
        item.responsible_id is None and item.role == user.role
    )


def _checklist_items_for(user: User):
    """The checklist items that are the user's, as a filter (see checklist_item_is_for_user)."""
    from django.db.models import Q

    return Q(responsible=user.pk) | Q(responsible__isnull=True, role=user.role)


@rules.predicate
def settlement_object_concerns_user(user, obj) -> bool:
    """The leader and the refugee service see every arrival; a teacher or NAV advisor those
    with a checklist item for them (visible_arrivals says the same)."""
    if manages_settlement(user):
        return True
    arrival = getattr(obj, "arrival", obj)
    if not hasattr(arrival, "items"):
        return True  # a settlement decision
    return arrival.items.filter(_checklist_items_for(user)).exists()


manages_settlement = is_consultant | is_leader
takes_part_in_settlement = manages_settlement | is_teacher | is_nav_advisor
rules.add_perm("settlement.view", takes_part_in_settlement)
rules.add_perm("settlement.manage", manages_settlement)
rules.add_perm(
    "settlement.view_object",
    settlement_object_in_users_municipality
    & takes_part_in_settlement
    & settlement_object_concerns_user,
)
rules.add_perm(
    "settlement.change_object", settlement_object_in_users_municipality & manages_settlement
)
rules.add_perm(
    "settlement.tick_item",
    settlement_object_in_users_municipality
    & (manages_settlement | ((is_teacher | is_nav_advisor) & checklist_item_is_for_user)),
)


def visible_settlement_decisions(user: User):
    from introsak.settlement.models import SettlementDecision

    if not (is_active_member(user) and takes_part_in_settlement(user)):
        return SettlementDecision.objects.none()
    return SettlementDecision.objects.filter(municipality_id=user.municipality_id)


def visible_arrivals(user: User):
    from introsak.settlement.models import Arrival

    if not (is_active_member(user) and takes_part_in_settlement(user)):
        return Arrival.objects.none()
    arrivals = Arrival.objects.filter(municipality_id=user.municipality_id)
    if manages_settlement(user):
        return arrivals
    from django.db.models import Exists, OuterRef

    from introsak.settlement.models import ChecklistItem

    mine = ChecklistItem.objects.filter(_checklist_items_for(user), arrival=OuterRef("pk"))
    return arrivals.filter(Exists(mine))


def get_visible_arrival_or_404(user: User, pk):
    try:
        return visible_arrivals(user).select_related("household", "created_by").get(pk=pk)
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


def visible_checklist_items(user: User):
    from introsak.settlement.models import ChecklistItem

    if not (is_active_member(user) and takes_part_in_settlement(user)):
        return ChecklistItem.objects.none()
    items = ChecklistItem.objects.filter(arrival__municipality_id=user.municipality_id)
    if manages_settlement(user):
        return items
    return items.filter(arrival__in=visible_arrivals(user))


def settlement_colleagues(user: User) -> QuerySet[User]:
    """Who a checklist item can be given to: active colleagues in a role that takes part in
    settlement (and so sees the item)."""
    return municipality_users(user).filter(is_active=True, role__in=SETTLEMENT_ROLES)


# --- yearplan: the annual calendar (årshjul) and its calendar feed --------------------------

# Everyone in the municipality reads the calendar except the mentor and the participant; the
# leader and the consultant keep it. Who reads which event is the event's audience (roles);
# the keepers see every event, so that they can change it.
reads_year_calendar = is_active_member & ~is_mentor & ~is_participant_user
keeps_year_calendar = is_consultant | is_leader


@rules.predicate
def calendar_event_visible(user, event) -> bool:
    return (
        event is not None
        and event.municipality_id == user.municipality_id
        and (keeps_year_calendar(user) or event.is_for(user.role))
    )


rules.add_perm("yearplan.view_calendar", reads_year_calendar)
rules.add_perm("yearplan.subscribe", reads_year_calendar)
rules.add_perm("yearplan.manage_events", keeps_year_calendar)
rules.add_perm("yearplan.view_event", reads_year_calendar & calendar_event_visible)
rules.add_perm("yearplan.change_event", keeps_year_calendar & calendar_event_visible)


def calendar_events_for_role(user: User):
    """The municipality's events whose audience includes the user's role (or everyone):
    what the user's calendar feed carries."""
    from django.db.models import Q

    from introsak.yearplan.models import CalendarEvent

    if not reads_year_calendar(user):
        return CalendarEvent.objects.none()
    return CalendarEvent.objects.filter(municipality_id=user.municipality_id).filter(
        Q(audience="") | Q(audience__contains=f",{user.role},")
    )


def visible_calendar_events(user: User):
    """The events the user may see in the year view and the API: every event of the
    municipality for the leader and the consultant, the ones for their role for others."""
    from introsak.yearplan.models import CalendarEvent

    if not reads_year_calendar(user):
        return CalendarEvent.objects.none()
    if keeps_year_calendar(user):
        return CalendarEvent.objects.filter(municipality_id=user.municipality_id)
    return calendar_events_for_role(user)


def get_visible_calendar_event_or_404(user: User, pk):
    try:
        return visible_calendar_events(user).get(pk=pk)
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


# --- meetings (issue 8): meetings with minutes and action items, interpreters -----------
# The refugee service, the leader, NAV and the teachers call meetings. A meeting is seen by
# whoever called it, those taking part, the leader, and — when it is about a participant —
# those who may see that participant. The interpreter register and bookings are kept by the
# refugee service and the leader; NAV reads them.

calls_meetings = is_consultant | is_leader | is_nav_advisor | is_teacher
# Office roles that can take part in a meeting and own its action items.
takes_part_in_meetings = calls_meetings | is_payroll


@rules.predicate
def meeting_in_users_municipality(user, meeting) -> bool:
    return meeting is not None and meeting.municipality_id == user.municipality_id


@rules.predicate
def called_or_attends(user, meeting) -> bool:
    if meeting.created_by_id == user.pk:
        return True
    cache = getattr(meeting, "_prefetched_objects_cache", {})
    if "attendees" in cache:
        return any(u.pk == user.pk for u in cache["attendees"])
    return meeting.attendees.filter(pk=user.pk).exists()


@rules.predicate
def sees_meeting_participant(user, meeting) -> bool:
    return meeting.participant_id is not None and bool(
        can_view_participant(user, meeting.participant)
    )


@rules.predicate
def owns_an_action_in_meeting(user, meeting) -> bool:
    """The meeting gave the user an action item: they may open it to see and close it."""
    return meeting.actions.filter(owner_id=user.pk).exists()


can_view_meeting = (
    meeting_in_users_municipality
    & takes_part_in_meetings
    & (is_leader | called_or_attends | sees_meeting_participant | owns_an_action_in_meeting)
)
rules.add_perm("meetings.view_meetings", takes_part_in_meetings)
rules.add_perm("meetings.add_meeting", calls_meetings)
rules.add_perm("meetings.view_meeting", can_view_meeting)
# Whoever called it, or takes part in it from a role that calls meetings, writes the
# agenda, the minutes and the action items; the leader may always.
rules.add_perm(
    "meetings.change_meeting",
    meeting_in_users_municipality & calls_meetings & (is_leader | called_or_attends),
)


@rules.predicate
def owns_action(user, action) -> bool:
    return action.owner_id == user.pk


@rules.predicate
def action_in_users_municipality(user, action) -> bool:
    return action is not None and action.municipality_id == user.municipality_id


@rules.predicate
def may_view_actions_meeting(user, action) -> bool:
    return bool(can_view_meeting(user, action.meeting))


@rules.predicate
def may_change_actions_meeting(user, action) -> bool:
    return rules.has_perm("meetings.change_meeting", user, action.meeting)


rules.add_perm(
    "meetings.view_action",
    action_in_users_municipality
    & takes_part_in_meetings
    & (owns_action | may_view_actions_meeting),
)
rules.add_perm(
    "meetings.close_action",
    action_in_users_municipality
    & takes_part_in_meetings
    & (owns_action | may_change_actions_meeting),
)
books_interpreters = is_consultant | is_leader
rules.add_perm("meetings.view_interpreters", books_interpreters | is_nav_advisor)
rules.add_perm("meetings.manage_interpreters", books_interpreters)
rules.add_perm(
    "meetings.book_interpreter",
    meeting_in_users_municipality & books_interpreters & can_view_meeting,
)


def visible_meetings(user: User):
    """Meetings the user may see (the queryset twin of meetings.view_meeting)."""
    from django.db.models import Q

    from introsak.meetings.models import ActionItem, Meeting

    if not (is_active_member(user) and takes_part_in_meetings(user)):
        return Meeting.objects.none()
    qs = Meeting.objects.filter(municipality_id=user.municipality_id)
    if is_leader(user):
        return qs
    attended = Meeting.attendees.through.objects.filter(user_id=user.pk).values("meeting_id")
    owns_action = ActionItem.objects.filter(owner_id=user.pk).values("meeting_id")
    return qs.filter(
        Q(created_by=user)
        | Q(pk__in=attended)
        | Q(pk__in=owns_action)
        | Q(participant__isnull=False, participant__in=visible_participants(user))
    )


def get_visible_meeting_or_404(user: User, pk):
    try:
        return (
            visible_meetings(user)
            .select_related("participant", "created_by")
            .prefetch_related("attendees")
            .get(pk=pk)
        )
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


def visible_action_items(user: User):
    """Action items the user may see: their own, and those of meetings they see."""
    from django.db.models import Q

    from introsak.meetings.models import ActionItem

    if not (is_active_member(user) and takes_part_in_meetings(user)):
        return ActionItem.objects.none()
    return ActionItem.objects.filter(municipality_id=user.municipality_id).filter(
        Q(owner=user) | Q(meeting__in=visible_meetings(user))
    )


def visible_interpreters(user: User):
    from introsak.meetings.models import Interpreter

    if not (is_active_member(user) and rules.has_perm("meetings.view_interpreters", user)):
        return Interpreter.objects.none()
    return Interpreter.objects.filter(municipality_id=user.municipality_id)


def visible_bookings(user: User):
    """Bookings of the municipality for those who book interpreters; for a role that only
    reads the register (NAV), the bookings of the meetings they see."""
    from introsak.meetings.models import Booking

    if not (is_active_member(user) and rules.has_perm("meetings.view_interpreters", user)):
        return Booking.objects.none()
    qs = Booking.objects.filter(municipality_id=user.municipality_id)
    if books_interpreters(user):
        return qs
    return qs.filter(meeting__in=visible_meetings(user))


# --- actionplan (issue #8): the municipality's action plan (tiltaksplan) -------------------
# The leader manages the plan: areas, strategies and actions. Consultants, NAV advisors and
# teachers read it, and move the actions they are responsible for (status and notes).
# Payroll, participants and administrators have no part in it (403); a mentor is not shown
# it at all (404, NarrowAccessMiddleware). Another municipality's plan is never found (404).

reads_action_plan = is_leader | is_consultant | is_nav_advisor | is_teacher


@rules.predicate
def responsible_for_action(user, action) -> bool:
    """The user is one of the action's responsible people (uses a prefetched list when the
    caller has one, so a page of actions asks no extra query per action)."""
    return action is not None and any(u.pk == user.pk for u in action.responsible_users.all())


rules.add_perm("actionplan.view_plans", reads_action_plan)
rules.add_perm("actionplan.view_plan", in_users_municipality & reads_action_plan)
rules.add_perm("actionplan.add_plan", is_leader)
# obj: a plan, area, strategy or action (each row carries its municipality).
rules.add_perm("actionplan.manage_plan", in_users_municipality & is_leader)
rules.add_perm(
    "actionplan.update_action",
    in_users_municipality & (is_leader | (reads_action_plan & responsible_for_action)),
)


def visible_action_plans(user: User):
    """The action plans of the user's municipality, for the roles that read them."""
    from introsak.actionplan.models import ActionPlan

    if not (is_active_member(user) and reads_action_plan(user)):
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(municipality_id=user.municipality_id)


def visible_plan_actions(user: User):
    """The actions of the plans the user may read."""
    from introsak.actionplan.models import Action

    if not (is_active_member(user) and reads_action_plan(user)):
        return Action.objects.none()
    return Action.objects.filter(municipality_id=user.municipality_id)


# --- surveys (issue 9): user surveys (brukerundersøkelser) -------------------------------
# The administrator writes the questionnaires; the leader reads them; the leader and the
# consultant read the results (anonymous, no group under five). A participant answers on
# their own page — only a participant-role user linked to a participant record may answer.

writes_surveys = is_administrator
reads_surveys = is_administrator | is_leader | is_consultant
reads_survey_results = is_leader | is_consultant

rules.add_perm("surveys.view_surveys", reads_surveys)
rules.add_perm("surveys.add_survey", writes_surveys)
rules.add_perm("surveys.view_survey", in_users_municipality & reads_surveys)
rules.add_perm("surveys.change_survey", in_users_municipality & writes_surveys)
rules.add_perm("surveys.view_results", in_users_municipality & reads_survey_results)
rules.add_perm("surveys.answer_survey", in_users_municipality & is_participant_user)


def visible_surveys(user: User):
    """The surveys of the user's municipality: all of them for the roles that read surveys;
    for a participant, the ones open today (what they may answer)."""
    from introsak.surveys.models import Survey

    if not is_active_member(user):
        return Survey.objects.none()
    qs = Survey.objects.filter(municipality_id=user.municipality_id)
    if reads_surveys(user):
        return qs
    if is_participant_user(user):
        today = timezone.localdate()
        return qs.filter(opens_on__lte=today, closes_on__gte=today)
    return qs.none()


def get_visible_survey_or_404(user: User, pk):
    try:
        return visible_surveys(user).get(pk=pk)
    except (ValueError, TypeError, ObjectDoesNotExist):
        raise Http404 from None


# --- results (issue #9): outcome follow-up and the leader's dashboards ---------------------
# The consultant records the follow-ups of the participants they see; the leader and the
# consultant read them. The dashboards are the leader's; the consultant may read them.

reads_results = is_consultant | is_leader
rules.add_perm("results.view_dashboard", reads_results)
rules.add_perm("results.view_outcomes", in_users_municipality & reads_results)
rules.add_perm("results.record_outcome", in_users_municipality & is_consultant)
rules.add_perm("results.annual_report", is_leader)


# --- certificates (issue #9): the deltakerbevis and the participant's CV ------------------
# The refugee service (consultant, leader) makes them; the teacher and the NAV advisor who
# follow the participant download them; the participant downloads their own on «Min side».
makes_certificates = is_consultant | is_leader
rules.add_perm("certificates.make", in_users_municipality & makes_certificates)
rules.add_perm("certificates.view", can_view_participant)
rules.add_perm("certificates.view_own", in_users_municipality & is_the_participant)


# --- register (issue #9): the export to the national introduction register (NIR) ----------
# The leader and the consultants validate, export and reconcile; nobody else sees the exports
# (another municipality's export is never found: 404).

exports_to_register = is_consultant | is_leader


@rules.predicate
def register_export_in_users_municipality(user, export) -> bool:
    return export is not None and export.municipality_id == user.municipality_id


rules.add_perm("register.view_exports", exports_to_register)
rules.add_perm("register.make_export", exports_to_register)
rules.add_perm("register.view_export", exports_to_register & register_export_in_users_municipality)


def visible_register_exports(user: User):
    from introsak.register.models import RegisterExport

    if not (is_active_member(user) and exports_to_register(user)):
        return RegisterExport.objects.none()
    return RegisterExport.objects.filter(municipality_id=user.municipality_id)


def get_visible_register_export_or_404(user: User, pk):
    """Another municipality's export is 404; a role without access gets 403 from the view's
    permission check first."""
    from introsak.register.models import RegisterExport

    try:
        return RegisterExport.objects.select_related("created_by").get(
            pk=pk, municipality_id=user.municipality_id
        )
    except (RegisterExport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
