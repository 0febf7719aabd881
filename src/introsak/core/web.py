"""What every screen does before it shows anything: ask the policy, and log a read of a
participant's record. One place, so that every app's views do it the same way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from . import audit
from .models import AccessLog


def require(request, perm: str, obj=None) -> None:
    """Refuse (403, or 404 for a mentor) unless the policy allows `perm` on `obj`."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def log_read(request, participant, what: str) -> None:
    """Record that the user read `what` of the participant's record in the web UI."""
    audit.record_access(
        user=request.user,
        participant=participant,
        what=what,
        channel=AccessLog.Channel.WEB,
        path=request.get_full_path(),
    )
