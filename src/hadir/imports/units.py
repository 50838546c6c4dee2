"""Import of the unit tree: ``kode,nama,jenis,induk_kode,lat,lon,radius_m``.

A unit with several sites appears on several rows with the same ``kode`` (one row per site).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.edge import EdgeError, latitude_value, longitude_value
from hadir.imports.outcome import RowOutcome, RowStatus, refuse_row, row_savepoint
from hadir.imports.readers import RawRow
from hadir.org.models import Unit, UnitKind, UnitLocation

UNIT_COLUMNS = ("kode", "nama", "jenis", "induk_kode", "lat", "lon", "radius_m")
LABEL_MAX_LENGTH = UnitLocation._meta.get_field("label").max_length or 100
COLUMN_OF = {"code": "kode", "name": "nama", "kind": "jenis"}
PARENT_NOT_SAVED = gettext_noop("its parent unit %(parent)s was not saved.")
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
Location = tuple[str, str, str, int]  # label, lat, lon, radius (lat/lon as 6-dp text)


def _parse_location(values: dict[str, str], errors: list[str]) -> Location | None:
    lat_text, lon_text, radius_text = (
        values.get("lat", ""),
        values.get("lon", ""),
        values.get("radius_m", ""),
    )
    if not (lat_text or lon_text or radius_text):
        return None
    try:
        lat = Decimal(lat_text.replace(",", "."))
        lon = Decimal(lon_text.replace(",", "."))
    except InvalidOperation:
        lat = lon = Decimal("NaN")
    if not (lat.is_finite() and lon.is_finite()):  # NaN, Infinity, text
        errors.append(
            _("lat/lon must be numbers such as -1.612345 and 103.612345; found %(lat)s, %(lon)s.")
            % {"lat": lat_text or "-", "lon": lon_text or "-"}
        )
        return None
    try:
        latitude_value(lat, name="lat")
        longitude_value(lon, name="lon")
    except EdgeError:
        errors.append(
            _("lat must be between -90 and 90 and lon between -180 and 180 (were they swapped?).")
        )
        return None
    label = values.get("lokasi", "")
    if len(label) > LABEL_MAX_LENGTH:
        errors.append(
            _("lokasi is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(label), "max": LABEL_MAX_LENGTH}
        )
        return None
    digits = radius_text.isascii() and radius_text.isdigit() and len(radius_text) <= 6
    if not digits or not 10 <= int(radius_text) <= 5000:
        errors.append(
            _("radius_m must be a whole number of metres from 10 to 5000; found %(value)s.")
            % {"value": radius_text or "-"}
        )
        return None
    return (label, f"{lat:.6f}", f"{lon:.6f}", int(radius_text))


def _row_errors(values: dict[str, str]) -> list[str]:
    errors = []
    if not CODE_PATTERN.match(values["kode"]):
        errors.append(
            _("kode must be 1-40 capital letters, digits, '.', '-' or '_'; found %(value)s.")
            % {"value": values["kode"] or "-"}
        )
    if not values["nama"]:
        errors.append(_("nama is empty."))
    if values["jenis"] not in UnitKind.values:
        errors.append(
            _("jenis %(value)s is unknown; use one of: %(choices)s.")
            % {"value": values["jenis"] or "-", "choices": ", ".join(UnitKind.values)}
        )
    if values["induk_kode"] and values["induk_kode"] == values["kode"]:
        errors.append(_("induk_kode cannot be the unit itself."))
    if not errors:
        # The model's own checks (lengths), as unit_create will run them on apply.
        unit = Unit(code=values["kode"], name=values["nama"], kind=values["jenis"], path="/")
        try:
            unit.full_clean(exclude=["parent", "path"], validate_unique=False)
        except ValidationError as error:
            errors += [
                f"{COLUMN_OF.get(field, field)}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
    return errors


def _normalise(row: RawRow) -> dict[str, str]:
    v = row.values
    return {
        "kode": v.get("kode", "").upper(),
        "nama": " ".join(v.get("nama", "").split()),
        "jenis": v.get("jenis", "").lower(),
        "induk_kode": v.get("induk_kode", "").upper(),
        **{k: v.get(k, "") for k in ("lat", "lon", "radius_m", "lokasi")},
    }


def _existing_units(codes: set[str]) -> dict[str, dict[str, Any]]:
    units = (
        Unit.objects.filter(code__in=codes).select_related("parent").prefetch_related("locations")
    )
    return {
        u.code: {
            "nama": u.name,
            "jenis": u.kind,
            "induk_kode": u.parent.code if u.parent else "",
            "locations": sorted(
                (loc.label, f"{loc.lat:.6f}", f"{loc.lon:.6f}", loc.radius_m)
                for loc in u.locations.all()
            ),
        }
        for u in units
    }


def preview_units(rows: list[RawRow]) -> list[RowOutcome]:
    """What importing these rows would do, unit by unit; nothing is written."""
    outcomes: list[RowOutcome] = []
    grouped: dict[str, list[tuple[int, dict[str, str], Location | None]]] = defaultdict(list)
    for row in rows:
        values = _normalise(row)
        errors = [*row.problems, *_row_errors(values)]
        location = _parse_location(values, errors)
        if errors:
            outcomes.append(
                RowOutcome(row.line, values["kode"], RowStatus.INVALID, values, {}, errors)
            )
            continue
        grouped[values["kode"]].append((row.line, values, location))

    file_codes = set(grouped)
    parents_in_db = set(
        Unit.objects.filter(
            code__in={v["induk_kode"] for g in grouped.values() for _l, v, _loc in g}
        ).values_list("code", flat=True)
    )
    existing = _existing_units(file_codes)
    for code, group in grouped.items():
        line, first, _loc = group[0]
        errors = []
        for other_line, values, _other in group[1:]:
            if (values["nama"], values["jenis"], values["induk_kode"]) != (
                first["nama"],
                first["jenis"],
                first["induk_kode"],
            ):
                errors.append(
                    _("Row %(line)d repeats kode %(code)s with another nama/jenis/induk_kode.")
                    % {"line": other_line, "code": code}
                )
        parent = first["induk_kode"]
        if parent and parent not in file_codes and parent not in parents_in_db:
            errors.append(
                _(
                    "induk_kode %(parent)s does not exist. Import the parent unit first or fix "
                    "the code."
                )
                % {"parent": parent}
            )
        locations = sorted({loc for _l, _v, loc in group if loc is not None})
        wanted = {
            "nama": first["nama"],
            "jenis": first["jenis"],
            "induk_kode": parent,
            "locations": [list(loc) for loc in locations],
        }
        if errors:
            outcomes.append(RowOutcome(line, code, RowStatus.INVALID, wanted, {}, errors))
            continue
        current = existing.get(code)
        if current is None:
            outcomes.append(RowOutcome(line, code, RowStatus.NEW, wanted))
            continue
        current["locations"] = [list(loc) for loc in current["locations"]]
        changes = {
            key: [str(current[key]), str(wanted[key])]
            for key in wanted
            if current[key] != wanted[key]
        }
        status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
        outcomes.append(RowOutcome(line, code, status, wanted, changes))
    _flag_cycles(outcomes)
    return sorted(outcomes, key=lambda o: o.line)


def _flag_cycles(outcomes: list[RowOutcome]) -> None:
    """A unit placed under one of its own sub-units, counting the tree already stored (a
    file may move DINKES under PKM-A while PKM-A stays under DINKES in the database)."""
    parent_of = {
        code: parent or ""
        for code, parent in Unit.objects.values_list("code", "parent__code").iterator()
    }
    parent_of |= {o.key: o.values.get("induk_kode", "") for o in outcomes if o.status != "invalid"}
    for outcome in outcomes:
        if outcome.status == RowStatus.INVALID:
            continue
        seen, code = {outcome.key}, parent_of.get(outcome.key, "")
        while code and code in parent_of:
            if code in seen:
                outcome.status = RowStatus.INVALID
                outcome.errors.append(_("The induk_kode chain loops back to this unit."))
                break
            seen.add(code)
            code = parent_of[code]


def apply_units(outcomes: list[RowOutcome], actor: Any | None) -> dict[str, int]:
    """Write the new and changed units of a preview, parents before children."""
    pending = {o.key: o for o in outcomes if o.status in (RowStatus.NEW, RowStatus.CHANGED)}
    done: dict[str, int] = {"created": 0, "updated": 0}
    refused: set[str] = set()
    while pending:
        ready = [o for o in pending.values() if o.values["induk_kode"] not in pending]
        if not ready:  # only a cycle can leave nothing ready; preview flags those
            break
        for outcome in ready:
            del pending[outcome.key]
            if outcome.values["induk_kode"] in refused:
                refuse_row(outcome, _(PARENT_NOT_SAVED) % {"parent": outcome.values["induk_kode"]})
            else:
                with row_savepoint(outcome):
                    _apply_one(outcome, actor, done)
            if outcome.status == RowStatus.INVALID:
                refused.add(outcome.key)
    return done


def _apply_one(outcome: RowOutcome, actor: Any | None, done: dict[str, int]) -> None:
    from hadir.org.services import unit_create, unit_locations_replace, unit_update

    values = outcome.values
    parent = (
        Unit.objects.filter(code=values["induk_kode"]).first() if values["induk_kode"] else None
    )
    unit = Unit.objects.filter(code=outcome.key).first()
    if unit is None:
        unit = unit_create(
            code=outcome.key, name=values["nama"], kind=values["jenis"], parent=parent, actor=actor
        )
        done["created"] += 1
    else:
        unit = unit_update(
            unit=unit, name=values["nama"], kind=values["jenis"], parent=parent, actor=actor
        )
        done["updated"] += 1
    unit_locations_replace(
        unit=unit,
        locations=[
            (label, Decimal(lat), Decimal(lon), int(radius))
            for label, lat, lon, radius in values["locations"]
        ],
    )
