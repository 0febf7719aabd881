"""The decision screens for every role: drafting, approval, letters, appeals, rule tables."""

import datetime

import pytest
from django.urls import reverse

from introsak.core.models import AccessLog, Role
from introsak.decisions import services
from introsak.decisions.models import Decision, DecisionStatus
from introsak.decisions.tests.factories import DecisionFactory
from introsak.participants.tests.factories import ParticipantFactory

ALL = [r.value for r in Role]
D = datetime.date


def expect(default, **by_role):
    codes = {role: by_role.get(role, default) for role in ALL}
    # What a mentor may not do is not found for them (NarrowAccessMiddleware).
    if codes.get("mentor") == 403:
        codes["mentor"] = 404
    return codes


@pytest.fixture
def decision(world, users):
    return DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.AWAITING_APPROVAL,
    )


def test_participant_decisions_tab_by_role(client_for, users, world):
    codes = expect(404, consultant=200, leader=200, teacher=403, nav_advisor=403)
    for role in ALL:
        response = client_for(users[role]).get(reverse("decisions:list", args=[world["mine"].pk]))
        assert response.status_code == codes[role], role


def test_decision_page_by_role(client_for, users, decision):
    codes = expect(404, consultant=200, leader=200)
    for role in ALL:
        url = reverse("decisions:detail", args=[decision.pk])
        assert client_for(users[role]).get(url).status_code == codes[role], role


def test_letter_by_role(client_for, users, decision):
    codes = expect(404, consultant=200, leader=200)
    for role in ("consultant", "teacher", "payroll"):
        response = client_for(users[role]).get(reverse("decisions:letter", args=[decision.pk]))
        assert response.status_code == codes[role]
        if codes[role] == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF-")


def test_draft_form_by_role(client_for, users, world):
    codes = expect(404, consultant=200, leader=403, teacher=403, nav_advisor=403)
    url = reverse("decisions:create", args=[world["mine"].pk]) + "?type=grant"
    for role in ALL:
        assert client_for(users[role]).get(url).status_code == codes[role], role


def test_another_municipalitys_decision_is_not_found(client_for, users, outsider, world):
    foreign = DecisionFactory(participant=world["foreign"], drafted_by=outsider)
    for user in (users["consultant"], users["leader"]):
        client = client_for(user)
        assert client.get(reverse("decisions:detail", args=[foreign.pk])).status_code == 404
        assert client.get(reverse("decisions:letter", args=[foreign.pk])).status_code == 404
        assert (
            client.post(
                reverse("decisions:action", args=[foreign.pk]), {"action": "approve"}
            ).status_code
            == 404
        )
    mine = DecisionFactory(participant=world["mine"], drafted_by=users["consultant"])
    assert client_for(outsider).get(reverse("decisions:detail", args=[mine.pk])).status_code == 404


def test_programme_period_shows_on_the_participant_page_for_the_teacher(client_for, users, world):
    DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        decided_at=datetime.datetime(2026, 1, 20, tzinfo=datetime.UTC),
    )
    html = (
        client_for(users["teacher"])
        .get(reverse("participants:detail", args=[world["mine"].pk]))
        .content.decode()
    )
    assert "31.01.2028" in html  # the planned end


@pytest.fixture
def settled(municipality, users):
    today = datetime.date.today()
    return ParticipantFactory(
        municipality=municipality,
        consultant=users["consultant"],
        status="settled",
        settlement_date=today - datetime.timedelta(30),
        legal_basis="il",
    )


def test_consultant_drafts_and_leader_approves_through_the_screens(client_for, users, settled):
    today = datetime.date.today()
    consultant, leader = client_for(users["consultant"]), client_for(users["leader"])
    start, end = today + datetime.timedelta(7), today + datetime.timedelta(7 + 700)
    response = consultant.post(
        reverse("decisions:create", args=[settled.pk]) + "?type=grant",
        {
            "decision_type": "grant",
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "track": "other",
            "final_goal": "work",
            "reasons": "Rett og plikt.",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[decision.pk])
    consultant.post(reverse("decisions:action", args=[decision.pk]), {"action": "submit"})
    # The consultant cannot approve; the page offers no such button, and a forged post fails.
    page = consultant.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert 'value="approve"' not in page
    assert (
        consultant.post(
            reverse("decisions:action", args=[decision.pk]), {"action": "approve"}
        ).status_code
        == 403
    )
    page = leader.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert 'value="approve"' in page
    leader.post(reverse("decisions:action", args=[decision.pk]), {"action": "approve"})
    consultant.post(reverse("decisions:action", args=[decision.pk]), {"action": "send"})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT and decision.letters.count() == 1
    letter = consultant.get(reverse("decisions:letter", args=[decision.pk]))
    assert bytes(letter.content) == bytes(decision.letters.get().pdf)
    assert AccessLog.objects.filter(what="decision.letter").exists()


def test_bad_grant_in_the_form_keeps_the_input_and_names_the_field(client_for, users, settled):
    before = settled.settlement_date - datetime.timedelta(days=3)
    response = client_for(users["consultant"]).post(
        reverse("decisions:create", args=[settled.pk]) + "?type=grant",
        {
            "decision_type": "grant",
            "start_date": before.isoformat(),
            "end_date": (before + datetime.timedelta(400)).isoformat(),
            "track": "other",
            "final_goal": "work",
            "reasons": "Rett og plikt.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_start_date"' in html and f'value="{before.isoformat()}"' in html
    assert not Decision.objects.exists()


def test_a_sent_decision_has_no_edit_form(client_for, users, world):
    sent = DecisionFactory(
        participant=world["mine"], drafted_by=users["consultant"], status=DecisionStatus.SENT
    )
    response = client_for(users["consultant"]).get(reverse("decisions:edit", args=[sent.pk]))
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[sent.pk])


def test_leader_returns_with_a_comment(client_for, users, decision):
    leader = client_for(users["leader"])
    leader.post(
        reverse("decisions:action", args=[decision.pk]),
        {"action": "return", "comment": "Mangler begrunnelse for sporet."},
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    page = (
        client_for(users["consultant"])
        .get(reverse("decisions:detail", args=[decision.pk]))
        .content.decode()
    )
    assert "Mangler begrunnelse for sporet." in page


def test_appeal_registered_and_forwarded_in_the_screens(client_for, users, world):
    sent = DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        sent_on=datetime.date.today(),
    )
    today = datetime.date.today().isoformat()
    client_for(users["consultant"]).post(
        reverse("decisions:appeal", args=[sent.pk]), {"received_on": today, "grounds": "Uenig."}
    )
    appeal = sent.appeals.get()
    client_for(users["leader"]).post(
        reverse("decisions:appeal_step", args=[appeal.pk]), {"action": "forward", "on": today}
    )
    sent.refresh_from_db()
    appeal.refresh_from_db()
    assert sent.status == DecisionStatus.FORWARDED and appeal.forwarded_on is not None


def test_appeal_without_grounds_keeps_the_date_typed(client_for, users, world):
    sent = DecisionFactory(
        participant=world["mine"],
        drafted_by=users["consultant"],
        status=DecisionStatus.SENT,
        sent_on=datetime.date.today(),
    )
    response = client_for(users["consultant"]).post(
        reverse("decisions:appeal", args=[sent.pk]),
        {"received_on": datetime.date.today().isoformat(), "grounds": ""},
    )
    assert response.status_code == 200
    assert 'href="#id_grounds"' in response.content.decode()
    assert not sent.appeals.exists()


SCREENS = {
    "decisions:queue": expect(403, leader=200),
    "decisions:rules": expect(403, leader=200, administrator=200, consultant=200),
    "decisions:letter_templates": expect(403, administrator=200),
}


@pytest.mark.parametrize("name", SCREENS)
def test_screens_by_role(client_for, users, name):
    for role in ALL:
        assert client_for(users[role]).get(reverse(name)).status_code == SCREENS[name][role]


def test_administrator_edits_and_previews_a_letter_template(client_for, users):
    admin = client_for(users["administrator"])
    url = reverse("decisions:letter_template", args=["grant"])
    assert admin.get(url).status_code == 200
    admin.post(url, {"body": "<p>Du får program fra {{ decision.start_date|date }}.</p>"})
    preview = admin.get(reverse("decisions:letter_template_preview", args=["grant"]))
    assert preview["Content-Type"] == "application/pdf"
    broken = admin.post(url, {"body": "{% if %}"})
    assert broken.status_code == 200 and 'aria-invalid="true"' in broken.content.decode()
    assert client_for(users["consultant"]).get(url).status_code == 403


def test_leaders_start_page_lists_what_awaits_approval(client_for, users, decision):
    html = client_for(users["leader"]).get(reverse("core:home")).content.decode()
    assert reverse("decisions:detail", args=[decision.pk]) in html


def test_consultants_start_page_shows_a_missing_grant(client_for, users, municipality):
    late = ParticipantFactory(
        municipality=municipality,
        consultant=users["consultant"],
        status="settled",
        settlement_date=datetime.date.today() - datetime.timedelta(days=85),
    )
    html = client_for(users["consultant"]).get(reverse("core:home")).content.decode()
    assert reverse("decisions:list", args=[late.pk]) in html


def test_deadlines_run_a_fixed_number_of_queries(users, municipality, django_assert_num_queries):
    from introsak.decisions.selectors import deadlines

    for _ in range(6):
        p = ParticipantFactory(municipality=municipality, consultant=users["consultant"])
        DecisionFactory(participant=p, drafted_by=users["consultant"], status=DecisionStatus.SENT)
    # participants with their decisions (2), rule parameters, track lengths, appeals
    with django_assert_num_queries(5):
        deadlines(users["consultant"], today=datetime.date(2026, 6, 1))


def test_take_action_refuses_unknown_actions(users, decision):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.take_action(actor=users["leader"], decision=decision, action="teleport")
