"""The one policy: lists and detail checks agree, for every role and relation."""

import pytest

from introsak.core.models import Role
from introsak.core.permissions import visible_participants
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory


@pytest.mark.parametrize("role", list(Role))
def test_policy_queryset_and_predicate_agree(users, world, outsider, role):
    """Whatever a list shows, the detail check allows, and the other way round."""
    everyone = [world["mine"], world["other"], world["foreign"]]
    for user in (users[role], outsider):
        visible = set(visible_participants(user))
        allowed = {p for p in everyone if user.has_perm("participants.view_participant", p)}
        assert visible == allowed


def test_a_teacher_loses_sight_when_the_class_is_closed(users, municipality):
    participant = ParticipantFactory(municipality=municipality)
    group = GroupFactory(
        municipality=municipality, teachers=[users["teacher"]], participants=[participant]
    )
    assert users["teacher"].has_perm("participants.view_participant", participant)
    group.is_active = False
    group.save()
    assert not users["teacher"].has_perm("participants.view_participant", participant)
    assert not visible_participants(users["teacher"]).exists()


def test_a_deactivated_user_may_do_nothing(users, world):
    consultant = users["consultant"]
    consultant.is_active = False
    consultant.save()
    assert not consultant.has_perm("participants.view_participant", world["mine"])
    assert not visible_participants(consultant).exists()


def test_superuser_flag_grants_nothing_beyond_the_role(users, world):
    payroll = users["payroll"]
    payroll.is_superuser = True
    payroll.save()
    assert not payroll.has_perm("participants.view_participant", world["mine"])
    assert not payroll.has_perm("participants.add_participant")


def test_user_without_municipality_sees_nothing(db, world):
    from introsak.core.tests.factories import UserFactory

    drifter = UserFactory(municipality=None, role=Role.CONSULTANT)
    assert not visible_participants(drifter).exists()
    assert not drifter.has_perm("participants.add_participant")
