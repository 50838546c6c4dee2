"""The one ingestion service: every channel (machine push, LAN agent, USB file, phone, manual
sheet) hands its punches to ``punches_ingest``. Nothing else writes to the ledger.

Guarantees:
- a punch is stored once: its key (device SN + PIN + local time, or the channel's own id) is
  unique, so a resend of the same batch, even 200 times, stores nothing new;
- nothing is dropped: unreadable lines go to quarantine with their reason, punches for an
  unknown PIN are kept unmatched and claimed when the PIN is assigned;
- the caller is told only after the commit, so "OK: n" to a device means "stored".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from hadir.attendance.dirty import days_mark_dirty
from hadir.bulk import db_datetime
from hadir.devices.models import Device
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import punch_idempotency_key
from hadir.punches.gate import punch_gate
from hadir.punches.holds import closed_months
from hadir.punches.ledger import ledger_store
from hadir.punches.models import Punch, PunchHold, QuarantinedLine
from hadir.punches.owners import NIGHT_SHIFT_SCHEDULE, punch_owners, split_bad_pins
from hadir.punches.ranges import split_out_of_range
from hadir.schedules.models import RosterEntry

NIGHT_SHIFT_CLOSING_HOUR = 12
KEY_LOOKUP_CHUNK = 500


@dataclass(frozen=True, slots=True)
class IncomingPunch:
    """A punch as a channel read it: PIN and naive local time, plus what the channel knows."""

    pin: str
    local_time: datetime
    raw: str = ""
    status: int | None = None
    verify: int | None = None
    workcode: str = ""
    key: str | None = None  # channels without a device SN (app, manual) bring their own id
    hold: str = ""  # a PunchHold for this punch alone (the batch's ``hold`` applies to all)
    # A channel that knows the person (phone account, manual sheet row) names them: the punch
    # is theirs whatever their PIN, even with none; ``pin`` is then only kept as a record.
    employee_id: int | None = None


@dataclass(frozen=True, slots=True)
class IncomingRejected:
    line_no: int
    raw: str
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    received: int
    new: int
    duplicate: int
    unmatched: int
    quarantined: int
    held: int = 0  # stored, waiting for a decision (``punches.holds``)

    @property
    def processed(self) -> int:
        """Everything handled, stored or kept in quarantine: the ``n`` of ``OK: n``."""
        return self.received + self.quarantined


def _existing_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_LOOKUP_CHUNK):
        chunk = keys[start : start + KEY_LOOKUP_CHUNK]
        found.update(Punch.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


@dataclass(frozen=True, slots=True)
class StoredPunchDay:
    """What marking needs of a stored punch: whose, which local day and hour, counted."""

    employee_id: int | None
    local_date: date
    local_hour: int
    counted: bool

    @classmethod
    def of(cls, punch: Punch, tz: ZoneInfo) -> StoredPunchDay:
        hour = punch.punched_at.astimezone(tz).hour
        return cls(punch.employee_id, punch.local_date, hour, punch.counted)


def _affected_days(
    punches: Iterable[StoredPunchDay], shift_workers: set[int]
) -> set[tuple[int, date]]:
    """The employee-days a punch can change: its own day, and for shift workers the day
    before when the punch is in the morning (it may close a night shift)."""
    days: set[tuple[int, date]] = set()
    for punch in punches:
        if punch.employee_id is None or not punch.counted:
            continue
        days.add((punch.employee_id, punch.local_date))
        if punch.employee_id in shift_workers and punch.local_hour < NIGHT_SHIFT_CLOSING_HOUR:
            days.add((punch.employee_id, punch.local_date - timedelta(days=1)))
    return days


def _shift_workers(employee_ids: set[int]) -> set[int]:
    return set(
        Employee.objects.filter(
            id__in=employee_ids, schedule__code=NIGHT_SHIFT_SCHEDULE
        ).values_list("id", flat=True)
    )


def mark_punch_days_dirty(
    punches: Sequence[StoredPunchDay], shift_workers: set[int] | None = None
) -> int:
    """Mark the days the punches can change; ``shift_workers`` when the caller already knows
    which of their employees work night shifts (else one query finds out)."""
    if shift_workers is None:
        shift_workers = _shift_workers({p.employee_id for p in punches if p.employee_id})
    shift_workers = shift_workers | _rostered_the_day_before(punches)
    return days_mark_dirty(_affected_days(punches, shift_workers))


def _rostered_the_day_before(punches: Sequence[StoredPunchDay]) -> set[int]:
    """Employees on a roster shift the day before a morning punch: their night shift may end
    with it, whatever their undated ``Employee.schedule`` says (a roster or a dated schedule
    assignment makes a night-shift worker too). One query, only for morning punches."""
    wanted = {
        (p.employee_id, p.local_date - timedelta(days=1))
        for p in punches
        if p.employee_id is not None and p.counted and p.local_hour < NIGHT_SHIFT_CLOSING_HOUR
    }
    if not wanted:
        return set()
    rows = RosterEntry.objects.filter(
        employee_id__in={e for e, _ in wanted},
        day__in={d for _, d in wanted},
        shift__isnull=False,
    ).values_list("employee_id", "day")
    return {employee_id for employee_id, day in rows if (employee_id, day) in wanted}


PUNCH_FIELDS = (
    "key",
    "source",
    "source_ref",
    "device_id",
    "pin",
    "employee_id",
    "punched_at",
    "local_time",
    "local_date",
    "status",
    "verify",
    "workcode",
    "raw",
    "received_at",
    "counted",
    "hold",
)


def _gated(
    punches: Sequence[IncomingPunch], now: datetime, tz: ZoneInfo, history: bool
) -> tuple[list[IncomingPunch], list[IncomingRejected]]:
    """Split the batch at the plausibility gate (``punches.gate``)."""
    gate = punch_gate(now=now, tz=tz, history=history)
    kept: list[IncomingPunch] = []
    refused: list[IncomingRejected] = []
    for incoming in punches:
        reason = gate.refusal(incoming.local_time)
        if reason is None:
            kept.append(incoming)
        else:
            message = gate.message(reason, incoming.local_time)
            refused.append(
                IncomingRejected(0, incoming.raw or str(incoming.local_time), reason, message)
            )
    return kept, refused


@transaction.atomic
def punches_ingest(
    *,
    source: str,
    source_ref: str,
    punches: Sequence[IncomingPunch],
    rejected: Sequence[IncomingRejected] = (),
    device: Device | None = None,
    hold: str = PunchHold.NONE,
    scope_unit_ids: frozenset[int] | None = None,
    history: bool = False,
) -> IngestResult:
    """Store a batch from one channel; returns what happened to it, after the commit point.

    - every punch passes the plausibility gate first: dated before the region's start of
      records (unless ``history``, a BKD history import) or in the future, it is quarantined;
    - a punch is its named employee's (``IncomingPunch.employee_id``) or its PIN's owner's; a
      PIN that cannot be a PIN is quarantined whichever channel sent it (``punches.owners``);
    - ``hold`` (a ``PunchHold``) keeps the whole batch in the ledger without counting it until
      ``punches_release`` is called for it; ``IncomingPunch.hold`` does so for one punch;
    - ``scope_unit_ids``: the units the sender may write (None: region-wide, e.g. an approved
      machine's push); a punch of an employee outside them is held ``OUTSIDE_SCOPE``;
    - a punch in a month its employee's unit already submitted, or that is locked, is held
      ``PERIOD_CLOSED`` instead of changing that month silently."""
    tz = region_timezone()
    now = timezone.now()
    received = len(punches)
    punches, refused = _gated(punches, now, tz, history)
    punches, out_of_range = split_out_of_range(punches)
    punches, bad_pins = split_bad_pins(punches)
    rejected = [*rejected, *refused, *out_of_range, *bad_pins]
    keyed: dict[str, tuple[str, IncomingPunch]] = {}
    duplicates = 0
    for incoming in punches:
        pin = normalize_pin(incoming.pin)
        key = incoming.key or punch_idempotency_key(
            device_sn=source_ref,
            pin=pin or f"#{incoming.employee_id}",
            punched_at=incoming.local_time,
        )
        if key in keyed:
            duplicates += 1
            continue
        keyed[key] = (pin, incoming)
    already = _existing_keys(list(keyed))
    duplicates += len(already)
    fresh = [(key, pin, p) for key, (pin, p) in keyed.items() if key not in already]
    owners = punch_owners(
        device=device,
        pins={pin for _key, pin, p in fresh if p.employee_id is None},
        employee_ids={p.employee_id for _key, _pin, p in fresh if p.employee_id is not None},
    )
    owned = [(key, pin, p, owners.of(p, pin)) for key, pin, p in fresh]
    this_month = now.astimezone(tz).date().replace(day=1)
    closed = closed_months(
        {
            (unit_id, month)
            for _key, _pin, p, (_employee_id, unit_id) in owned
            if unit_id is not None and (month := p.local_time.date().replace(day=1)) < this_month
        }
    )
    rows = []
    marks = []
    ref = source_ref[:100]
    device_id = device.pk if device is not None else None
    received_at = db_datetime(now)
    for key, pin, incoming, (employee_id, unit_id) in owned:
        local = incoming.local_time
        aware = local.replace(tzinfo=tz)
        punch_hold = hold or incoming.hold
        if not punch_hold and unit_id is not None:
            if scope_unit_ids is not None and unit_id not in scope_unit_ids:
                punch_hold = PunchHold.OUTSIDE_SCOPE
            elif closed and (unit_id, local.date().replace(day=1)) in closed:
                punch_hold = PunchHold.PERIOD_CLOSED
        counted = device.counts_punch_at(aware) if device is not None else True
        counted = counted and not punch_hold
        rows.append(
            (
                key,
                source,
                ref,
                device_id,
                pin,
                employee_id,
                aware,
                local.isoformat(sep=" ", timespec="seconds"),
                local.date(),
                incoming.status,
                incoming.verify,
                incoming.workcode[:20],
                incoming.raw,
                received_at,
                counted,
                punch_hold,
            )
        )
        marks.append(StoredPunchDay(employee_id, local.date(), local.hour, counted))
    # Everything else first, the ledger last: sealing the batch takes the chain head row,
    # which serialises the uploads of every server process until this transaction
    # commits, so nothing that can wait (a mark a worker holds) runs while it is held.
    if rejected:
        QuarantinedLine.objects.bulk_create(
            [
                QuarantinedLine(
                    source=source,
                    source_ref=ref,
                    device=device,
                    line_no=r.line_no,
                    raw=r.raw.replace("\x00", "\u2400"),  # PostgreSQL text holds no NUL
                    reason=r.reason[:40],
                    message=r.message[:300],
                )
                for r in rejected
            ]
        )
    mark_punch_days_dirty(marks, owners.shift_workers)
    ledger_store(source=source, source_ref=ref, fields=PUNCH_FIELDS, rows=rows)
    return IngestResult(
        received=received - len(refused) - len(out_of_range) - len(bad_pins),
        new=len(rows),
        duplicate=duplicates,
        unmatched=sum(1 for m in marks if m.employee_id is None),
        quarantined=len(rejected),
        held=sum(1 for row in rows if row[-1]),
    )


@transaction.atomic
def punches_claim_for_employee(*, employee: Employee) -> int:
    """Give the employee the unmatched punches recorded under their PIN (PIN just assigned)."""
    if not employee.pin:
        return 0
    return punches_claim(employee=employee, pin=employee.pin)


@transaction.atomic
def punches_claim(*, employee: Employee, pin: str, device_ids: Sequence[int] | None = None) -> int:
    """Give the employee the unmatched punches recorded under ``pin`` (on ``device_ids`` only,
    for a PIN scoped to a unit or a machine); their days are marked."""
    unmatched = Punch.objects.filter(pin=pin, employee__isnull=True)
    if device_ids is not None:
        unmatched = unmatched.filter(device_id__in=list(device_ids))
    claimed = list(unmatched)
    if not claimed:
        return 0
    Punch.objects.filter(pk__in=[p.pk for p in claimed]).update(employee=employee)
    tz = region_timezone()
    for punch in claimed:
        punch.employee_id = employee.pk
    mark_punch_days_dirty([StoredPunchDay.of(p, tz) for p in claimed])
    return len(claimed)


@transaction.atomic
def punches_count_device(*, device: Device) -> int:
    """A device was approved: its kept punches now count (held ones still wait)."""
    waiting = list(Punch.objects.filter(device=device, counted=False, hold=PunchHold.NONE))
    Punch.objects.filter(pk__in=[p.pk for p in waiting]).update(counted=True)
    tz = region_timezone()
    for punch in waiting:
        punch.counted = True
    mark_punch_days_dirty([StoredPunchDay.of(p, tz) for p in waiting])
    return len(waiting)


@transaction.atomic
def punches_uncount_source(*, source: str, source_ref: str) -> int:
    """A source's punches stop counting (a cancelled manual sheet or correction); they stay
    in the ledger, and their days are marked for recompute."""
    withdrawn = list(Punch.objects.filter(source=source, source_ref=source_ref, counted=True))
    Punch.objects.filter(pk__in=[p.pk for p in withdrawn]).update(counted=False)
    tz = region_timezone()
    # The rows in memory still say counted: their days are exactly the ones to mark.
    mark_punch_days_dirty([StoredPunchDay.of(p, tz) for p in withdrawn])
    return len(withdrawn)


@transaction.atomic
def punches_release(*, punch_ids: Sequence[int], hold: str) -> int:
    """Held punches (of the given hold reason) start counting; their days are marked. The
    caller checks who may decide and records the decision in the audit trail."""
    released = list(Punch.objects.filter(pk__in=list(punch_ids), hold=hold).exclude(hold=""))
    Punch.objects.filter(pk__in=[p.pk for p in released]).update(hold="", counted=True)
    tz = region_timezone()
    for punch in released:
        punch.counted = True
    mark_punch_days_dirty([StoredPunchDay.of(p, tz) for p in released])
    return len(released)


def ingest_summary(result: IngestResult) -> dict[str, Any]:
    return {
        "received": result.received,
        "new": result.new,
        "duplicate": result.duplicate,
        "unmatched": result.unmatched,
        "quarantined": result.quarantined,
        "held": result.held,
    }
