"""Meetings, action items, interpreters (with their languages) and bookings, straight to the
database: for tests that need one as a fact, not as the result of a service."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from introsak.core.tests.factories import MunicipalityFactory, UserFactory
from introsak.meetings.models import (
    ActionItem,
    Booking,
    Interpreter,
    InterpreterLanguage,
    InterpreterModes,
    Meeting,
    MeetingKind,
    RegisterCategory,
)


def _tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planning meeting tomorrow 10–12, called by a consultant. Trait: `past` (a week ago)."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = MeetingKind.PLANNING
    title = factory.Sequence(lambda n: f"Planleggingsmøte {n}")
    starts_at = factory.LazyFunction(lambda: _tomorrow_at(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    created_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality")
    )

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: _tomorrow_at(10) - datetime.timedelta(days=8))
        )

    @factory.post_generation
    def attendees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.attendees.set(extracted)

    @factory.post_generation
    def participant_attendees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participant_attendees.set(extracted)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    text = factory.Sequence(lambda n: f"Oppgave {n}")
    owner = factory.SelfAttribute("meeting.created_by")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    created_by = factory.SelfAttribute("meeting.created_by")


class InterpreterFactory(factory.django.DjangoModelFactory):
    """An interpreter in category B, in person and remote, 40 years old, interpreting the
    `languages` given (Arabic by default)."""

    class Meta:
        model = Interpreter
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Tolk {n}")
    category = RegisterCategory.B
    mode = InterpreterModes.BOTH
    phone = "91234567"
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(year=1986, day=1))

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            for code in extracted if extracted is not None else ["ar"]:
                InterpreterLanguage.objects.create(interpreter=obj, language=code)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    interpreter = factory.SubFactory(
        InterpreterFactory, municipality=factory.SelfAttribute("..municipality")
    )
    language = "ar"
    mode = "in_person"
    starts_at = factory.SelfAttribute("meeting.starts_at")
    ends_at = factory.SelfAttribute("meeting.ends_at")
    cost = Decimal("1200.00")
    booked_by = factory.SelfAttribute("meeting.created_by")
