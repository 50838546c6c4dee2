"""The monthly weak-verification report: the ledger's machine punches of one month, read in
one pass, run through ``hadir.rules.verification``, with names and units put back on.

It only reads; nothing here changes a day or a deduction. BKD sees it with the evidence
(the modes counted, the days and times two people met, the clock readings) and decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.db.models import Count, Max

from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.punches.models import LedgerBatch, Punch, PunchSource
from hadir.rules.verification import (
    BuddyPair,
    ClockJump,
    ClockReading,
    MachinePunch,
    VerifyShare,
    buddy_pairs,
    clock_jumps,
    verify_shares,
)

MACHINE_SOURCES = (PunchSource.PUSH, PunchSource.AGENT, PunchSource.USB)
REALTIME_BATCH_MAX = 3  # lines in an upload that can tell the machine's clock
PERSON_MIN_PUNCHES = 5  # fewer punches say nothing about a habit
PERSON_WEAK_SHARE = 0.5  # people listed: at least half of their known modes weak
READ_CHUNK = 5_000


@dataclass(frozen=True)
class Person:
    id: int
    nip: str
    name: str
    unit_code: str


@dataclass(frozen=True)
class MachineInfo:
    sn: str
    name: str
    unit_code: str


@dataclass(frozen=True)
class VerificationReport:
    month: date
    punches: int
    units: list[tuple[str, VerifyShare]]  # (unit code, share), weakest first
    people: list[tuple[Person, VerifyShare]]  # weak habits only
    buddies: list[tuple[BuddyPair, Person, Person, MachineInfo]]
    clocks: list[tuple[ClockJump, MachineInfo]]

    @property
    def findings(self) -> int:
        return len(self.people) + len(self.buddies) + len(self.clocks)


def _month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def machine_punches(units: Iterable[Unit], month: date) -> Iterator[tuple[MachinePunch, int]]:
    """The month's counted machine punches of people of ``units``: (punch, unit id)."""
    first, last = _month_bounds(month)
    rows = (
        Punch.objects.filter(
            local_date__range=(first, last),
            source__in=MACHINE_SOURCES,
            counted=True,
            employee__unit__in=list(units),
            device__isnull=False,
        )
        .order_by()
        .values_list("device__sn", "employee_id", "local_time", "verify", "employee__unit_id")
    )
    for sn, person, local_time, verify, unit_id in rows.iterator(chunk_size=READ_CHUNK):
        yield MachinePunch(sn, person, datetime.fromisoformat(local_time), verify), unit_id


def clock_readings(devices: Iterable[Device], month: date) -> list[ClockReading]:
    """One reading per small push upload of the month: newest punch time minus arrival."""
    first, last = _month_bounds(month)
    batches = (
        LedgerBatch.objects.filter(
            source=PunchSource.PUSH,
            count__gte=1,
            count__lte=REALTIME_BATCH_MAX,
            punches__device__in=list(devices),
            punches__local_date__range=(first, last),
        )
        .values("id", "created_at")
        .annotate(
            sn=Max("punches__device__sn"), newest=Max("punches__punched_at"), n=Count("punches")
        )
        .order_by()
    )
    return [
        ClockReading(
            b["sn"], b["created_at"], round((b["newest"] - b["created_at"]).total_seconds())
        )
        for b in batches
    ]


def verification_report(units: list[Unit], month: date) -> VerificationReport:
    unit_codes = {u.pk: u.code for u in units}
    punches: list[MachinePunch] = []
    unit_of_person: dict[int, int] = {}
    for punch, unit_id in machine_punches(units, month):
        punches.append(punch)
        unit_of_person[punch.person] = unit_id
    by_unit = verify_shares(punches, key=lambda p: unit_codes[unit_of_person[p.person]])
    by_person = [
        s
        for s in verify_shares(punches, key=lambda p: p.person)
        if s.total >= PERSON_MIN_PUNCHES and s.weak_share >= PERSON_WEAK_SHARE
    ]
    pairs = buddy_pairs(punches)
    devices = list(Device.objects.filter(unit__in=units).select_related("unit"))
    jumps = clock_jumps(clock_readings(devices, month))
    wanted = (
        {cast(int, s.key) for s in by_person} | {p.first for p in pairs} | {p.second for p in pairs}
    )
    people = _people(wanted)
    machines = {
        d.sn: MachineInfo(d.sn, d.name or d.sn, d.unit.code if d.unit else "") for d in devices
    }
    unknown_machine = MachineInfo("", "", "")
    return VerificationReport(
        month=month,
        punches=len(punches),
        units=[(str(s.key), s) for s in by_unit],
        people=[(people[cast(int, s.key)], s) for s in by_person],
        buddies=[
            (p, people[p.first], people[p.second], machines.get(p.device, unknown_machine))
            for p in pairs
        ],
        clocks=[(j, machines.get(j.device, unknown_machine)) for j in jumps],
    )


def _people(ids: set[int]) -> dict[int, Person]:
    rows = Employee.objects.filter(pk__in=ids).values_list("pk", "nip", "name", "unit__code")
    return {pk: Person(pk, nip or "", name, code) for pk, nip, name, code in rows}
