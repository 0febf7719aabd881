"""The municipality's action plan (tiltaksplan) for the introduction programme.

A plan covers a period of years («Plan for introduksjonsprogrammet 2025–2028») and is divided
into areas (satsingsområder) in order. An area has strategies — what the municipality wants to
achieve and how — and actions (tiltak): what is done, from when, by whom, and whether it is
under way. The Drangedal plan (shared/seeds, «Tiltaksplan: Aktivitet | Oppstart | Ansvarlig |
Iverksatt») lists the strategies and actions of an area side by side; an action here belongs
to its area and, where it serves one, to one of the area's strategies.

Every row carries the municipality (the tenant key); the services keep it equal down the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality


class ActionPlan(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="actionplan_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Area(models.Model):
    """A satsingsområde of the plan («Mottak og bosetting»), in the plan's order."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("area"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    """How the municipality means to reach its aims in an area («Hjelp til selvhjelp»)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="strategies")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("strategy"))

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class Action(models.Model):
    """A tiltak: what is done, from when, who is responsible (people of the municipality
    and/or a unit such as «VO» or «NAV»), and how far it has come."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="actions")
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("strategy"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("action"))
    start_date = models.DateField(_("start"))
    due_on = models.DateField(_("evaluate by"), null=True, blank=True)
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for_actions",
        verbose_name=_("responsible people"),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    status_changed_on = models.DateField(_("since"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_late(self, today) -> bool:
        from .rules import is_late

        return is_late(self.status, self.start_date, today)


class StatusChange(models.Model):
    """One step of an action's status, with the date it happened: the action's history."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"
