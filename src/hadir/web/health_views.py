"""``/health/`` for monitoring tools: anonymous, JSON, 200 when healthy and 503 when not."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hadir.jobs.health import system_health


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = system_health()
    return JsonResponse(report, status=200 if healthy else 503)
