"""The world the route matrix runs in, built once per module through the real services.

Two units: A (``DINKES``, with the sub-unit ``PKM-A``) is the actor's unit, B (``DISDIK``)
another one. Every object a route can name in its path exists twice, once in A ("own") and
once in B ("other"), so each route is called with both. Accounts: one per role of the matrix
(the head, operator and employee belong to A), plus the staff of B who filed B's objects.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.accounts.services import role_grant, user_create
from hadir.accounts.tokens import api_token_create
from hadir.agents.services import agent_token_create
from hadir.attendance.models import ParkedDay
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.devices import usb
from hadir.devices.alerts import device_alert_raise
from hadir.devices.models import DeviceAlert, DeviceUser
from hadir.devices.services import device_register, device_register_pending
from hadir.events.services import EventData, event_save
from hadir.faces.models import FaceReference, ReferenceSource
from hadir.faces.sealing import seal
from hadir.imports.services import import_preview
from hadir.jobs.heartbeat import Heartbeat
from hadir.mobile.services import CaptureIn, capture_receive
from hadir.org.services import region_configure, unit_create, unit_locations_replace
from hadir.people.models import EmployeePin
from hadir.people.services import employee_create
from hadir.punches.models import Punch, PunchHold
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.reporting.services import submission_sign, submission_submit, submission_verify
from hadir.requests.decisions import request_approve
from hadir.requests.evidence import evidence_store
from hadir.requests.services import Upload, request_submit
from hadir.requests.window import dispensation_grant
from hadir.schedules.models import Shift, WorkSchedule
from hadir.schedules.services import (
    calendar_entry_set,
    employee_schedule_change,
    roster_set,
    schedule_assign,
    schedule_override_create,
    schedules_ensure_defaults,
)

WIB = ZoneInfo("Asia/Jakarta")
PASSWORD = "Rahasia#2026"
# The roles of the matrix; "anon" is nobody logged in. Short names keep the table readable.
ROLES = ("anon", "emp", "head", "op", "bkd", "kominfo", "lead")
# Roles limited to their own unit (or, for "emp", to their own data).
UNIT_BOUND = frozenset({"emp", "head", "op"})
GRANTS = {
    "head": Role.HEAD,
    "op": Role.OPERATOR,
    "bkd": Role.BKD_ADMIN,
    "kominfo": Role.DISKOMINFO_ADMIN,
    "lead": Role.LEADERSHIP,
}
# Months of the reporting chain, one per state, so every action has a month to act on.
MONTH_OPEN, MONTH_SUBMITTED, MONTH_SIGNED, MONTH_VERIFIED = (
    "2026-01",
    "2026-02",
    "2026-04",
    "2026-05",
)
REQUEST_DAY = date(2026, 3, 10)
CALENDAR_DAY = date(2026, 7, 1)
ROSTER_DAY = date(2026, 11, 9)
OFFICE = (Decimal("-6.914744"), Decimal("107.609810"))


def png() -> bytes:
    """A small valid PNG (evidence is checked by content)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg(tag: str) -> bytes:
    return b"\xff\xd8\xff\xe0" + tag.encode() + b"\x00" * 64


def attlog(pin: str) -> bytes:
    return f"{pin}\t2026-03-02 07:21:00\t1\t1\t0\t0\t0\n".encode()


def employees_csv(unit_code: str, nip: str) -> bytes:
    header = "nip,nama,unit_kode,jenis,jabatan,pin,jadwal\n"
    return f"{header}{nip},Pegawai Impor,{unit_code},PNS,Staf,777,5HK\n".encode()


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    agent_token: str = ""
    # family -> variant ("own"/"other") -> path arguments naming that object
    paths: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    # What only the other unit's objects carry: a list shown to unit A's people must not
    # contain any of these.
    other_markers: tuple[str, ...] = ()

    def both(self, family: str, own: dict[str, Any], other: dict[str, Any]) -> None:
        self.paths[family] = {
            "own": {k: str(v) for k, v in own.items()},
            "other": {k: str(v) for k, v in other.items()},
        }


def _user(username: str, role: str | None = None, unit: Any = None, employee: Any = None) -> User:
    user = user_create(username=username, password=PASSWORD, employee=employee)
    if role is not None:
        role_grant(user=user, role=GRANTS[role], unit=unit)
    return user


def _employee(unit: Any, n: int) -> Any:
    return employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip=f"19800101200501{1}{n:03d}",
        name=f"Pegawai {n}",
        employee_type="PNS",
        pin=str(1000 + n),
    )


def _chain(unit: Any, op: User, head: User, bkd: User, months: list[str]) -> None:
    """Move each month of ``unit`` along the reporting chain to its state."""
    for month in months:
        first = date.fromisoformat(f"{month}-01")
        submission_submit(actor=op, unit=unit, month=first)
        if month in (MONTH_SIGNED, MONTH_VERIFIED):
            submission_sign(actor=head, unit=unit, month=first)
        if month == MONTH_VERIFIED:
            submission_verify(actor=bkd, unit=unit, month=first)


def _requests(w: World, emp_a: Any, emp_b: Any) -> None:
    users = w.users
    march = datetime.combine(REQUEST_DAY, time(8), tzinfo=WIB)
    pending = {
        "own": request_submit(
            actor=users["emp"], kind="sakit", employee=emp_a, first_day=REQUEST_DAY,
            files=[Upload(stream=io.BytesIO(png()), name="surat.png")], now=march,
        ),
        "other": request_submit(
            actor=users["op_b"], kind="sakit", employee=emp_b, first_day=REQUEST_DAY,
            files=[Upload(stream=io.BytesIO(png()), name="surat.png")], now=march,
        ),
    }  # fmt: skip
    with override_settings(HADIR_REQUEST_VERIFY_KINDS=["izin"]):
        waiting = {
            variant: request_submit(
                actor=actor, kind="izin", employee=employee, reason="Urusan keluarga",
                first_day=REQUEST_DAY + timedelta(days=2), now=march,
            )
            for variant, actor, employee in (
                ("own", users["op"], emp_a), ("other", users["op_b"], emp_b)
            )
        }  # fmt: skip
    for item in waiting.values():
        request_approve(request=item, actor=users["bkd"], now=march)
    w.objects["request_pending"] = pending
    w.both("request", {"pk": pending["own"].pk}, {"pk": pending["other"].pk})
    w.both("request_waiting", {"pk": waiting["own"].pk}, {"pk": waiting["other"].pk})
    links = {v: r.evidence.get() for v, r in pending.items()}
    w.both(
        "evidence",
        {"pk": pending["own"].pk, "link_pk": links["own"].pk, "file_id": links["own"].pk},
        {"pk": pending["other"].pk, "link_pk": links["other"].pk, "file_id": links["other"].pk},
    )


def _captures(w: World, users: dict[str, User]) -> None:
    ids = {}
    for variant, user in (("own", users["emp"]), ("other", users["emp_b"])):
        client_id = uuid.uuid4()
        now = timezone.now()
        capture_receive(
            user=user,
            data=CaptureIn(
                client_id=client_id, direction="in", captured_at=now, sent_at=now,
                lat=float(OFFICE[0]), lon=float(OFFICE[1]), accuracy=10.0, mocked=False,
                photo=io.BytesIO(jpeg(variant)),
            ),
            now=now,
        )  # fmt: skip
        ids[variant] = {"client_id": client_id}
    w.both("capture", ids["own"], ids["other"])


def _faces(w: World, users: dict[str, User]) -> None:
    """A reference face of each unit's employee (the photo a PNG: nothing is matched here)."""
    ids = {}
    for variant, employee in (("own", w.objects["emp_a"]), ("other", w.objects["emp_b"])):
        photo = evidence_store(stream=io.BytesIO(png()), filename="wajah.png", actor=users["bkd"])
        reference = FaceReference.objects.create(
            employee=employee, photo=photo, source=ReferenceSource.UPLOAD,
            sealed_embedding=seal((0.0,) * 128, employee_id=employee.pk),
            consent_note="uji", enrolled_by=users["bkd"], enrolled_at=timezone.now(),
        )  # fmt: skip
        ids[variant] = {"pk": reference.pk}
    w.both("face", ids["own"], ids["other"])


def _nurses(w: World, a: Any, b: Any) -> None:
    """Two people on the roster in each unit, the first with a shift on 9 November 2026 (a
    month to copy from, a day to swap)."""
    shift, morning = WorkSchedule.objects.get(code="SHIFT"), Shift.objects.get(code="P")
    for variant, unit, first in (("own", a, 3), ("other", b, 5)):
        # They start in June, after the months of the reporting chain (already computed).
        pair = [
            employee_create(
                unit=unit, start=date(2026, 6, 1), nip=f"19800101200501{1}{n:03d}",
                name=f"Perawat {n}", employee_type="PNS", pin=str(1000 + n),
            )
            for n in (first, first + 1)
        ]  # fmt: skip
        for nurse in pair:
            employee_schedule_change(employee=nurse, schedule=shift, effective=date(2026, 6, 1))
        roster_set(employee=pair[0], day=ROSTER_DAY, shift=morning)
        w.objects[f"nurses_{variant}"] = pair


def _dated_schedules(w: World, a: Any, b: Any, today: date) -> None:
    """A unit schedule and a Ramadan period that start in two months (to end or delete)."""
    six = WorkSchedule.objects.get(code="6HK")
    start = today + timedelta(days=60)
    dated = {
        variant: schedule_assign(schedule=six, valid_from=start, unit=unit)
        for variant, unit in (("own", a), ("other", b))
    }
    w.both(
        "assignment",
        {"code": a.code, "pk": dated["own"].pk},
        {"code": b.code, "pk": dated["other"].pk},
    )
    ramadan = schedule_override_create(
        name="Ramadan", first_day=start, last_day=start + timedelta(days=29),
        replacements={"5HK": "5HK-RAMADAN"},
    )  # fmt: skip
    w.both("override", {"pk": ramadan.pk}, {"pk": ramadan.pk})
    w.objects["dated_start"] = start


def build_world() -> World:
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    a = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    sub_a = unit_create(code="PKM-A", name="Puskesmas A", kind="puskesmas", parent=a)
    b = unit_create(code="DISDIK", name="Dinas Pendidikan", kind="dinas")
    for unit in (a, b):
        unit_locations_replace(unit=unit, locations=[("Kantor", *OFFICE, 100)])
    emp_a, emp_b = _employee(a, 1), _employee(b, 2)
    w = World()
    w.objects.update(unit_a=a, sub_a=sub_a, unit_b=b, emp_a=emp_a, emp_b=emp_b)
    users = w.users
    users["emp"] = _user("pegawai", employee=emp_a)
    users["emp_b"] = _user("pegawai_b", employee=emp_b)
    for role in ("head", "op"):
        users[role] = _user(f"{role}_a", role, a)
        users[f"{role}_b"] = _user(f"{role}_b", role, b)
    for role in ("bkd", "kominfo", "lead"):
        users[role] = _user(role, role)
    w.tokens = {r: api_token_create(user=users[r], name="matrix").plaintext for r in ROLES[1:]}
    w.agent_token = agent_token_create(unit=a, name="PC-TU").plaintext
    w.other_markers = (b.code, b.name, emp_b.nip, emp_b.name, "MESIN-B", "b.csv")
    w.both("unit", {"code": a.code}, {"code": b.code})
    w.both("employee", {"number": emp_a.id_number}, {"number": emp_b.id_number})

    for month in (MONTH_OPEN, MONTH_SUBMITTED, MONTH_SIGNED, MONTH_VERIFIED):
        recompute_month(month)
    recompute_all_dirty()
    _chain(
        a, users["op"], users["head"], users["bkd"], [MONTH_SUBMITTED, MONTH_SIGNED, MONTH_VERIFIED]
    )
    _chain(b, users["op_b"], users["head_b"], users["bkd"], [MONTH_SIGNED, MONTH_VERIFIED])

    devices = {
        "own": device_register(sn="MESIN-A", name="Mesin A", unit=a, actor=users["kominfo"]),
        "other": device_register(sn="MESIN-B", name="Mesin B", unit=b, actor=users["kominfo"]),
    }
    w.objects["devices"] = devices
    for machine in devices.values():  # a user the machine reported, to confirm
        DeviceUser.objects.create(device=machine, pin="77", name="Pegawai Mesin", templates={})
    pairs = {  # a confirmed PIN of each machine's unit, to remove
        variant: EmployeePin.objects.create(employee=person, pin="79", unit=person.unit)
        for variant, person in (("own", emp_a), ("other", emp_b))
    }
    w.both("pin_pair", {"pk": pairs["own"].pk}, {"pk": pairs["other"].pk})
    w.both(
        "employee_pin",
        {"number": emp_a.id_number, "pk": pairs["own"].pk},
        {"number": emp_b.id_number, "pk": pairs["other"].pk},
    )
    pending = device_register_pending(sn="MESIN-BARU", unit=None, via="push")
    w.both("device", {"sn": devices["own"].sn}, {"sn": devices["other"].sn})
    w.both("device_pending", {"sn": pending.sn}, {"sn": pending.sn})
    usb_imports = {
        variant: usb.usb_preview(
            filename="1_attlog.dat", content=attlog(pin), actor=actor, device=devices[variant]
        )
        for variant, actor, pin in (("own", users["op"], "1001"), ("other", users["op_b"], "1002"))
    }
    w.both("usb", {"pk": usb_imports["own"].pk}, {"pk": usb_imports["other"].pk})
    # The other unit's import is BKD's: Diskominfo must not decide it (issue 11).
    batches = {
        "own": import_preview(
            kind="employees", filename="a.csv", actor=users["op"],
            allowed_unit_ids={a.pk, sub_a.pk},
            content=employees_csv("DINKES", "198609262015051001"),
        ),
        "other": import_preview(
            kind="employees", filename="b.csv", actor=users["bkd"], allowed_unit_ids=None,
            content=employees_csv("DISDIK", "198609262015051002"),
        ),
    }  # fmt: skip
    w.both("import", {"pk": batches["own"].pk}, {"pk": batches["other"].pk})

    _requests(w, emp_a, emp_b)
    _captures(w, users)
    _faces(w, users)
    today = timezone.now().astimezone(WIB).date()
    dispensation = dispensation_grant(
        actor=users["bkd"], unit=a, reason="Jaringan putus", days_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=7),
    )  # fmt: skip
    w.both("dispensation", {"pk": dispensation.pk}, {"pk": dispensation.pk})
    calendar_entry_set(day=CALENDAR_DAY, kind="day_off", name="Cuti bersama", actor=users["bkd"])
    w.both("calendar_day", {"day": CALENDAR_DAY}, {"day": CALENDAR_DAY})
    events = {
        variant: event_save(
            actor=users[head],
            data=EventData(
                name=f"Apel {unit.code}", kind="apel", recurrence="once", day=today,
                starts=time(7, 30), ends=time(8, 0), valid_from=today,
                unit_ids=frozenset({unit.pk}),
            ),
        )
        for variant, head, unit in (("own", "head", a), ("other", "head_b", b))
    }  # fmt: skip
    w.both("event", {"pk": events["own"].pk}, {"pk": events["other"].pk})
    w.both("month", {"month": MONTH_OPEN}, {"month": MONTH_OPEN})
    # Machine alerts (Diskominfo resolves them) and a day the recompute set aside.
    now = timezone.now()
    for machine in devices.values():
        device_alert_raise(device=machine, kind="untrusted_source", address="127.0.0.2", now=now)
    w.objects["alerts"] = {
        variant: DeviceAlert.objects.get(device=machine) for variant, machine in devices.items()
    }
    w.objects["parked"] = ParkedDay.objects.create(
        employee=emp_a, day=date(1970, 1, 1), error_type="LookupError",
        first_failed_at=now, last_failed_at=now,
    )  # fmt: skip
    # Punches held for a decision: outside the sender's units, and from an unbound address.
    at = (timezone.now().astimezone(WIB) - timedelta(hours=2)).replace(tzinfo=None, microsecond=0)
    held = {}
    for variant, employee in (("own", emp_a), ("other", emp_b)):
        for kind, hold in (
            ("scope", PunchHold.OUTSIDE_SCOPE),
            ("untrusted", PunchHold.UNTRUSTED_SOURCE),
        ):
            punches_ingest(
                source="usb", source_ref=f"HELD-{kind}-{variant}",
                punches=[IncomingPunch(pin=employee.pin, local_time=at, hold=hold)],
            )  # fmt: skip
            held[(kind, variant)] = Punch.objects.get(source_ref=f"HELD-{kind}-{variant}").pk
    w.objects["held"] = held
    _nurses(w, a, b)
    _dated_schedules(w, a, b, today)
    # A worker that beats, so /health/ answers "healthy" (200) to the matrix.
    Heartbeat().beat(force=True)
    return w
