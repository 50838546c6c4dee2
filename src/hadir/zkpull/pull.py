"""One complete pull from one machine: what the pull agent calls."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from hadir.protocols.zk import DEFAULT_PORT, AttendanceLog, DeviceSizes, DeviceUser
from hadir.zkpull.client import ZkClient
from hadir.zkpull.errors import ZkError
from hadir.zkpull.transport import TransportName

NOTE_ZERO_RECORDS = (
    "Mesin melaporkan 0 catatan absensi. Bila seharusnya ada absensi, tipe mesin ini "
    "(mis. SpeedFace) mungkin hanya mengirim data lewat mode push (ADMS)."
)
NOTE_REJECTED = (
    "{count} catatan absensi dari mesin tidak bisa dibaca; catatan itu disimpan terpisah "
    "beserta alasannya."
)


@dataclass(frozen=True, slots=True)
class PullResult:
    """Everything read in one session. ``notes``: messages for the operator (Indonesian)."""

    host: str
    serial_number: str | None
    device_time: datetime
    sizes: DeviceSizes
    users: tuple[DeviceUser, ...]
    attendance: AttendanceLog
    notes: tuple[str, ...]


def pull_device(
    host: str,
    *,
    port: int = DEFAULT_PORT,
    transport: TransportName = "tcp",
    timeout: float = 10.0,
    comm_key: int = 0,
) -> PullResult:
    """Connect, read clock, users and the whole attendance log with the machine locked.

    The machine is unlocked again even when a read fails; the log is never cleared.
    Raises ZkConnectionError, ZkAuthError or ZkProtocolError (each with ``user_message``).
    """
    with ZkClient(host, port, transport=transport, timeout=timeout, comm_key=comm_key) as client:
        serial_number = client.read_serial_number()
        device_time = client.get_time()
        client.disable_device()
        try:
            sizes = client.read_sizes()
            users = client.read_users(sizes)
            attendance = client.read_attendance(users=users, sizes=sizes)
        except BaseException:
            with contextlib.suppress(ZkError):
                client.enable_device()
            raise
        client.enable_device()
    notes: list[str] = []
    if sizes.records == 0:
        notes.append(NOTE_ZERO_RECORDS)
    if attendance.rejected:
        notes.append(NOTE_REJECTED.format(count=len(attendance.rejected)))
    return PullResult(
        host=host,
        serial_number=serial_number,
        device_time=device_time,
        sizes=sizes,
        users=tuple(users),
        attendance=attendance,
        notes=tuple(notes),
    )
