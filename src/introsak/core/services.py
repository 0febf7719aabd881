"""Writes about users, roles, second factors and API tokens. Each is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import ApiToken, Municipality, Role, User
from .permissions import require as _require

USER_FIELDS = ("username", "first_name", "last_name", "email", "phone", "role", "is_active")


def _clean_user(data: Mapping[str, Any], *, instance: User | None) -> dict[str, Any]:
    cleaned = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in USER_FIELDS
    }
    errors = {}
    for name in ("username", "first_name", "last_name", "role"):
        if name in cleaned and not cleaned[name]:
            errors[name] = _("This field is required.")
    if cleaned.get("role") and cleaned["role"] not in Role.values:
        errors["role"] = _("Choose a role.")
    if cleaned.get("username"):
        others = User.objects.filter(username__iexact=cleaned["username"])
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            errors["username"] = _("This username is taken.")
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_user(*, actor: User, data: Mapping[str, Any], password: str) -> User:
    """An administrator adds a colleague to their municipality in one role."""
    _require(actor, "core.manage_users")
    data = {"username": "", "first_name": "", "last_name": "", "role": "", **data}
    errors = {}
    try:
        cleaned = _clean_user(data, instance=None)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        cleaned = {}
    try:
        validate_password(password, User(**cleaned))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    user = User(municipality_id=actor.municipality_id, **cleaned)
    user.set_password(password)
    user.save()
    audit.record_event(
        actor=actor,
        action="user.create",
        obj=user,
        changes=audit.created(audit.snapshot(user, USER_FIELDS)),
    )
    return user


@transaction.atomic
def update_user(*, actor: User, user: User, data: Mapping[str, Any]) -> User:
    _require(actor, "core.view_user", user)
    cleaned = _clean_user(data, instance=user)
    if user.pk == actor.pk and (
        "role" in cleaned and cleaned["role"] != user.role or cleaned.get("is_active") is False
    ):
        raise ValidationError(
            {"role": _("You cannot change your own role or deactivate yourself.")}
        )
    before = audit.snapshot(user, USER_FIELDS)
    for key, value in cleaned.items():
        setattr(user, key, value)
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        user.save()
        audit.record_event(actor=actor, action="user.update", obj=user, changes=changes)
    return user


@transaction.atomic
def set_password(*, actor: User, user: User, password: str) -> None:
    if actor.pk != user.pk:
        _require(actor, "core.view_user", user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": " ".join(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    # The password itself is never put in the trail, only that it changed.
    audit.record_event(actor=actor, action="user.password.set", obj=user)


@transaction.atomic
def reset_second_factor(*, actor: User, user: User) -> None:
    """Remove a user's TOTP devices (lost phone); they enrol again at next login."""
    _require(actor, "core.view_user", user)
    count = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    audit.record_event(
        actor=actor,
        action="user.second_factor.reset",
        obj=user,
        changes={"totp_devices": {"old": count, "new": 0}},
    )


@transaction.atomic
def start_totp_enrolment(*, actor: User) -> TOTPDevice:
    """An unconfirmed TOTP device for the actor; confirmed by `confirm_totp_enrolment`."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="Introsak", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, actor: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != actor.pk or not device.verify_token((token or "").replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record_event(actor=actor, action="user.second_factor.enrol", obj=actor)
    return True


@transaction.atomic
def create_api_token(*, actor: User | None, user: User, name: str = "") -> str:
    """Issue a bearer token for `user`. Returns the token; only its hash is stored."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(key), key_prefix=key[:10]
    )
    audit.record_event(
        actor=actor,
        action="api_token.create",
        obj=token,
        municipality=user.municipality,
        object_repr=f"{token.key_prefix}… ({user.username})",
        changes={"user": {"old": None, "new": user.username}, "name": {"old": None, "new": name}},
    )
    return key


def authenticate_api_token(key: str) -> User | None:
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__municipality")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Written at most once a minute: a busy integration should not turn every read into a write.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def update_municipality(*, actor: User, data: Mapping[str, Any]) -> Municipality:
    _require(actor, "core.manage_users")
    municipality = Municipality.objects.select_for_update().get(pk=actor.municipality_id)
    fields = ("name", "in_sami_area", "participant_rules")
    before = audit.snapshot(municipality, fields)
    if not (data.get("name") or "").strip():
        raise ValidationError({"name": _("This field is required.")})
    municipality.name = data["name"].strip()
    municipality.in_sami_area = bool(data.get("in_sami_area"))
    if "participant_rules" in data:
        municipality.participant_rules = (data.get("participant_rules") or "").strip()
    changes = audit.diff(before, audit.snapshot(municipality, fields))
    if changes:
        municipality.save()
        audit.record_event(
            actor=actor,
            action="municipality.update",
            obj=municipality,
            municipality=municipality,
            changes=changes,
        )
    return municipality
