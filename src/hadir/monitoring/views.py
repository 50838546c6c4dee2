"""``/metrics`` (Prometheus text format): 404 when not configured, 403 for a caller that
the configuration does not name (``hadir.monitoring.access``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from hadir.monitoring.access import MetricsAccess, metrics_access
from hadir.monitoring.exposition import metrics_text


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    access = metrics_access(request)
    if access is MetricsAccess.OFF:
        raise Http404
    if access is MetricsAccess.REFUSED:
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
