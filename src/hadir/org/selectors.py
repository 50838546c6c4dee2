"""Reads of the organisation: the region, units and their subtrees."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from hadir.org.models import Region, Unit

REGION_TZ_CACHE_KEY = "hadir:region-tz"
REGION_RECORDS_START_CACHE_KEY = "hadir:region-records-start"
# Without a start of records set by BKD, two years of history are accepted: enough for any
# late flashdisk, far from the 1970 or 2000 of a machine whose clock was reset.
DEFAULT_RECORDS_YEARS = 2


def region_get() -> Region | None:
    return Region.objects.order_by("id").first()


def region_timezone() -> ZoneInfo:
    """The region's zone, or the configured default (WIB) until a region exists."""
    name = cache.get(REGION_TZ_CACHE_KEY)
    if name is None:
        region = region_get()
        name = region.timezone if region else settings.TIME_ZONE
        cache.set(REGION_TZ_CACHE_KEY, name, 60)
    return ZoneInfo(name)


def region_records_start_setting() -> date | None:
    """The start of records BKD set (cached briefly: the push hot path reads it), or None."""
    cached = cache.get(REGION_RECORDS_START_CACHE_KEY)
    if cached is None:
        region = region_get()
        start = region.records_start if region else None
        cached = start.isoformat() if start else ""
        cache.set(REGION_RECORDS_START_CACHE_KEY, cached, 60)
    return date.fromisoformat(cached) if cached else None


def region_records_start(today: date) -> date:
    """The first day a punch may be dated without a history import: BKD's date, else two
    years before ``today`` (the region's local date)."""
    start = region_records_start_setting()
    if start is not None:
        return start
    try:
        return today.replace(year=today.year - DEFAULT_RECORDS_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - DEFAULT_RECORDS_YEARS, day=28)


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)


def unit_subtree_ids(unit_ids: set[int]) -> set[int]:
    """Ids of the given units and all their descendants."""
    paths = list(Unit.objects.filter(id__in=unit_ids).values_list("path", flat=True))
    result: set[int] = set()
    for path in paths:
        result.update(Unit.objects.filter(path__startswith=path).values_list("id", flat=True))
    return result
