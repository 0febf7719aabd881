"""Action plans, areas, strategies and actions written straight to the database (no checks):
for setting up a state, not for testing the rules. The services are tested on their own."""

import datetime

import factory
from django.utils import timezone

from introsak.actionplan.models import Action, ActionPlan, ActionStatus, Area, Strategy
from introsak.core.models import Role
from introsak.core.tests.factories import MunicipalityFactory, UserFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Plan for introduksjonsprogrammet 2025–2028"
    start_year = 2025
    end_year = 2028
    created_by = factory.SubFactory(
        UserFactory, role=Role.LEADER, municipality=factory.SelfAttribute("..municipality")
    )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    plan = factory.SubFactory(ActionPlanFactory)
    municipality = factory.SelfAttribute("plan.municipality")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Område {n}")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    area = factory.SubFactory(AreaFactory)
    municipality = factory.SelfAttribute("area.municipality")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Strategi {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """A planned action that starts in a month. Traits: `under_way`, `done`, `late`."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    municipality = factory.SelfAttribute("area.municipality")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tiltak {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    responsible_unit = "VO"
    status = ActionStatus.PLANNED

    class Params:
        under_way = factory.Trait(
            status=ActionStatus.UNDER_WAY,
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=30)
            ),
        )
        done = factory.Trait(
            status=ActionStatus.DONE,
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=60)
            ),
        )
        late = factory.Trait(
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=10)
            ),
        )

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_users.set(extracted)
