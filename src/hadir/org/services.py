"""Writes to the organisation: region set-up and the unit tree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.org.models import Region, Unit, UnitLocation
from hadir.org.selectors import REGION_RECORDS_START_CACHE_KEY, REGION_TZ_CACHE_KEY


@transaction.atomic
def region_configure(*, name: str, timezone: str, actor: object | None = None) -> Region:
    region = Region.objects.order_by("id").first() or Region(name=name)
    region.name = name
    region.timezone = timezone
    region.full_clean()
    region.save()
    cache.delete(REGION_TZ_CACHE_KEY)
    audit_record(actor=actor, action="region.configure", target=region, data={"name": name})
    return region


NOT_BKD_RECORDS = gettext_noop(
    "Only a BKD administrator may set the start of records. Ask BKD to change it."
)
NO_REGION = gettext_noop("The region is not set up yet. Set up the region first.")


@transaction.atomic
def region_records_start_set(*, start: date | None, actor: object, reason: str = "") -> Region:
    """BKD sets (or clears, ``None``) the day the region's records start: punches dated
    before it are quarantined unless imported as history."""
    from hadir.accounts.models import Role
    from hadir.accounts.scope import scope_for

    if not scope_for(actor).has_role(Role.BKD_ADMIN) and not getattr(actor, "is_superuser", 0):
        raise ValidationError(_(NOT_BKD_RECORDS))
    region = Region.objects.select_for_update().order_by("id").first()
    if region is None:
        raise ValidationError(_(NO_REGION))
    before = region.records_start
    region.records_start = start
    region.save(update_fields=["records_start", "updated_at"])
    cache.delete(REGION_RECORDS_START_CACHE_KEY)
    audit_record(
        actor=actor,
        action="region.records_start",
        target=region,
        data={
            "from": before.isoformat() if before else None,
            "to": start.isoformat() if start else None,
            "reason": reason[:300],
        },
    )
    return region


def _path_for(unit: Unit) -> tuple[str, int]:
    if unit.parent is None:
        return f"/{unit.pk}/", 0
    return f"{unit.parent.path}{unit.pk}/", unit.parent.depth + 1


def _refresh_subtree_paths(unit: Unit) -> None:
    for child in Unit.objects.filter(parent=unit):
        child.path, child.depth = _path_for(child)
        Unit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)
        _refresh_subtree_paths(child)


@transaction.atomic
def unit_create(
    *, code: str, name: str, kind: str, parent: Unit | None = None, actor: object | None = None
) -> Unit:
    unit = Unit(code=code, name=name, kind=kind, parent=parent, path="/")
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path, unit.depth = _path_for(unit)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    audit_record(actor=actor, action="unit.create", target=unit, data={"code": code})
    return unit


UNIT_CYCLE_ERROR = gettext_noop("A unit cannot be placed under itself or one of its own sub-units.")


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    kind: str,
    parent: Unit | None,
    actor: object | None = None,
) -> Unit:
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError(_(UNIT_CYCLE_ERROR))
    moved = unit.parent_id != (parent.pk if parent else None)
    unit.name, unit.kind, unit.parent = name, kind, parent
    if moved:
        unit.path, unit.depth = _path_for(unit)
    unit.full_clean()
    unit.save()
    if moved:
        _refresh_subtree_paths(unit)
    audit_record(
        actor=actor, action="unit.update", target=unit, data={"name": name, "moved": moved}
    )
    return unit


@transaction.atomic
def unit_locations_replace(
    *, unit: Unit, locations: list[tuple[str, Decimal, Decimal, int]]
) -> None:
    """Replace the unit's sites with ``(label, lat, lon, radius_m)`` tuples."""
    unit.locations.all().delete()
    for label, lat, lon, radius in locations:
        location = UnitLocation(unit=unit, label=label, lat=lat, lon=lon, radius_m=radius)
        location.full_clean()
        location.save()
