"""Writing the audit trail: every write of personal data and every read of a record.

Services call `record_event` inside their own transaction, so an event exists exactly
when the change it describes was committed. The acting request's IP address comes from
a context variable that the middleware sets, because services do not see the request.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .models import AccessLog, AuditEvent

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "introsak_current_ip", default=None
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` as JSON-friendly data (foreign keys as their id)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _jsonable(getattr(instance, attname))
    return result


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields whose value changed, as {field: {"old": ..., "new": ...}}."""
    return {
        key: {"old": old.get(key), "new": new.get(key)}
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def apply_changes(
    instance: models.Model, values: Mapping[str, Any], fields: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Set `values` on `instance`, save it, and return what changed in `fields` — the
    `changes` of the audit event the caller writes (empty when nothing changed)."""
    fields = tuple(fields)
    before = snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    return diff(before, snapshot(instance, fields))


def created(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        key: {"old": None, "new": _jsonable(value)}
        for key, value in values.items()
        if value not in ("", None)
    }


def record_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    municipality=None,
    participant_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event. `action` is a namespaced verb such as `participant.update`."""
    if municipality is None and obj is not None:
        municipality = getattr(obj, "municipality", None)
    if municipality is None and actor is not None:
        municipality = actor.municipality
    return AuditEvent.objects.create(
        municipality=municipality,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.username) if actor else "system",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id if object_id is not None else (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr if object_repr is not None else str(obj) if obj else "")[:200],
        participant_id=participant_id,
        changes=dict(changes or {}),
        reason=reason,
        ip_address=current_ip.get(),
    )


def record_access(*, user, participant, what: str, channel: str, path: str = "") -> AccessLog:
    """Log that `user` read `participant`'s record (the GDPR access log)."""
    return AccessLog.objects.create(
        municipality_id=participant.municipality_id,
        user=user,
        user_name=user.get_full_name() or user.username,
        participant_id=participant.pk,
        channel=channel,
        what=what,
        path=path[:300],
        ip_address=current_ip.get(),
    )


def record_accesses(*, user, participant_ids, what: str, channel: str, path: str = "") -> None:
    """Log a read of several participants' records in one insert: a screen or an API answer
    that shows what is recorded about many people at once (the register's validation, an
    export's list) is a read of each of them."""
    name = user.get_full_name() or user.username
    ip_address = current_ip.get()
    AccessLog.objects.bulk_create(
        AccessLog(
            municipality_id=user.municipality_id,
            user=user,
            user_name=name,
            participant_id=pk,
            channel=channel,
            what=what,
            path=path[:300],
            ip_address=ip_address,
        )
        for pk in sorted(set(participant_ids))
    )
