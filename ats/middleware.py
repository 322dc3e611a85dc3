"""The Content-Security-Policy of every page, with the one relaxation some pages need."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase

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
