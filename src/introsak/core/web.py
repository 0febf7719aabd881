"""What every screen does before it shows anything: ask the policy, and log a read of a
participant's record. One place, so that every app's views do it the same way."""

from __future__ import annotations

from django.http import Http404

from . import audit
from .models import AccessLog
from .permissions import require as policy_require


def require(request, perm: str, obj=None) -> None:
    """Refuse (403, or 404 for a mentor) unless the policy allows `perm` on `obj`."""
    policy_require(request.user, perm, obj)


def require_api(request, perm: str, obj=None) -> None:
    """The same for an API request: the token's user (403, or 404 for a mentor)."""
    policy_require(request.auth, perm, obj)


def log_read(request, participant, what: str) -> None:
    """Record that the user read `what` of the participant's record in the web UI."""
    audit.record_access(
        user=request.user,
        participant=participant,
        what=what,
        channel=AccessLog.Channel.WEB,
        path=request.get_full_path(),
    )


def log_reads(request, participant_ids, what: str) -> None:
    """Record that the user read `what` of several participants' records on one page."""
    audit.record_accesses(
        user=request.user,
        participant_ids=participant_ids,
        what=what,
        channel=AccessLog.Channel.WEB,
        path=request.get_full_path(),
    )


def log_api_read(request, participant, what: str) -> None:
    """Record that the API token's user read `what` of the participant's record."""
    audit.record_access(
        user=request.auth,
        participant=participant,
        what=what,
        channel=AccessLog.Channel.API,
        path=request.get_full_path(),
    )


def log_api_reads(request, participant_ids, what: str) -> None:
    """Record that the API token's user read `what` of several participants' records."""
    audit.record_accesses(
        user=request.auth,
        participant_ids=participant_ids,
        what=what,
        channel=AccessLog.Channel.API,
        path=request.get_full_path(),
    )


def int_or_404(value) -> int:
    """An id from a form or the address: not a number is «not found», never a crash."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def year_from(request, default: int, name: str = "ar") -> int:
    """The year asked for in the address (`?ar=2026`); `default` when it is missing, not a
    number or outside 2000–2100, so a typed address never gives an error page."""
    try:
        year = int(request.GET.get(name) or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default
