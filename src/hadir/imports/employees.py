"""Import of employees: ``nip,nama,unit_kode,jenis,jabatan,pin,jadwal``.

Optional columns: ``guru`` (ya/tidak), ``nik``, ``tmt`` (start of service, for the leave
rules), ``tpp_dasar`` (the monthly TPP base in rupiah, from the month of ``berlaku``; BKD
only), ``berlaku`` (date a unit change takes effect, default today). The ``nip`` column
holds the number that fits the type: NIP for PNS,
the PPPK number for PPPK, the NIK for non-ASN staff.
"""

from __future__ import annotations

from copy import copy
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hadir.edge import EdgeError, date_value
from hadir.imports.outcome import RowOutcome, RowStatus, row_savepoint
from hadir.imports.readers import RawRow
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee, EmployeeAssignment, EmployeeType
from hadir.people.nip import IdentifierError, parse_nik, parse_nip, parse_pppk_number
from hadir.people.pins import PIN_PATTERN, normalize_pin
from hadir.people.tpp import base_in_history, parse_tpp_amount, tpp_histories
from hadir.schedules.models import WorkSchedule

EMPLOYEE_COLUMNS = ("nip", "nama", "unit_kode", "jenis", "jabatan", "pin", "jadwal")
TYPE_ALIASES = {
    "pns": EmployeeType.PNS,
    "pppk": EmployeeType.PPPK,
    "pppk_pw": EmployeeType.PPPK_PW,
    "pppk paruh waktu": EmployeeType.PPPK_PW,
    "pppk-pw": EmployeeType.PPPK_PW,
    "non_asn": EmployeeType.NON_ASN,
    "non-asn": EmployeeType.NON_ASN,
    "non asn": EmployeeType.NON_ASN,
    "nonasn": EmployeeType.NON_ASN,
}
KEY_FIELD = {
    EmployeeType.PNS: "nip",
    EmployeeType.PPPK: "pppk_number",
    EmployeeType.PPPK_PW: "pppk_number",
    EmployeeType.NON_ASN: "nik",
}
YES = {"ya", "y", "yes", "1", "true", "guru"}
NO = {"tidak", "t", "no", "0", "false", ""}
COMPARED = ("nama", "jenis", "jabatan", "unit_kode", "pin", "jadwal", "guru")


def _parse_number(kind: EmployeeType, raw: str) -> str:
    if kind == EmployeeType.PNS:
        return parse_nip(raw).digits
    if kind == EmployeeType.NON_ASN:
        return parse_nik(raw)
    return parse_pppk_number(raw)


def _parse_date(raw: str, errors: list[str], column: str = "berlaku") -> str:
    if not raw:
        return ""
    try:
        return date_value(raw[:10]).isoformat()
    except EdgeError as error:
        errors.append(f"{column}: {error.text}")
        return ""


# The model's fields as the file's columns, for the model's own refusals.
COLUMN_OF = {"name": "nama", "position": "jabatan", "nip": "nip", "pppk_number": "nip"}
COLUMN_OF |= {"nik": "nik", "pin": "pin", "employee_type": "jenis"}


def _apply_problems(
    values: dict[str, Any], current: Employee | None, schedule_ids: dict[str, int]
) -> list[str]:
    """What apply would refuse for this row: the employee as it would be written, checked
    by the model itself (lengths, a NIK or PIN held by someone else), so a preview never
    promises a row that apply then refuses."""
    key_field = KEY_FIELD[EmployeeType(values["jenis"])]
    if current is not None and getattr(current, key_field) != values["nip"]:
        return [
            _(
                "Number %(number)s already belongs to an employee of another type. Check the "
                "jenis column."
            )
            % {"number": values["nip"]}
        ]
    employee = copy(current) if current is not None else Employee(**{key_field: values["nip"]})
    for name, value in _fields(values, schedule_ids).items():
        setattr(employee, name, value)
    try:
        employee.full_clean(exclude=["unit", "schedule"])
    except ValidationError as error:
        return [
            f"{COLUMN_OF.get(field, field)}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _parse_row(
    row: RawRow, units: dict[str, int], schedules: set[str]
) -> tuple[dict[str, Any], list[str]]:
    v = row.values
    errors: list[str] = list(row.problems)
    kind = TYPE_ALIASES.get(" ".join(v.get("jenis", "").lower().split()))
    if kind is None:
        errors.append(
            _("jenis %(value)s is unknown; use PNS, PPPK, PPPK paruh waktu or non-ASN.")
            % {"value": v.get("jenis") or "-"}
        )
    number = ""
    if kind is not None:
        try:
            number = _parse_number(kind, v.get("nip", ""))
        except IdentifierError as exc:
            errors.extend(exc.problems)
    name = " ".join(v.get("nama", "").split())
    if not name:
        errors.append(_("nama is empty."))
    unit_code = v.get("unit_kode", "").upper()
    if unit_code not in units:
        errors.append(
            _("unit_kode %(code)s is not a unit you may manage. Check the code in the unit list.")
            % {"code": unit_code or "-"}
        )
    pin = normalize_pin(v.get("pin", ""))
    if pin and not PIN_PATTERN.match(pin):
        errors.append(
            _("pin must be 1-24 letters or digits, as on the machine; found %(value)s.")
            % {"value": v.get("pin")}
        )
    schedule = v.get("jadwal", "").upper()
    if schedule and schedule not in schedules:
        errors.append(
            _("jadwal %(value)s is unknown; use one of: %(choices)s.")
            % {"value": schedule, "choices": ", ".join(sorted(schedules))}
        )
    position = " ".join(v.get("jabatan", "").split())
    teacher_text = v.get("guru", "").lower()
    if teacher_text in YES:
        is_teacher = True
    elif "guru" in v and teacher_text in NO:
        is_teacher = False
    elif "guru" not in v:
        is_teacher = position.lower().startswith(("guru", "kepala sekolah"))
    else:
        errors.append(_("guru must be ya or tidak; found %(value)s.") % {"value": teacher_text})
        is_teacher = False
    nik = ""
    if v.get("nik") and kind != EmployeeType.NON_ASN:
        try:
            nik = parse_nik(v["nik"])
        except IdentifierError as exc:
            errors.extend(exc.problems)
    tpp_base: int | None = None
    if v.get("tpp_dasar", "").strip():
        try:
            tpp_base = parse_tpp_amount(v["tpp_dasar"])
        except EdgeError as error:
            errors.append(f"tpp_dasar: {error.text}")
    values = {
        "nip": number,
        "nama": name,
        "jenis": kind.value if kind else "",
        "jabatan": position,
        "unit_kode": unit_code,
        "pin": pin,
        "jadwal": schedule,
        "guru": is_teacher,
        "nik": nik,
        "berlaku": _parse_date(v.get("berlaku", ""), errors),
        "tmt": _parse_date(v.get("tmt", ""), errors, "tmt"),
        "tpp_dasar": tpp_base,
    }
    return values, errors


def _tpp_month(values: dict[str, Any], today: date) -> date:
    """The month a row's ``tpp_dasar`` takes effect: that of ``berlaku``, else this month."""
    day = date.fromisoformat(values["berlaku"]) if values.get("berlaku") else today
    return day.replace(day=1)


def _current_values(employee: Employee) -> dict[str, Any]:
    return {
        "nama": employee.name,
        "jenis": employee.employee_type,
        "jabatan": employee.position,
        "unit_kode": employee.unit.code,
        "pin": employee.pin or "",
        "jadwal": employee.schedule.code if employee.schedule else "",
        "guru": employee.is_teacher,
    }


def preview_employees(rows: list[RawRow], allowed_unit_ids: set[int] | None) -> list[RowOutcome]:
    """What importing these rows would do; ``allowed_unit_ids`` None means every unit."""
    unit_query = Unit.objects.all()
    if allowed_unit_ids is not None:
        unit_query = unit_query.filter(id__in=allowed_unit_ids)
    units = dict(unit_query.values_list("code", "id"))
    schedule_ids = dict(WorkSchedule.objects.values_list("code", "id"))
    parsed = [(row.line, *_parse_row(row, units, set(schedule_ids))) for row in rows]
    numbers = {values["nip"] for _l, values, errors in parsed if values["nip"]}
    existing: dict[str, Employee] = {}
    for employee in (
        Employee.objects.select_related("unit", "schedule").filter(nip__in=numbers)
        | Employee.objects.select_related("unit", "schedule").filter(pppk_number__in=numbers)
        | Employee.objects.select_related("unit", "schedule").filter(nik__in=numbers)
    ):
        existing[employee.id_number] = employee
    pin_owner = dict(
        Employee.objects.filter(pin__in={v["pin"] for _l, v, _e in parsed if v["pin"]}).values_list(
            "pin", "id"
        )
    )
    open_since = dict(
        EmployeeAssignment.objects.filter(
            employee_id__in=[e.pk for e in existing.values()], valid_to__isnull=True
        ).values_list("employee_id", "valid_from")
    )
    with_tpp = {v["nip"] for _l, v, _e in parsed if v["tpp_dasar"] is not None}
    histories = tpp_histories([e.pk for n, e in existing.items() if n in with_tpp])
    today = timezone.now().astimezone(region_timezone()).date()
    seen_numbers: dict[str, int] = {}
    seen_pins: dict[str, int] = {}
    seen_niks: dict[str, int] = {}
    outcomes = []
    for line, values, errors in parsed:
        key = values["nip"]
        if key and key in seen_numbers:
            errors.append(
                _("This number already appears on row %(line)d of the file.")
                % {"line": seen_numbers[key]}
            )
        current = existing.get(key)
        pin = values["pin"]
        if pin:
            if pin in seen_pins:
                errors.append(
                    _("PIN %(pin)s is already used on row %(line)d of the file.")
                    % {"pin": pin, "line": seen_pins[pin]}
                )
            owner = pin_owner.get(pin)
            if owner is not None and (current is None or owner != current.pk):
                errors.append(
                    _("PIN %(pin)s already belongs to another employee. One PIN = one person.")
                    % {"pin": pin}
                )
        nik = values["nik"] or (values["nip"] if values["jenis"] == EmployeeType.NON_ASN else "")
        if nik and nik in seen_niks:
            errors.append(
                _("NIK %(nik)s is already used on row %(line)d of the file.")
                % {"nik": nik, "line": seen_niks[nik]}
            )
        if nik:
            seen_niks.setdefault(nik, line)
        if current is not None and values["unit_kode"] != current.unit.code:
            started = open_since.get(current.pk)
            if values["berlaku"] and started and values["berlaku"] < started.isoformat():
                errors.append(
                    _("berlaku %(date)s is before the current assignment (since %(start)s).")
                    % {"date": values["berlaku"], "start": started.isoformat()}
                )
        if (
            current is not None
            and allowed_unit_ids is not None
            and current.unit_id not in allowed_unit_ids
        ):
            errors.append(_("This employee belongs to a unit you may not manage."))
        if values["tpp_dasar"] is not None and allowed_unit_ids is not None:
            errors.append(_("tpp_dasar: only a BKD administrator may set a TPP base."))
        if key:
            seen_numbers.setdefault(key, line)
        if pin:
            seen_pins.setdefault(pin, line)
        if not errors:
            errors = _apply_problems(values, current, schedule_ids)
        if errors:
            outcomes.append(RowOutcome(line, key, RowStatus.INVALID, values, {}, errors))
            continue
        if current is None:
            outcomes.append(RowOutcome(line, key, RowStatus.NEW, values))
            continue
        now = _current_values(current)
        changes = {f: [str(now[f]), str(values[f])] for f in COMPARED if now[f] != values[f]}
        if values["nik"] and values["nik"] != (current.nik or ""):
            changes["nik"] = [current.nik or "", values["nik"]]
        tmt_now = current.service_start.isoformat() if current.service_start else ""
        if values.get("tmt") and values["tmt"] != tmt_now:
            changes["tmt"] = [tmt_now, values["tmt"]]
        if values["tpp_dasar"] is not None:
            month = _tpp_month(values, today)
            base = base_in_history(histories.get(current.pk, []), current.tpp_base, month)
            if base != values["tpp_dasar"]:
                changes["tpp_dasar"] = [str(base or ""), f"{values['tpp_dasar']} ({month:%Y-%m})"]
        outcomes.append(
            RowOutcome(
                line, key, RowStatus.CHANGED if changes else RowStatus.UNCHANGED, values, changes
            )
        )
    return outcomes


def _fields(values: dict[str, Any], schedule_ids: dict[str, int]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": values["nama"],
        "employee_type": values["jenis"],
        "position": values["jabatan"],
        "pin": values["pin"] or None,
        "schedule_id": schedule_ids.get(values["jadwal"]),
        "is_teacher": values["guru"],
    }
    if values["nik"]:
        fields["nik"] = values["nik"]
    if values.get("tmt"):
        fields["service_start"] = date.fromisoformat(values["tmt"])
    return fields


def _apply_one(
    outcome: RowOutcome,
    actor: Any | None,
    today: date,
    units: dict[str, Unit],
    schedule_ids: dict[str, int],
    done: dict[str, int],
) -> None:
    from hadir.people.services import employee_create, employee_transfer, employee_update
    from hadir.schedules.services import employee_schedule_change

    values = outcome.values
    effective = date.fromisoformat(values["berlaku"]) if values.get("berlaku") else today
    unit = units[values["unit_kode"]]
    key_field = KEY_FIELD[EmployeeType(values["jenis"])]
    fields = _fields(values, schedule_ids)
    if outcome.status == RowStatus.NEW:
        created = employee_create(
            unit=unit, start=effective, actor=actor, **{key_field: values["nip"]}, **fields
        )
        _set_tpp_base(created, values, today, actor)
        done["created"] += 1
        return
    employee = Employee.objects.select_related("unit", "schedule").get(**{key_field: values["nip"]})
    if fields["schedule_id"] != employee.schedule_id:
        employee_schedule_change(
            employee=employee,
            schedule=WorkSchedule.objects.filter(pk=fields["schedule_id"]).first(),
            effective=effective,
            actor=actor,
        )
    employee_update(employee=employee, actor=actor, **fields)
    if "tpp_dasar" in outcome.changes:
        _set_tpp_base(employee, values, today, actor)
    done["updated"] += 1
    if employee.unit.code != values["unit_kode"]:
        employee_transfer(employee=employee, unit=unit, effective=effective, actor=actor)
        done["transferred"] += 1


def _set_tpp_base(employee: Employee, values: dict[str, Any], today: date, actor: Any) -> None:
    from hadir.people.tpp import tpp_base_set

    if values.get("tpp_dasar") is not None:
        tpp_base_set(
            employee=employee,
            valid_from=_tpp_month(values, today),
            amount=values["tpp_dasar"],
            actor=actor,
            note="impor pegawai",
        )


def apply_employees(outcomes: list[RowOutcome], actor: Any | None) -> dict[str, int]:
    """Write the new and changed rows, each on its own: a row the database still refuses
    (data changed since the preview) becomes a refused row with the reason; the others are
    written."""
    today = timezone.now().astimezone(region_timezone()).date()
    units = {u.code: u for u in Unit.objects.all()}
    schedule_ids = dict(WorkSchedule.objects.values_list("code", "id"))
    done = {"created": 0, "updated": 0, "transferred": 0}
    for outcome in outcomes:
        if outcome.status not in (RowStatus.NEW, RowStatus.CHANGED):
            continue
        with row_savepoint(outcome):
            _apply_one(outcome, actor, today, units, schedule_ids, done)
    return done
