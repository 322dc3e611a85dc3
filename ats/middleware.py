"""The Content-Security-Policy of every page (with the one relaxation some pages need), and each
user's own language and time zone."""

import zoneinfo
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone, translation

from ats import preferences

# DRF's browsable API and the API docs are third-party pages that write `style=` attributes;
# they may, and nothing else may. No page of any kind runs inline script.
INLINE_STYLE_PREFIXES = ("/api/",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": ["'self'", "'unsafe-inline'"]}
        return parts


class UserPreferencesMiddleware:
    """After authentication: a logged-in user's own language and time zone win over the browser's
    (set in their profile, read from the session: no query). Everybody else keeps what
    LocaleMiddleware chose (switcher cookie, then Accept-Language) and the site's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language, zone = preferences.session_choices(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
