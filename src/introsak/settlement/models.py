"""Settlement (bosetting): the municipality's yearly settlement decision, the households
expected to arrive and settled against it, and per arrival a checklist of who does what
and by when (housing, the information meeting, stipend, training in everyday living,
school and kindergarten, health, the first assessment).

The Drangedal plan (shared/seeds) lists the tasks and who owns them; here they become a
template the municipality edits, copied into every arrival's checklist with a due date
counted from the arrival date (rules.due_date).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGE_NAMES
from introsak.core.models import Municipality, Role
from introsak.participants.models import Household

from . import rules


class SettlementDecision(models.Model):
    """The municipal council's decision on how many refugees to settle in a year, after the
    request (anmodning) from IMDi. A decision for three years is one row per year."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    persons = models.PositiveSmallIntegerField(_("people agreed"))
    unaccompanied_minors = models.PositiveSmallIntegerField(
        _("of them unaccompanied minors"), null=True, blank=True
    )
    families = models.PositiveSmallIntegerField(_("of them in families"), null=True, blank=True)
    council_decision_on = models.DateField(_("municipal council decision"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("settlement decision")
        verbose_name_plural = _("settlement decisions")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="one_settlement_decision_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(unaccompanied_minors__isnull=True)
                | models.Q(unaccompanied_minors__lte=models.F("persons")),
                name="settlement_minors_within_agreed",
            ),
            models.CheckConstraint(
                condition=models.Q(families__isnull=True)
                | models.Q(families__lte=models.F("persons")),
                name="settlement_families_within_agreed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.persons}"


class ArrivalStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")


class Arrival(models.Model):
    """A household expected on a date. When it has come it is settled (and linked to the
    household in the register); an arrival that does not happen is cancelled."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(
        _("household"), max_length=120, help_text=_("For example «Family Haddad» or a first name.")
    )
    expected_on = models.DateField(_("expected arrival"))
    persons = models.PositiveSmallIntegerField(_("people"))
    # ISO 639 codes from introsak.core.languages.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    needs_interpreter = models.BooleanField(_("someone needs an interpreter"), default=False)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArrivalStatus.choices, default=ArrivalStatus.EXPECTED
    )
    settled_on = models.DateField(_("settled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        ordering = ["expected_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(persons__gte=1) & models.Q(persons__lte=rules.MAX_HOUSEHOLD),
                name="arrival_has_people",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "expected_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        """The year the arrival counts against: when settled, else when expected."""
        return (self.settled_on or self.expected_on).year

    @property
    def language_names(self) -> str:
        return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in self.languages)


class ChecklistTemplate(models.Model):
    """The municipality's checklist for an arrival. It exists from the first time it is
    needed (made from rules.DEFAULT_CHECKLIST), so a municipality that removes every item
    keeps an empty list rather than getting the defaults back."""

    municipality = models.OneToOneField(Municipality, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("checklist template")

    def __str__(self) -> str:
        return str(self.municipality)


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("task"), max_length=200)
    role = models.CharField(_("responsible role"), max_length=20, choices=Role.choices)
    offset_days = models.SmallIntegerField(
        _("days from arrival"),
        help_text=_("Negative: before the arrival. −14 is two weeks before."),
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offset_days__gte=-rules.MAX_OFFSET)
                & models.Q(offset_days__lte=rules.MAX_OFFSET),
                name="template_offset_within_a_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """A task for one arrival, copied from the template when the arrival was registered.
    Its due date follows the arrival date (moved with it) until it is done."""

    arrival = models.ForeignKey(Arrival, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("task"), max_length=200)
    role = models.CharField(_("responsible role"), max_length=20, choices=Role.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offset_days = models.SmallIntegerField(_("days from arrival"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True, done_by__isnull=True)
                | models.Q(done_on__isnull=False, done_by__isnull=False),
                name="checklist_done_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return rules.is_overdue(self.due_on, done=self.is_done, today=today)
