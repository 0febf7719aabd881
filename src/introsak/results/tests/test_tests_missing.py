"""«Ending soon without the Norwegian test»: the consultant's and the teacher's start pages
and the leader's dashboard (Karasjok's plan: the test, oral and written, before the end)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from introsak.participants.models import Participant, Status
from introsak.participants.tests.factories import GroupFactory, ParticipantFactory
from introsak.plans import models as plan_models
from introsak.results import selectors

from ..rules import add_months
from .conftest import grant

pytestmark = pytest.mark.django_db


def _section(page: str) -> str:
    """The «ending soon without the Norwegian test» card of a start page."""
    start = page.find('id="tests-missing-heading"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def _ending(users, municipality, today, months=2, **kwargs):
    participant = ParticipantFactory(
        municipality=municipality,
        consultant=users["consultant"],
        status=Status.IN_PROGRAMME,
        **kwargs,
    )
    grant(participant, users["consultant"], add_months(today, -22), add_months(today, months))
    return participant


def _test(participant, users, today, **levels):
    plan, _created = plan_models.TrainingPlan.objects.get_or_create(
        municipality=participant.municipality, participant=participant
    )
    plan_models.TestResult.objects.create(
        training_plan=plan,
        kind="norwegian",
        taken_on=today,
        recorded_by=users["teacher"],
        **levels,
    )


def test_ending_participants_without_both_parts_are_listed(users, municipality, today):
    none = _ending(users, municipality, today, given_name="Ingen")
    oral = _ending(users, municipality, today, given_name="Muntlig")
    _test(oral, users, today, oral="b1")
    both = _ending(users, municipality, today, given_name="Begge")
    _test(both, users, today, oral="a2", writing="b1")
    _ending(users, municipality, today, months=5, given_name="Senere")

    rows = selectors.ending_without_norwegian_test(Participant.objects.all(), today=today)

    assert {r.participant.pk: (r.missing, r.missing_text) for r in rows} == {
        none.pk: (("oral", "writing"), "muntlig og skriftlig"),
        oral.pk: (("writing",), "skriftlig"),
    }


def test_the_list_runs_four_queries_whatever_the_number(
    users, municipality, today, django_assert_num_queries
):
    with django_assert_num_queries(4):
        selectors.ending_without_norwegian_test(Participant.objects.all(), today=today)
    for _i in range(3):
        _test(_ending(users, municipality, today), users, today, oral="a2")
    with django_assert_num_queries(4):
        selectors.ending_without_norwegian_test(Participant.objects.all(), today=today)


def test_consultant_sees_own_participants_ending_without_the_test(
    client_for, users, municipality, today
):
    mine = _ending(users, municipality, today, given_name="Mina")
    unassigned = _ending(users, municipality, today, given_name="Ingen")
    unassigned.consultant = None
    unassigned.save()
    from introsak.core.tests.factories import UserFactory

    other = _ending(users, municipality, today, given_name="Andres")
    other.consultant = UserFactory(municipality=municipality, role="consultant")
    other.save()
    section = _section(client_for(users["consultant"]).get("/").content.decode())
    assert "Slutter snart uten norskprøve" in section
    assert mine.full_name in section
    assert "muntlig og skriftlig ikke tatt" in section
    assert unassigned.full_name in section  # as on the other cards: nobody else follows them
    assert other.full_name not in section


def test_teacher_sees_the_class_participants_ending_without_the_test(
    client_for, users, municipality, today
):
    in_class = _ending(users, municipality, today, given_name="Klassen")
    outside = _ending(users, municipality, today, given_name="Utenfor")
    GroupFactory(municipality=municipality, teachers=[users["teacher"]], participants=[in_class])
    section = _section(client_for(users["teacher"]).get("/").content.decode())
    assert in_class.full_name in section
    assert outside.full_name not in section


def test_the_section_is_absent_when_everybody_took_the_test(client_for, users, municipality, today):
    participant = _ending(users, municipality, today)
    _test(participant, users, today, oral="b1", writing="b1")
    page = client_for(users["consultant"]).get("/").content.decode()
    assert "Slutter snart uten norskprøve" not in page


def test_another_municipality_does_not_see_ours(client_for, outsider, users, municipality, today):
    participant = _ending(users, municipality, today)
    assert participant.full_name not in client_for(outsider).get("/").content.decode()


def test_the_dashboard_says_which_part_is_missing(client_for, users, municipality, today):
    participant = _ending(users, municipality, today)
    _test(participant, users, today, oral="b1")
    page = client_for(users["leader"]).get("/resultater/").content.decode()
    assert "Norskprøve ikke tatt" in page
    assert ">skriftlig</td>" in page


def test_start_page_query_count_does_not_grow_with_participants(
    client_for, users, municipality, today, django_assert_num_queries
):
    client = client_for(users["consultant"])
    _ending(users, municipality, today)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _i in range(4):
        _test(_ending(users, municipality, today), users, today, writing="a2")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/")
