import pytest

from introsak.participants.tests.factories import GroupFactory, ParticipantFactory


@pytest.fixture
def world(users, municipality, other_municipality):
    """Participants in every relation to the users:

    - `mine`: the consultant's, advised by the NAV advisor, taught by the teacher, and
      the participant user's own record;
    - `other`: in the municipality, related to nobody but the refugee service;
    - `foreign`: in another municipality.
    """
    mine = ParticipantFactory(
        municipality=municipality,
        consultant=users["consultant"],
        nav_advisor=users["nav_advisor"],
        user=users["participant"],
    )
    other = ParticipantFactory(municipality=municipality)
    foreign = ParticipantFactory(municipality=other_municipality)
    GroupFactory(municipality=municipality, teachers=[users["teacher"]], participants=[mine])
    return {"mine": mine, "other": other, "foreign": foreign}
