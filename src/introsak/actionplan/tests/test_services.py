"""The action plan services as the people who use them: the leader makes the plan (from the
Drangedal template or empty) and manages its areas, strategies and actions; the responsible
people set their actions going and mark them done. Bad input is refused with the field and
nothing is saved; every write leaves an audit event."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from introsak.actionplan import seed, services
from introsak.actionplan.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Area,
    StatusChange,
    Strategy,
)
from introsak.actionplan.workflow import TRANSITIONS
from introsak.core.models import AuditEvent, Role
from introsak.core.tests.factories import UserFactory

from .factories import ActionFactory, AreaFactory, StrategyFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
S = ActionStatus


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked as the msgids; bokmål is the translators' business.
    with translation.override("en"):
        yield


def errors_of(excinfo) -> dict[str, str]:
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def plan_data(today, **changes):
    return {
        "title": "Plan for introduksjonsprogrammet",
        "start_year": today.year,
        "end_year": today.year + 3,
        **changes,
    }


def action_data(today, **changes):
    return {"text": "Etablere leksehjelp", "start_date": today, "responsible_unit": "VO", **changes}


# --- the plan and the template --------------------------------------------------------------


def test_template_gives_the_drangedal_areas_in_order(plan):
    titles = list(plan.areas.order_by("position").values_list("title", flat=True))
    assert titles == [
        "Generelt",
        "Mottak og bosetting",
        "Barnehage/skole/SFO/fritid",
        "Voksenopplæringa",
        "Kvalitetssikre norskopplæring og læring på arbeidsplass",
        "Praksisplasser",
    ]
    assert titles == [area["title"] for area in seed.AREAS]


def test_template_gives_every_strategy_and_action_of_the_seed(plan):
    areas = list(plan.areas.order_by("position"))
    for area, data in zip(areas, seed.AREAS, strict=True):
        assert list(area.strategies.values_list("text", flat=True)) == data["strategies"]
        assert list(area.actions.values_list("text", flat=True)) == [
            a["text"] for a in data["actions"]
        ]
    strategy_text = Strategy.objects.get(
        area__plan=plan, text__startswith="Etablere et informasjonsmøte"
    ).text
    assert "familiegjenforente" in strategy_text
    assert Action.objects.filter(area__plan=plan, text__contains="leksehjelp").exists()


def test_template_actions_start_planned_with_their_unit_and_drangedal_timing(users, today):
    plan = services.create_plan_from_drangedal_template(
        actor=users["leader"],
        data={"title": "Plan 2025–2028", "start_year": 2025, "end_year": 2028},
        starts_on=datetime.date(2025, 1, 1),
    )
    actions = Action.objects.filter(area__plan=plan)
    assert {a.status for a in actions} == {S.PLANNED}
    assert all(a.responsible_unit for a in actions)
    assert all(a.municipality_id == users["leader"].municipality_id for a in actions)
    # «Etablere en funksjonell deltaker-veiledersamling»: Februar 2007 in a plan of Nov. 2006.
    gathering = actions.get(text="Etablere en funksjonell deltaker-veiledersamling")
    assert gathering.start_date == datetime.date(2025, 4, 1)
    # «Søknadsfrist 15.12.07»: thirteen months after the start.
    funds = actions.get(text__startswith="Samle ideer")
    assert funds.due_on == datetime.date(2026, 2, 1)
    assert StatusChange.objects.filter(action__area__plan=plan).count() == actions.count()
    event = AuditEvent.objects.get(action="actionplan.template")
    assert event.changes["template"]["new"] == "Drangedal"
    assert event.changes["actions"]["new"] == actions.count()


def test_template_in_the_current_year_counts_from_this_month():
    today = datetime.date(2026, 11, 24)
    assert services.template_start(2026, today) == datetime.date(2026, 11, 1)
    assert services.template_start(2027, today) == datetime.date(2027, 1, 1)


def test_only_the_leader_makes_a_plan(users, today):
    for role in ("consultant", "teacher", "nav_advisor", "payroll", "administrator", "mentor"):
        with pytest.raises(PermissionDenied):
            services.create_plan(actor=users[role], data=plan_data(today))
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"start_year": None}, "start_year"),
        ({"start_year": 1999}, "start_year"),
        ({"end_year": "x"}, "end_year"),
    ],
)
def test_a_plan_needs_a_title_and_a_period(users, today, changes, field):
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan(actor=users["leader"], data=plan_data(today, **changes))
    assert field in errors_of(excinfo)
    assert not ActionPlan.objects.exists()


def test_a_plan_cannot_end_before_it_starts(users, today):
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan_from_drangedal_template(
            actor=users["leader"], data=plan_data(today, end_year=today.year - 1)
        )
    assert errors_of(excinfo) == {"end_year": "The period cannot end before it starts."}
    assert not ActionPlan.objects.exists()
    assert not Area.objects.exists()


def test_a_plan_cannot_be_adopted_in_the_future(users, today):
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan(actor=users["leader"], data=plan_data(today, adopted_on=today + DAY))
    assert "adopted_on" in errors_of(excinfo)


def test_leader_changes_the_plan_and_it_is_audited(users, plan, today):
    services.update_plan(
        actor=users["leader"], plan=plan, data=plan_data(today, adopted_on=today.isoformat())
    )
    plan.refresh_from_db()
    assert plan.adopted_on == today
    event = AuditEvent.objects.get(action="actionplan.update")
    assert event.changes["adopted_on"] == {"old": None, "new": today.isoformat()}


def test_leader_of_another_municipality_cannot_change_the_plan(plan, other_municipality, today):
    stranger = UserFactory(municipality=other_municipality, role=Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.update_plan(actor=stranger, plan=plan, data=plan_data(today))
    with pytest.raises(PermissionDenied):
        services.add_area(actor=stranger, plan=plan, data={"title": "Tolk"})


# --- areas and strategies -------------------------------------------------------------------


def test_a_new_area_comes_last(users, plan):
    area = services.add_area(actor=users["leader"], plan=plan, data={"title": "Tolketjenesten"})
    assert area.position == 7
    assert area.municipality_id == plan.municipality_id
    assert AuditEvent.objects.filter(action="actionplan.area.create").count() == 1


def test_an_area_needs_a_name(users, plan):
    with pytest.raises(ValidationError) as excinfo:
        services.add_area(actor=users["leader"], plan=plan, data={"title": ""})
    assert "title" in errors_of(excinfo)
    assert plan.areas.count() == 6


def test_area_can_be_moved_and_renamed(users, area):
    services.update_area(
        actor=users["leader"], area=area, data={"title": "Generelt og organisering", "position": 9}
    )
    area.refresh_from_db()
    assert (area.title, area.position) == ("Generelt og organisering", 9)


def test_strategy_is_added_last_and_needs_text(users, area):
    strategy = services.add_strategy(actor=users["leader"], area=area, data={"text": "Ny"})
    assert strategy.position == area.strategies.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_strategy(actor=users["leader"], area=area, data={"text": " "})
    assert "text" in errors_of(excinfo)
    services.update_strategy(actor=users["leader"], strategy=strategy, data={"text": "Endret"})
    strategy.refresh_from_db()
    assert strategy.text == "Endret"


def test_consultant_cannot_change_areas_or_strategies(users, area):
    with pytest.raises(PermissionDenied):
        services.add_strategy(actor=users["consultant"], area=area, data={"text": "Ny"})
    with pytest.raises(PermissionDenied):
        services.update_area(actor=users["consultant"], area=area, data={"title": "X"})


# --- actions --------------------------------------------------------------------------------


def test_leader_adds_an_action_with_people_and_a_unit(users, area, today):
    strategy = area.strategies.first()
    action = services.add_action(
        actor=users["leader"],
        area=area,
        data=action_data(
            today,
            strategy=str(strategy.pk),
            responsible_users=[users["consultant"].pk, users["nav_advisor"]],
            due_on=today + 30 * DAY,
        ),
    )
    assert action.status == S.PLANNED
    assert action.strategy == strategy
    assert set(action.responsible_users.all()) == {users["consultant"], users["nav_advisor"]}
    assert action.position == area.actions.count()
    assert action.history.get().to_status == S.PLANNED
    event = AuditEvent.objects.get(action="actionplan.action.create")
    assert event.changes["responsible_users"]["new"] == sorted(
        [users["consultant"].pk, users["nav_advisor"].pk]
    )


def test_an_action_without_text_is_refused_and_nothing_is_saved(users, area, today):
    before = Action.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(actor=users["leader"], area=area, data=action_data(today, text="  "))
    assert errors_of(excinfo) == {"text": "Write what the action is."}
    assert Action.objects.count() == before
    assert not AuditEvent.objects.filter(action="actionplan.action.create").exists()


def test_an_action_needs_a_start_date(users, area, today):
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"], area=area, data=action_data(today, start_date=None)
        )
    assert "start_date" in errors_of(excinfo)


def test_an_action_needs_someone_responsible(users, area, today):
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"],
            area=area,
            data=action_data(today, responsible_unit="", responsible_users=[]),
        )
    assert "responsible_users" in errors_of(excinfo)


@pytest.mark.parametrize("who", ["payroll", "mentor", "participant", "administrator", "outsider"])
def test_only_staff_who_read_the_plan_can_be_responsible(users, outsider, area, today, who):
    person = outsider if who == "outsider" else users[who]
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"], area=area, data=action_data(today, responsible_users=[person])
        )
    assert "responsible_users" in errors_of(excinfo)


def test_the_strategy_must_be_one_of_the_area(users, plan, area, today):
    elsewhere = plan.areas.get(position=2).strategies.first()
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"], area=area, data=action_data(today, strategy=elsewhere.pk)
        )
    assert "strategy" in errors_of(excinfo)


def test_an_action_is_not_evaluated_before_it_starts(users, area, today):
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"], area=area, data=action_data(today, due_on=today - DAY)
        )
    assert "due_on" in errors_of(excinfo)


def test_an_action_starts_within_the_plan(users, area, plan, today):
    after = datetime.date(plan.end_year + 1, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.add_action(
            actor=users["leader"], area=area, data=action_data(today, start_date=after)
        )
    assert "start_date" in errors_of(excinfo)


def test_update_action_changes_people_and_keeps_the_status(users, consultants_action, today):
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=S.UNDER_WAY
    )
    services.update_action(
        actor=users["leader"],
        action=consultants_action,
        data=action_data(today, responsible_users=[users["teacher"]]),
    )
    consultants_action.refresh_from_db()
    assert consultants_action.status == S.UNDER_WAY
    assert list(consultants_action.responsible_users.all()) == [users["teacher"]]
    event = AuditEvent.objects.get(action="actionplan.action.update")
    assert event.changes["responsible_users"] == {
        "old": [users["consultant"].pk],
        "new": [users["teacher"].pk],
    }


def test_responsible_consultant_cannot_rewrite_the_action(users, consultants_action, today):
    with pytest.raises(PermissionDenied):
        services.update_action(
            actor=users["consultant"], action=consultants_action, data=action_data(today)
        )


# --- status ---------------------------------------------------------------------------------


def test_the_table_walks_planned_under_way_done():
    assert TRANSITIONS == {
        S.PLANNED: (S.UNDER_WAY,),
        S.UNDER_WAY: (S.DONE, S.PLANNED),
        S.DONE: (),
    }


def test_responsible_consultant_sets_the_action_going_and_done(users, consultants_action, today):
    consultant = users["consultant"]
    services.change_action_status(
        actor=consultant,
        action=consultants_action,
        to_status=S.UNDER_WAY,
        on=today - 5 * DAY,
        note="Startet med teammøte",
    )
    services.change_action_status(actor=consultant, action=consultants_action, to_status=S.DONE)
    consultants_action.refresh_from_db()
    assert consultants_action.status == S.DONE
    assert consultants_action.status_changed_on == today
    history = list(consultants_action.history.order_by("at", "id"))
    assert [(h.from_status, h.to_status, h.on) for h in history] == [
        ("", S.PLANNED, today),
        (S.PLANNED, S.UNDER_WAY, today - 5 * DAY),
        (S.UNDER_WAY, S.DONE, today),
    ]
    assert history[1].note == "Startet med teammøte"
    assert history[1].by == consultant
    events = AuditEvent.objects.filter(action="actionplan.action.status").order_by("id")
    assert [e.changes["status"] for e in events] == [
        {"old": S.PLANNED, "new": S.UNDER_WAY},
        {"old": S.UNDER_WAY, "new": S.DONE},
    ]
    assert events[0].reason == "Startet med teammøte"


def test_an_action_under_way_goes_back_to_planned(users, consultants_action):
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=S.UNDER_WAY
    )
    services.change_action_status(
        actor=users["consultant"], action=consultants_action, to_status=S.PLANNED
    )
    consultants_action.refresh_from_db()
    assert consultants_action.status == S.PLANNED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.PLANNED, S.DONE),  # the jump the table does not allow
        (S.PLANNED, S.PLANNED),
        (S.DONE, S.UNDER_WAY),
        (S.DONE, S.PLANNED),
        (S.UNDER_WAY, S.UNDER_WAY),
    ],
)
def test_a_move_the_table_does_not_allow_is_refused(users, area, start, to):
    action = ActionFactory(area=area, status=start, responsible=[users["consultant"]])
    with pytest.raises(ValidationError) as excinfo:
        services.change_action_status(actor=users["consultant"], action=action, to_status=to)
    assert "to_status" in errors_of(excinfo)
    action.refresh_from_db()
    assert action.status == start
    assert not action.history.exists()
    assert not AuditEvent.objects.filter(action="actionplan.action.status").exists()


def test_an_unknown_status_is_refused(users, consultants_action):
    with pytest.raises(ValidationError) as excinfo:
        services.change_action_status(
            actor=users["consultant"], action=consultants_action, to_status="iverksatt"
        )
    assert errors_of(excinfo) == {"to_status": "Choose one of the options."}


def test_a_status_change_cannot_be_dated_in_the_future(users, consultants_action, today):
    with pytest.raises(ValidationError) as excinfo:
        services.change_action_status(
            actor=users["consultant"],
            action=consultants_action,
            to_status=S.UNDER_WAY,
            on=today + DAY,
        )
    assert "on" in errors_of(excinfo)


def test_a_status_change_is_not_dated_before_the_previous_move(users, consultants_action, today):
    consultant = users["consultant"]
    services.change_action_status(
        actor=consultant, action=consultants_action, to_status=S.UNDER_WAY, on=today - 3 * DAY
    )
    with pytest.raises(ValidationError) as excinfo:
        services.change_action_status(
            actor=consultant, action=consultants_action, to_status=S.DONE, on=today - 4 * DAY
        )
    assert "on" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.change_action_status(
            actor=consultant, action=consultants_action, to_status=S.DONE, on="24.11"
        )
    assert "on" in errors_of(excinfo)


@pytest.mark.parametrize("role", ["consultant", "teacher", "nav_advisor"])
def test_staff_not_responsible_cannot_move_an_action(users, area, role):
    action = ActionFactory(area=area, responsible=[users["leader"]])
    with pytest.raises(PermissionDenied):
        services.change_action_status(actor=users[role], action=action, to_status=S.UNDER_WAY)
    with pytest.raises(PermissionDenied):
        services.update_action_notes(actor=users[role], action=action, notes="x")


@pytest.mark.parametrize("role", ["payroll", "mentor", "participant", "administrator"])
def test_roles_outside_the_plan_cannot_move_an_action_even_if_named(users, area, role):
    action = ActionFactory(area=area, responsible=[users[role]])
    with pytest.raises(PermissionDenied):
        services.change_action_status(actor=users[role], action=action, to_status=S.UNDER_WAY)


def test_leader_moves_any_action(users, teachers_action):
    services.change_action_status(
        actor=users["leader"], action=teachers_action, to_status=S.UNDER_WAY
    )
    assert teachers_action.status == S.UNDER_WAY


def test_responsible_teacher_moves_own_action(users, teachers_action):
    services.change_action_status(
        actor=users["teacher"], action=teachers_action, to_status=S.UNDER_WAY
    )
    teachers_action.refresh_from_db()
    assert teachers_action.status == S.UNDER_WAY


def test_responsible_person_in_another_municipality_cannot_move_an_action(
    users, outsider, other_municipality
):
    action = ActionFactory(
        area=AreaFactory(plan__municipality=other_municipality), responsible=[outsider]
    )
    with pytest.raises(PermissionDenied):
        services.change_action_status(actor=users["leader"], action=action, to_status=S.UNDER_WAY)


def test_responsible_person_keeps_the_notes(users, consultants_action):
    services.update_action_notes(
        actor=users["consultant"], action=consultants_action, notes="  Avtalt møte i mars. "
    )
    consultants_action.refresh_from_db()
    assert consultants_action.notes == "Avtalt møte i mars."
    event = AuditEvent.objects.get(action="actionplan.action.notes")
    assert event.changes["notes"]["new"] == "Avtalt møte i mars."
    # The same notes again change nothing and log nothing.
    services.update_action_notes(
        actor=users["consultant"], action=consultants_action, notes="Avtalt møte i mars."
    )
    assert AuditEvent.objects.filter(action="actionplan.action.notes").count() == 1


def test_factories_make_actions_in_the_area_municipality(municipality):
    action = ActionFactory(area=AreaFactory(plan__municipality=municipality))
    strategy = StrategyFactory(area=action.area)
    assert action.municipality == strategy.municipality == municipality
