"""Employers with valid organisation numbers, workplaces that take participants, mentors with
their accounts, and placements, made by the same rules the app checks."""

import datetime
import random
from decimal import Decimal

import factory
from django.utils import timezone

from introsak.core.models import Role
from introsak.core.tests.factories import MunicipalityFactory, UserFactory
from introsak.placements.models import (
    Employer,
    Industry,
    Mentor,
    PipelineStage,
    Placement,
    Workplace,
)

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

_rng = random.Random(11)
_issued: set[str] = set()


def org_check_digit(first_eight: str) -> int | None:
    """The modulus-11 check digit of an organisasjonsnummer, or None when there is none
    (a remainder that gives 10: Enhetsregisteret never issues those numbers)."""
    remainder = sum(w * int(d) for w, d in zip(ORG_WEIGHTS, first_eight, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def make_org_number() -> str:
    """A valid organisation number (starting with 8 or 9, as issued ones do), unique within
    the test run."""
    while True:
        first_eight = _rng.choice("89") + f"{_rng.randint(0, 9_999_999):07d}"
        digit = org_check_digit(first_eight)
        if digit is None:
            continue
        number = f"{first_eight}{digit}"
        if number not in _issued:
            _issued.add(number)
            return number


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    municipality = factory.SubFactory(MunicipalityFactory)
    org_number = factory.LazyFunction(make_org_number)
    name = factory.Sequence(lambda n: f"Bedrift {n} AS")
    industry = Industry.RETAIL
    address = "Storgata 1"
    postal_code = "9730"
    city = "Karasjok"


class WorkplaceFactory(factory.django.DjangoModelFactory):
    """A workplace that has signed the agreement (takes participants). Traits: `active`,
    `contacted`, `ended`."""

    class Meta:
        model = Workplace

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.SelfAttribute("employer.municipality")
    name = factory.Sequence(lambda n: f"Avdeling {n}")
    industry = factory.SelfAttribute("employer.industry")
    stage = PipelineStage.AGREEMENT
    capacity = 10

    class Params:
        active = factory.Trait(stage=PipelineStage.ACTIVE)
        contacted = factory.Trait(stage=PipelineStage.CONTACTED)
        ended = factory.Trait(stage=PipelineStage.ENDED)


class MentorFactory(factory.django.DjangoModelFactory):
    """A mentor of an employer, with a user account that has the mentor role."""

    class Meta:
        model = Mentor

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.SelfAttribute("employer.municipality")
    user = factory.SubFactory(
        UserFactory, role=Role.MENTOR, municipality=factory.SelfAttribute("..municipality")
    )
    phone = "+47 900 00 000"


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement written straight to the database (no checks): for setting up a state,
    not for testing the agreement. Give `participant`, `measure` and `created_by`."""

    class Meta:
        model = Placement

    municipality = factory.SelfAttribute("participant.municipality")
    workplace = factory.SubFactory(
        WorkplaceFactory,
        active=True,
        employer__municipality=factory.SelfAttribute("...participant.municipality"),
    )
    mentor = factory.SubFactory(
        MentorFactory, employer=factory.SelfAttribute("..workplace.employer")
    )
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=28))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))
    weekdays = "123"
    hours_per_week = Decimal(10)
    tasks = "Varepåfylling og kasse"
    language_goals = "Hilse på kunder"
