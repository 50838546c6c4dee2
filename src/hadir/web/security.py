"""Headers every answer carries, and Hadir's page for a refused method (405).

The Content-Security-Policy allows scripts, styles, images and connections from Hadir itself
only: no inline script, no inline style, nothing from elsewhere, no framing (decision in
docs/decisions.md). Referrer-Policy, nosniff, HSTS and X-Frame-Options come from Django's own
middleware (settings.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from hadir.web.errors import method_not_allowed

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's and ninja's 405s are bare (empty or "Method not allowed"): ours instead.
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = method_not_allowed(request)
            response["Allow"] = allowed
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
