import pytest

from introsak.results import demo, selectors
from introsak.results.models import Outcome
from introsak.results.rules import add_months

from .conftest import ended_participant

pytestmark = pytest.mark.django_db


def test_demo_records_the_follow_ups_due_and_leaves_one(users, municipality, today):
    demo_users = {"konsulent": users["consultant"]}
    old = ended_participant(municipality, users["consultant"], add_months(today, -14))
    older = ended_participant(municipality, users["consultant"], add_months(today, -20))
    demo.load_demo(demo_users, today)
    assert set(Outcome.objects.filter(participant=older).values_list("checkpoint", flat=True)) == {
        "end",
        "month_6",
        "month_12",
    }
    assert Outcome.objects.filter(participant=old).count() == 2
    assert [d.participant for d in selectors.due_followups(users["consultant"], today)] == [old]
