"""Participants with valid, unique identifiers made by the same rules the app checks."""

import datetime
import random

import factory

from introsak.core.tests.factories import MunicipalityFactory
from introsak.participants.models import (
    Assessment,
    Group,
    Household,
    Participant,
    Status,
)
from introsak.participants.rules import check_digits_for

_rng = random.Random(7)


def make_national_id(
    birth_date: datetime.date, *, d_number: bool = False, remainder: int = 0
) -> str:
    """A valid fødselsnummer (or D-nummer) for the date, unique within the test run."""
    day = birth_date.day + (40 if d_number else 0)
    prefix = f"{day:02d}{birth_date:%m}{birth_date:%y}"
    while True:
        individual = (
            f"{_rng.randint(0, 499) if birth_date.year < 2000 else _rng.randint(500, 999):03d}"
        )
        digits = check_digits_for(prefix + individual, remainder=remainder)
        if digits:
            number = prefix + individual + digits
            if number not in _issued:
                _issued.add(number)
                return number


_issued: set[str] = set()


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Faker("last_name")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    municipality = factory.SubFactory(MunicipalityFactory)
    given_name = factory.Iterator(["Ahmad", "Selam", "Olena", "Farid", "Hodan", "Yonas"])
    family_name = factory.Iterator(["Haddad", "Tesfay", "Kovalenko", "Rahimi", "Abdi"])
    # Adults born 1970–1999, however many participants a test run makes.
    birth_date = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=(37 * n) % (30 * 365))
    )
    national_id = factory.LazyAttribute(lambda o: make_national_id(o.birth_date))
    national_id_kind = "fnr"
    duf_number = factory.Sequence(lambda n: f"2024{n:08d}")
    status = Status.IN_PROGRAMME
    settlement_date = datetime.date(2025, 3, 1)

    class Params:
        newly_settled = factory.Trait(status=Status.SETTLED, national_id="", national_id_kind="")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Norsk {n}")

    @factory.post_generation
    def teachers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.teachers.set(extracted)

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    municipality = factory.SelfAttribute("participant.municipality")
    participant = factory.SubFactory(ParticipantFactory)
    assessed_on = datetime.date(2025, 3, 20)
    assessed_by = None
    norwegian_listening = "a1"
    wishes_work = "Elektriker"
