"""Tenancy, users with roles, API tokens and the append-only audit log."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib import auth
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The tenant. Every domain row belongs to exactly one municipality."""

    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality number has four digits."))],
        help_text=_("Kommunenummer, four digits."),
    )
    name = models.CharField(_("name"), max_length=100)
    in_sami_area = models.BooleanField(
        _("in the Sámi administrative area"),
        default=False,
        help_text=_("Forms and letters must then also exist in North Sámi."),
    )
    # The letterhead of decision letters.
    service_name = models.CharField(
        _("service name on letters"),
        max_length=120,
        blank=True,
        help_text=_("For example «Flyktningtjenesten»."),
    )
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Days a year the municipality allows for these, with stipend (DOMAIN.md: set locally).
    welfare_leave_days = models.PositiveSmallIntegerField(
        _("welfare leave days a year"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit is checked."),
    )
    religious_holiday_days = models.PositiveSmallIntegerField(
        _("religious holidays a year"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit is checked."),
    )

    # Shown to every participant on «Min side» under the rights and duties (Karasjok's plan:
    # «Vedlegg 2: … regler for nyankomne flyktninger»).
    participant_rules = models.TextField(
        _("local rules for participants"),
        blank=True,
        help_text=_(
            "For example how to report absence, opening hours and whom to call. Shown to "
            "participants on «My page»."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Refugee consultant")
    LEADER = "leader", _("Leader")
    PAYROLL = "payroll", _("Payroll")
    TEACHER = "teacher", _("Teacher")
    NAV_ADVISOR = "nav_advisor", _("NAV advisor")
    MENTOR = "mentor", _("Workplace mentor")
    PARTICIPANT = "participant", _("Participant")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that handle money or users: a stolen password alone must not be enough.
SECOND_FACTOR_ROLES = frozenset({Role.LEADER, Role.PAYROLL, Role.ADMINISTRATOR})


class User(AbstractUser):
    """A person who logs in. Works within one municipality, in one role there."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    def has_perm(self, perm, obj=None) -> bool:
        # No superuser shortcut: every answer comes from the one policy (core/permissions.py).
        if not self.is_active:
            return False
        return any(
            backend.has_perm(self, perm, obj)
            for backend in auth.get_backends()
            if hasattr(backend, "has_perm")
        )

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only a hash is stored; the token is shown once."""

    PREFIX = "isk_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are evidence: nothing in the application may change or remove them."""

    def update(self, **kwargs):
        raise PermissionError("Audit rows are append-only.")

    def delete(self):
        raise PermissionError("Audit rows are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only.")


class AuditEvent(AppendOnlyModel):
    """One write of personal data: who, when, which object, old and new values, why.

    `participant_id` is a plain column rather than a foreign key so that the trail of a
    participant outlives any row it refers to and `core` does not depend on other apps.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    participant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "participant_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class AccessLog(AppendOnlyModel):
    """One read of a participant's record, in the UI, the API or an export."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        EXPORT = "export", _("Export")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(max_length=200, blank=True)
    participant_id = models.BigIntegerField(db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    what = models.CharField(_("what"), max_length=80)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "participant_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.what}"
