"""The text ``/metrics`` answers: the business figures plus the request latencies, added up
over every web process when ``PROMETHEUS_MULTIPROC_DIR`` is set (docs/decisions.md)."""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

from hadir.monitoring.business import BusinessCollector


def metrics_text() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    business = CollectorRegistry(auto_describe=False)
    business.register(BusinessCollector())
    return text + generate_latest(business)
