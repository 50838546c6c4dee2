"""What the matrix posts to each write route, and how it sees that an allowed write worked.

``BODIES[name](world, variant, role)`` gives the form (or JSON) a real user would send;
``variant`` is "own" or "other", so a body-scoped route names the other unit's object in
its "other" variant. ``EFFECTS[name](world, variant)`` is True once the write took effect;
a route without an effect here counts as done when anything in the database changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hadir.devices.models import Device, UsbImport
from hadir.events.models import Event, EventAttendance
from hadir.faces.models import FaceReference
from hadir.imports.models import ImportBatch
from hadir.org.models import Unit
from hadir.people.models import Employee, EmployeePin, TppBase
from hadir.reporting.models import PeriodSubmission
from hadir.requests.models import Request
from hadir.rules import bundled_policy_text
from hadir.schedules.models import CalendarEntry, ScheduleAssignment, ScheduleOverride
from tests.faces import faceset
from tests.security.world import (
    MONTH_OPEN,
    MONTH_SIGNED,
    MONTH_SUBMITTED,
    MONTH_VERIFIED,
    OFFICE,
    PASSWORD,
    WIB,
    World,
    attlog,
    employees_csv,
    jpeg,
    png,
)

NEW_EMPLOYEE_NIP = {"own": "198705122015031001", "other": "198705122015032002"}
UNITS_CSV = "kode,nama,jenis,induk_kode,lat,lon,radius_m\nPKM-B,Puskesmas B,puskesmas,DISDIK,,,\n"


@dataclass(frozen=True)
class Body:
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False  # send ``data`` as JSON instead of a form


BodyOf = Callable[[World, str, str], Body]
EffectOf = Callable[[World, str], bool]


def _today() -> Any:
    return timezone.now().astimezone(WIB).date()


def _obj(w: World, family: str, variant: str, key: str = "pk") -> str:
    return w.paths[family][variant][key]


def _unit(w: World, variant: str) -> Unit:
    return w.objects["unit_a" if variant == "own" else "unit_b"]


def _employee(w: World, variant: str) -> Employee:
    return w.objects["emp_a" if variant == "own" else "emp_b"]


def _event_form(w: World, variant: str, name: str) -> dict[str, Any]:
    """A one-day apel today for the variant's unit (what a head may hold)."""
    return {
        "name": name,
        "kind": "apel",
        "recurrence": "once",
        "day": _today().isoformat(),
        "starts": "07:30",
        "ends": "08:00",
        "units": _unit(w, variant).pk,
    }


def _form(**data: Any) -> BodyOf:
    return lambda w, variant, role: Body(data)


def _month(month: str, **extra: str) -> BodyOf:
    return _form(month=month, **extra)


def _request_new(w: World, variant: str, role: str) -> Body:
    employee = _employee(w, variant)
    data: dict[str, Any] = {
        "kind": "izin",
        "first_day": _today().isoformat(),
        "reason": "Urusan keluarga",
    }
    if role == "bkd":
        data["employee"] = employee.id_number
    elif role in ("head", "op"):
        data["employee"] = employee.pk
    return Body(data)


def _dispensation_ask(w: World, variant: str, role: str) -> Body:
    """An ask for a day long past its window (before any dispensation of the world)."""
    return Body(
        {
            "employee": _employee(w, variant).pk,
            "days_from": (_today() - timedelta(days=40)).isoformat(),
            "reason": "Bertugas di pulau, baru kembali",
        }
    )


def _sheet(w: World, variant: str, role: str) -> Body:
    employee = _employee(w, variant)
    return Body(
        {
            "unit": _unit(w, variant).code,
            "day": (_today() - timedelta(days=1)).isoformat(),
            "reason": "Mesin sidik jari rusak",
            "evidence": SimpleUploadedFile("lembar.png", png(), "image/png"),
            f"pick-{employee.pk}": "on",
            f"in-{employee.pk}": "07:30",
            f"out-{employee.pk}": "16:00",
        }
    )


def _api_request(w: World, variant: str, role: str) -> Body:
    return Body(
        {
            "kind": "izin",
            "employee": _employee(w, variant).id_number,
            "first_day": _today().isoformat(),
            "reason": "Urusan keluarga",
        }
    )


def _capture(w: World, variant: str, role: str) -> Body:
    now = timezone.now().isoformat()
    return Body(
        {
            "client_id": str(uuid.uuid4()),
            "direction": "out",
            "captured_at": now,
            "sent_at": now,
            "lat": str(OFFICE[0]),
            "lon": str(OFFICE[1]),
            "accuracy": "10",
            "mocked": "false",
            "photo": SimpleUploadedFile("selfie.jpg", jpeg(uuid.uuid4().hex), "image/jpeg"),
        }
    )


def _nurses(w: World, variant: str) -> list[Employee]:
    return w.objects[f"nurses_{variant}"]


WEEK = {f"d{n}_{part}": t for n in range(5) for part, t in (("start", "07:30"), ("end", "15:30"))}


def _roster_file(w: World, variant: str, role: str) -> Body:
    nurse = _nurses(w, variant)[1]
    content = f"NIP,Nama,1,2\n{nurse.nip},{nurse.name},M,L\n".encode()
    return Body({"month": "2026-12", "file": SimpleUploadedFile("jadwal.csv", content)})


BODIES: dict[str, BodyOf] = {
    "set_language": _form(language="id"),
    # a changed policy: saving the one in force unchanged writes nothing
    "policy": _form(
        text=bundled_policy_text("default").replace(
            "monthly_cap_pct = 100", "monthly_cap_pct = 90"
        ),
        note="Uji matriks",
    ),
    "calendar": _form(day="2026-08-20", kind="day_off", name="Libur daerah"),
    "employee-tpp": _form(month="2026-01", amount="Rp 4.250.000", note="Naik golongan"),
    "event-new": lambda w, variant, role: Body(_event_form(w, variant, "Apel matriks")),
    "event-edit": lambda w, variant, role: Body(_event_form(w, variant, "Apel diubah")),
    "event-attendance": lambda w, variant, role: Body({"present": _employee(w, variant).pk}),
    "import-new": lambda w, variant, role: Body(
        {
            "kind": "employees",
            "file": SimpleUploadedFile(
                "pegawai.csv", employees_csv("DINKES", "198609262015051003")
            ),
        }
    ),
    "import-new#units": lambda w, variant, role: Body(
        {
            "kind": "units",
            "file": SimpleUploadedFile("unit.csv", UNITS_CSV.encode()),
        }
    ),
    "employee-new": lambda w, variant, role: Body(
        {
            "jenis": "PNS",
            "nip": NEW_EMPLOYEE_NIP[variant],
            "nama": "Pegawai Formulir",
            "unit_kode": _unit(w, variant).code,
            "pin": "4242",
            "berlaku": "2026-01-05",
            "make_login": "on",
        }
    ),
    "password-change": _form(
        old_password=PASSWORD, new_password1="Sandi-Baru#2027", new_password2="Sandi-Baru#2027"
    ),
    "import-decide#confirm": _form(decision="confirm"),
    "import-decide#cancel": _form(decision="cancel"),
    "device-register": lambda w, variant, role: Body(
        {"sn": "MESIN-C", "name": "Mesin C", "unit": _unit(w, variant).pk}
    ),
    "usb-new": lambda w, variant, role: Body(
        {
            "device": w.objects["devices"][variant].pk,
            "file": SimpleUploadedFile("1_attlog.dat", attlog("1009")),
        }
    ),
    "usb-decide#confirm": _form(decision="confirm"),
    "employee-faces": lambda w, variant, role: Body(
        {
            "photo": SimpleUploadedFile("wajah.jpg", faceset.jpeg(faceset.portrait())),
            "consent": "on",
        }
    ),
    "device-users-action#upload": lambda w, variant, role: Body(
        {"file": SimpleUploadedFile("users.csv", b"PIN,Nama\n78,Pegawai Mesin\n")}
    ),
    "device-users-action#confirm": lambda w, variant, role: Body(
        {"pin": "77", "employee": _employee(w, variant).pk, "scope": "unit"}
    ),
    "device-users-action#unpair": lambda w, variant, role: Body(
        {"pair": _obj(w, "pin_pair", variant)}
    ),
    "usb-decide#cancel": _form(decision="cancel"),
    "device-action#approve": lambda w, variant, role: Body(
        {"MESIN-BARU-name": "Mesin baru", "MESIN-BARU-unit": w.objects["unit_a"].pk}
    ),
    "device-action#rename": _form(name="Nama baru"),
    "device-action#move": lambda w, variant, role: Body({"unit": w.objects["sub_a"].pk}),
    "device-action#replace": _form(new_sn="MESIN-GANTI"),
    "device-action#enrol": lambda w, variant, role: Body(
        {"number": _employee(w, variant).id_number}
    ),
    "device-action#remove": _form(pin="1001"),
    "device-action#backfill": _form(
        **{"backfill-first": "2026-03-01", "backfill-last": "2026-03-02"}
    ),
    "device-action#reconcile": _form(
        **{"reconcile-first": "2026-03-01", "reconcile-last": "2026-03-02"}
    ),
    "device-trust-action#bind": _form(networks="127.0.0.1/32"),
    "device-trust-action#release": _form(all="1"),
    "device-trust-action#resolve": lambda w, variant, role: Body(
        {"alert": w.objects["alerts"][variant].pk}
    ),
    "lockout-unlock": lambda w, variant, role: Body(
        {"username": w.users["emp" if variant == "own" else "emp_b"].username}
    ),
    "held-punches#release": lambda w, variant, role: Body(
        {
            "punch": w.objects["held"][("untrusted" if role == "kominfo" else "scope", variant)],
            "decision": "release",
        }
    ),
    "records-start": _form(start="2020-01-01", reason="Mulai memakai Hadir"),
    "parked-days-retry": lambda w, variant, role: Body({"all": "1"}),
    "parked-days-dismiss": lambda w, variant, role: Body({"id": w.objects["parked"].pk}),
    "request-new": _request_new,
    "sheet-new": _sheet,
    "dispensation-ask": _dispensation_ask,
    "dispensation-list": lambda w, variant, role: Body(
        {
            "unit": w.objects["unit_a"].pk,
            "employee_number": "",
            "days_from": (_today() - timedelta(days=5)).isoformat(),
            "valid_until": (_today() + timedelta(days=5)).isoformat(),
            "reason": "Jaringan putus",
        }
    ),
    "request-act#reject": _form(reason="Surat tidak terbaca"),
    "unit-report-action#submit": _month(MONTH_OPEN),
    "todo-submit#confirm": lambda w, variant, role: Body(
        {"month": MONTH_OPEN, "unit": _unit(w, variant).code}
    ),
    "unit-report-action#sign": _month(MONTH_SUBMITTED),
    "unit-report-action#verify": _month(MONTH_SIGNED),
    "unit-report-action#reopen": _month(MONTH_VERIFIED, reason="Koreksi data cuti"),
    "schedule-new": _form(code="4HK", name="Empat hari kerja", **WEEK),
    "schedule-edit": _form(code="6HK", name="6 hari kerja", **WEEK),
    "shift-save": _form(code="P2", label="Pagi 2", start="06:00", end="13:00"),
    "schedule-overrides": _form(
        name="Ramadan 2027", first_day="2027-02-08", last_day="2027-03-09", r_5HK="5HK-RAMADAN"
    ),
    "unit-schedules": _form(schedule="6HK", valid_from="2026-08-03"),
    "unit-schedule-action#end": lambda w, variant, role: Body({"last_day": _dated_end(w)}),
    "schedule-override-action#end": lambda w, variant, role: Body({"last_day": _dated_end(w)}),
    "unit-roster": lambda w, variant, role: Body(
        {"month": "2026-12", f"c-{_nurses(w, variant)[0].pk}-1": "M"}
    ),
    "unit-roster-action#copy": _form(month="2026-12"),
    "unit-roster-action#swap": lambda w, variant, role: Body(
        {
            "month": "2026-11",
            "first": _nurses(w, variant)[0].pk,
            "second": _nurses(w, variant)[1].pk,
            "days": "9",
        }
    ),
    "unit-roster-action#import": _roster_file,
    "hadir_api_requests_request_create": _api_request,
    "hadir_api_requests_request_reject": lambda w, v, r: Body({"reason": "Kurang"}, json=True),
    "hadir_api_requests_request_cancel": lambda w, v, r: Body({"reason": ""}, json=True),
    "hadir_api_mobile_capture_create": _capture,
}


def _dated_end(w: World) -> str:
    return (w.objects["dated_start"] + timedelta(days=9)).isoformat()


def _dated(model: Any, family: str, field: str | None) -> EffectOf:
    """Ended on the body's last day (``field``), or deleted (None)."""

    def check(w: World, variant: str) -> bool:
        found = model.objects.filter(pk=_obj(w, family, variant))
        if field is None:
            return not found.exists()
        return found.filter(**{field: _dated_end(w)}).exists()

    return check


def _state(model: Any, family: str, expected: str) -> EffectOf:
    return lambda w, variant: model.objects.get(pk=_obj(w, family, variant)).state == expected


def _submission(month: str, expected: str) -> EffectOf:
    def check(w: World, variant: str) -> bool:
        found = PeriodSubmission.objects.filter(unit=_unit(w, variant), month=f"{month}-01")
        return found.filter(state=expected).exists()

    return check


def _device(check: Callable[[Device, World], bool]) -> EffectOf:
    return lambda w, variant: check(Device.objects.get(sn=_obj(w, "device", variant, "sn")), w)


EFFECTS: dict[str, EffectOf] = {
    "employee-faces": lambda w, variant: (
        FaceReference.objects.filter(employee=_employee(w, variant)).count() == 2
    ),
    "face-withdraw": lambda w, variant: FaceReference.objects.filter(
        pk=int(w.paths["face"][variant]["pk"]), withdrawn_at__isnull=False
    ).exists(),
    "import-new": lambda w, variant: ImportBatch.objects.filter(filename="pegawai.csv").exists(),
    "import-new#units": lambda w, variant: ImportBatch.objects.filter(kind="units").exists(),
    "employee-new": lambda w, variant: Employee.objects.filter(
        nip=NEW_EMPLOYEE_NIP[variant]
    ).exists(),
    "calendar": lambda w, variant: CalendarEntry.objects.filter(day="2026-08-20").exists(),
    "employee-tpp": lambda w, variant: TppBase.objects.filter(
        employee=_employee(w, variant), amount=4_250_000
    ).exists(),
    "calendar-remove": lambda w, variant: not CalendarEntry.objects.exists(),
    "device-users-action#unpair": lambda w, variant: (
        not EmployeePin.objects.filter(pk=_obj(w, "pin_pair", variant)).exists()
    ),
    "employee-pin-remove": lambda w, variant: (
        not EmployeePin.objects.filter(pk=_obj(w, "pin_pair", variant)).exists()
    ),
    "unit-schedule-action#end": _dated(ScheduleAssignment, "assignment", "valid_until"),
    "unit-schedule-action#delete": _dated(ScheduleAssignment, "assignment", None),
    "schedule-override-action#end": _dated(ScheduleOverride, "override", "last_day"),
    "schedule-override-action#delete": _dated(ScheduleOverride, "override", None),
    "event-new": lambda w, variant: Event.objects.filter(
        name="Apel matriks", units=_unit(w, variant)
    ).exists(),
    "event-edit": lambda w, variant: (
        Event.objects.get(pk=_obj(w, "event", variant)).name == "Apel diubah"
    ),
    "event-attendance": lambda w, variant: EventAttendance.objects.filter(
        event_id=_obj(w, "event", variant), employee=_employee(w, variant)
    ).exists(),
    "import-decide#confirm": _state(ImportBatch, "import", "queued"),
    "import-decide#cancel": _state(ImportBatch, "import", "cancelled"),
    "usb-decide#confirm": _state(UsbImport, "usb", "applied"),
    "usb-decide#cancel": _state(UsbImport, "usb", "cancelled"),
    "device-register": lambda w, variant: (
        Device.objects.get(sn="MESIN-C").unit == _unit(w, variant)
    ),
    "device-action#approve": lambda w, variant: (
        Device.objects.get(sn="MESIN-BARU").state == "active"
    ),
    "device-action#rename": _device(lambda d, w: d.name == "Nama baru"),
    "device-action#move": _device(lambda d, w: d.unit == w.objects["sub_a"]),
    "device-action#retire": _device(lambda d, w: d.state == "retired"),
    "device-action#replace": _device(lambda d, w: d.replaced_by is not None),
    "request-act#approve": _state(Request, "request", "approved"),
    "request-act#reject": _state(Request, "request", "rejected"),
    "request-act#verify": _state(Request, "request_waiting", "verified"),
    "request-act#cancel": _state(Request, "request", "cancelled"),
    "hadir_api_requests_request_approve": _state(Request, "request", "approved"),
    "hadir_api_requests_request_reject": _state(Request, "request", "rejected"),
    "hadir_api_requests_request_verify": _state(Request, "request_waiting", "verified"),
    "hadir_api_requests_request_cancel": _state(Request, "request", "cancelled"),
    "unit-report-action#submit": _submission(MONTH_OPEN, "submitted"),
    "todo-submit#confirm": _submission(MONTH_OPEN, "submitted"),
    "unit-report-action#sign": _submission(MONTH_SUBMITTED, "signed"),
    "unit-report-action#verify": _submission(MONTH_SIGNED, "verified"),
    "unit-report-action#reopen": _submission(MONTH_VERIFIED, "reopened"),
}
