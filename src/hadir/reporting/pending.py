"""Requests (leave, duty, corrections) still waiting for a decision, per unit.

Read through the app registry so that reporting works whether or not the requests app is
installed: without it nothing is pending. Waiting means pending at the head of unit, or
approved and waiting for BKD's verification.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q, QuerySet

from hadir.attendance.inputs import policy_set
from hadir.org.models import Unit
from hadir.reporting.deadlines import region_today

REQUEST_MODEL = ("requests", "Request")
WAITING = Q(state="pending") | Q(state="approved", needs_verification=True)


def _requests() -> QuerySet[Any] | None:
    if not apps.is_installed("hadir.requests"):
        return None
    model = apps.get_model(*REQUEST_MODEL)
    requests: QuerySet[Any] = model._default_manager.filter(WAITING)
    return requests


def pending_request_counts(unit_ids: Collection[int], first: date, last: date) -> dict[int, int]:
    """Waiting requests of each unit (by id) for dates between ``first`` and ``last``."""
    requests = _requests()
    if requests is None:
        return {}
    rows = (
        requests.filter(unit_id__in=unit_ids, first_day__lte=last, last_day__gte=first)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit_id", "n")
    )
    return dict(rows)


def pending_requests_past_due_by_unit(units: QuerySet[Unit], now: datetime) -> dict[int, int]:
    """Waiting requests submitted longer ago than a decision may take
    (``HADIR_REQUEST_PENDING_DAYS``, else the policy's request window: Tulang Bawang rejects
    them after 3 days), per unit."""
    requests = _requests()
    if requests is None:
        return {}
    today = region_today(now)
    default = policy_set().for_month(today.year, today.month).request_window.days
    window = getattr(settings, "HADIR_REQUEST_PENDING_DAYS", default)
    rows = (
        requests.filter(unit__in=units, submitted_at__lt=now - timedelta(days=window))
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["unit_id"]: row["n"] for row in rows}


def waiting_request_count(units: QuerySet[Unit]) -> int:
    requests = _requests()
    return 0 if requests is None else requests.filter(unit__in=units).count()
