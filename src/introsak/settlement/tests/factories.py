"""Settlement decisions and arrivals. Arrivals with a checklist are made through the
service (services.register_arrival); the factory makes the bare row for lists."""

import datetime

import factory

from introsak.core.models import Role
from introsak.core.tests.factories import MunicipalityFactory, UserFactory
from introsak.settlement.models import Arrival, ArrivalStatus, SettlementDecision


class SettlementDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SettlementDecision

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026
    persons = 10
    created_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality"), role=Role.CONSULTANT
    )


class ArrivalFactory(factory.django.DjangoModelFactory):
    """An expected household. Trait `settled`: settled on the expected day."""

    class Meta:
        model = Arrival

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Familie {n}")
    expected_on = datetime.date(2026, 12, 4)
    persons = 3
    languages = factory.LazyFunction(lambda: ["ar"])
    created_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality"), role=Role.CONSULTANT
    )

    class Params:
        settled = factory.Trait(
            status=ArrivalStatus.SETTLED, settled_on=factory.SelfAttribute("expected_on")
        )
