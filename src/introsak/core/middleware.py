"""Request-wide concerns: the audit trail's IP address, session lifetime, second factor."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import audit


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            audit.current_ip.reset(token)


class SessionLifetimeMiddleware:
    """Idle sessions end by cookie age; this ends any session after SESSION_MAX_HOURS."""

    KEY = "introsak_login_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(self.KEY, time.time())
            if time.time() - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Leader, payroll and administrator must confirm a TOTP code after the password."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed_paths(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = (
                reverse("core:second_factor"),
                reverse("core:logout"),
                settings.STATIC_URL,
                "/api/",
                "/i18n/",
            )
        return self._allowed

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_SECOND_FACTOR
            and user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(self.allowed_paths())
        ):
            return redirect(f"{reverse('core:second_factor')}?next={request.path}")
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Bokmål unless the user picked another language in the footer (the language cookie).

    A browser that merely defaults to English must not turn a Norwegian public service
    English. The API keeps Django's Accept-Language negotiation for its clients.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NarrowAccessMiddleware:
    """A workplace mentor sees their current placements and nothing else. Anything outside
    that is «not found» for them, not «forbidden»: a mentor should not learn that a page or a
    record exists (issue #7: «everything outside it is a 404»)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.views.defaults import page_not_found

        from .models import Role

        user = getattr(request, "user", None)
        if (
            isinstance(exception, PermissionDenied)
            and user is not None
            and user.is_authenticated
            and user.role == Role.MENTOR
        ):
            return page_not_found(request, Http404())
        return None
