"""Calendar events written straight to the database (no checks): for setting up a state, not
for testing the form or the service."""

import datetime

import factory

from introsak.core.tests.factories import MunicipalityFactory, UserFactory
from introsak.yearplan.models import CalendarEvent, Category


class CalendarEventFactory(factory.django.DjangoModelFactory):
    """New G on 1 May every year, for everyone. Traits: `nir` (the last day of February, for
    the leader and the consultant), `planning` (the second Tuesday of March and September,
    09:00–12:00)."""

    class Meta:
        model = CalendarEvent

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Hendelse {n}")
    category = Category.STIPEND
    recurrence = "yearly"
    start_date = datetime.date(2024, 5, 1)
    created_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality")
    )

    class Params:
        nir = factory.Trait(
            title="Frist: årsavslutning i NIR",
            category=Category.REPORTING_DEADLINE,
            start_date=datetime.date(2024, 2, 29),
            day_rule="last",
            audience=",consultant,leader,",
        )
        planning = factory.Trait(
            title="Planleggingsmøte",
            category=Category.PLANNING_MEETING,
            recurrence="every_n_months",
            interval_months=6,
            start_date=datetime.date(2024, 3, 1),
            day_rule="weekday",
            week=2,
            weekday=1,
            all_day=False,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(12, 0),
        )
