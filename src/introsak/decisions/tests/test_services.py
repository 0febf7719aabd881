"""A participant's path through decisions, as the services do it: checked, audited,
and the programme period right at every step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from introsak.core.models import AuditEvent
from introsak.decisions import selectors, services
from introsak.decisions.models import (
    Appeal,
    Decision,
    DecisionStatus,
    DecisionType,
    LeaveType,
)
from introsak.decisions.tests.factories import DecisionFactory
from introsak.decisions.workflow import Action
from introsak.participants.models import Status
from introsak.participants.tests.factories import ParticipantFactory

D = datetime.date
TODAY = D(2026, 3, 10)


@pytest.fixture(autouse=True)
def _english_and_today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: TODAY)
    with translation.override("en"):
        yield


@pytest.fixture
def participant(municipality, users):
    return ParticipantFactory(
        municipality=municipality,
        status=Status.SETTLED,
        consultant=users["consultant"],
        settlement_date=D(2026, 1, 10),
        permit_date=D(2025, 11, 1),
        permit_ground="refugee",
        birth_date=D(1990, 4, 4),
        legal_basis="il",
    )


def decide(users, participant, decision_type, data, *, send=True, today=TODAY):
    decision = services.draft_decision(
        actor=users["consultant"], participant=participant, decision_type=decision_type, data=data
    )
    services.take_action(
        actor=users["consultant"], decision=decision, action=Action.SUBMIT, today=today
    )
    services.take_action(
        actor=users["leader"], decision=decision, action=Action.APPROVE, today=today
    )
    if send:
        services.take_action(
            actor=users["consultant"], decision=decision, action=Action.SEND, today=today
        )
    decision.refresh_from_db()
    return decision


GRANT = {
    "start_date": D(2026, 2, 1),
    "end_date": D(2028, 1, 31),
    "track": "other",
    "final_goal": "work",
    "final_goal_detail": "Elektriker",
    "reasons": "Deltakeren har rett og plikt og ønsker arbeid som elektriker.",
}


def leave_type(code):
    return LeaveType.objects.get(code=code, legal_basis="il", municipality=None)


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to look for what a reader would see."""
    import re
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def errors_of(excinfo):
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_settlement_to_grant_leave_extension_and_end(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT)
    assert grant.status == DecisionStatus.SENT
    assert grant.legal_reference == "integreringsloven §§ 12 og 13"
    participant.refresh_from_db()
    assert participant.status == Status.IN_PROGRAMME
    assert selectors.programme_period(participant).planned_end == D(2028, 1, 31)

    decide(
        users,
        participant,
        DecisionType.LEAVE,
        {
            "leave_type": leave_type("care_leave"),
            "start_date": D(2026, 6, 1),
            "end_date": D(2026, 8, 31),
            "reasons": "Omsorg for nyfødt barn.",
        },
    )
    period = selectors.programme_period(participant)
    assert period.planned_end == D(2028, 5, 2)  # 92 days of care leave added

    decide(
        users,
        participant,
        DecisionType.EXTENSION,
        {"end_date": D(2029, 3, 31), "reasons": "Deltakeren trenger mer tid for fagbrev."},
    )
    assert selectors.programme_period(participant).planned_end == D(2029, 3, 31)

    decide(
        users,
        participant,
        DecisionType.END,
        {
            "start_date": D(2029, 2, 28),
            "end_kind": "completed",
            "main_activity_after": "work",
            "reasons": "Deltakeren har fått fast jobb.",
        },
        today=D(2026, 3, 10),
    )
    period = selectors.programme_period(participant)
    assert period.actual_end == D(2029, 2, 28) and period.end == D(2029, 2, 28)

    actions = list(
        AuditEvent.objects.filter(participant_id=participant.pk).values_list("action", flat=True)
    )
    for step in (
        "decision.draft",
        "decision.submit",
        "decision.approve",
        "decision.send",
        "participant.status.follow_decisions",
    ):
        assert step in actions
    assert Decision.objects.filter(letters__isnull=False).distinct().count() == 4


def test_every_letter_is_a_pdf_kept_with_its_checksum(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT)
    letter = grant.letters.get()
    assert bytes(letter.pdf).startswith(b"%PDF-")
    assert b"pdfaid:part" in pdf_text(bytes(letter.pdf))  # PDF/A identification (XMP)
    import hashlib

    assert hashlib.sha256(bytes(letter.pdf)).hexdigest() == letter.sha256


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_date": D(2026, 1, 5)}, "start_date", "before the participant settled"),
        ({"end_date": D(2026, 1, 31)}, "end_date", "cannot be before the start"),
        ({"end_date": D(2028, 2, 1)}, "end_date", "at most 24 months"),
        ({"end_date": D(2026, 3, 1)}, "end_date", "at least 3 months"),
        ({"track": ""}, "track", "required"),
        ({"reasons": ""}, "reasons", "required"),
    ],
)
def test_bad_grant_is_refused_and_nothing_saved(users, participant, data, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.GRANT,
            data={**GRANT, **data},
        )
    assert message in errors_of(excinfo)[field]
    assert not Decision.objects.exists()


def test_extension_beyond_the_tracks_maximum_is_refused(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.EXTENSION,
            data={"end_date": D(2029, 2, 1), "reasons": "Mer tid."},
        )
    assert "at most 36 months with extension (to 31.01.2029)" in errors_of(excinfo)["end_date"]


def test_leave_longer_than_the_law_allows_is_refused(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.LEAVE,
            data={
                "leave_type": leave_type("care_leave"),
                "start_date": D(2026, 6, 1),
                "end_date": D(2027, 4, 1),
                "reasons": "Omsorg.",
            },
        )
    assert "at most 10 months" in errors_of(excinfo)["end_date"]


def test_overlapping_leave_and_suspension_are_refused(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    decide(
        users,
        participant,
        DecisionType.LEAVE,
        {
            "leave_type": leave_type("pregnancy"),
            "start_date": D(2026, 5, 4),
            "end_date": D(2026, 5, 8),
            "reasons": "Svangerskapskontroll.",
        },
    )
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.SUSPENSION,
            data={
                "suspension_kind": "temporary",
                "start_date": D(2026, 5, 8),
                "end_date": D(2026, 6, 8),
                "reasons": "Mye fravær.",
            },
        )
    assert "Overlaps" in errors_of(excinfo)["start_date"]


def test_temporary_suspension_of_more_than_three_months_is_refused(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.SUSPENSION,
            data={
                "suspension_kind": "temporary",
                "start_date": D(2026, 5, 1),
                "end_date": D(2026, 8, 1),
                "reasons": "Mye fravær.",
            },
        )
    assert "at most 3 months" in errors_of(excinfo)["end_date"]


def test_the_drafter_cannot_approve_their_own_decision(users, participant):
    # A leader who drafted (written directly: the service lets only consultants draft).
    decision = DecisionFactory(
        participant=participant, drafted_by=users["leader"], status=DecisionStatus.AWAITING_APPROVAL
    )
    with pytest.raises(ValidationError) as excinfo:
        services.take_action(actor=users["leader"], decision=decision, action=Action.APPROVE)
    assert "another leader" in errors_of(excinfo)["__all__"]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_APPROVAL


def test_a_consultant_cannot_approve(users, participant):
    decision = services.draft_decision(
        actor=users["consultant"],
        participant=participant,
        decision_type=DecisionType.GRANT,
        data=GRANT,
    )
    services.take_action(actor=users["consultant"], decision=decision, action=Action.SUBMIT)
    with pytest.raises(PermissionDenied):
        services.take_action(actor=users["consultant"], decision=decision, action=Action.APPROVE)


def test_a_sent_decision_cannot_be_changed_only_replaced(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT)
    with pytest.raises(ValidationError) as excinfo:
        services.update_draft(
            actor=users["consultant"], decision=grant, data={"end_date": D(2027, 12, 31)}
        )
    assert "new decision" in errors_of(excinfo)["__all__"]
    replacement = services.draft_decision(
        actor=users["consultant"],
        participant=participant,
        decision_type=DecisionType.GRANT,
        data={**GRANT, "end_date": D(2027, 12, 31)},
        replaces=grant,
    )
    services.take_action(actor=users["consultant"], decision=replacement, action=Action.SUBMIT)
    services.take_action(actor=users["leader"], decision=replacement, action=Action.APPROVE)
    assert selectors.programme_period(participant).planned_end == D(2027, 12, 31)


def test_a_second_grant_without_replacing_is_refused(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.GRANT,
            data=GRANT,
        )
    assert "already has a granted programme" in errors_of(excinfo)["start_date"]


def test_approval_rechecks_against_decisions_approved_meanwhile(users, participant):
    decide(users, participant, DecisionType.GRANT, GRANT)
    first = services.draft_decision(
        actor=users["consultant"],
        participant=participant,
        decision_type=DecisionType.LEAVE,
        data={
            "leave_type": leave_type("welfare"),
            "start_date": D(2026, 5, 4),
            "end_date": D(2026, 5, 5),
            "reasons": "Begravelse.",
        },
    )
    # A second consultant's draft for the same days is refused at once because the first is
    # pending; the check at approval also holds when drafts were made in another order.
    with pytest.raises(ValidationError):
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.LEAVE,
            data={
                "leave_type": leave_type("welfare"),
                "start_date": D(2026, 5, 5),
                "end_date": D(2026, 5, 6),
                "reasons": "Bryllup.",
            },
        )
    services.take_action(actor=users["consultant"], decision=first, action=Action.SUBMIT)
    services.take_action(actor=users["leader"], decision=first, action=Action.APPROVE)


def test_returning_needs_a_comment_and_makes_it_editable_again(users, participant):
    decision = services.draft_decision(
        actor=users["consultant"],
        participant=participant,
        decision_type=DecisionType.GRANT,
        data=GRANT,
    )
    services.take_action(actor=users["consultant"], decision=decision, action=Action.SUBMIT)
    with pytest.raises(ValidationError):
        services.take_action(actor=users["leader"], decision=decision, action=Action.RETURN)
    services.take_action(
        actor=users["leader"],
        decision=decision,
        action=Action.RETURN,
        comment="Sluttmålet må konkretiseres.",
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.return_comment == "Sluttmålet må konkretiseres."
    services.update_draft(
        actor=users["consultant"],
        decision=decision,
        data={"final_goal_detail": "Fagbrev som elektriker"},
    )


def test_right_and_duty_needs_age_and_permit_within_the_law(users, participant):
    participant.birth_date = D(1960, 1, 1)  # 65 when the permit was granted
    participant.save()
    with pytest.raises(ValidationError) as excinfo:
        services.draft_decision(
            actor=users["consultant"],
            participant=participant,
            decision_type=DecisionType.ELIGIBILITY,
            data={"eligibility_outcome": "right_and_duty", "reasons": "Bosatt etter avtale."},
        )
    assert "§ 9" in errors_of(excinfo)["eligibility_outcome"]
    decision = services.draft_decision(
        actor=users["consultant"],
        participant=participant,
        decision_type=DecisionType.ELIGIBILITY,
        data={"eligibility_outcome": "may_be_offered", "reasons": "Kommunen tilbyr program."},
    )
    assert decision.legal_reference == "integreringsloven §§ 8 og 9"


def test_appeal_forwarded_and_upheld(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT)
    appeal = services.register_appeal(
        actor=users["consultant"],
        decision=grant,
        received_on=D(2026, 3, 10),
        grounds="Uenig i sluttmålet.",
    )
    assert appeal.filed_in_time and appeal.handling_deadline == D(2026, 4, 10)
    services.handle_appeal(
        actor=users["leader"], appeal=appeal, action=Action.FORWARD, on=D(2026, 3, 10)
    )
    services.handle_appeal(
        actor=users["consultant"],
        appeal=appeal,
        action=Action.UPHOLD,
        on=D(2026, 3, 10),
        note="Statsforvalteren stadfestet vedtaket.",
    )
    grant.refresh_from_db()
    appeal.refresh_from_db()
    assert grant.status == DecisionStatus.UPHELD and appeal.outcome == "upheld"
    assert selectors.programme_period(participant) is not None  # still in force


def test_reversed_decision_no_longer_sets_the_period(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT)
    appeal = services.register_appeal(
        actor=users["consultant"],
        decision=grant,
        received_on=D(2026, 3, 10),
        grounds="Feil startdato.",
    )
    services.handle_appeal(
        actor=users["leader"], appeal=appeal, action=Action.REVERSE, on=D(2026, 3, 10)
    )
    assert selectors.programme_period(participant) is None


def test_late_appeal_is_marked(users, participant):
    grant = decide(users, participant, DecisionType.GRANT, GRANT, today=D(2026, 2, 1))
    appeal = services.register_appeal(
        actor=users["consultant"],
        decision=grant,
        received_on=D(2026, 3, 1),
        grounds="Uenig.",
        today=D(2026, 3, 10),
    )
    assert not appeal.filed_in_time
    assert Appeal.objects.get().handling_deadline == D(2026, 4, 1)


def test_another_municipalitys_consultant_cannot_draft(outsider, participant):
    with pytest.raises(PermissionDenied):
        services.draft_decision(
            actor=outsider, participant=participant, decision_type=DecisionType.GRANT, data=GRANT
        )


def test_letter_has_a_summary_in_english_for_an_english_reader(users, participant):
    from introsak.decisions import letters

    participant.preferred_language = "en"
    participant.save()
    grant = decide(users, participant, DecisionType.GRANT, GRANT, send=False)
    html = letters.letter_html(grant)
    assert "Summary in English" in html and "01.02.2026" in html
    assert "Vedtak om introduksjonsprogram" in html or "Vedtak om" in html
    assert "klage" in html and "forvaltningsloven § 29" in html


def test_no_summary_when_the_language_has_no_translation(users, participant):
    from introsak.decisions import letters

    participant.preferred_language = "ti"
    participant.save()
    grant = decide(users, participant, DecisionType.GRANT, GRANT, send=False)
    assert "Summary in English" not in letters.letter_html(grant)
