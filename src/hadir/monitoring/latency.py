"""Request latencies by route name, and one log line per request without personal data.

The histogram is labelled with the URL *name* (``employee-detail``), never the raw path: paths
carry NIPs and unit codes, and one label value per employee would also grow without bound.

Several web processes (``hadir-web@N``) each count their own requests. When
``PROMETHEUS_MULTIPROC_DIR`` is set (the systemd units set it), prometheus-client keeps the
counts in files there and ``/metrics`` adds up every process's, whichever process answers the
scrape (decision in docs/decisions.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import Histogram

log = logging.getLogger("hadir.request")

REQUEST_SECONDS = Histogram(
    "hadir_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name, method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# A machine's routine calls: every machine polls every few seconds, so a kabupaten's fleet
# would write hundreds of lines a second that say nothing. Logged at DEBUG when answered
# with a success status and quickly (HADIR_LOG_LEVEL=DEBUG shows them); a 4xx or 5xx answer
# or a slow one stays at INFO. All are counted in the metrics either way. (A distrusted
# machine's poll is answered "OK" without its commands: the distrust raised its own alert.)
ROUTINE_ROUTES = frozenset({"iclock-getrequest", "iclock-ping"})
SLOW_SECONDS = 1.0


def route_name(request: HttpRequest) -> str:
    """The URL pattern's name (``api-v1:...`` for the API), ``unmatched`` for a 404 path."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return str(match.view_name or match.route or "unnamed")[:80]


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_name(request)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(route, method, status).observe(seconds)
        routine = route in ROUTINE_ROUTES and response.status_code < 400 and seconds < SLOW_SECONDS
        log.log(
            logging.DEBUG if routine else logging.INFO,
            "request %s %s %s %.1f ms",
            method,
            route,
            response.status_code,
            seconds * 1000,
            extra={
                "route": route,
                "method": method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response
