"""The demo: decisions for three years, settled households with their checklists mostly
done, and two expected households with checklists partly done and one item overdue."""

import datetime

from introsak.core.tests.factories import UserFactory
from introsak.participants.models import Household
from introsak.participants.tests.factories import ParticipantFactory
from introsak.settlement import selectors
from introsak.settlement.demo import load_demo
from introsak.settlement.models import Arrival, SettlementDecision

from .conftest import TODAY


def test_demo_has_decisions_settled_and_expected_arrivals(users, municipality):
    demo_users = {
        "konsulent": users["consultant"],
        "konsulent2": UserFactory(municipality=municipality, role="consultant"),
        "leder": users["leader"],
        "lonn": users["payroll"],
        "laerer": users["teacher"],
        "nav": users["nav_advisor"],
    }
    household = Household.objects.create(municipality=municipality, name="Haddad")
    ParticipantFactory.create_batch(
        2,
        municipality=municipality,
        household=household,
        settlement_date=TODAY - datetime.timedelta(days=60),
    )
    load_demo(demo_users, TODAY)

    assert list(SettlementDecision.objects.values_list("year", "persons")) == [
        (2026, 10),
        (2027, 10),
        (2028, 10),
    ]
    settled = Arrival.objects.get(status="settled")
    assert settled.household == household
    assert settled.items.filter(done_on__isnull=True).count() == 0
    expected = Arrival.objects.filter(status="expected")
    assert expected.count() == 2
    o = selectors.overview(users["leader"], year=TODAY.year, today=TODAY)
    assert (o.progress.agreed, o.progress.settled, o.progress.expected) == (10, 2, 5)
    assert sum(a.items_overdue for a in o.arrivals) == 1
    assert sum(a.items_done for a in o.arrivals if a.status == "expected") == 1
