"""Reads of the organisation: the region, units and their subtrees."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from hadir.org.models import Region, Unit

REGION_TZ_CACHE_KEY = "hadir:region-tz"


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
