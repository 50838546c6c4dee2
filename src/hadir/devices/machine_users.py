"""A machine's own user list, matched to employees so no finger is enrolled twice.

Regions that ran their machines before Hadir enrolled staff unit by unit (PIN 1..N on each
machine). The machine's users arrive by push (OPERLOG ``USER`` lines, ``devices.receiver``)
or from the flashdisk's user file (``user.dat`` as the machine writes it, or a CSV with
``PIN,Nama,Kartu,Hak``); they are stored as ``DeviceUser`` rows (PIN, name on the machine,
card, privilege; never a fingerprint template). Each unmatched user gets suggestions by NIP
and name similarity among the staff of the machine's unit; an operator of that unit (or BKD)
confirms one, which records a PIN scoped to the unit or the machine (``EmployeePin``) and
gives that person the punches the machine already sent under the PIN.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hadir.audit.services import audit_record
from hadir.devices.models import Device, DeviceUser
from hadir.devices.permissions import usb_access
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids
from hadir.people.models import Employee, EmployeePin
from hadir.people.pins import PIN_PATTERN, normalize_pin, scoped_pin_owners
from hadir.protocols.zk.errors import ZkDecodeError
from hadir.protocols.zk.fields import join_body
from hadir.protocols.zk.users import decode_user_table
from hadir.punches.services import punches_claim

USER_FILE_MAX_BYTES = 2 * 1024 * 1024
USER_FILE_MAX_USERS = 20_000
NAME_SUGGESTION_MIN = 0.6
SUGGESTIONS_PER_USER = 3
NOT_A_PIN = {"nan", "inf", "-inf", "infinity", "null", "none"}
NIP_IN_TEXT = re.compile(r"\b\d{18}\b")


class Scope:
    UNIT = "unit"
    DEVICE = "device"


@dataclass(frozen=True, slots=True)
class MachineUserRecord:
    pin: str
    name: str
    card: str = ""
    privilege: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    employee: Employee
    score: float
    by_nip: bool


@dataclass(frozen=True, slots=True)
class MachineUserRow:
    user: DeviceUser
    owner: Employee | None  # who the PIN already means on this machine
    suggestions: tuple[Suggestion, ...]


def user_file_read(data: bytes, filename: str) -> list[MachineUserRecord]:
    """The users of a flashdisk user file (``user.dat``, or a CSV); ValidationError with the
    reason in Indonesian when the file cannot be a machine's user list."""
    if len(data) > USER_FILE_MAX_BYTES:
        raise ValidationError(
            _("The user file is larger than 2 MB: this is not a machine's user list.")
        )
    records = _dat_records(data) if filename.lower().endswith(".dat") else _csv_records(data)
    if len(records) > USER_FILE_MAX_USERS:
        raise ValidationError(_("The user file lists more than 20,000 users."))
    return records


def _dat_records(data: bytes) -> list[MachineUserRecord]:
    try:
        users = decode_user_table(join_body(data), None)
    except (ZkDecodeError, ValueError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("The file user.dat cannot be read (%(reason)s). Copy it again from the machine.")
            % {"reason": error}
        ) from error
    return [machine_user_record(u.user_id, u.name, str(u.card or ""), u.privilege) for u in users]


def _csv_records(data: bytes) -> list[MachineUserRecord]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The user file is not UTF-8 text. Save it as CSV UTF-8 and upload it again.")
        ) from error
    records = []
    for row in csv.reader(io.StringIO(text)):
        if not row or row[0].strip().upper() in {"PIN", "NO", "USERID"}:
            continue
        privilege = row[3].strip() if len(row) > 3 else ""
        records.append(
            machine_user_record(
                row[0],
                row[1] if len(row) > 1 else "",
                row[2] if len(row) > 2 else "",
                _privilege(row[0], privilege),
            )
        )
    return records


def _privilege(pin: str, text: str) -> int | None:
    """The machine's privilege column: empty, or a number 0 to 255 (a byte on the machine)."""
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 3 and int(text) <= 255):
        raise ValidationError(
            _(
                "The privilege of PIN %(pin)s is “%(value)s”: write a number 0 to 255 "
                "or leave it empty."
            )
            % {"pin": pin.strip()[:30], "value": text[:30]}
        )
    return int(text)


def machine_user_record(pin: str, name: str, card: str, privilege: int | None) -> MachineUserRecord:
    raw = pin.strip()
    if raw.lower() in NOT_A_PIN or not PIN_PATTERN.match(raw):
        raise ValidationError(
            _("“%(pin)s” is not a machine PIN (digits or letters, at most 24).") % {"pin": raw[:30]}
        )
    if "\x00" in name or "\x00" in card:
        raise ValidationError(
            _("The name or card of PIN %(pin)s holds a NUL character. Type it again without it.")
            % {"pin": raw[:30]}
        )
    return MachineUserRecord(normalize_pin(raw), name.strip()[:100], card.strip()[:40], privilege)


def _managed_unit(actor: object, device: Device) -> Unit:
    """The machine's unit, when ``actor`` may manage its users (BKD, the unit's operators)."""
    unit = device.unit
    if unit is None or not usb_access(actor).can_manage_unit(unit.pk):
        raise PermissionDenied(_("Only BKD or an operator of the machine's unit may do this."))
    return unit


@transaction.atomic
def machine_users_store(
    *, actor: object, device: Device, records: list[MachineUserRecord], source: str
) -> int:
    """Store (or refresh) the machine's users from a flashdisk file; templates untouched."""
    _managed_unit(actor, device)
    return machine_users_keep(device=device, records=records, source=source, actor=actor)


def machine_users_keep(
    *,
    device: Device,
    records: list[MachineUserRecord],
    source: str,
    actor: object = None,
    audit: dict[str, object] | None = None,
) -> int:
    """Store the users; the caller checked who sends them (an operator, or the machine's
    agent through ``agents.services``)."""
    existing = {u.pin: u for u in DeviceUser.objects.filter(device=device)}
    new, changed = [], []
    for record in records:
        user = existing.get(record.pin)
        if user is None:
            user = DeviceUser(device=device, pin=record.pin, templates={})
            new.append(user)
        else:
            changed.append(user)
        user.name, user.card, user.privilege = record.name, record.card, record.privilege
    DeviceUser.objects.bulk_create(new)
    DeviceUser.objects.bulk_update(changed, ["name", "card", "privilege"])
    audit_record(
        actor=actor,
        action="device.users_stored",
        target=device,
        data={"source": source, "users": len(records), "new": len(new), **(audit or {})},
    )
    return len(records)


def _simple_name(name: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", name.lower()).split())


def _suggest(user: DeviceUser, staff: list[Employee]) -> tuple[Suggestion, ...]:
    nips = set(NIP_IN_TEXT.findall(f"{user.name} {user.card}"))
    found = []
    machine_name = _simple_name(user.name)
    for person in staff:
        if person.nip and person.nip in nips:
            found.append(Suggestion(person, 1.0, True))
            continue
        if not machine_name:
            continue
        # Machines keep 24 characters of a name: compare with as much of ours.
        ours = _simple_name(person.name)[: max(len(machine_name), 24)]
        score = SequenceMatcher(None, machine_name, ours).ratio()
        if score >= NAME_SUGGESTION_MIN:
            found.append(Suggestion(person, round(score, 2), False))
    found.sort(key=lambda s: (not s.by_nip, -s.score, s.employee.name))
    return tuple(found[:SUGGESTIONS_PER_USER])


def machine_users_matched(*, actor: object, device: Device) -> list[MachineUserRow]:
    """The machine's users, each with who the PIN already means here or suggestions."""
    unit = _managed_unit(actor, device)
    users = list(DeviceUser.objects.filter(device=device).order_by("pin"))
    pins = {u.pin for u in users}
    owner_ids = dict(Employee.objects.filter(pin__in=pins).values_list("pin", "id"))
    # The same precedence as the ledger: a machine's PIN, then its units', then region-wide.
    owner_ids.update({pin: o.employee_id for pin, o in scoped_pin_owners(device, pins).items()})
    people = Employee.objects.in_bulk(set(owner_ids.values()))
    owners = {pin: people[owner_id] for pin, owner_id in owner_ids.items()}
    staff = list(Employee.objects.filter(unit_id__in=unit_subtree_ids({unit.pk}), is_active=True))
    return [
        MachineUserRow(u, owners.get(u.pin), () if u.pin in owners else _suggest(u, staff))
        for u in users
    ]


@transaction.atomic
def machine_user_confirm(
    *, actor: object, device: Device, pin: str, employee: Employee, scope: str = Scope.UNIT
) -> EmployeePin:
    """The operator confirms that the machine's user ``pin`` is ``employee``: a PIN scoped to
    the machine's unit (or the machine alone) is recorded and the punches the machine already
    sent under it go to that person. Staff of another unit are refused."""
    unit = _managed_unit(actor, device)
    subtree = unit_subtree_ids({unit.pk})
    if not DeviceUser.objects.filter(device=device, pin=pin).exists():
        raise ValidationError(_("This machine has no user with PIN %(pin)s.") % {"pin": pin})
    if employee.unit_id not in subtree:
        raise ValidationError(
            _("%(name)s does not work in the machine's unit: a unit's PIN is for its own staff.")
            % {"name": employee.name}
        )
    taken = EmployeePin.objects.filter(pin=pin).filter(
        Q(device=device) if scope == Scope.DEVICE else Q(unit=unit)
    )
    if taken.exclude(employee=employee).exists():
        raise ValidationError(_("PIN %(pin)s already belongs to someone else here.") % {"pin": pin})
    mapping, _created = EmployeePin.objects.get_or_create(
        employee=employee,
        pin=pin,
        unit=unit if scope == Scope.UNIT else None,
        device=device if scope == Scope.DEVICE else None,
    )
    devices = (
        [device.pk]
        if scope == Scope.DEVICE
        else list(Device.objects.filter(unit_id__in=subtree).values_list("pk", flat=True))
    )
    claimed = punches_claim(employee=employee, pin=pin, device_ids=devices)
    audit_record(
        actor=actor,
        action="device.user_confirmed",
        target=device,
        data={"pin": pin, "employee": employee.pk, "scope": scope, "punches": claimed},
    )
    return mapping
